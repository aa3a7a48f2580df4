//! The session's speculative execution (`Config::speculative`) over the
//! fake, no server, on tokio's paused clock: a slow idempotent request gets
//! its extra attempts at the policy's delay and the first answer wins; a
//! request not marked idempotent is sent once; the extra attempts are
//! counted; an error ends the request only when no attempt is left
//! running; the whole stays within its timeout plus the grace.

use std::sync::Arc;
use std::time::Duration;

use cqlbridge_driver_api::backend::TIMEOUT_GRACE;
use cqlbridge_driver_api::{
    Batch, BatchKind, Config, ErrorKind, QueryResult, RetryPolicy, Session, SpeculativePolicy,
    Statement,
};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver};
use tokio::time::Instant;

const DELAY: Duration = Duration::from_millis(100);

fn session(fake: &Arc<FakeDriver>, max_extra: u32) -> Session {
    let config = Config::default()
        .retry_policy(RetryPolicy::Never)
        .speculative(SpeculativePolicy::constant(DELAY, max_extra));
    Session::with_config(fake.clone(), &config)
}

fn read() -> Statement {
    Statement::new("SELECT v FROM ks.t WHERE k = 1").with_idempotent(true)
}

#[tokio::test(start_paused = true)]
async fn a_slow_idempotent_read_is_answered_by_the_extra_attempt() {
    let fake = Arc::new(FakeDriver::new());
    fake.when(CqlPattern::Any)
        .times(1)
        .delay(Duration::from_secs(5))
        .returns(QueryResult::Void);
    fake.when(CqlPattern::Any)
        .delay(Duration::from_millis(10))
        .returns(QueryResult::Void);
    let s = session(&fake, 2);
    let t0 = Instant::now();
    s.execute(&read(), ())
        .await
        .expect("the extra attempt answers");
    assert_eq!(t0.elapsed(), DELAY + Duration::from_millis(10));
    assert_eq!(fake.call_count(), 2, "one extra attempt, not two");
    assert_eq!(s.metrics().total.speculative_attempts, 1);
    assert_eq!(s.metrics().total.requests, 1);
    tokio::task::yield_now().await;
    assert_eq!(fake.in_flight(), 0, "the slow attempt was cancelled");
}

#[tokio::test(start_paused = true)]
async fn attempts_start_every_delay_up_to_the_maximum() {
    let fake = Arc::new(FakeDriver::new());
    fake.when(CqlPattern::Any)
        .delay(Duration::from_secs(1))
        .returns(QueryResult::Void);
    let s = session(&fake, 3);
    let t0 = Instant::now();
    s.execute(&read(), ()).await.unwrap();
    assert_eq!(
        t0.elapsed(),
        Duration::from_secs(1),
        "the first attempt won"
    );
    assert_eq!(fake.call_count(), 4);
    assert_eq!(s.metrics().total.speculative_attempts, 3);
}

#[tokio::test(start_paused = true)]
async fn a_statement_not_marked_idempotent_is_sent_once() {
    let fake = Arc::new(FakeDriver::new());
    fake.when(CqlPattern::Any)
        .delay(Duration::from_secs(1))
        .returns(QueryResult::Void);
    let s = session(&fake, 2);
    for st in [
        Statement::new("INSERT INTO ks.t (k) VALUES (1)"),
        Statement::new("INSERT INTO ks.t (k) VALUES (1)").with_idempotent(false),
    ] {
        s.execute(&st, ()).await.unwrap();
    }
    let batch = Batch::new(BatchKind::Logged).add("INSERT INTO ks.t (k) VALUES (1)", ());
    s.batch(&batch).await.unwrap();
    assert_eq!(fake.call_count(), 3);
    assert_eq!(s.metrics().total.speculative_attempts, 0);
}

#[tokio::test(start_paused = true)]
async fn an_idempotent_batch_speculates_too() {
    let fake = Arc::new(FakeDriver::new());
    fake.when(CqlPattern::Any)
        .delay(Duration::from_secs(1))
        .returns(QueryResult::Void);
    let s = session(&fake, 1);
    let batch = Batch::new(BatchKind::Logged)
        .add("INSERT INTO ks.t (k) VALUES (1)", ())
        .with_idempotent(true);
    s.batch(&batch).await.unwrap();
    assert_eq!(fake.call_count(), 2);
}

#[tokio::test(start_paused = true)]
async fn an_error_waits_for_the_attempt_still_running() {
    let fake = Arc::new(FakeDriver::new());
    // The first attempt fails after 300 ms; the extra one (at 100 ms)
    // succeeds at 600 ms: the success is the answer.
    fake.when(CqlPattern::Any)
        .times(1)
        .delay(Duration::from_millis(300))
        .fails(ErrorKind::Overloaded, "busy");
    fake.when(CqlPattern::Any)
        .delay(Duration::from_millis(500))
        .returns(QueryResult::Void);
    let s = session(&fake, 1);
    let t0 = Instant::now();
    s.execute(&read(), ())
        .await
        .expect("the running attempt answers");
    assert_eq!(t0.elapsed(), Duration::from_millis(600));

    // Every attempt fails: the caller gets the first error.
    let fake = Arc::new(FakeDriver::new());
    fake.when(CqlPattern::Any)
        .times(1)
        .delay(Duration::from_millis(150))
        .fails(ErrorKind::Overloaded, "first");
    fake.when(CqlPattern::Any)
        .delay(Duration::from_millis(150))
        .fails(ErrorKind::Server, "second");
    let s = session(&fake, 1);
    let e = s.execute(&read(), ()).await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Overloaded, "{e}");
    assert_eq!(fake.call_count(), 2);
}

#[tokio::test(start_paused = true)]
async fn the_whole_request_stays_within_its_timeout() {
    let fake = Arc::new(FakeDriver::new());
    fake.when(CqlPattern::Any)
        .delay(Duration::from_secs(60))
        .returns(QueryResult::Void);
    let s = session(&fake, 4);
    let timeout = Duration::from_millis(250);
    let t0 = Instant::now();
    let e = s
        .execute(&read().with_timeout(timeout), ())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Timeout, "{e}");
    assert!(
        t0.elapsed() <= timeout + TIMEOUT_GRACE,
        "{:?}",
        t0.elapsed()
    );
    assert_eq!(fake.call_count(), 4, "attempts at 0, 100, 200 and 300 ms");
}
