//! The session's retry policy (`Config::retry`) over the fake, no server:
//! a retryable error is tried once more and counted in the metrics and by
//! the observers; a non-idempotent write and the `never` policy are not
//! retried; a retry that fails again returns the server's error.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use cqlbridge_driver_api::{
    Config, ErrorKind, QueryResult, RequestInfo, RequestObserver, RetryPolicy, Session, Statement,
};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver};

/// Counts `on_retry` calls and remembers the last attempt number.
#[derive(Debug, Default)]
struct Retries {
    calls: AtomicU32,
    last_attempt: AtomicU32,
}

impl RequestObserver for Retries {
    fn on_retry(
        &self,
        _info: &RequestInfo<'_>,
        attempt: u32,
        _error: &cqlbridge_driver_api::Error,
    ) {
        self.calls.fetch_add(1, Ordering::Relaxed);
        self.last_attempt.store(attempt, Ordering::Relaxed);
    }
}

fn session(fake: &Arc<FakeDriver>, policy: RetryPolicy) -> (Session, Arc<Retries>) {
    let retries = Arc::new(Retries::default());
    let config = Config::default().retry_policy(policy);
    let s = Session::with_config(fake.clone(), &config).with_observer(retries.clone());
    (s, retries)
}

#[tokio::test]
async fn an_overloaded_idempotent_read_is_retried_once_and_counted() {
    let fake = Arc::new(FakeDriver::new());
    fake.when(CqlPattern::Any)
        .times(1)
        .fails(ErrorKind::Overloaded, "busy");
    fake.when(CqlPattern::Any).returns(QueryResult::Void);
    let (s, retries) = session(&fake, RetryPolicy::Default);
    let read = Statement::new("SELECT v FROM ks.t").with_idempotent(true);
    s.execute(&read, ()).await.expect("the retry succeeds");
    assert_eq!(fake.call_count(), 2);
    assert_eq!(s.metrics().total.retries, 1);
    assert_eq!(retries.calls.load(Ordering::Relaxed), 1);
    assert_eq!(retries.last_attempt.load(Ordering::Relaxed), 2);
}

#[tokio::test]
async fn a_non_idempotent_write_and_the_never_policy_are_not_retried() {
    let fake = Arc::new(FakeDriver::new());
    fake.when(CqlPattern::Any)
        .fails(ErrorKind::Overloaded, "busy");
    let (s, _) = session(&fake, RetryPolicy::Default);
    let write = Statement::new("INSERT INTO ks.t (k) VALUES (1)").with_idempotent(false);
    let e = s.execute(&write, ()).await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Overloaded);
    assert_eq!(fake.call_count(), 1);

    let fake = Arc::new(FakeDriver::new());
    fake.when(CqlPattern::Any)
        .fails(ErrorKind::Overloaded, "busy");
    let (s, retries) = session(&fake, RetryPolicy::Never);
    let read = Statement::new("SELECT v FROM ks.t").with_idempotent(true);
    assert!(s.execute(&read, ()).await.is_err());
    assert_eq!(fake.call_count(), 1);
    assert_eq!(s.metrics().total.retries, 0);
    assert_eq!(retries.calls.load(Ordering::Relaxed), 0);
}

#[tokio::test]
async fn after_the_last_attempt_the_caller_gets_the_servers_error() {
    let fake = Arc::new(FakeDriver::new());
    fake.when(CqlPattern::Any)
        .times(1)
        .fails(ErrorKind::Server, "first");
    fake.when(CqlPattern::Any)
        .fails(ErrorKind::Connection, "no host to try");
    let (s, _) = session(&fake, RetryPolicy::Default);
    let read = Statement::new("SELECT v FROM ks.t").with_idempotent(true);
    let e = s.execute(&read, ()).await.unwrap_err();
    assert_eq!(fake.call_count(), 2, "one retry, no more");
    assert_eq!(e.kind(), &ErrorKind::Server, "{e}");
}
