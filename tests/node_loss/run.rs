//! One node-loss run: a backend × API under the write load while node 2 is
//! killed and started again, then the acknowledged writes read back at ALL.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cqlbridge::{BackendKind, Consistency, PageSize, Session, Statement};
use cqlbridge_testbed::{ddl, Keyspace, TestBed};
use futures::StreamExt;

use crate::load::{self, Api};
use crate::nodes;

/// The request timeout of every write.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(5);
/// The load runs this long before the kill.
const BEFORE_KILL: Duration = Duration::from_secs(10);
/// The node stays down this long.
const DOWN_FOR: Duration = Duration::from_secs(15);
/// The load goes on this long after the node answers again.
const AFTER_BACK: Duration = Duration::from_secs(20);
/// The load runs at least this long.
const AT_LEAST: Duration = Duration::from_secs(60);
/// Attempts at the read-back (each bounded by its own timeout).
const READ_TRIES: u32 = 5;

/// The figures of one run.
#[derive(Debug)]
pub(crate) struct NodeLoss {
    /// `scylla` or `cpp`.
    pub(crate) backend: &'static str,
    /// `async` or `sync`.
    pub(crate) api: &'static str,
    /// Writes made.
    pub(crate) calls: u64,
    /// Writes acknowledged.
    pub(crate) acked: usize,
    /// Acknowledged writes missing from the read at ALL.
    pub(crate) lost: usize,
    /// Errors by kind.
    pub(crate) errors: BTreeMap<&'static str, u64>,
    /// Messages of untyped (`Other`) errors.
    pub(crate) untyped: Vec<String>,
    /// The longest call.
    pub(crate) longest: Duration,
    /// What no call may exceed: the timeout plus the bridge's wait margin.
    pub(crate) bound: Duration,
    /// When node 2 was killed, from the start of the load.
    pub(crate) killed_at: Duration,
    /// When it answered CQL again.
    pub(crate) back_at: Duration,
    /// How long the load ran.
    pub(crate) ran: Duration,
    /// Errors after the node answered again.
    pub(crate) errors_after_back: usize,
    /// From the node's return to the last error after it (0: none).
    pub(crate) recovery: Duration,
    /// From the kill to the last error before the return (0: none).
    pub(crate) kill_disruption: Duration,
}

/// The session the load goes through.
async fn api(config: &cqlbridge::Config, sync: bool) -> Result<Api, String> {
    if sync {
        let config = config.clone();
        tokio::task::spawn_blocking(move || cqlbridge::connect_blocking(&config))
            .await
            .map_err(|e| e.to_string())?
            .map(Api::Sync)
            .map_err(|e| format!("connect (sync): {e}"))
    } else {
        cqlbridge::connect(config)
            .await
            .map(Api::Async)
            .map_err(|e| format!("connect: {e}"))
    }
}

/// Every key in `table`, read at ALL.
async fn read_back(admin: &Session, table: &str) -> Result<HashSet<i64>, String> {
    let mut last = String::new();
    for _ in 0..READ_TRIES {
        let st = Statement::new(format!("SELECT k FROM {table}"))
            .with_consistency(Consistency::All)
            .with_page_size(PageSize::Rows(5000))
            .with_timeout(Duration::from_secs(30));
        let mut rows = admin.stream(st, ());
        let mut keys = HashSet::new();
        let mut failed = None;
        while let Some(row) = rows.next().await {
            match row.and_then(|r| r.get::<i64>(0)) {
                Ok(k) => {
                    keys.insert(k);
                }
                Err(e) => {
                    failed = Some(e.to_string());
                    break;
                }
            }
        }
        match failed {
            None => return Ok(keys),
            Some(e) => last = e,
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    Err(format!(
        "reading back at ALL failed {READ_TRIES} times: {last}"
    ))
}

/// Runs `db` in a blocking task.
async fn db(args: &'static [&'static str]) -> Result<(), String> {
    tokio::task::spawn_blocking(move || nodes::db(args))
        .await
        .map_err(|e| e.to_string())?
}

/// One run of `backend` through the async (`sync`: false) or blocking API.
pub(crate) async fn node_loss(
    bed: &TestBed,
    backend: BackendKind,
    sync: bool,
) -> Result<NodeLoss, String> {
    let config = bed.config(backend).request_timeout(TIMEOUT);
    let admin = cqlbridge::connect(&config.clone().request_timeout(Duration::from_secs(30)))
        .await
        .map_err(|e| format!("admin connect: {e}"))?;
    let ks = Keyspace::create(&admin, "nodeloss", 3)
        .await
        .map_err(|e| format!("keyspace: {e}"))?;
    let table = format!("{}.writes", ks.name);
    ddl(
        &admin,
        &format!("CREATE TABLE {table} (k bigint PRIMARY KEY, v bigint)"),
    )
    .await
    .map_err(|e| format!("table: {e}"))?;
    let api = api(&config, sync).await?;
    let cql = format!("INSERT INTO {table} (k, v) VALUES (?, ?)");
    let insert = match &api {
        Api::Async(s) => s.prepare(&cql).await,
        Api::Sync(s) => {
            let s = s.clone();
            tokio::task::spawn_blocking(move || s.prepare(&cql))
                .await
                .map_err(|e| e.to_string())?
        }
    }
    .map_err(|e| format!("prepare: {e}"))?;
    let name = api.name();
    eprintln!(
        "node-loss: {backend} {name}: {} writers at QUORUM",
        load::WORKERS
    );

    let stop = Arc::new(AtomicBool::new(false));
    let t0 = Instant::now();
    let writers = tokio::spawn(load::run(api.clone(), insert, stop.clone(), t0));
    tokio::time::sleep(BEFORE_KILL).await;
    let killed = db(&["kill-node", "2"]).await;
    let killed_at = t0.elapsed();
    tokio::time::sleep(DOWN_FOR).await;
    let started = db(&["start-node", "2"]).await;
    let back_at = t0.elapsed();
    if killed.is_ok() && started.is_ok() {
        let until = (back_at + AFTER_BACK).max(AT_LEAST);
        tokio::time::sleep(until.saturating_sub(t0.elapsed())).await;
    }
    stop.store(true, Ordering::Relaxed);
    let tally = writers.await.map_err(|e| format!("writers: {e}"))?;
    let ran = t0.elapsed();
    killed?;
    started?;
    if let Api::Sync(s) = &api {
        let _ = s.close();
    } else if let Api::Async(s) = &api {
        let _ = s.close().await;
    }

    let found = read_back(&admin, &table).await?;
    let lost = tally.acked.iter().filter(|k| !found.contains(k)).count();
    let after: Vec<Duration> = tally
        .error_times
        .iter()
        .copied()
        .filter(|t| *t > back_at)
        .collect();
    let before_back = tally
        .error_times
        .iter()
        .filter(|t| **t > killed_at && **t <= back_at)
        .max()
        .map_or(Duration::ZERO, |t| t.saturating_sub(killed_at));
    let recovery = after
        .iter()
        .max()
        .map_or(Duration::ZERO, |t| t.saturating_sub(back_at));
    let _ = ks.drop_with(&admin).await;
    let _ = admin.close().await;
    Ok(NodeLoss {
        backend: backend.as_str(),
        api: name,
        calls: tally.calls,
        acked: tally.acked.len(),
        lost,
        errors: tally.errors,
        untyped: tally.untyped,
        longest: tally.longest,
        bound: TIMEOUT + cqlbridge::DEFAULT_WAIT_MARGIN,
        killed_at,
        back_at,
        ran,
        errors_after_back: after.len(),
        recovery,
        kill_disruption: before_back,
    })
}
