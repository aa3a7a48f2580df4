//! The engine over a scripted cluster: edge tokens read once, another
//! partitioner refused, retries, bounded buffering, and a resume whose
//! skip spans several smaller pages.

use std::collections::BTreeSet;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use cqlbridge_driver_api::ErrorKind;
use futures::{StreamExt, TryStreamExt};

use super::fake_cluster::FakeCluster;
use crate::error::ScanError;
use crate::options::{RetryPolicy, ScanOptions};
use crate::start::scan;

fn keys_of(rows: Vec<cqlbridge_driver_api::Row>) -> Vec<i64> {
    rows.into_iter()
        .map(|r| r.get::<i64>("k").unwrap())
        .collect()
}

fn edge_keys() -> Vec<i64> {
    let mut keys = vec![
        i64::MIN,
        i64::MIN + 1,
        -100,
        -99,
        -1,
        0,
        1,
        99,
        100,
        101,
        i64::MAX - 1,
        i64::MAX,
    ];
    keys.extend((1..200i64).map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15u64 as i64)));
    keys.sort_unstable();
    keys.dedup();
    keys
}

fn fast_retry(attempts: u32) -> RetryPolicy {
    RetryPolicy {
        attempts,
        base: Duration::from_millis(1),
        max: Duration::from_millis(2),
    }
}

#[tokio::test]
async fn every_edge_token_is_read_exactly_once() {
    let cluster = Arc::new(FakeCluster::new(vec![-100, 0, 100], edge_keys()));
    let (session, _) = cluster.session();
    for (ranges, concurrency) in [(1, 1), (7, 3), (50, 8)] {
        let options = ScanOptions::new()
            .ranges(ranges)
            .concurrency(concurrency)
            .page_size(2);
        let got = keys_of(
            scan(&session, "ks", "t", options)
                .await
                .unwrap()
                .try_collect()
                .await
                .unwrap(),
        );
        let mut sorted = got.clone();
        sorted.sort_unstable();
        assert_eq!(
            sorted,
            edge_keys(),
            "{ranges} ranges, concurrency {concurrency}"
        );
    }
}

#[tokio::test]
async fn an_empty_table_ends_with_every_range_finished() {
    let cluster = Arc::new(FakeCluster::new(vec![-5, 5], vec![]));
    let (session, _) = cluster.session();
    let mut s = scan(&session, "ks", "t", ScanOptions::new().ranges(9))
        .await
        .unwrap();
    assert!(s.next().await.is_none());
    let p = s.progress();
    assert!(
        p.finished && p.ranges_done == s.plan().selected.len() && p.rows == 0,
        "{p:?}"
    );
    assert_eq!(s.checkpoint().finished.len(), s.plan().ranges.len());
}

