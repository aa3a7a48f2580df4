//! An Argus-style test tracker: test runs under a composite partition key
//! `((release, group_name), test, started_at, run_id)`, their events under
//! `((run_id, severity), ts, seq)`, ingested in one unlogged batch per event
//! partition from many tasks, through a handful of prepared statements
//! prepared once and reused for every write and read; then partition-scoped
//! queries: a group's runs, one test's runs newest first, one run's errors.
//!
//! `cargo run --example argus_tracker --features all-drivers -- --backend scylla|cpp`

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::{other, outcome};
use cqlbridge::{Batch, BatchKind, CqlTimestamp, Result, Session};
use uuid::Uuid;

/// The release tracked.
const RELEASE: &str = "2026.1";
/// Test groups; runs `0..6` are in the first, `6..12` in the second.
const GROUPS: [&str; 2] = ["longevity", "upgrade"];
/// How many runs: three tests per group, two attempts per test.
const RUNS: usize = 12;
/// When run 0 started (ms since the epoch); each next run one hour later.
const START_MS: i64 = 1_772_323_200_000;

/// Run `n`: its id (deterministic), group, test and start.
fn run_of(n: usize) -> (Uuid, &'static str, String, CqlTimestamp) {
    let id = Uuid::from_u128(0xA265_0000 + n as u128);
    let test = format!("test_{}", (n % 6) / 2);
    (
        id,
        GROUPS[n / 6],
        test,
        CqlTimestamp(START_MS + n as i64 * 3_600_000),
    )
}

