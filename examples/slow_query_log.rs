//! A slow-query log built on `RequestObserver`: every request that takes
//! longer than a threshold (and every one that fails) is printed with its
//! latency, kind, operation, consistency, profile, CQL text (never the bound
//! values) and outcome, as a service would write it to its log.
//!
//! Two observers are registered on the same session: one at the threshold
//! (`SLOW_QUERY_MS`, default 50 ms), and one at 0 ms that therefore logs
//! every request, which makes the count checkable. The workload: a prepared
//! insert of 40 rows, 10 reads of one row (5 of them on an execution profile
//! `reporting`), and one read of a table that does not exist. The session's
//! metrics then give the latency percentiles (µs, the same on every backend).
//!
//! `cargo run --example slow_query_log --features all-drivers -- --backend scylla|cpp`

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{ddl, outcome};
use cqlbridge::{
    Consistency, ExecOptions, RequestInfo, RequestObserver, RequestOutcome, Result, Session,
    Statement,
};

/// One request the log kept.
#[derive(Debug, Clone)]
struct Entry {
    line: String,
    error: Option<&'static str>,
}

/// Logs every request slower than `threshold`, and every failed one.
#[derive(Debug)]
struct SlowQueryLog {
    threshold: Duration,
    /// Print each entry as it is logged.
    print: bool,
    seen: Mutex<u64>,
    entries: Mutex<Vec<Entry>>,
}

impl SlowQueryLog {
    fn new(threshold: Duration, print: bool) -> Self {
        SlowQueryLog {
            threshold,
            print,
            seen: Mutex::new(0),
            entries: Mutex::new(Vec::new()),
        }
    }

    fn seen(&self) -> u64 {
        *self.seen.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn entries(&self) -> Vec<Entry> {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

impl RequestObserver for SlowQueryLog {
    fn on_end(&self, info: &RequestInfo<'_>, latency: Duration, result: &RequestOutcome<'_>) {
        *self.seen.lock().unwrap_or_else(|p| p.into_inner()) += 1;
        let error = match result {
            RequestOutcome::Err(e) => Some(e.kind().name()),
            _ => None,
        };
        if latency < self.threshold && error.is_none() {
            return;
        }
        let result = match result {
            RequestOutcome::Ok { rows } => format!("ok, {rows} rows"),
            RequestOutcome::Err(e) => format!("error {}: {}", e.kind().name(), e.message()),
            RequestOutcome::Cancelled => "cancelled".to_string(),
            _ => "?".to_string(),
        };
        let consistency = info.options.consistency.map_or("-", Consistency::as_str);
        let line = format!(
            "slow query: {:>8.1} ms {} {} [{} {consistency}{}] {} -> {result}",
            latency.as_secs_f64() * 1000.0,
            info.kind,
            info.operation,
            info.backend,
            info.options
                .profile
                .as_deref()
                .map(|p| format!(" profile {p}"))
                .unwrap_or_default(),
            info.cql.unwrap_or("(batch)"),
        );
        if self.print {
            println!("{line}");
        }
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Entry { line, error });
    }
}

/// The threshold: `SLOW_QUERY_MS` milliseconds, else 50.
fn threshold() -> Duration {
    let ms = std::env::var("SLOW_QUERY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    Duration::from_millis(ms)
}

#[tokio::main]
async fn main() {
    common::finish("slow_query_log", run().await);
}

async fn run() -> Result<()> {
    let config = common::config()?.profile(
        "reporting",
        ExecOptions::new().consistency(Consistency::One),
    );
    let session = cqlbridge::connect(&config).await?;
    let ks = common::keyspace_name("slow_query_log");
    common::create_keyspace(&session, &ks).await?;
    let result = workload(&session, &ks).await;
    let dropped = common::drop_keyspace(&session, &ks).await;
    session.close().await?;
    result.and(dropped)
}

async fn workload(session: &Session, ks: &str) -> Result<()> {
    session
        .execute(
            ddl(format!(
                "CREATE TABLE {ks}.orders (id int PRIMARY KEY, item text, qty int)"
            )),
            (),
        )
        .await?;
    let slow = Arc::new(SlowQueryLog::new(threshold(), true));
    let every = Arc::new(SlowQueryLog::new(Duration::ZERO, false));
    session.add_observer(slow.clone());
    session.add_observer(every.clone());
    let before = session.metrics().total;
    println!(
        "logging requests slower than {:?} (SLOW_QUERY_MS), and every error",
        slow.threshold
    );

    let insert = session
        .prepare(&format!(
            "INSERT INTO {ks}.orders (id, item, qty) VALUES (?, ?, ?)"
        ))
        .await?;
    for id in 0..40i32 {
        session
            .execute(&insert, (id, format!("item-{id}"), id % 7))
            .await?;
    }
    let read = format!("SELECT item, qty FROM {ks}.orders WHERE id = ?");
    let mut found = 0;
    for id in 0..10i32 {
        let mut statement = Statement::new(read.as_str());
        if id % 2 == 1 {
            statement = statement.with_profile("reporting");
        }
        found += session.execute(statement, (id,)).await?.rows().len();
    }
    let missing = session
        .execute(format!("SELECT * FROM {ks}.no_such_table"), ())
        .await;

    let after = session.metrics();
    let entries = every.entries();
    let errors: Vec<&str> = entries.iter().filter_map(|e| e.error).collect();
    outcome("rows_found", found);
    outcome("missing_table_failed", missing.is_err());
    outcome("observed", every.seen());
    outcome("logged_at_0ms", entries.len());
    outcome("errors_logged", errors.len());
    outcome("error_kind", errors.first().copied().unwrap_or("none"));
    outcome("slow_logged", slow.entries().len());
    outcome("slow_seen", slow.seen());
    outcome("metrics_requests", after.total.requests - before.requests);
    outcome(
        "metrics_reporting",
        after.profile("reporting").map_or(0, |p| p.requests),
    );
    let l = after.total.latency;
    outcome(
        "latency_ordered",
        l.p50_us > 0 && l.p50_us <= l.p95_us && l.p95_us <= l.p99_us && l.p99_us <= l.max_us,
    );
    println!(
        "latency over the session (µs): p50 {} p95 {} p99 {} p99.9 {} max {}",
        l.p50_us, l.p95_us, l.p99_us, l.p999_us, l.max_us
    );
    if let Some(first) = entries.first() {
        println!("first entry of the 0 ms log: {}", first.line);
    }
    Ok(())
}
