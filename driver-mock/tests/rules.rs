//! Rule matching of the FakeDriver: order, pattern kinds, `times`, failures
//! and the default replies.

use std::sync::Arc;

use cqlbridge_driver_api::{
    ColumnSpec, ColumnType, Consistency, Driver, Error, ErrorKind, ExecOptions, QueryResult,
    Session, Statement, TimeoutOp, Value, Values,
};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver, Op};

fn int_rows(v: i32) -> (Vec<ColumnSpec>, Vec<Vec<Value>>) {
    (
        vec![ColumnSpec::new("v", ColumnType::Int)],
        vec![vec![Value::Int(v)]],
    )
}

fn rule_rows(fake: &FakeDriver, pattern: CqlPattern, v: i32) {
    let (cols, rows) = int_rows(v);
    fake.when(pattern).returns_rows(cols, rows);
}

async fn first_int(fake: &FakeDriver, cql: &str) -> Result<i32, Error> {
    let r = fake
        .execute(&Statement::new(cql), &Values::Empty, &ExecOptions::new())
        .await?;
    r.first_row().expect("a row").get::<i32>(0)
}

#[tokio::test]
async fn first_registered_matching_rule_wins_and_rules_can_be_added_later() {
    let fake = FakeDriver::new();
    rule_rows(&fake, CqlPattern::prefix("SELECT v FROM ks.t").unwrap(), 1);
    rule_rows(&fake, CqlPattern::Any, 2);
    assert_eq!(
        first_int(&fake, "SELECT v FROM ks.t WHERE k = 1")
            .await
            .unwrap(),
        1
    );
    assert_eq!(first_int(&fake, "SELECT v FROM ks.other").await.unwrap(), 2);

    // Added while in use: it comes after `Any`, so it never answers.
    rule_rows(
        &fake,
        CqlPattern::exact("SELECT v FROM ks.late").unwrap(),
        3,
    );
    assert_eq!(first_int(&fake, "SELECT v FROM ks.late").await.unwrap(), 2);
}

#[tokio::test]
async fn exact_prefix_and_regex_match_only_what_they_say() {
    let fake = FakeDriver::new();
    rule_rows(&fake, CqlPattern::exact("SELECT v FROM ks.a").unwrap(), 1);
    rule_rows(&fake, CqlPattern::prefix("SELECT v FROM ks.b").unwrap(), 2);
    rule_rows(
        &fake,
        CqlPattern::regex(r"^SELECT v FROM ks\.c\d+$").unwrap(),
        3,
    );

    assert_eq!(first_int(&fake, "SELECT v FROM ks.a").await.unwrap(), 1);
    assert_eq!(
        first_int(&fake, "SELECT v FROM ks.b WHERE k = 2")
            .await
            .unwrap(),
        2
    );
    assert_eq!(first_int(&fake, "SELECT v FROM ks.c42").await.unwrap(), 3);
    for unmatched in [
        "SELECT v FROM ks.a WHERE k = 1", // exact: no extra text
        "select v from ks.b",             // case-sensitive
        "SELECT v FROM ks.c42x",          // anchored regex
    ] {
        let err = first_int(&fake, unmatched).await.unwrap_err();
        assert!(err.is_invalid(), "{unmatched}: {err}");
    }
}

#[tokio::test]
async fn times_n_falls_through_after_n_uses() {
    let fake = FakeDriver::new();
    let p = || CqlPattern::prefix("SELECT").unwrap();
    let (cols, rows) = int_rows(1);
    fake.when(p()).times(2).returns_rows(cols, rows);
    fake.when(p())
        .times(0)
        .fails(ErrorKind::Syntax, "never used");
    rule_rows(&fake, p(), 9);

    let mut seen = Vec::new();
    for _ in 0..4 {
        seen.push(first_int(&fake, "SELECT v FROM t").await.unwrap());
    }
    assert_eq!(seen, vec![1, 1, 9, 9]);
}

#[tokio::test]
async fn times_then_default_reply() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("UPDATE").unwrap())
        .times(1)
        .fails(ErrorKind::Overloaded, "busy");
    let stmt = Statement::new("UPDATE t SET v = 1");
    let opts = ExecOptions::new();
    let run = || fake.execute(&stmt, &Values::Empty, &opts);
    assert_eq!(run().await.unwrap_err().kind(), &ErrorKind::Overloaded);
    assert_eq!(run().await.unwrap(), QueryResult::Void);
}

#[tokio::test]
async fn fails_replies_the_given_kind_every_time() {
    let kinds = [
        ErrorKind::Unavailable {
            consistency: Consistency::Quorum,
            required: 2,
            alive: 1,
        },
        ErrorKind::ServerTimeout {
            op: TimeoutOp::Write,
            consistency: Consistency::One,
            received: 0,
            required: 1,
        },
        ErrorKind::Syntax,
        ErrorKind::Unauthorized,
        ErrorKind::AlreadyExists {
            keyspace: "ks".into(),
            table: "t".into(),
        },
        ErrorKind::Connection,
    ];
    for kind in kinds {
        let fake = FakeDriver::new();
        fake.when(CqlPattern::Any).fails(kind.clone(), "scripted");
        for _ in 0..2 {
            let err = fake
                .execute(
                    &Statement::new("INSERT INTO t (k) VALUES (1)"),
                    &Values::Empty,
                    &ExecOptions::new(),
                )
                .await
                .unwrap_err();
            assert_eq!(err.kind(), &kind);
            assert_eq!(err.message(), "scripted");
        }
    }
}

