//! Latency of FakeDriver rules: delays, the call's timeout, and the
//! in-flight count.
//!
//! The fake waits with `tokio::time::sleep`, so these tests run on Tokio's
//! paused clock: time moves only when every task waits, straight to the
//! next timer. The figures below are then exact, whatever the machine's
//! load: a delay takes exactly the delay, a timeout fires exactly at the
//! timeout.

use std::sync::Arc;
use std::time::Duration;

use cqlbridge_driver_api::{
    Driver, ErrorKind, ExecOptions, QueryResult, Session, Statement, Values,
};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver};
use tokio::time::Instant;

fn slow_fake(delay: Duration) -> FakeDriver {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("UPDATE").unwrap())
        .delay(delay)
        .returns(QueryResult::Void);
    fake
}

fn update() -> Statement {
    Statement::new("UPDATE t SET v = 1")
}

#[tokio::test(start_paused = true)]
async fn a_delay_within_the_timeout_replies_after_the_delay() {
    let delay = Duration::from_millis(80);
    let fake = slow_fake(delay);
    let opts = ExecOptions::new().timeout(Duration::from_secs(5));
    let start = Instant::now();
    let r = fake.execute(&update(), &Values::Empty, &opts).await;
    assert_eq!(r.unwrap(), QueryResult::Void);
    assert_eq!(start.elapsed(), delay);
}

#[tokio::test(start_paused = true)]
async fn a_delay_past_the_timeout_fails_with_timeout_at_the_timeout() {
    let fake = slow_fake(Duration::from_secs(30));
    let timeout = Duration::from_millis(60);
    let opts = ExecOptions::new().timeout(timeout);
    let start = Instant::now();
    let err = fake
        .execute(&update(), &Values::Empty, &opts)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Timeout, "{err}");
    assert_eq!(start.elapsed(), timeout, "not after the delay");
}

#[tokio::test(start_paused = true)]
async fn through_a_session_the_statement_timeout_applies() {
    let fake = slow_fake(Duration::from_secs(30));
    let session = Session::new(Arc::new(fake.clone()));
    let timeout = Duration::from_millis(50);
    let q = update().with_timeout(timeout);
    let start = Instant::now();
    let err = session.execute(q, ()).await.unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(
        start.elapsed(),
        timeout,
        "the fake's own timer fires at the statement's timeout"
    );
    assert_eq!(fake.calls()[0].options.timeout, Some(timeout));
    assert_eq!(fake.in_flight(), 0);
}

/// Lets the other tasks of this current-thread runtime run until `cond`
/// holds. Yielding does not move the paused clock, so no delay ends
/// meanwhile; the bound only stops a broken fake from looping for ever.
async fn until(cond: impl Fn() -> bool) {
    for _ in 0..10_000 {
        if cond() {
            return;
        }
        tokio::task::yield_now().await;
    }
    panic!("the calls never started");
}

#[tokio::test(start_paused = true)]
async fn in_flight_counts_calls_until_they_finish_or_are_dropped() {
    let fake = slow_fake(Duration::from_millis(300));
    let tasks: Vec<_> = (0..3)
        .map(|_| {
            let f = fake.clone();
            tokio::spawn(async move {
                f.execute(&update(), &Values::Empty, &ExecOptions::new())
                    .await
            })
        })
        .collect();
    until(|| fake.in_flight() == 3).await;
    assert_eq!(fake.call_count(), 3, "calls are logged when they start");
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(fake.in_flight(), 0);

    // A cancelled call leaves the count too.
    let f = fake.clone();
    let stuck = tokio::spawn(async move {
        f.execute(&update(), &Values::Empty, &ExecOptions::new())
            .await
    });
    until(|| fake.in_flight() == 1).await;
    stuck.abort();
    assert!(stuck.await.unwrap_err().is_cancelled());
    assert_eq!(fake.in_flight(), 0);
}

#[tokio::test(start_paused = true)]
async fn a_failing_prepare_honours_its_delay() {
    let delay = Duration::from_millis(50);
    let fake = FakeDriver::new();
    fake.when(CqlPattern::Any)
        .delay(delay)
        .fails(ErrorKind::Overloaded, "busy");
    let start = Instant::now();
    let err = fake.prepare("SELECT 1").await.unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Overloaded);
    assert_eq!(start.elapsed(), delay);
}
