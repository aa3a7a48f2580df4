//! Guard 4: if the bridge thread dies, every waiting and later caller gets a
//! `Closed` error that says so, not a hang; close and drop still return, and
//! neither waits for the dead thread's panic report or unwinding.

use std::time::{Duration, Instant};

use cqlbridge_driver_api::{ErrorKind, QueryResult, Statement};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver};

use super::stuck::hold_panic_report;
use super::support::{bridge, eventually};
use crate::{DEFAULT_DROP_TIMEOUT, DEFAULT_WAIT_MARGIN};

#[test]
fn waiting_and_later_callers_get_an_error_when_the_bridge_thread_dies() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("SLOW").unwrap())
        .delay(Duration::from_secs(10))
        .returns(QueryResult::Void);
    let session = bridge(&fake);
    let slow_timeout = Duration::from_secs(30);
    let waiter = {
        let s = session.clone();
        std::thread::spawn(move || {
            let slow = Statement::new("SLOW").with_timeout(slow_timeout);
            let start = Instant::now();
            (s.execute(slow, ()), start.elapsed())
        })
    };
    assert!(eventually(|| fake.in_flight() == 1));

    session.kill_bridge_for_test();

    let (result, waited) = waiter.join().unwrap();
    let err = result.expect_err("the waiting caller must not get a result");
    // `Closed`, not `Timeout`: the caller noticed the death, it did not
    // wait out its bound (nor the fake's 10 s delay).
    assert_eq!(err.kind(), &ErrorKind::Closed, "{err}");
    assert!(err.to_string().contains("bridge thread stopped"), "{err}");
    assert!(
        waited < slow_timeout + DEFAULT_WAIT_MARGIN,
        "the waiter's bound is its timeout plus the margin: {waited:?}"
    );

    assert!(session.is_closed());
    let later_bound = session.defaults().timeout.expect("a session default") + DEFAULT_WAIT_MARGIN;
    let start = Instant::now();
    let err = session.execute("INSERT later", ()).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Closed, "{err}");
    assert!(err.to_string().contains("bridge thread stopped"), "{err}");
    assert!(session.iter("SELECT x", ()).next().unwrap().is_err());
    let took = start.elapsed();
    assert!(took < later_bound, "refused calls wait nothing: {took:?}");

    session.close().expect("closing a dead bridge is fine");
    drop(session);
}

#[test]
fn dropping_a_session_whose_bridge_died_does_not_wait_for_its_panic_report() {
    let fake = FakeDriver::new();
    let session = bridge(&fake);
    // The dying thread's panic report (a backtrace, with RUST_BACKTRACE=1)
    // does not end until this is dropped: the drop must not wait for it.
    let report = hold_panic_report(&session);
    session.kill_bridge_for_test();
    let start = Instant::now();
    drop(session);
    let took = start.elapsed();
    let still_reporting = !report.reported();
    assert!(
        took < DEFAULT_DROP_TIMEOUT,
        "drop took {took:?}, over its bound of {DEFAULT_DROP_TIMEOUT:?}"
    );
    assert!(
        still_reporting,
        "the drop returned only after the panic report"
    );
    assert!(
        eventually(|| report.entered()),
        "the bridge thread never panicked"
    );
    drop(report);
}

#[test]
fn closing_a_session_whose_bridge_died_does_not_wait_for_its_panic_report() {
    let fake = FakeDriver::new();
    let session = bridge(&fake);
    let report = hold_panic_report(&session);
    session.kill_bridge_for_test();
    assert!(
        eventually(|| report.entered()),
        "the bridge thread never panicked"
    );
    // The thread is now inside its panic report, and stays there.
    session.close().expect("closing a dead bridge is fine");
    assert!(
        !report.reported(),
        "close() returned only after the panic report"
    );
    assert!(session.is_closed());
    drop(session);
    assert!(!report.reported(), "the drop waited for the panic report");
    drop(report);
}
