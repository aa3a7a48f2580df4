//! Guard 5: `close()` lets running calls finish with their real result,
//! then closes the driver and joins the thread; dropping the last clone does
//! the same within a bound, and never hangs even when the bridge is stuck.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{Config, QueryResult, Session, Statement};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver, Op};

use super::support::{bridge, bridge_with, eventually, flag_on_thread_exit, id_column, id_rows};
use crate::SyncSession;

#[test]
fn close_drains_running_calls_then_closes_the_driver() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("SELECT").unwrap())
        .delay(Duration::from_millis(400))
        .returns_rows(id_column(), id_rows(2));
    let session = bridge(&fake);
    let running = {
        let s = session.clone();
        std::thread::spawn(move || s.execute("SELECT id FROM t", ()))
    };
    assert!(eventually(Duration::from_secs(2), || fake.in_flight() == 1));

    let start = Instant::now();
    session.close().unwrap();
    let took = start.elapsed();

    let result = running
        .join()
        .unwrap()
        .expect("the running call keeps its real result");
    assert_eq!(result.rows().len(), 2);
    assert!(
        took >= Duration::from_millis(250),
        "close waited for the call: {took:?}"
    );
    assert!(took < Duration::from_secs(2), "{took:?}");
    let ops: Vec<Op> = fake.calls().iter().map(|c| c.op).collect();
    assert_eq!(
        ops,
        [Op::Execute, Op::Close],
        "the driver closes after the drain"
    );
}

#[test]
fn close_and_drop_join_the_bridge_thread() {
    for use_close in [true, false] {
        let fake = FakeDriver::new();
        let exited = Arc::new(AtomicBool::new(false));
        let (driver, flag) = (fake.clone(), exited.clone());
        let session = SyncSession::new(move || async move {
            flag_on_thread_exit(flag);
            Ok(Session::new(Arc::new(driver)))
        })
        .unwrap();
        session.execute("INSERT x", ()).unwrap();
        let clone = session.clone();
        drop(session);
        assert!(
            !exited.load(Ordering::Acquire),
            "a clone still holds the bridge"
        );
        if use_close {
            clone.close().unwrap();
            assert!(exited.load(Ordering::Acquire), "close() joined the thread");
        }
        drop(clone);
        assert!(fake.closed());
        assert!(exited.load(Ordering::Acquire), "the thread was joined");
    }
}

#[test]
fn dropping_the_last_clone_with_a_stuck_call_returns_within_the_bound() {
    let fake = FakeDriver::new();
    // A driver call that blocks the bridge thread itself for 10 s: nothing
    // on the bridge can make progress, not even the close request.
    fake.when(CqlPattern::exact("STUCK").unwrap()).with(|_| {
        std::thread::sleep(Duration::from_secs(10));
        Ok(QueryResult::Void)
    });
    let builder = SyncSession::builder().wait_margin(Duration::from_millis(100));
    let session = bridge_with(builder, &fake, Config::default());
    let stuck = Statement::new("STUCK").with_timeout(Duration::from_millis(100));
    assert!(session.execute(stuck, ()).unwrap_err().is_timeout());

    let start = Instant::now();
    drop(session);
    let took = start.elapsed();
    assert!(
        took < Duration::from_millis(5500),
        "drop took {took:?}, over its 5 s bound"
    );
    assert!(
        took >= Duration::from_millis(4500),
        "drop gave up early: {took:?}"
    );
}

#[test]
fn drop_without_close_closes_the_driver() {
    let fake = FakeDriver::new();
    let session = bridge(&fake);
    session.execute("INSERT x", ()).unwrap();
    drop(session);
    assert!(fake.closed());
    let ops: Vec<Op> = fake.calls().iter().map(|c| c.op).collect();
    assert_eq!(ops, [Op::Execute, Op::Close]);
}
