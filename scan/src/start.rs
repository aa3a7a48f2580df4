//! [`scan`]: checks the options, the table, the ring and the checkpoint
//! (all before any range is read), then starts the producers.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use cqlbridge_driver_api::{PageSize, PagingState, Prepared, Query, Session};
use tokio::sync::{mpsc, Semaphore};

use crate::error::{ScanError, ScanResult};
use crate::fetch::RangeQueries;
use crate::options::{ScanOptions, DEFAULT_CHECKPOINT_INTERVAL};
use crate::plan::Plan;
use crate::ring::read_ring;
use crate::scan::{CheckpointSink, ProgressSink, Scan};
use crate::source::Source;
use crate::table::read_table;
use crate::throttle::Throttle;
use crate::tracker::Tracker;
use crate::worker::{Engine, Job};

/// Starts a scan of `keyspace.table` on `session` (names as the schema
/// spells them, case kept). Every bad input (see [`ScanError`]) is an error
/// here, before any range is read and before any checkpoint is written.
///
/// Needs a Tokio runtime: the producers are tasks on the current one.
///
/// ```no_run
/// # async fn demo(session: cqlbridge_driver_api::Session) -> Result<(), cqlbridge_scan::ScanError> {
/// use futures::TryStreamExt;
/// use cqlbridge_scan::{scan, ScanOptions};
///
/// let mut rows = scan(&session, "shop", "orders", ScanOptions::new().concurrency(8)).await?;
/// while let Some(row) = rows.try_next().await? {
///     let _id: i64 = row.get("id").unwrap();
/// }
/// println!("{:?}", rows.progress());
/// # Ok(()) }
/// ```
pub async fn scan(
    session: &Session,
    keyspace: &str,
    table: &str,
    options: ScanOptions,
) -> ScanResult<Scan> {
    start(Arc::new(session.clone()), keyspace, table, options).await
}

/// [`scan`] over any [`Source`].
pub(crate) async fn start(
    source: Arc<dyn Source>,
    keyspace: &str,
    table: &str,
    options: ScanOptions,
) -> ScanResult<Scan> {
    options.validate()?;
    tokio::runtime::Handle::try_current().map_err(|e| ScanError::Runtime {
        reason: e.to_string(),
    })?;
    let shape = read_table(&*source, keyspace, table).await?;
    let select = shape.select_list(&format!("{keyspace}.{table}"), options.columns.as_deref())?;
    let ring = read_ring(&*source).await?;
    let shard = options.shard.unwrap_or((0, 1));
    let plan = Plan::new(
        keyspace,
        table,
        &ring.tokens,
        options.target_ranges(ring.nodes),
        shard,
    );
    let resumed = options.resume.clone();
    let (jobs, positions) = jobs(&plan, resumed.as_ref())?;
    let (open, from_min) = shape.range_cql(keyspace, table, &select);
    let queries = RangeQueries {
        open: prepare(&*source, open, &options).await?,
        from_min: prepare(&*source, from_min, &options).await?,
    };

    let concurrency = options.concurrency_or_default();
    let workers = concurrency.min(jobs.len());
    let engine = Arc::new(Engine {
        source,
        queries,
        jobs: Mutex::new(jobs),
        permits: Arc::new(Semaphore::new(concurrency)),
        throttle: options.rate.and_then(NonZeroU32::new).map(Throttle::new),
        retry: options.retry,
        requests: AtomicU64::new(0),
        stopped: AtomicBool::new(false),
    });
    let (tx, rx) = mpsc::unbounded_channel();
    let tasks = engine.spawn(workers, &tx);
    drop(tx);
    let tracker = Tracker::new(&plan, resumed, positions);
    let checkpoints = CheckpointSink {
        path: options.checkpoint_file.clone(),
        every: options
            .checkpoint_interval
            .unwrap_or(DEFAULT_CHECKPOINT_INTERVAL),
        last: Instant::now(),
    };
    let progress = options.on_progress.clone().map(|(every, f)| ProgressSink {
        every,
        f,
        // Due at the first page handed out.
        last: Instant::now()
            .checked_sub(every)
            .unwrap_or_else(Instant::now),
    });
    Ok(Scan::new(
        rx,
        tracker,
        engine,
        tasks,
        plan,
        checkpoints,
        progress,
    ))
}

/// Positions of the ranges in flight, by index: their page and rows out.
type Positions = BTreeMap<usize, (Option<PagingState>, u64)>;

/// The ranges left to read (those in flight first) and where each range in
/// flight stands, after checking `resumed` belongs to `plan`.
fn jobs(
    plan: &Plan,
    resumed: Option<&crate::checkpoint::Checkpoint>,
) -> ScanResult<(VecDeque<Job>, Positions)> {
    let mut positions = Positions::new();
    let mut finished = BTreeSet::new();
    if let Some(checkpoint) = resumed {
        checkpoint.check_matches(plan)?;
        finished.extend(checkpoint.finished.iter().copied());
        for f in &checkpoint.in_flight {
            positions.insert(f.range, (f.state()?, f.skip));
        }
    }
    let job = |index: usize| {
        let (state, skip) = positions.get(&index).cloned().unwrap_or((None, 0));
        Job {
            index,
            range: plan.ranges[index],
            state,
            skip,
        }
    };
    let in_flight = positions.keys().copied().filter(|i| !finished.contains(i));
    let fresh = plan
        .selected
        .iter()
        .copied()
        .filter(|i| !finished.contains(i) && !positions.contains_key(i));
    let jobs = in_flight.chain(fresh).map(job).collect();
    Ok((jobs, positions))
}

/// Prepares one range query with the scan's page size, consistency and
/// timeout; range reads are idempotent.
async fn prepare(source: &dyn Source, cql: String, options: &ScanOptions) -> ScanResult<Query> {
    let prepared: Prepared = source
        .prepare(cql)
        .await
        .map_err(ScanError::query("the range query"))?;
    let mut prepared = prepared
        .with_page_size(PageSize::Rows(options.page_size_or_default()))
        .with_idempotent(true);
    if let Some(c) = options.consistency {
        prepared = prepared.with_consistency(c);
    }
    if let Some(t) = options.timeout {
        prepared = prepared.with_timeout(t);
    }
    Ok(Query::Prepared(prepared))
}
