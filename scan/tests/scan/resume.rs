//! Resume: after a stop (the checkpoint of every row handed out: exactly
//! the rest), after a kill (the file as the last interval left it: the
//! union is the table, repeats only from the page in hand), and after a
//! page that failed every retry (its typed error, then the rest). No
//! finished range is requested again: every range request is recorded.

use std::collections::BTreeSet;
use std::time::Duration;

use cqlbridge_driver_api::{BackendKind, ErrorKind, Session};
use cqlbridge_scan::{scan, Checkpoint, RetryPolicy, ScanError, ScanOptions, TokenRange};
use futures::TryStreamExt;

use crate::support::counting::{Counting, Request};
use crate::support::fixture::{assert_exactly_once, key, keys_of, Fixture, Key};
use crate::support::{checkpoint_path, config, driver, session};

const PAGE: u32 = 300;

fn options() -> ScanOptions {
    ScanOptions::new().concurrency(4).ranges(32).page_size(PAGE)
}

/// A session whose range requests are recorded.
pub(crate) async fn counted(backend: BackendKind) -> (Session, std::sync::Arc<Counting>) {
    let config = config(backend);
    let counting = Counting::new(driver(&config).await);
    (Session::with_config(counting.clone(), &config), counting)
}

/// Asserts no request of `requests` read a range `checkpoint` had finished,
/// and that each range in flight went on from its paging state.
pub(crate) fn assert_no_finished_range_read(
    requests: &[Request],
    ranges: &[TokenRange],
    checkpoint: &Checkpoint,
) {
    let index = |(a, b, _): &Request| {
        ranges
            .iter()
            .position(|r| (r.start, r.end) == (*a, *b))
            .expect("a planned range")
    };
    for request in requests {
        let i = index(request);
        assert!(
            checkpoint.finished.binary_search(&i).is_err(),
            "finished range {i} was read again: {request:?}"
        );
    }
    for f in checkpoint
        .in_flight
        .iter()
        .filter(|f| f.paging_state.is_some())
    {
        let first = requests
            .iter()
            .find(|r| index(r) == f.range)
            .expect("the range in flight is read");
        assert!(
            first.2,
            "range {} restarted instead of continuing from its paging state",
            f.range
        );
    }
}

/// The check, on `backend`.
pub(crate) async fn resume_reads_exactly_the_rest(backend: BackendKind) {
    let session = session(backend).await;
    let fx = Fixture::create(&session, &format!("scan_resume_{backend}"), 5000, 4).await;
    let (ks, t) = (fx.keyspace.name.as_str(), fx.table.as_str());
    let path = checkpoint_path("resume", backend);

    // Run 1: stopped after 10,000 rows; the file is rewritten at every page.
    let every_page = options()
        .checkpoint_file(&path)
        .checkpoint_interval(Duration::ZERO);
    let mut first_run = scan(&session, ks, t, every_page).await.unwrap();
    let ranges = first_run.plan().ranges.clone();
    let mut first: Vec<Key> = Vec::new();
    while first.len() < 10_000 {
        first.push(key(&first_run
            .try_next()
            .await
            .unwrap()
            .expect("more rows")));
    }
    let killed = std::fs::read_to_string(&path).expect("a checkpoint written at an interval");
    let stopped = first_run.checkpoint();
    drop(first_run);
    assert_eq!(
        Checkpoint::load(&path).unwrap(),
        stopped,
        "the drop writes the last checkpoint"
    );
    assert_eq!(stopped.rows, 10_000);
    assert!(
        !stopped.finished.is_empty() && stopped.finished.len() < ranges.len(),
        "{stopped:?}"
    );

    // Resumed from the stop: exactly the rest, no finished range read.
    let (counted_session, counting) = counted(backend).await;
    let rest = keys_of(
        scan(&counted_session, ks, t, options().resume(stopped.clone()))
            .await
            .unwrap(),
    )
    .await;
    assert_exactly_once(
        &[first.clone(), rest].concat(),
        &fx.keys,
        "stopped + resumed",
    );
    assert_no_finished_range_read(&counting.requests(), &ranges, &stopped);

    // Resumed from the file as a kill would have left it.
    let at_kill = Checkpoint::from_json(&killed).unwrap();
    let (counted_session, counting) = counted(backend).await;
    let rest = keys_of(
        scan(&counted_session, ks, t, options().resume(at_kill.clone()))
            .await
            .unwrap(),
    )
    .await;
    let union: BTreeSet<Key> = first.iter().chain(&rest).copied().collect();
    assert_eq!(union, fx.keys, "killed + resumed: the union is the table");
    let repeats = first.len() + rest.len() - fx.keys.len();
    assert!(
        repeats <= PAGE as usize,
        "{repeats} rows repeated: more than the page in hand"
    );
    assert_no_finished_range_read(&counting.requests(), &ranges, &at_kill);

    // A page that fails every attempt: its typed error, a checkpoint, then the rest.
    let (failing, counting) = counted(backend).await;
    let retry = RetryPolicy {
        attempts: 3,
        base: Duration::from_millis(5),
        max: Duration::from_millis(20),
    };
    let failed_path = checkpoint_path("failed", backend);
    let mut doomed = scan(
        &failing,
        ks,
        t,
        options().retry(retry).checkpoint_file(&failed_path),
    )
    .await
    .unwrap();
    counting.fail_after(12);
    let mut before: Vec<Key> = Vec::new();
    let err = loop {
        match doomed.try_next().await {
            Ok(Some(row)) => before.push(key(&row)),
            Ok(None) => panic!("the scan ended without the injected failure"),
            Err(e) => break e,
        }
    };
    match &err {
        ScanError::PageFailed {
            attempts: 3,
            source,
            ..
        } => assert_eq!(source.kind(), &ErrorKind::Overloaded),
        other => panic!("expected PageFailed after 3 attempts, got {other}"),
    }
    assert!(
        doomed.try_next().await.unwrap().is_none(),
        "the stream ends after its error"
    );
    drop(doomed);
    let after_failure = Checkpoint::load(&failed_path).unwrap();
    let rest = keys_of(
        scan(&session, ks, t, options().resume(after_failure))
            .await
            .unwrap(),
    )
    .await;
    assert_exactly_once(&[before, rest].concat(), &fx.keys, "failed + resumed");
    fx.drop_with(&session).await;
}
