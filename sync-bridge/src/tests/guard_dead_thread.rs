//! Guard 4: if the bridge thread dies, every waiting and later caller gets a
//! `Closed` error that says so, not a hang; close and drop still return.

use std::time::{Duration, Instant};

use cqlbridge_driver_api::{ErrorKind, QueryResult, Statement};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver};

use super::support::{bridge, eventually};

#[test]
fn waiting_and_later_callers_get_an_error_when_the_bridge_thread_dies() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("SLOW").unwrap())
        .delay(Duration::from_secs(10))
        .returns(QueryResult::Void);
    let session = bridge(&fake);
    let waiter = {
        let s = session.clone();
        std::thread::spawn(move || {
            let slow = Statement::new("SLOW").with_timeout(Duration::from_secs(30));
            let start = Instant::now();
            (s.execute(slow, ()), start.elapsed())
        })
    };
    assert!(eventually(Duration::from_secs(2), || fake.in_flight() == 1));

    session.kill_bridge_for_test();

    let (result, waited) = waiter.join().unwrap();
    let err = result.expect_err("the waiting caller must not get a result");
    assert_eq!(err.kind(), &ErrorKind::Closed, "{err}");
    assert!(err.to_string().contains("bridge thread stopped"), "{err}");
    assert!(
        waited < Duration::from_secs(2),
        "the waiter noticed at once: {waited:?}"
    );

    assert!(session.is_closed());
    let start = Instant::now();
    let err = session.execute("INSERT later", ()).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Closed, "{err}");
    assert!(err.to_string().contains("bridge thread stopped"), "{err}");
    assert!(session.iter("SELECT x", ()).next().unwrap().is_err());
    assert!(start.elapsed() < Duration::from_millis(500));

    session.close().expect("closing a dead bridge is fine");
    drop(session);
}

#[test]
fn dropping_a_session_whose_bridge_died_returns() {
    let fake = FakeDriver::new();
    let session = bridge(&fake);
    session.kill_bridge_for_test();
    let start = Instant::now();
    drop(session);
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
}
