//! Guard 1: a blocking call made on the bridge's own thread (a driver
//! callback or a task running on the bridge runtime) fails at once instead of
//! deadlocking the bridge.

use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{ErrorKind, QueryResult, Result, Statement};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver};

use super::support::{bridge, bridge_with, eventually};
use crate::SyncSession;

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
    fake.when(CqlPattern::exact("CALLBACK").unwrap())
        .with(move |_| {
            let sync = from_slot(&s);
            let short = Statement::new("INSERT x").with_timeout(Duration::from_secs(2));
            let mut seen = seen.lock().unwrap();
            seen.push(sync.execute(short, ()).map(|_| ()));
            seen.push(sync.prepare("INSERT y").map(|_| ()));
            seen.push(sync.use_keyspace("ks"));
            seen.push(sync.close());
            Ok(QueryResult::Void)
        });

    let start = Instant::now();
    session.execute("CALLBACK", ()).unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
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
    let r = rx
        .recv_timeout(Duration::from_secs(1))
        .expect("the spawned task answered fast");
    assert_own_thread_error(r);
    slot.lock().unwrap().take();
    session.close().unwrap();
}

#[test]
fn dropping_the_last_clone_on_the_bridge_thread_does_not_block_it() {
    let fake = FakeDriver::new();
    let builder = SyncSession::builder().drop_timeout(Duration::from_secs(3));
    let session = bridge_with(builder, &fake, Default::default());
    let slot: Slot = Arc::new(Mutex::new(Some(session.clone())));
    let s = slot.clone();
    fake.when(CqlPattern::exact("HAND-OVER").unwrap())
        .with(move |_| {
            // This task keeps the last clone and drops it on the bridge thread.
            let last = s.lock().unwrap().take();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(300)).await;
                drop(last);
            });
            Ok(QueryResult::Void)
        });
    session.execute("HAND-OVER", ()).unwrap();
    drop(session);
    let start = Instant::now();
    assert!(
        eventually(Duration::from_secs(2), || fake.closed()),
        "the bridge closed the driver after a drop on its own thread (it must not wait for itself)"
    );
    assert!(
        start.elapsed() < Duration::from_millis(1500),
        "{:?}",
        start.elapsed()
    );
}
