//! `calls_on_caller`: calls polled on their callers' threads keep every
//! guard: results and timings, the wait bound, a dead bridge, a caller
//! inside another runtime, close draining a running call, and a call from
//! the bridge runtime refused. By default the driver decides the mode: only
//! a driver that claims never to block the polling thread gets it, since a
//! driver that blocks there would hold its caller past the wait bound.

use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{ErrorKind, QueryResult, Statement};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver};

use super::support::{bridge, bridge_with, eventually, fake_sleeping_on_slow, WATCHDOG};
use crate::{SyncSession, DEFAULT_WAIT_MARGIN};

/// A bridge over `fake` whose calls run on their callers.
fn on_caller(fake: &FakeDriver) -> SyncSession {
    let builder = SyncSession::builder()
        .calls_on_caller(true)
        .record_timings(true);
    bridge_with(builder, fake, Default::default())
}

#[test]
fn calls_return_their_results_and_record_their_timings() {
    let pause = Duration::from_millis(20);
    let fake = fake_sleeping_on_slow(pause);
    let session = on_caller(&fake);
    let start = session.timings().expect("recording");
    for _ in 0..5 {
        session.execute("SLOW", ()).unwrap();
    }
    let spent = session.timings().expect("recording").since(&start);
    assert_eq!(spent.calls, 5);
    assert!(spent.running >= pause * 5, "{spent:?}");
    assert_eq!(fake.calls().len(), 5);
    session.close().unwrap();
    assert!(fake.closed());
    assert!(session.execute("SLOW", ()).unwrap_err().is_closed());
}

#[test]
fn a_slow_call_ends_within_its_timeout_plus_the_margin() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("SLOW").unwrap())
        .delay(Duration::from_secs(30))
        .returns(QueryResult::Void);
    let session = on_caller(&fake);
    let timeout = Duration::from_millis(200);
    let start = Instant::now();
    let err = session
        .execute(Statement::new("SLOW").with_timeout(timeout), ())
        .unwrap_err();
    let took = start.elapsed();
    assert_eq!(err.kind(), &ErrorKind::Timeout, "{err}");
    assert!(took >= timeout, "gave up early: {took:?}");
    assert!(took < timeout + DEFAULT_WAIT_MARGIN, "{took:?}");
    session.close().unwrap();
}

#[test]
fn a_waiting_caller_gets_closed_when_the_bridge_thread_dies() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("SLOW").unwrap())
        .delay(Duration::from_secs(10))
        .returns(QueryResult::Void);
    let session = on_caller(&fake);
    let slow_timeout = Duration::from_secs(30);
    let waiter = {
        let s = session.clone();
        std::thread::spawn(move || {
            let start = Instant::now();
            let slow = Statement::new("SLOW").with_timeout(slow_timeout);
            (s.execute(slow, ()), start.elapsed())
        })
    };
    assert!(eventually(|| fake.in_flight() == 1));
    session.kill_bridge_for_test();
    let (result, waited) = waiter.join().unwrap();
    let err = result.expect_err("no result from a dead bridge");
    assert_eq!(err.kind(), &ErrorKind::Closed, "{err}");
    assert!(err.to_string().contains("bridge thread stopped"), "{err}");
    assert!(waited < slow_timeout + DEFAULT_WAIT_MARGIN, "{waited:?}");
    session.close().expect("closing a dead bridge is fine");
}

#[test]
fn a_caller_inside_another_runtime_is_served() {
    let fake = FakeDriver::new();
    let session = on_caller(&fake);
    let user = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let s = session.clone();
    user.block_on(async move { s.execute("INSERT x", ()) })
        .expect("served from inside a user's runtime");
    assert_eq!(fake.calls().len(), 1);
    session.close().unwrap();
}

#[test]
fn close_drains_a_call_that_is_running() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("SLOW").unwrap())
        .delay(Duration::from_millis(300))
        .returns(QueryResult::Void);
    let session = on_caller(&fake);
    let running = {
        let s = session.clone();
        std::thread::spawn(move || s.execute("SLOW", ()))
    };
    assert!(eventually(|| fake.in_flight() == 1));
    session.close().unwrap();
    running
        .join()
        .unwrap()
        .expect("the running call finished before the close");
    assert!(fake.closed());
}

#[test]
fn by_default_only_a_driver_that_claims_never_to_block_runs_on_its_callers() {
    let blocking = FakeDriver::new();
    let session = bridge(&blocking);
    assert!(
        !session.calls_on_caller(),
        "no claim: calls run on the bridge"
    );
    session.close().unwrap();

    let claiming = FakeDriver::new();
    claiming.claim_non_blocking();
    let session = bridge(&claiming);
    assert!(
        session.calls_on_caller(),
        "the claim picks the caller's thread"
    );
    session.execute("INSERT x", ()).unwrap();
    session.close().unwrap();

    let overridden = SyncSession::builder().calls_on_caller(false);
    let session = bridge_with(overridden, &claiming, Default::default());
    assert!(!session.calls_on_caller(), "the builder's choice wins");
    session.close().unwrap();
}

#[test]
fn a_call_from_a_task_spawned_on_the_bridge_runtime_is_refused() {
    let fake = FakeDriver::new();
    let session = on_caller(&fake);
    let (tx, rx) = mpsc::channel();
    let (tx, nested) = (Mutex::new(tx), Mutex::new(Some(session.clone())));
    fake.when(CqlPattern::exact("SPAWN").unwrap())
        .with(move |_| {
            let (tx, sync) = (tx.lock().unwrap().clone(), nested.lock().unwrap().take());
            // Polled on the caller's thread, inside the bridge runtime's
            // context: the spawned task runs on the bridge thread.
            tokio::spawn(async move {
                let short = Statement::new("INSERT x").with_timeout(Duration::from_secs(2));
                let _ = tx.send(sync.map(|s| s.execute(short, ())));
            });
            Ok(QueryResult::Void)
        });
    session.execute("SPAWN", ()).unwrap();
    let answer = rx
        .recv_timeout(WATCHDOG)
        .expect("the spawned task answered");
    let err = answer.expect("one nested call").unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Other, "{err}");
    assert!(err.to_string().contains("own bridge thread"), "{err}");
    session.close().unwrap();
}