#[tokio::test]
async fn another_partitioner_is_unsupported_before_any_read() {
    let mut cluster = FakeCluster::new(vec![0], vec![1]);
    cluster.partitioner = "org.apache.cassandra.dht.RandomPartitioner".into();
    let cluster = Arc::new(cluster);
    let (session, _) = cluster.session();
    match scan(&session, "ks", "t", ScanOptions::new()).await {
        Err(ScanError::UnsupportedPartitioner { partitioner }) => {
            assert!(partitioner.ends_with("RandomPartitioner"));
        }
        other => panic!("expected UnsupportedPartitioner, got {other:?}"),
    }
    assert_eq!(cluster.range_calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn transient_failures_are_retried_and_counted() {
    let cluster = Arc::new(FakeCluster::new(vec![0], edge_keys()));
    cluster
        .failures
        .lock()
        .unwrap()
        .extend([ErrorKind::Overloaded, ErrorKind::Timeout]);
    let (session, _) = cluster.session();
    let options = ScanOptions::new()
        .ranges(4)
        .concurrency(1)
        .page_size(50)
        .retry(fast_retry(3));
    let mut s = scan(&session, "ks", "t", options).await.unwrap();
    let got: BTreeSet<i64> = keys_of((&mut s).try_collect().await.unwrap())
        .into_iter()
        .collect();
    assert_eq!(got, edge_keys().into_iter().collect());
    assert_eq!(
        s.progress().requests,
        cluster.range_calls.load(Ordering::SeqCst) as u64
    );
}

#[tokio::test]
async fn a_non_transient_error_fails_at_once() {
    let cluster = Arc::new(FakeCluster::new(vec![0], edge_keys()));
    cluster
        .failures
        .lock()
        .unwrap()
        .push_back(ErrorKind::Unauthorized);
    let (session, _) = cluster.session();
    let options = ScanOptions::new().concurrency(1).retry(fast_retry(5));
    let mut s = scan(&session, "ks", "t", options).await.unwrap();
    match s.next().await {
        Some(Err(ScanError::PageFailed {
            attempts: 1,
            source,
            ..
        })) => assert_eq!(source.kind(), &ErrorKind::Unauthorized),
        other => panic!("expected PageFailed after 1 attempt, got {other:?}"),
    }
    assert!(s.next().await.is_none());
}

#[tokio::test]
async fn at_most_concurrency_pages_are_held() {
    let keys: Vec<i64> = (0..2000i64)
        .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15u64 as i64))
        .collect();
    let cluster = Arc::new(FakeCluster::new(vec![-5, 5], keys));
    let (session, _) = cluster.session();
    let options = ScanOptions::new().ranges(16).concurrency(3).page_size(10);
    let mut s = scan(&session, "ks", "t", options).await.unwrap();
    let calls = || cluster.range_calls.load(Ordering::SeqCst);
    s.next().await.unwrap().unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        calls() <= 3,
        "{} pages fetched for a consumer holding one",
        calls()
    );
    for _ in 0..10 {
        s.next().await.unwrap().unwrap();
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        calls() <= 4,
        "{} pages fetched after one page was handed out",
        calls()
    );
}

#[tokio::test]
async fn a_resume_skips_across_smaller_pages() {
    let cluster = Arc::new(FakeCluster::new(vec![], edge_keys()));
    let (session, _) = cluster.session();
    let options = || ScanOptions::new().ranges(1).concurrency(1);
    let mut first_run = scan(&session, "ks", "t", options().page_size(40))
        .await
        .unwrap();
    let mut first = Vec::new();
    for _ in 0..55 {
        first.push(
            first_run
                .next()
                .await
                .unwrap()
                .unwrap()
                .get::<i64>("k")
                .unwrap(),
        );
    }
    let checkpoint = first_run.checkpoint();
    assert_eq!(checkpoint.in_flight[0].skip, 15, "{checkpoint:?}");
    drop(first_run);
    let resumed = scan(
        &session,
        "ks",
        "t",
        options().page_size(4).resume(checkpoint),
    )
    .await
    .unwrap();
    let rest = keys_of(resumed.try_collect().await.unwrap());
    let mut all = [first, rest].concat();
    all.sort_unstable();
    assert_eq!(all, edge_keys());
}

#[tokio::test]
async fn every_range_request_carries_the_scan_options() {
    use cqlbridge_driver_api::{Consistency, PageSize};
    use cqlbridge_driver_mock::Op;

    let cluster = Arc::new(FakeCluster::new(vec![0], edge_keys()));
    let (session, fake) = cluster.session();
    let options = ScanOptions::new()
        .ranges(4)
        .page_size(7)
        .consistency(Consistency::LocalQuorum)
        .timeout(Duration::from_secs(3));
    let rows: Vec<_> = scan(&session, "ks", "t", options)
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), edge_keys().len());
    let ranges: Vec<_> = fake
        .calls()
        .into_iter()
        .filter(|c| c.op == Op::ExecutePrepared && c.cql.contains("token("))
        .collect();
    assert_eq!(ranges.len(), cluster.range_calls.load(Ordering::SeqCst));
    for call in &ranges {
        let o = &call.options;
        assert_eq!(o.consistency, Some(Consistency::LocalQuorum), "{call:?}");
        assert_eq!(o.page_size, Some(PageSize::Rows(7)), "{call:?}");
        assert_eq!(
            (o.timeout, o.idempotent),
            (Some(Duration::from_secs(3)), Some(true)),
            "{call:?}"
        );
    }
}
