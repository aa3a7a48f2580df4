//! The FakeDriver behind a `Session`: the call log with merged options,
//! the prepared cache, prepared execution and the closed state.

use std::sync::Arc;
use std::time::Duration;

use cqlbridge_driver_api::{
    ColumnSpec, ColumnType, Config, Consistency, Driver, ErrorKind, ExecOptions, PageSize,
    Prepared, QueryResult, SerialConsistency, Session, Statement, Value, Values,
};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver, Op, FAKE_BACKEND};

fn config() -> Config {
    Config::default()
        .consistency(Consistency::LocalOne)
        .serial_consistency(SerialConsistency::LocalSerial)
        .request_timeout(Duration::from_secs(7))
        .page_size(PageSize::Rows(250))
}

#[tokio::test]
async fn the_log_holds_statement_options_over_the_session_defaults() {
    let fake = FakeDriver::new();
    let session = Session::with_config(Arc::new(fake.clone()), &config());

    session
        .execute("INSERT INTO t (k) VALUES (?)", (1i32,))
        .await
        .unwrap();
    let own = Statement::new("UPDATE t SET v = 2 WHERE k = 1")
        .with_consistency(Consistency::Quorum)
        .with_timeout(Duration::from_secs(2))
        .with_idempotent(true)
        .with_timestamp(1234);
    session.execute(own, ()).await.unwrap();

    let calls = fake.calls();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].op, Op::Execute);
    assert_eq!(calls[0].cql, "INSERT INTO t (k) VALUES (?)");
    assert_eq!(calls[0].values, Values::Positional(vec![Value::Int(1)]));
    assert_eq!(calls[0].options, config().default_options());
    assert_eq!(
        calls[1].options,
        ExecOptions::new()
            .consistency(Consistency::Quorum)
            .serial_consistency(SerialConsistency::LocalSerial)
            .timeout(Duration::from_secs(2))
            .page_size(PageSize::Rows(250))
            .idempotent(true)
            .timestamp(1234)
    );
    assert!(calls.iter().all(|c| c.batch.is_none()));

    fake.clear_calls();
    assert_eq!(fake.call_count(), 0);
    assert!(fake.calls().is_empty());
}

#[tokio::test]
async fn failing_calls_are_logged_too() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::Any)
        .fails(ErrorKind::Unauthorized, "no");
    let session = Session::with_config(Arc::new(fake.clone()), &config());
    let q = Statement::new("DELETE FROM t WHERE k = 1").with_consistency(Consistency::All);
    assert_eq!(
        session.execute(q, ()).await.unwrap_err().kind(),
        &ErrorKind::Unauthorized
    );
    let calls = fake.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].options.consistency, Some(Consistency::All));
    assert_eq!(calls[0].options.timeout, Some(Duration::from_secs(7)));
}

#[tokio::test]
async fn session_prepares_once_and_executes_by_the_prepared_cql() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::exact("SELECT v FROM t WHERE k = ?").unwrap())
        .returns_rows(
            vec![ColumnSpec::new("v", ColumnType::Text)],
            vec![vec![Value::Text("x".into())]],
        );
    let session = Session::new(Arc::new(fake.clone()));
    let p1 = session
        .prepare("SELECT v FROM t WHERE k = ?")
        .await
        .unwrap();
    let p2 = session
        .prepare("SELECT v FROM t WHERE k = ?")
        .await
        .unwrap();
    assert_eq!(session.prepared_cache_len(), 1);
    assert_eq!(p1.backend(), FAKE_BACKEND);
    assert_eq!(
        p1.handle::<String>().map(String::as_str),
        Some("SELECT v FROM t WHERE k = ?")
    );
    assert_eq!(
        p1.result_columns(),
        &[ColumnSpec::new("v", ColumnType::Text)][..]
    );
    assert_eq!(p2.cql(), p1.cql());

    let r = session.execute(&p1, (5i32,)).await.unwrap();
    assert_eq!(r.first_row().unwrap().get::<String>("v").unwrap(), "x");

    let ops: Vec<Op> = fake.calls().iter().map(|c| c.op).collect();
    assert_eq!(ops, vec![Op::Prepare, Op::ExecutePrepared]);
    let exec = &fake.calls()[1];
    assert_eq!(exec.cql, "SELECT v FROM t WHERE k = ?");
    assert_eq!(exec.values, Values::Positional(vec![Value::Int(5)]));
    assert_eq!(exec.options, Config::default().default_options());
}

