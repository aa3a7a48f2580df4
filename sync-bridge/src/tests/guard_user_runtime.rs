//! Guard 2: a SyncSession used from inside a user's Tokio runtime (either
//! flavour) works and never panics with "Cannot start a runtime from within
//! a runtime": the caller only ever blocks on a channel.

use std::sync::Arc;

use cqlbridge_driver_api::{QueryResult, Session};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver};

use super::support::{id_column, id_rows};
use crate::SyncSession;

/// Builds, uses, closes and drops a bridge from the current thread.
fn full_life_cycle() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("SELECT").unwrap())
        .returns_paged(id_column(), id_rows(3));
    let driver = fake.clone();
    let session =
        SyncSession::new(move || async move { Ok(Session::new(Arc::new(driver))) }).unwrap();
    assert_eq!(session.execute("INSERT x", ()).unwrap(), QueryResult::Void);
    assert_eq!(session.iter("SELECT id FROM t", ()).count(), 3);
    let clone = session.clone();
    drop(session);
    clone.close().unwrap();
    assert!(fake.closed());
    // A second session is dropped without close: `Drop` joins the thread.
    let fake = FakeDriver::new();
    let driver = fake.clone();
    let other =
        SyncSession::new(move || async move { Ok(Session::new(Arc::new(driver))) }).unwrap();
    other.execute("INSERT y", ()).unwrap();
    drop(other);
    assert!(fake.closed());
}

#[tokio::test(flavor = "current_thread")]
async fn works_inside_a_current_thread_runtime() {
    full_life_cycle();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn works_inside_a_multi_thread_runtime() {
    full_life_cycle();
}

#[test]
fn works_inside_block_on_and_spawned_tasks() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        full_life_cycle();
        tokio::spawn(async { full_life_cycle() }).await.unwrap();
        tokio::task::spawn_blocking(full_life_cycle).await.unwrap();
    });
    let local = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    local.block_on(async { full_life_cycle() });
}
