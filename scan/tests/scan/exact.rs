//! Every row exactly once, at concurrency 1 and 16; four shards, disjoint,
//! whose union is the table; chosen columns; the progress reported; and,
//! printed for the record, the scan's rate against one paged `SELECT *`.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{BackendKind, PageSize, Statement};
use cqlbridge_scan::{scan, ScanOptions, ScanProgress, SessionScan};
use futures::TryStreamExt;

use crate::support::fixture::{assert_exactly_once, keys_of, Fixture, Key};
use crate::support::session;

/// The check, on `backend`.
pub(crate) async fn every_row_exactly_once(backend: BackendKind) {
    exactly_once_over(backend, 5000, 4).await;
}

/// The full figure, 200,000 rows over 50,000 partitions (about a
/// minute on a shared machine).
pub(crate) async fn large_table(backend: BackendKind) {
    exactly_once_over(backend, 50_000, 4).await;
}

/// The check over `partitions × per_partition` rows.
async fn exactly_once_over(backend: BackendKind, partitions: i32, per_partition: i32) {
    let session = session(backend).await;
    let fx = Fixture::create(
        &session,
        &format!("scan_exact_{backend}"),
        partitions,
        per_partition,
    )
    .await;
    let (ks, t) = (fx.keyspace.name.as_str(), fx.table.as_str());

    let one = scan(
        &session,
        ks,
        t,
        ScanOptions::new().concurrency(1).page_size(1000),
    )
    .await
    .unwrap();
    assert_exactly_once(&keys_of(one).await, &fx.keys, "concurrency 1");

    let snapshots: Arc<Mutex<Vec<ScanProgress>>> = Arc::default();
    let seen = snapshots.clone();
    let options = ScanOptions::new()
        .concurrency(16)
        .ranges(64)
        .page_size(250)
        .on_progress(Duration::ZERO, move |p| {
            seen.lock().unwrap().push(p.clone());
        });
    let started = Instant::now();
    let mut sixteen = scan(&session, ks, t, options).await.unwrap();
    let total = sixteen.plan().selected.len();
    assert!(total >= 64, "{total} ranges for a target of 64");
    assert_exactly_once(&keys_of(&mut sixteen).await, &fx.keys, "concurrency 16");
    let scan_secs = started.elapsed().as_secs_f64();
    let last = sixteen.progress();
    assert!(last.finished && last.ranges_done == total, "{last:?}");
    assert_eq!(
        (last.rows, last.fraction, last.eta),
        (fx.keys.len() as u64, 1.0, Some(Duration::ZERO))
    );
    assert!(
        last.requests >= total as u64 && last.rows_per_sec > 0.0,
        "{last:?}"
    );
    let snapshots = snapshots.lock().unwrap().clone();
    assert!(
        snapshots.len() > 10,
        "{} progress callbacks",
        snapshots.len()
    );
    assert!(snapshots
        .windows(2)
        .all(|w| w[0].rows <= w[1].rows && w[0].fraction <= w[1].fraction));
    assert!(snapshots.last().unwrap().finished);

    let started = Instant::now();
    let select_all =
        Statement::new(format!("SELECT * FROM {ks}.{t}")).with_page_size(PageSize::Rows(1000));
    let streamed = session
        .stream(select_all, ())
        .try_fold(0usize, |n, _| async move { Ok(n + 1) });
    assert_eq!(streamed.await.unwrap(), fx.keys.len(), "one paged SELECT *");
    let (rows, stream_secs) = (fx.keys.len() as f64, started.elapsed().as_secs_f64());
    eprintln!(
        "{backend}, {rows} rows: scan at concurrency 16 {:.0} rows/s, one paged SELECT * {:.0} rows/s (scan/stream {:.2})",
        rows / scan_secs,
        rows / stream_secs,
        stream_secs / scan_secs
    );

    let mut union: Vec<Key> = Vec::new();
    for i in 0..4 {
        let shard = scan(
            &session,
            ks,
            t,
            ScanOptions::new().concurrency(4).ranges(64).shard(i, 4),
        )
        .await
        .unwrap();
        let keys = keys_of(shard).await;
        assert!(
            !keys.is_empty() && keys.len() < fx.keys.len(),
            "shard {i}: {} rows",
            keys.len()
        );
        union.extend(keys);
    }
    assert_exactly_once(&union, &fx.keys, "4 shards (disjoint, union the table)");

    let mut narrow = session
        .scan(ks, t, ScanOptions::new().columns(["c", "p"]))
        .await
        .unwrap();
    let row = narrow.try_next().await.unwrap().expect("a row");
    let names: Vec<&str> = row.columns().iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["c", "p"]);
    drop(narrow);
    fx.drop_with(&session).await;
}
