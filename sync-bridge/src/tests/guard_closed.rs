//! Guard 3: after `close()`, every call on every clone fails with `Closed`
//! without reaching the driver; closing twice (or concurrently) is fine.

use cqlbridge_driver_api::{Batch, BatchKind, ErrorKind, Result};
use cqlbridge_driver_mock::{FakeDriver, Op};

use super::held::{close_while_held, Held, HOLD};
use super::support::{bridge, bridge_over};
use crate::SyncSession;

fn assert_closed<T: std::fmt::Debug>(what: &str, r: Result<T>) {
    let err = r.expect_err(what);
    assert_eq!(err.kind(), &ErrorKind::Closed, "{what}: {err}");
    assert_eq!(
        err.message(),
        "the session is closed",
        "{what}: not a dead bridge"
    );
}

fn every_call_fails_closed(s: &SyncSession) {
    assert_closed("execute", s.execute("INSERT x", ()));
    assert_closed("prepare", s.prepare("INSERT x"));
    let batch = Batch::new(BatchKind::Logged).add("INSERT x", ());
    assert_closed("batch", s.batch(&batch));
    assert_closed("page", s.page("SELECT x", (), None));
    assert_closed("use_keyspace", s.use_keyspace("ks"));
    let mut rows = s.iter("SELECT x", ());
    assert_closed("iter", rows.next().expect("the error is yielded"));
    assert!(rows.next().is_none());
}

#[test]
fn calls_after_close_fail_closed_on_every_clone() {
    let fake = FakeDriver::new();
    let session = bridge(&fake);
    let clone = session.clone();
    session.execute("INSERT before", ()).unwrap();
    clone.close().unwrap();
    assert!(fake.closed(), "the driver is closed");

    for s in [&session, &clone] {
        assert!(s.is_closed());
        every_call_fails_closed(s);
        s.close().unwrap();
        s.close().unwrap();
    }
    let ops: Vec<Op> = fake.calls().iter().map(|c| c.op).collect();
    assert_eq!(
        ops,
        [Op::Execute, Op::Close],
        "no call after close reached the driver"
    );
    let late_clone = session;
    assert_closed(
        "a clone made after close",
        late_clone.execute("INSERT y", ()),
    );
}

#[test]
fn concurrent_closes_all_succeed_and_close_the_driver_once() {
    let fake = FakeDriver::new();
    let session = bridge(&fake);
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let s = session.clone();
            std::thread::spawn(move || s.close())
        })
        .collect();
    for t in threads {
        t.join().unwrap().unwrap();
    }
    let closes = fake.calls().iter().filter(|c| c.op == Op::Close).count();
    assert_eq!(closes, 1);
    every_call_fails_closed(&session);
}

#[test]
fn calls_made_while_close_drains_fail_closed_and_never_reach_the_driver() {
    let fake = FakeDriver::new();
    // The running call waits at a gate until the test has made its checks.
    let held = Held::gate(&fake);
    let session = bridge_over(held.clone());
    let (slow, closing) = close_while_held(&session, &held, format!("{HOLD} INSERT"));
    assert!(!fake.closed(), "still draining");
    assert_closed(
        "a call during the drain",
        session.execute("INSERT late", ()),
    );
    held.open();
    slow.join().unwrap().expect("the running call finishes");
    closing.join().unwrap().unwrap();
    let ops: Vec<Op> = fake.calls().iter().map(|c| c.op).collect();
    assert_eq!(ops, [Op::Execute, Op::Close]);
}
