//! The producers of a scan: at most `concurrency` tasks, each reading one
//! range at a time page by page, and the permits that bound how many pages
//! (fetched or being fetched) exist at once.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use cqlbridge_driver_api::{PagingState, Row};
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};
use tokio::task::AbortHandle;

use crate::error::ScanError;
use crate::fetch::{fetch_page, RangeQueries};
use crate::options::RetryPolicy;
use crate::source::Source;
use crate::throttle::Throttle;
use crate::token::TokenRange;

/// One range to read: from its start, or from a checkpoint's position.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    /// The range's index in the plan.
    pub(crate) index: usize,
    /// The range.
    pub(crate) range: TokenRange,
    /// The page to start from (`None`: the range's first).
    pub(crate) state: Option<PagingState>,
    /// Rows to drop from the front (handed out by an earlier run).
    pub(crate) skip: u64,
}

/// What a producer hands the consumer.
#[derive(Debug)]
pub(crate) enum Msg {
    /// A page of range `index`, fetched from `from`, its first `skipped`
    /// rows dropped; `next` leads on (`None`: the range is finished). The
    /// permit is released when the consumer has handed the rows out.
    Page {
        index: usize,
        from: Option<PagingState>,
        skipped: u64,
        rows: Vec<Row>,
        next: Option<PagingState>,
        permit: OwnedSemaphorePermit,
    },
    /// A page failed on every attempt: the scan stops.
    Failed(ScanError),
}

/// What every producer of one scan shares.
pub(crate) struct Engine {
    pub(crate) source: Arc<dyn Source>,
    pub(crate) queries: RangeQueries,
    pub(crate) jobs: Mutex<VecDeque<Job>>,
    pub(crate) permits: Arc<Semaphore>,
    pub(crate) throttle: Option<Throttle>,
    pub(crate) retry: RetryPolicy,
    /// Page requests made, retries included.
    pub(crate) requests: AtomicU64,
    pub(crate) stopped: AtomicBool,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("requests", &self.requests)
            .field("stopped", &self.stopped)
            .finish_non_exhaustive()
    }
}

impl Engine {
    fn next_job(&self) -> Option<Job> {
        if self.stopped.load(Ordering::Acquire) {
            return None;
        }
        self.jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop_front()
    }

    /// Starts `workers` producers on the current Tokio runtime.
    pub(crate) fn spawn(
        self: &Arc<Self>,
        workers: usize,
        tx: &mpsc::UnboundedSender<Msg>,
    ) -> Vec<AbortHandle> {
        (0..workers)
            .map(|_| tokio::spawn(work(self.clone(), tx.clone())).abort_handle())
            .collect()
    }
}

/// One producer: ranges from the queue until it is empty or the scan stops.
async fn work(engine: Arc<Engine>, tx: mpsc::UnboundedSender<Msg>) {
    while let Some(job) = engine.next_job() {
        if let Err(e) = read_range(&engine, job, &tx).await {
            engine.stopped.store(true, Ordering::Release);
            if let Some(e) = e {
                let _ = tx.send(Msg::Failed(e));
            }
            return;
        }
    }
}

/// Reads one range to its end. `Err(None)`: the consumer is gone or the
/// scan stopped; `Err(Some(e))`: a page failed.
async fn read_range(
    engine: &Engine,
    job: Job,
    tx: &mpsc::UnboundedSender<Msg>,
) -> Result<(), Option<ScanError>> {
    let mut state = job.state;
    let mut skip = job.skip;
    loop {
        let permit = engine
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| None)?;
        if engine.stopped.load(Ordering::Acquire) {
            return Err(None);
        }
        let page = fetch_page(
            &*engine.source,
            &engine.queries,
            job.range,
            state.clone(),
            &engine.retry,
            &engine.requests,
        )
        .await
        .map_err(Some)?;
        let mut rows = page.rows;
        let skipped = skip.min(rows.len() as u64);
        rows.drain(..skipped as usize);
        skip -= skipped;
        let next = page.paging_state;
        // A page with nothing to hand out mid-range is not sent: the
        // consumer's position (and so the checkpoint) stays where it was,
        // which resumes to the same place.
        if !rows.is_empty() || next.is_none() {
            if let Some(throttle) = &engine.throttle {
                throttle.take(rows.len()).await;
            }
            let msg = Msg::Page {
                index: job.index,
                from: state,
                skipped,
                rows,
                next: next.clone(),
                permit,
            };
            tx.send(msg).map_err(|_| None)?;
        }
        match next {
            Some(s) => state = Some(s),
            None => return Ok(()),
        }
    }
}
