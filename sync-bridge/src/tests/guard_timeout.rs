//! Guard 6: no caller waits longer than the statement's timeout (else the
//! session default) plus the margin, even when the bridge cannot answer.

use std::time::{Duration, Instant};

use cqlbridge_driver_api::{Config, QueryResult, Statement};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver};

use super::support::{bridge, bridge_with};
use crate::SyncSession;

#[test]
fn a_slow_call_times_out_near_its_timeout_not_after_the_delay() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::Any)
        .delay(Duration::from_secs(5))
        .returns(QueryResult::Void);
    let session = bridge(&fake);
    let start = Instant::now();
    let q = Statement::new("INSERT slow").with_timeout(Duration::from_millis(200));
    let err = session.execute(q, ()).unwrap_err();
    let took = start.elapsed();
    assert!(err.is_timeout(), "{err}");
    assert!(took >= Duration::from_millis(190), "{took:?}");
    assert!(took < Duration::from_millis(1200), "{took:?}");
    session.close().unwrap();
}

/// A fake whose `STUCK…` calls block the bridge thread for 3 s, so only the
/// caller-side bound can end the wait.
fn stuck_fake() -> FakeDriver {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("STUCK").unwrap()).with(|_| {
        std::thread::sleep(Duration::from_secs(3));
        Ok(QueryResult::Void)
    });
    fake
}

#[test]
fn the_caller_bound_is_the_statement_timeout_plus_the_margin() {
    let fake = stuck_fake();
    let builder = SyncSession::builder()
        .wait_margin(Duration::from_millis(300))
        .drop_timeout(Duration::from_millis(300));
    let session = bridge_with(builder, &fake, Config::default());
    let start = Instant::now();
    let q = Statement::new("STUCK").with_timeout(Duration::from_millis(200));
    let err = session.execute(q, ()).unwrap_err();
    let took = start.elapsed();
    assert!(err.is_timeout(), "{err}");
    assert!(
        err.to_string().contains("no reply from the bridge"),
        "{err}"
    );
    assert!(took >= Duration::from_millis(480), "{took:?}");
    assert!(
        took < Duration::from_millis(1500),
        "waited for the stuck bridge: {took:?}"
    );
}

#[test]
fn without_a_statement_timeout_the_session_default_bounds_the_wait() {
    let fake = stuck_fake();
    let builder = SyncSession::builder()
        .wait_margin(Duration::from_millis(300))
        .drop_timeout(Duration::from_millis(300));
    let config = Config::default().request_timeout(Duration::from_millis(200));
    let session = bridge_with(builder, &fake, config);
    let start = Instant::now();
    let err = session.execute("STUCK", ()).unwrap_err();
    let took = start.elapsed();
    assert!(err.is_timeout(), "{err}");
    assert!(took < Duration::from_millis(1500), "{took:?}");
}