#[tokio::test]
async fn prepare_fails_like_a_fails_rule_and_leaves_other_rules_for_execution() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("SELECT nope").unwrap())
        .times(1)
        .fails(ErrorKind::Invalid, "unconfigured table nope");
    fake.when(CqlPattern::prefix("SELECT once").unwrap())
        .times(1)
        .returns(QueryResult::Void);
    let session = Session::new(Arc::new(fake.clone()));

    let err = session.prepare("SELECT nope FROM t").await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Invalid);
    assert_eq!(err.message(), "unconfigured table nope");
    assert_eq!(session.prepared_cache_len(), 0);
    // The times(1) failure was used up by the failed prepare.
    session.prepare("SELECT nope FROM t").await.unwrap();

    // Preparing does not use up a non-failing rule: the execution gets it.
    let once = session.prepare("SELECT once FROM t").await.unwrap();
    assert_eq!(session.execute(&once, ()).await.unwrap(), QueryResult::Void);
    assert!(session.execute(&once, ()).await.unwrap_err().is_invalid());
}

#[derive(Debug)]
struct Foreign;

#[tokio::test]
async fn a_statement_prepared_elsewhere_is_invalid_not_a_panic() {
    let fake = FakeDriver::new();
    let foreign = Prepared::new("SELECT 1", "scylla", vec![], vec![], Arc::new(Foreign));
    let err = fake
        .execute_prepared(&foreign, &Values::Empty, &ExecOptions::new())
        .await
        .unwrap_err();
    assert!(err.is_invalid(), "{err}");
    let odd_handle = Prepared::new("SELECT 1", FAKE_BACKEND, vec![], vec![], Arc::new(Foreign));
    assert!(fake
        .execute_prepared(&odd_handle, &Values::Empty, &ExecOptions::new())
        .await
        .unwrap_err()
        .is_invalid());
    assert_eq!(fake.call_count(), 2);
    assert_eq!(fake.in_flight(), 0);
}

#[tokio::test]
async fn after_close_every_call_fails_closed_and_is_logged() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::Any).returns(QueryResult::Void);
    let prepared = fake.prepare("INSERT INTO t (k) VALUES (1)").await.unwrap();
    assert!(!fake.closed() && !fake.is_closed());

    fake.close().await.unwrap();
    fake.close().await.unwrap();
    assert!(fake.closed() && fake.is_closed());

    let opts = ExecOptions::new();
    let stmt = Statement::new("INSERT INTO t (k) VALUES (1)");
    let batch = cqlbridge_driver_api::Batch::default().add(stmt.clone(), ());
    let errors = [
        fake.execute(&stmt, &Values::Empty, &opts)
            .await
            .unwrap_err(),
        fake.prepare("SELECT 1").await.unwrap_err(),
        fake.execute_prepared(&prepared, &Values::Empty, &opts)
            .await
            .unwrap_err(),
        fake.batch(&batch, &opts).await.unwrap_err(),
        fake.use_keyspace("ks").await.unwrap_err(),
    ];
    for e in &errors {
        assert!(e.is_closed(), "{e}");
    }
    let ops: Vec<Op> = fake.calls().iter().map(|c| c.op).collect();
    assert_eq!(
        ops,
        vec![
            Op::Prepare,
            Op::Close,
            Op::Close,
            Op::Execute,
            Op::Prepare,
            Op::ExecutePrepared,
            Op::Batch,
            Op::UseKeyspace
        ]
    );

    // A session over a closed fake reports closed without calling it.
    let session = Session::new(Arc::new(fake.clone()));
    assert!(session.is_closed());
    assert!(session
        .execute("SELECT 1", ())
        .await
        .unwrap_err()
        .is_closed());
}

#[tokio::test]
async fn closing_the_session_closes_the_fake_for_every_clone() {
    let fake = FakeDriver::new();
    let session = Session::new(Arc::new(fake.clone()));
    session.close().await.unwrap();
    assert!(fake.closed());
    assert!(fake.clone().closed());
    assert_eq!(fake.calls()[0].op, Op::Close);
    assert_eq!(fake.name(), "fake");
    assert!(fake.capabilities().unsupported().next().is_none());
}

#[tokio::test]
async fn switching_keyspace_empties_the_prepared_cache() {
    let fake = FakeDriver::new();
    let session = Session::new(Arc::new(fake.clone()));
    let cql = "SELECT v FROM t WHERE k = ?";
    let prepares = |fake: &FakeDriver| fake.calls().iter().filter(|c| c.op == Op::Prepare).count();

    session.prepare(cql).await.unwrap();
    session.use_keyspace("other").await.unwrap();
    assert_eq!(session.prepared_cache_len(), 0);
    session.prepare(cql).await.unwrap();
    assert_eq!(prepares(&fake), 2, "re-prepared after use_keyspace");

    session.execute("  use third", ()).await.unwrap();
    assert_eq!(
        session.prepared_cache_len(),
        0,
        "a USE statement empties it too"
    );
    session.prepare(cql).await.unwrap();
    session
        .execute("INSERT INTO t (k) VALUES (1)", ())
        .await
        .unwrap();
    assert_eq!(session.prepared_cache_len(), 1, "other statements keep it");
    assert_eq!(prepares(&fake), 3);
}
