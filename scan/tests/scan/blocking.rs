//! The blocking form on a `SyncSession`: every row once, and a resume from
//! its checkpoint reading exactly the rest.

use cqlbridge_driver_api::BackendKind;
use cqlbridge_scan::{scan_blocking, ScanOptions, SyncSessionScan};
use cqlbridge_sync_bridge::SyncSession;

use crate::support::fixture::{assert_exactly_once, key, Fixture, Key};
use crate::support::session;

/// The check, on `backend`.
pub(crate) fn blocking_scan(backend: BackendKind) {
    let setup = tokio::runtime::Runtime::new().expect("a setup runtime");
    let (admin, fx) = setup.block_on(async {
        let admin = session(backend).await;
        let fx = Fixture::create(&admin, &format!("scan_sync_{backend}"), 1000, 3).await;
        (admin, fx)
    });
    let sync =
        SyncSession::new(move || async move { Ok(session(backend).await) }).expect("a SyncSession");
    let (ks, t) = (fx.keyspace.name.clone(), fx.table.clone());
    let options = || ScanOptions::new().concurrency(4).ranges(16).page_size(100);

    let all: Vec<Key> = scan_blocking(&sync, &ks, &t, options())
        .unwrap()
        .map(|r| key(&r.unwrap_or_else(|e| panic!("{e}"))))
        .collect();
    assert_exactly_once(&all, &fx.keys, "blocking");

    let mut first_run = scan_blocking(&sync, &ks, &t, options()).unwrap();
    let first: Vec<Key> = first_run
        .by_ref()
        .take(1500)
        .map(|r| key(&r.unwrap()))
        .collect();
    let checkpoint = first_run.checkpoint();
    assert!(first_run.progress().rows == 1500 && !first_run.progress().finished);
    drop(first_run);
    let rest: Vec<Key> = SyncSessionScan::scan(&sync, &ks, &t, options().resume(checkpoint))
        .unwrap()
        .map(|r| key(&r.unwrap()))
        .collect();
    assert_exactly_once(
        &[first, rest].concat(),
        &fx.keys,
        "blocking, stopped + resumed",
    );
    sync.close().expect("close");
    setup.block_on(fx.drop_with(&admin));
}