/// How many events of each severity run `n` reports.
fn events_of(n: usize) -> [(&'static str, usize); 4] {
    [
        ("NORMAL", 20),
        ("WARNING", 6),
        ("ERROR", 3 + n % 2),
        ("CRITICAL", usize::from(n.is_multiple_of(3))),
    ]
}

#[tokio::main]
async fn main() {
    common::finish("argus_tracker", run().await);
}

async fn run() -> Result<()> {
    let config = common::config()?;
    let session = cqlbridge::connect(&config).await?;
    let ks = common::keyspace_name("argus_tracker");
    common::create_keyspace(&session, &ks).await?;
    let result = track(&session, &ks).await;
    let dropped = common::drop_keyspace(&session, &ks).await;
    session.close().await?;
    result.and(dropped)
}

async fn track(session: &Session, ks: &str) -> Result<()> {
    for ddl in [
        format!(
            "CREATE TABLE {ks}.runs (release text, group_name text, test text, \
             started_at timestamp, run_id uuid, status text, \
             PRIMARY KEY ((release, group_name), test, started_at, run_id)) \
             WITH CLUSTERING ORDER BY (test ASC, started_at DESC, run_id ASC)"
        ),
        format!(
            "CREATE TABLE {ks}.run_events (run_id uuid, severity text, ts timestamp, seq int, \
             message text, PRIMARY KEY ((run_id, severity), ts, seq))"
        ),
    ] {
        session.execute(common::ddl(ddl), ()).await?;
    }
    let runs = format!("{ks}.runs");
    let events = format!("{ks}.run_events");
    let insert_run = session
        .prepare(&format!(
            "INSERT INTO {runs} (release, group_name, test, started_at, run_id, status) \
             VALUES (?, ?, ?, ?, ?, 'running')"
        ))
        .await?;
    let insert_event = session
        .prepare(&format!(
            "INSERT INTO {events} (run_id, severity, ts, seq, message) VALUES (?, ?, ?, ?, ?)"
        ))
        .await?;
    let set_status = session
        .prepare(&format!(
            "UPDATE {runs} SET status = ? WHERE release = ? AND group_name = ? AND test = ? \
             AND started_at = ? AND run_id = ?"
        ))
        .await?;
    let executions = Arc::new(AtomicUsize::new(0));

    // One task per run: register it, send its events (a batch per partition), set its status.
    let tasks: Vec<_> = (0..RUNS)
        .map(|n| {
            let (session, executions) = (session.clone(), executions.clone());
            let (insert_run, insert_event) = (insert_run.clone(), insert_event.clone());
            let set_status = set_status.clone();
            tokio::spawn(async move {
                let (id, group, test, started) = run_of(n);
                session
                    .execute(&insert_run, (RELEASE, group, test.as_str(), started, id))
                    .await?;
                let mut seq = 0i32;
                for (severity, count) in events_of(n).into_iter().filter(|e| e.1 > 0) {
                    let mut batch = Batch::new(BatchKind::Unlogged);
                    for _ in 0..count {
                        let ts = CqlTimestamp(started.millis() + i64::from(seq) * 1_000);
                        let message = format!("{severity} event {seq} of run {n}");
                        batch.push(&insert_event, (id, severity, ts, seq, message));
                        seq += 1;
                    }
                    executions.fetch_add(batch.len(), Ordering::Relaxed);
                    session.batch(&batch).await?;
                }
                let failed = events_of(n)[3].1 > 0;
                let status = if failed { "failed" } else { "passed" };
                let key = (status, RELEASE, group, test.as_str(), started, id);
                session.execute(&set_status, key).await?;
                executions.fetch_add(2, Ordering::Relaxed);
                Ok::<_, cqlbridge::Error>(seq)
            })
        })
        .collect();
    let mut ingested = 0;
    for task in tasks {
        ingested += task.await.map_err(other)??;
    }
    println!("{RUNS} runs reported {ingested} events in one batch per (run, severity)");
    outcome("events_ingested", ingested);

    // Partition-scoped reads, prepared once and reused for every partition.
    let group_runs = session
        .prepare(&format!(
            "SELECT test, started_at, status FROM {runs} WHERE release = ? AND group_name = ?"
        ))
        .await?;
    let test_runs = session
        .prepare(&format!(
            "SELECT started_at FROM {runs} WHERE release = ? AND group_name = ? AND test = ?"
        ))
        .await?;
    let run_events = session
        .prepare(&format!(
            "SELECT seq FROM {events} WHERE run_id = ? AND severity = ?"
        ))
        .await?;
    for group in GROUPS {
        let rows = session.execute(&group_runs, (RELEASE, group)).await?;
        let failed = rows
            .map_rows(|r| r.get::<String>("status"))?
            .iter()
            .filter(|s| *s == "failed")
            .count();
        println!("  {group}: {} runs, {failed} failed", rows.rows().len());
        outcome(&format!("runs[{group}]"), rows.rows().len());
        outcome(&format!("failed[{group}]"), failed);
    }
    let attempts = session
        .execute(&test_runs, (RELEASE, GROUPS[0], "test_1"))
        .await?;
    let starts = attempts.map_rows(|r| Ok(r.get::<CqlTimestamp>(0)?.millis()))?;
    let (_, _, _, later) = run_of(3);
    println!(
        "longevity/test_1: {} attempts, newest first: {}",
        starts.len(),
        starts.first() == Some(&later.millis())
    );
    outcome("test_1_attempts", starts.len());
    outcome(
        "newest_first",
        starts.windows(2).all(|w| w[0] > w[1]) && starts.first() == Some(&later.millis()),
    );
    let mut total = 0;
    for n in 0..RUNS {
        let (id, ..) = run_of(n);
        for (severity, _) in events_of(n) {
            total += session
                .execute(&run_events, (id, severity))
                .await?
                .rows()
                .len();
        }
        executions.fetch_add(4, Ordering::Relaxed);
    }
    let (run1, ..) = run_of(1);
    let errors = session
        .execute(&run_events, (run1, "ERROR"))
        .await?
        .rows()
        .len();
    outcome("errors[run1]", errors);
    outcome("events_read", total);
    // Preparing again is a cache hit: every statement was prepared once.
    let cached = session.prepared_cache_len();
    let again = session.prepare(insert_event.cql()).await?;
    let hit = session.prepared_cache_len() == cached && again.cql() == insert_event.cql();
    println!(
        "{} executions through {cached} prepared statements; preparing one again hit the cache: {hit}",
        executions.load(Ordering::Relaxed)
    );
    outcome("prepared_statements", cached);
    outcome("prepare_again_cached", hit);
    Ok(())
}
