//! Guard 6: no caller waits longer than the statement's timeout (else the
//! session default) plus the margin, even when the bridge cannot answer.

use std::time::{Duration, Instant};

use cqlbridge_driver_api::{Config, QueryResult, Statement};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver};

use super::stuck::Stuck;
use super::support::{bridge, bridge_with};
use crate::{SyncSession, DEFAULT_WAIT_MARGIN};

#[test]
fn a_slow_call_times_out_at_its_timeout_not_after_the_delay() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::Any)
        .delay(Duration::from_secs(30))
        .returns(QueryResult::Void);
    let session = bridge(&fake);
    let timeout = Duration::from_millis(200);
    let start = Instant::now();
    let q = Statement::new("INSERT slow").with_timeout(timeout);
    let err = session.execute(q, ()).unwrap_err();
    let took = start.elapsed();
    assert!(err.is_timeout(), "{err}");
    assert!(
        !err.to_string().contains("no reply from the bridge"),
        "the driver's own timeout answers, not the caller's bound: {err}"
    );
    assert!(took >= timeout, "{took:?}");
    assert!(
        took < timeout + DEFAULT_WAIT_MARGIN,
        "over the caller's bound: {took:?}"
    );
    session.close().unwrap();
}

/// The wait margin of the bridges below.
const MARGIN: Duration = Duration::from_millis(300);

/// Runs `q` (a `STUCK` call: the fake blocks the bridge thread) on a bridge
/// with [`MARGIN`] and `config`, where the call's timeout is `timeout`: the
/// caller gives up at the timeout plus the margin, with an error naming that
/// bound, while the bridge is still blocked.
fn the_caller_gives_up_at_timeout_plus_margin(timeout: Duration, config: Config, q: Statement) {
    let bound = timeout + MARGIN;
    let fake = FakeDriver::new();
    let mut stuck = Stuck::on(&fake, CqlPattern::prefix("STUCK").unwrap());
    let builder = SyncSession::builder().wait_margin(MARGIN);
    let session = bridge_with(builder, &fake, config);
    let start = Instant::now();
    let err = session.execute(q, ()).unwrap_err();
    let took = start.elapsed();
    assert!(
        stuck.still_stuck(),
        "the caller waited for the stuck bridge"
    );
    assert!(err.is_timeout(), "{err}");
    let expected = format!("no reply from the bridge within {bound:?}");
    assert!(err.to_string().contains(&expected), "{err}");
    assert!(took >= bound, "gave up before its bound: {took:?}");
    stuck.release();
    session.close().unwrap();
}

#[test]
fn the_caller_bound_is_the_statement_timeout_plus_the_margin() {
    let timeout = Duration::from_millis(200);
    let q = Statement::new("STUCK").with_timeout(timeout);
    the_caller_gives_up_at_timeout_plus_margin(timeout, Config::default(), q);
}

#[test]
fn without_a_statement_timeout_the_session_default_bounds_the_wait() {
    let default = Duration::from_millis(200);
    let config = Config::default().request_timeout(default);
    the_caller_gives_up_at_timeout_plus_margin(default, config, Statement::new("STUCK"));
}
