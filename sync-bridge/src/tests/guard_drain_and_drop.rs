//! Guard 5: `close()` lets running calls finish with their real result,
//! then closes the driver and joins the thread; dropping the last clone does
//! the same within a bound, and never hangs even when the bridge is stuck.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{Config, Session, Statement};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver, Op};

use super::held::{close_while_held, Held, HOLD};
use super::stuck::Stuck;
use super::support::{bridge, bridge_over, bridge_with, flag_on_thread_exit, id_column, id_rows};
use crate::SyncSession;

#[test]
fn close_drains_running_calls_then_closes_the_driver() {
    let fake = FakeDriver::new();
    let select = format!("{HOLD} SELECT id FROM t");
    fake.when(CqlPattern::exact(&select).unwrap())
        .returns_rows(id_column(), id_rows(2));
    let held = Held::gate(&fake);
    let session = bridge_over(held.clone());
    let (running, closing) = close_while_held(&session, &held, select);
    assert!(!fake.closed(), "the driver closed under a running call");

    held.open();
    let result = running
        .join()
        .unwrap()
        .expect("the running call keeps its real result");
    assert_eq!(result.rows().len(), 2);
    closing.join().unwrap().unwrap();
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
fn dropping_the_last_clone_with_a_stuck_call_returns_at_the_drop_bound() {
    let fake = FakeDriver::new();
    // A driver call that blocks the runtime's one thread: nothing on the
    // bridge can make progress, not even the close request.
    let mut stuck = Stuck::on(&fake, CqlPattern::exact("STUCK").unwrap());
    let bound = Duration::from_secs(1);
    let builder = SyncSession::builder()
        .current_thread_runtime()
        .wait_margin(Duration::from_millis(100))
        .drop_timeout(bound);
    let session = bridge_with(builder, &fake, Config::default());
    let q = Statement::new("STUCK").with_timeout(Duration::from_millis(100));
    assert!(session.execute(q, ()).unwrap_err().is_timeout());

    let start = Instant::now();
    drop(session);
    let took = start.elapsed();
    assert!(stuck.still_stuck(), "the drop waited for the stuck bridge");
    assert!(took >= bound, "drop gave up before its bound: {took:?}");
    stuck.release();
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
