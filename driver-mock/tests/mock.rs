//! `MockDriver` behind a `Session`: expectations on arguments, and the
//! presets of `mock_driver`.

use std::sync::Arc;
use std::time::Duration;

use cqlbridge_driver_api::{
    Consistency, Driver, Error, Prepared, QueryResult, Session, Statement, Value, Values,
};
use cqlbridge_driver_mock::{mock_driver, MockDriver, MOCK_BACKEND};

#[tokio::test]
async fn an_expectation_sees_the_merged_options_and_values() {
    let mut mock = mock_driver();
    mock.expect_execute()
        .withf(|s, v, o| {
            s.cql().starts_with("SELECT")
                && *v == Values::Positional(vec![Value::Int(3)])
                && o.consistency == Some(Consistency::Quorum)
                && o.timeout == Some(Duration::from_secs(2))
        })
        .times(1)
        .returning(|_, _, _| Ok(QueryResult::SetKeyspace("matched".into())));
    mock.expect_execute()
        .returning(|s, _, _| Err(Error::invalid(format!("unexpected {}", s.cql()))));

    let session = Session::new(Arc::new(mock));
    let q = Statement::new("SELECT v FROM t WHERE k = ?")
        .with_consistency(Consistency::Quorum)
        .with_timeout(Duration::from_secs(2));
    assert_eq!(
        session.execute(q, (3i32,)).await.unwrap(),
        QueryResult::SetKeyspace("matched".into())
    );
    // Same statement at the session's default consistency: the first
    // expectation does not match, the catch-all does.
    let err = session
        .execute("SELECT v FROM t WHERE k = ?", (3i32,))
        .await
        .unwrap_err();
    assert!(err.is_invalid(), "{err}");
}

#[tokio::test]
async fn presets_cover_what_the_session_asks_by_itself() {
    let mut mock = mock_driver();
    mock.expect_prepare().times(1).returning(|cql| {
        Ok(Prepared::new(
            cql,
            MOCK_BACKEND,
            vec![],
            vec![],
            Arc::new(()),
        ))
    });
    mock.expect_execute_prepared()
        .times(2)
        .returning(|_, _, _| Ok(QueryResult::Void));
    mock.expect_close().times(1).returning(|| Ok(()));
    assert_eq!(mock.name(), MOCK_BACKEND);
    assert!(mock.capabilities().unsupported().next().is_none());

    let session = Session::new(Arc::new(mock));
    assert!(!session.is_closed());
    let p = session
        .prepare("INSERT INTO t (k) VALUES (?)")
        .await
        .unwrap();
    let again = session
        .prepare("INSERT INTO t (k) VALUES (?)")
        .await
        .unwrap();
    session.execute(&p, (1i32,)).await.unwrap();
    session.execute(&again, (2i32,)).await.unwrap();
    session.close().await.unwrap();
}

#[test]
fn a_bare_mock_starts_without_expectations() {
    let mut mock = MockDriver::new();
    mock.expect_is_closed().return_const(true);
    assert!(mock.is_closed());
    mock.checkpoint();
}
