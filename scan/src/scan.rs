//! [`Scan`]: the rows of a running scan as a `Stream`, with its progress
//! and checkpoint at any time.

use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{PagingState, Row};
use futures::Stream;
use tokio::sync::{mpsc, OwnedSemaphorePermit};
use tokio::task::AbortHandle;

use crate::checkpoint::Checkpoint;
use crate::error::{ScanError, ScanResult};
use crate::options::ProgressFn;
use crate::plan::Plan;
use crate::progress::ScanProgress;
use crate::tracker::Tracker;
use crate::worker::{Engine, Msg};

/// The page being handed out.
#[derive(Debug)]
struct Current {
    index: usize,
    rows: std::vec::IntoIter<Row>,
    next: Option<PagingState>,
    /// Released (letting a producer fetch another page) once handed out.
    _permit: OwnedSemaphorePermit,
}

/// Where the stream is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Running,
    Ended,
}

/// Where and how often the checkpoint is written.
#[derive(Debug)]
pub(crate) struct CheckpointSink {
    pub(crate) path: Option<PathBuf>,
    pub(crate) every: Duration,
    pub(crate) last: Instant,
}

/// The progress callback and how often it is called.
pub(crate) struct ProgressSink {
    pub(crate) every: Duration,
    pub(crate) f: ProgressFn,
    pub(crate) last: Instant,
}

/// A running scan: a [`Stream`] of every row of the table (or its shard),
/// each exactly once, in no particular order across ranges. At most
/// `concurrency` pages are held at once. The stream ends after the last
/// row, or after one `Err` (a page that failed on every attempt, or a
/// checkpoint that could not be written); [`Scan::checkpoint`] then resumes
/// it. Dropping it stops the producers and writes the checkpoint file (when
/// one is set).
pub struct Scan {
    rx: mpsc::UnboundedReceiver<Msg>,
    current: Option<Current>,
    tracker: Tracker,
    engine: Arc<Engine>,
    tasks: Vec<AbortHandle>,
    plan: Plan,
    phase: Phase,
    pending_error: Option<ScanError>,
    write_due: bool,
    checkpoints: CheckpointSink,
    progress: Option<ProgressSink>,
}

impl Scan {
    pub(crate) fn new(
        rx: mpsc::UnboundedReceiver<Msg>,
        tracker: Tracker,
        engine: Arc<Engine>,
        tasks: Vec<AbortHandle>,
        plan: Plan,
        checkpoints: CheckpointSink,
        progress: Option<ProgressSink>,
    ) -> Self {
        Scan {
            rx,
            current: None,
            tracker,
            engine,
            tasks,
            plan,
            phase: Phase::Running,
            pending_error: None,
            write_due: false,
            checkpoints,
            progress,
        }
    }

    /// The ranges and shard this scan reads.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// How far the scan is.
    pub fn progress(&self) -> ScanProgress {
        self.tracker.progress(
            self.plan.selected.len(),
            self.engine.requests.load(Ordering::Relaxed),
        )
    }

    /// The checkpoint of every row handed out so far: resuming from it reads
    /// every other row of the scan exactly once.
    pub fn checkpoint(&self) -> Checkpoint {
        self.tracker.checkpoint()
    }

    /// Writes the checkpoint file now (a no-op without one).
    pub fn write_checkpoint(&mut self) -> ScanResult<()> {
        self.checkpoints.last = Instant::now();
        match &self.checkpoints.path {
            Some(path) => self.tracker.checkpoint().save(path),
            None => Ok(()),
        }
    }

    fn report_progress(&mut self) {
        let snapshot = self.progress();
        if let Some(p) = &mut self.progress {
            p.last = Instant::now();
            (p.f)(&snapshot);
        }
    }

    /// The page in hand was handed out in full.
    fn close_page(&mut self) {
        if let Some(cur) = self.current.take() {
            self.tracker.page_done(cur.index, cur.next);
            self.write_due = self.checkpoints.last.elapsed() >= self.checkpoints.every;
        }
        if self
            .progress
            .as_ref()
            .is_some_and(|p| p.last.elapsed() >= p.every)
        {
            self.report_progress();
        }
    }

    /// The interval's checkpoint write, when one is due. It runs when the
    /// caller asks for the next row, so the file never counts a row the
    /// caller has not come back from: a process killed at any point resumes
    /// without losing a row (and repeats at most the rows since the write).
    fn write_if_due(&mut self) -> ScanResult<()> {
        if std::mem::take(&mut self.write_due) {
            self.write_checkpoint()?;
        }
        Ok(())
    }

    /// Stops the producers, writes the last checkpoint and reports.
    fn end(&mut self) -> ScanResult<()> {
        self.phase = Phase::Ended;
        self.engine.stopped.store(true, Ordering::Release);
        self.tasks.iter().for_each(AbortHandle::abort);
        self.rx.close();
        let written = self.write_checkpoint();
        self.report_progress();
        written
    }
}

impl Stream for Scan {
    type Item = ScanResult<Row>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Err(e) = this.write_if_due() {
            this.pending_error = Some(e);
        }
        loop {
            if let Some(e) = this.pending_error.take() {
                let _ = this.end();
                return Poll::Ready(Some(Err(e)));
            }
            if let Some(cur) = &mut this.current {
                if let Some(row) = cur.rows.next() {
                    let (index, last) = (cur.index, cur.rows.len() == 0);
                    this.tracker.row(index);
                    if last {
                        this.close_page();
                    }
                    return Poll::Ready(Some(Ok(row)));
                }
                this.close_page();
                continue;
            }
            if this.phase == Phase::Ended {
                return Poll::Ready(None);
            }
            match ready!(this.rx.poll_recv(cx)) {
                Some(Msg::Page {
                    index,
                    from,
                    skipped,
                    rows,
                    next,
                    permit,
                }) => {
                    this.tracker.page_started(index, from, skipped);
                    this.current = Some(Current {
                        index,
                        rows: rows.into_iter(),
                        next,
                        _permit: permit,
                    });
                }
                Some(Msg::Failed(e)) => {
                    let _ = this.end();
                    return Poll::Ready(Some(Err(e)));
                }
                None => {
                    return Poll::Ready(this.end().err().map(Err));
                }
            }
        }
    }
}

impl Drop for Scan {
    fn drop(&mut self) {
        if self.phase == Phase::Running {
            let _ = self.end();
        }
    }
}

impl std::fmt::Debug for Scan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scan")
            .field("keyspace", &self.plan.keyspace)
            .field("table", &self.plan.table)
            .field("progress", &self.progress())
            .finish_non_exhaustive()
    }
}
