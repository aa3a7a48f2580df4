//! Latency of FakeDriver rules: delays, the call's timeout, and the
//! in-flight count.

use std::sync::Arc;
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{
    Driver, ErrorKind, ExecOptions, QueryResult, Session, Statement, Values,
};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver};

fn slow_fake(delay: Duration) -> FakeDriver {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("UPDATE").unwrap())
        .delay(delay)
        .returns(QueryResult::Void);
    fake
}

#[tokio::test]
async fn a_delay_within_the_timeout_replies_after_the_delay() {
    let fake = slow_fake(Duration::from_millis(80));
    let opts = ExecOptions::new().timeout(Duration::from_secs(5));
    let start = Instant::now();
    let r = fake
        .execute(&Statement::new("UPDATE t SET v = 1"), &Values::Empty, &opts)
        .await;
    assert_eq!(r.unwrap(), QueryResult::Void);
    let took = start.elapsed();
    assert!(took >= Duration::from_millis(80), "{took:?}");
    assert!(took < Duration::from_secs(4), "{took:?}");
}

#[tokio::test]
async fn a_delay_past_the_timeout_fails_with_timeout_at_the_timeout() {
    let fake = slow_fake(Duration::from_secs(30));
    let opts = ExecOptions::new().timeout(Duration::from_millis(60));
    let start = Instant::now();
    let err = fake
        .execute(&Statement::new("UPDATE t SET v = 1"), &Values::Empty, &opts)
        .await
        .unwrap_err();
    let took = start.elapsed();
    assert_eq!(err.kind(), &ErrorKind::Timeout, "{err}");
    assert!(took >= Duration::from_millis(60), "{took:?}");
    assert!(
        took < Duration::from_secs(5),
        "waited for the delay: {took:?}"
    );
}

#[tokio::test]
async fn through_a_session_the_statement_timeout_applies() {
    let fake = slow_fake(Duration::from_secs(30));
    let session = Session::new(Arc::new(fake.clone()));
    let q = Statement::new("UPDATE t SET v = 1").with_timeout(Duration::from_millis(50));
    let start = Instant::now();
    let err = session.execute(q, ()).await.unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(
        fake.calls()[0].options.timeout,
        Some(Duration::from_millis(50))
    );
    assert_eq!(fake.in_flight(), 0);
}

#[tokio::test]
async fn in_flight_counts_calls_until_they_finish_or_are_dropped() {
    let fake = slow_fake(Duration::from_millis(300));
    let opts = ExecOptions::new();
    let tasks: Vec<_> = (0..3)
        .map(|_| {
            let f = fake.clone();
            let o = opts.clone();
            tokio::spawn(async move {
                f.execute(&Statement::new("UPDATE t SET v = 1"), &Values::Empty, &o)
                    .await
            })
        })
        .collect();
    // Bounded wait for all three to be inside the delay.
    let deadline = Instant::now() + Duration::from_secs(5);
    while fake.in_flight() < 3 {
        assert!(Instant::now() < deadline, "calls never started");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(fake.in_flight(), 3);
    assert_eq!(fake.call_count(), 3, "calls are logged when they start");
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(fake.in_flight(), 0);

    // A cancelled call leaves the count too.
    let f = fake.clone();
    let stuck = tokio::spawn(async move {
        f.execute(
            &Statement::new("UPDATE t SET v = 1"),
            &Values::Empty,
            &ExecOptions::new(),
        )
        .await
    });
    while fake.in_flight() < 1 {
        assert!(Instant::now() < deadline, "call never started");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    stuck.abort();
    assert!(stuck.await.unwrap_err().is_cancelled());
    assert_eq!(fake.in_flight(), 0);
}

#[tokio::test]
async fn a_failing_prepare_honours_its_delay() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::Any)
        .delay(Duration::from_millis(50))
        .fails(ErrorKind::Overloaded, "busy");
    let start = Instant::now();
    let err = fake.prepare("SELECT 1").await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Overloaded);
    assert!(start.elapsed() >= Duration::from_millis(50));
}
