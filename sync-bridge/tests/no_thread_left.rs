//! No bridge thread outlives its session: counted in `/proc/self/task`, in a
//! test binary of its own so that no other test starts threads meanwhile.

use std::sync::Arc;
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{Error, ErrorKind, Session};
use cqlbridge_driver_mock::FakeDriver;
use cqlbridge_sync_bridge::SyncSession;

/// The names of this process's threads.
fn threads() -> Vec<String> {
    let mut names = Vec::new();
    for task in std::fs::read_dir("/proc/self/task").expect("/proc is mounted") {
        let comm = task.expect("task entry").path().join("comm");
        // A thread may end between listing and reading: skip it.
        if let Ok(name) = std::fs::read_to_string(comm) {
            names.push(name.trim().to_string());
        }
    }
    names.sort();
    names
}

/// Threads whose name starts with `prefix` (Linux shows 15 bytes of a name).
fn named(prefix: &str) -> usize {
    threads().iter().filter(|n| n.starts_with(prefix)).count()
}

/// Every thread a bridge starts: the bridge thread and its runtime's.
fn bridges() -> usize {
    named("cqlbridge")
}

/// The bridge threads proper (`cqlbridge-bridge`).
fn bridge_threads() -> usize {
    named("cqlbridge-bridg")
}

/// How long to wait for a joined thread to leave `/proc` (the kernel drops
/// its entry just after `join` returns). Only a thread that was not joined,
/// or not stopped, reaches it.
const WATCHDOG: Duration = Duration::from_secs(60);

/// True once `cond` holds, polled until the [`WATCHDOG`].
fn settles(cond: impl Fn() -> bool) -> bool {
    let end = Instant::now() + WATCHDOG;
    while !cond() {
        if Instant::now() > end {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    true
}

fn fake_session() -> SyncSession {
    SyncSession::new(|| async { Ok(Session::new(Arc::new(FakeDriver::new()))) }).unwrap()
}

#[test]
fn no_bridge_thread_is_left_after_failure_close_or_drop() {
    let before = threads();
    assert_eq!(bridges(), 0);

    for _ in 0..3 {
        let err = SyncSession::new(|| async {
            Err::<Session, _>(Error::new(ErrorKind::Auth, "bad credentials"))
        })
        .unwrap_err();
        assert!(err.is_auth());
        assert!(
            settles(|| bridges() == 0),
            "a failed start left a thread: {:?}",
            threads()
        );
    }
    let err = SyncSession::new(|| async { panic!("boom") }).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Other);
    assert!(
        settles(|| bridges() == 0),
        "a panicking factory left a thread"
    );

    // A runtime with workers: they go with the session too.
    let workers = std::num::NonZeroUsize::new(3).unwrap();
    let session = SyncSession::builder()
        .worker_threads(workers)
        .build(|| async { Ok(Session::new(Arc::new(FakeDriver::new()))) })
        .unwrap();
    // A new thread shows its parent's name until it has set its own.
    assert!(
        settles(|| named("cqlbridge-runti") == 3),
        "three runtime workers: {:?}",
        threads()
    );
    session.execute("INSERT x", ()).unwrap();
    session.close().unwrap();
    assert!(settles(|| bridges() == 0), "close() joined every worker");

    let session = fake_session();
    assert_eq!(
        bridge_threads(),
        1,
        "one named bridge thread: {:?}",
        threads()
    );
    session.execute("INSERT x", ()).unwrap();
    session.close().unwrap();
    assert!(settles(|| bridges() == 0), "close() joined the thread");

    let session = fake_session();
    let clone = session.clone();
    drop(session);
    assert_eq!(bridge_threads(), 1, "a clone keeps the bridge");
    drop(clone);
    assert!(
        settles(|| bridges() == 0),
        "dropping the last clone joined the thread"
    );
    assert!(settles(|| threads() == before), "{:?}", threads());
}