#[tokio::test]
async fn unmatched_select_is_invalid_and_other_statements_are_void() {
    let fake = FakeDriver::new();
    let session = Session::new(Arc::new(fake.clone()));
    let err = session
        .execute("  select * FROM ks.t", ())
        .await
        .unwrap_err();
    assert!(err.is_invalid(), "{err}");
    assert!(
        err.message()
            .contains("no rule matches `  select * FROM ks.t`"),
        "{err}"
    );
    for cql in [
        "INSERT INTO ks.t (k) VALUES (1)",
        "CREATE TABLE ks.x (k int PRIMARY KEY)",
        "SELECTED",
    ] {
        // "SELECTED" starts with SELECT: it is treated as a read too.
        let r = session.execute(cql, ()).await;
        if cql == "SELECTED" {
            assert!(r.unwrap_err().is_invalid());
        } else {
            assert_eq!(r.unwrap(), QueryResult::Void, "{cql}");
        }
    }
}

#[tokio::test]
async fn returns_and_with_reply_from_the_rule_and_the_call() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("USE").unwrap())
        .returns(QueryResult::SetKeyspace("ks".into()));
    fake.when(CqlPattern::prefix("SELECT echo").unwrap())
        .with(|call| {
            let Values::Positional(vs) = &call.values else {
                return Err(Error::invalid("expected positional values"));
            };
            let cols = vec![ColumnSpec::new("echo", ColumnType::Int)];
            let page = cqlbridge_driver_api::Page {
                columns: cols.clone().into(),
                rows: vec![cqlbridge_driver_api::Row::new(
                    cols.into(),
                    vec![vs[0].clone()],
                )?],
                paging_state: None,
            };
            Ok(QueryResult::Rows(page))
        });
    let session = Session::new(Arc::new(fake.clone()));
    assert_eq!(
        session.execute("USE ks", ()).await.unwrap(),
        QueryResult::SetKeyspace("ks".into())
    );
    let r = session.execute("SELECT echo", (41i32,)).await.unwrap();
    assert_eq!(r.first_row().unwrap().get::<i32>("echo").unwrap(), 41);
    assert!(session
        .execute("SELECT echo", ())
        .await
        .unwrap_err()
        .is_invalid());
}

#[tokio::test]
async fn malformed_rule_rows_are_reported_when_used() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::Any).returns_rows(
        vec![ColumnSpec::new("a", ColumnType::Int)],
        vec![vec![Value::Int(1), Value::Int(2)]],
    );
    let err = first_int(&fake, "SELECT a FROM t").await.unwrap_err();
    assert!(err.message().contains("row 0"), "{err}");
}

#[tokio::test]
async fn batch_matches_batch_or_its_first_statement_and_logs_items() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("INSERT INTO ks.bad").unwrap())
        .fails(ErrorKind::Invalid, "bad table");
    let session = Session::new(Arc::new(fake.clone()));
    let good = cqlbridge_driver_api::Batch::new(Default::default())
        .add("INSERT INTO ks.t (k) VALUES (?)", (1i32,))
        .add("INSERT INTO ks.bad (k) VALUES (2)", ())
        .with_consistency(Consistency::Two);
    assert_eq!(
        session.batch(&good).await.unwrap(),
        QueryResult::Void,
        "only the first statement is matched"
    );
    let bad = cqlbridge_driver_api::Batch::new(Default::default())
        .add("INSERT INTO ks.bad (k) VALUES (2)", ());
    assert!(session.batch(&bad).await.unwrap_err().is_invalid());

    fake.when(CqlPattern::exact("BATCH").unwrap())
        .fails(ErrorKind::Overloaded, "all batches");
    assert_eq!(
        session.batch(&good).await.unwrap_err().kind(),
        &ErrorKind::Overloaded
    );

    let call = &fake.calls()[0];
    assert_eq!(call.op, Op::Batch);
    assert_eq!(call.cql, "BATCH");
    assert_eq!(call.options.consistency, Some(Consistency::Two));
    let items = call.batch.as_ref().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[0],
        (
            "INSERT INTO ks.t (k) VALUES (?)".to_string(),
            Values::Positional(vec![Value::Int(1)])
        )
    );
    assert_eq!(items[1].1, Values::Empty);
}

#[tokio::test]
async fn use_keyspace_matches_use_text() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::exact("USE missing").unwrap())
        .fails(ErrorKind::Invalid, "keyspace missing does not exist");
    let session = Session::new(Arc::new(fake.clone()));
    session.use_keyspace("ks").await.unwrap();
    assert!(session
        .use_keyspace("missing")
        .await
        .unwrap_err()
        .is_invalid());
    let ops: Vec<_> = fake.calls().into_iter().map(|c| (c.op, c.cql)).collect();
    assert_eq!(
        ops,
        vec![
            (Op::UseKeyspace, "USE ks".into()),
            (Op::UseKeyspace, "USE missing".into())
        ]
    );
}
