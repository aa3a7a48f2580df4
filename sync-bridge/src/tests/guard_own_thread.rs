//! Guard 1: a blocking call made on the bridge's own thread (a driver
//! callback or a task running on the bridge runtime) fails at once instead of
//! deadlocking the bridge.

use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{ErrorKind, QueryResult, Result, Statement};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver};

use super::support::{bridge, bridge_with, eventually, WATCHDOG};
use crate::{SyncSession, DEFAULT_WAIT_MARGIN};

/// A slot for the session, so that the fake's callback can reach it.
type Slot = Arc<Mutex<Option<SyncSession>>>;

fn from_slot(slot: &Slot) -> SyncSession {
    slot.lock().unwrap().clone().expect("session in slot")
}

fn assert_own_thread_error<T: std::fmt::Debug>(r: Result<T>) {
    let err = r.expect_err("a call on the bridge's own thread must fail");
    assert_eq!(err.kind(), &ErrorKind::Other, "{err}");
    assert!(err.to_string().contains("own bridge thread"), "{err}");
}

#[test]
fn a_call_from_a_driver_callback_on_the_bridge_fails_fast() {
    let fake = FakeDriver::new();
    let session = bridge(&fake);
    let slot: Slot = Arc::new(Mutex::new(Some(session.clone())));
    let inner: Arc<Mutex<Vec<Result<()>>>> = Arc::default();
    let (s, seen) = (slot.clone(), inner.clone());
    // A blocking call from the callback would wait out its bound (the
    // bridge cannot serve it): the timeout plus the margin.
    let short = Duration::from_secs(2);
    let blocked = short + DEFAULT_WAIT_MARGIN;
    fake.when(CqlPattern::exact("CALLBACK").unwrap())
        .with(move |_| {
            let sync = from_slot(&s);
            let q = Statement::new("INSERT x").with_timeout(short);
            let mut seen = seen.lock().unwrap();
            seen.push(sync.execute(q, ()).map(|_| ()));
            seen.push(sync.prepare("INSERT y").map(|_| ()));
            seen.push(sync.use_keyspace("ks"));
            seen.push(sync.close());
            Ok(QueryResult::Void)
        });

    let start = Instant::now();
    session.execute("CALLBACK", ()).unwrap();
    let took = start.elapsed();
    assert!(took < blocked, "an inner call waited its bound: {took:?}");
    for r in inner.lock().unwrap().drain(..) {
        assert_own_thread_error(r);
    }
    assert!(
        !session.is_closed(),
        "close() from the bridge thread is refused"
    );
    slot.lock().unwrap().take();
    session.close().unwrap();
}

#[test]
fn a_call_from_a_task_spawned_on_the_bridge_runtime_fails_fast() {
    let fake = FakeDriver::new();
    let session = bridge(&fake);
    let slot: Slot = Arc::new(Mutex::new(Some(session.clone())));
    let (tx, rx) = mpsc::channel();
    let tx = Mutex::new(tx);
    let s = slot.clone();
    fake.when(CqlPattern::exact("SPAWN").unwrap())
        .with(move |_| {
            let sync = from_slot(&s);
            let tx = tx.lock().unwrap().clone();
            tokio::spawn(async move {
                let short = Statement::new("INSERT x").with_timeout(Duration::from_secs(2));
                let _ = tx.send(sync.execute(short, ()));
            });
            Ok(QueryResult::Void)
        });
    session.execute("SPAWN", ()).unwrap();
    // A refused call answers at once; a blocked one would answer `Timeout`
    // after its bound, which the check below rejects.
    let r = rx
        .recv_timeout(WATCHDOG)
        .expect("the spawned task answered");
    assert_own_thread_error(r);
    slot.lock().unwrap().take();
    session.close().unwrap();
}

#[test]
fn dropping_the_last_clone_on_the_bridge_thread_does_not_block_it() {
    let fake = FakeDriver::new();
    // Dropping there must only ask the bridge to close: a drop that waited
    // for the bridge would wait for itself, until this bound.
    let bound = Duration::from_secs(3);
    let builder = SyncSession::builder().drop_timeout(bound);
    let session = bridge_with(builder, &fake, Default::default());
    let slot: Slot = Arc::new(Mutex::new(Some(session.clone())));
    let (go, went) = tokio::sync::oneshot::channel::<()>();
    let went = Mutex::new(Some(went));
    let (took_tx, took_rx) = mpsc::channel();
    let took_tx = Mutex::new(took_tx);
    let s = slot;
    fake.when(CqlPattern::exact("HAND-OVER").unwrap())
        .with(move |_| {
            // This task keeps the last clone and, once the test has dropped
            // its own, drops it on the bridge thread.
            let last = s.lock().unwrap().take();
            let went = went.lock().unwrap().take().expect("one hand-over");
            let took = took_tx.lock().unwrap().clone();
            tokio::spawn(async move {
                let _ = went.await;
                let start = Instant::now();
                drop(last);
                let _ = took.send(start.elapsed());
            });
            Ok(QueryResult::Void)
        });
    session.execute("HAND-OVER", ()).unwrap();
    drop(session);
    go.send(()).unwrap();
    let took = took_rx.recv_timeout(WATCHDOG).expect("the task dropped it");
    assert!(
        took < bound,
        "the drop on the bridge thread waited for the bridge: {took:?}"
    );
    assert!(
        eventually(|| fake.closed()),
        "the bridge closed the driver after a drop on its own thread"
    );
}
