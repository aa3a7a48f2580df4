//! [`scan_blocking`]: the scan for a blocking [`SyncSession`], as an
//! iterator. The same engine runs on a small runtime of the scan's own; its
//! page requests are `SyncSession::page` calls on that runtime's blocking
//! threads, at most `concurrency` at once.

use std::sync::Arc;

use cqlbridge_driver_api::{
    Error, ErrorKind, Page, PagingState, Prepared, Query, Result, Row, Values,
};
use cqlbridge_sync_bridge::SyncSession;
use futures::future::{BoxFuture, FutureExt};
use futures::StreamExt;

use crate::checkpoint::Checkpoint;
use crate::error::{ScanError, ScanResult};
use crate::options::ScanOptions;
use crate::progress::ScanProgress;
use crate::scan::Scan;
use crate::source::Source;
use crate::start::start;

/// A [`SyncSession`] as a scan's source: each call on a blocking thread.
#[derive(Debug)]
struct Blocking(SyncSession);

/// Runs `f` on the runtime's blocking pool.
fn off_thread<T: Send + 'static>(
    f: impl FnOnce() -> Result<T> + Send + 'static,
) -> BoxFuture<'static, Result<T>> {
    async move {
        tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| {
            Err(Error::new(
                ErrorKind::Other,
                format!("a scan request panicked: {e}"),
            ))
        })
    }
    .boxed()
}

impl Source for Blocking {
    fn prepare(&self, cql: String) -> BoxFuture<'static, Result<Prepared>> {
        let session = self.0.clone();
        off_thread(move || session.prepare(&cql))
    }

    fn page(
        &self,
        query: Query,
        values: Values,
        state: Option<PagingState>,
    ) -> BoxFuture<'static, Result<Page>> {
        let session = self.0.clone();
        off_thread(move || session.page(query, values, state))
    }
}

/// [`scan`](fn@crate::scan) for a blocking session: the same options, checks
/// and guarantees, the rows as an iterator. Call it from a thread outside
/// any Tokio runtime (inside one, use `scan`).
pub fn scan_blocking(
    session: &SyncSession,
    keyspace: &str,
    table: &str,
    options: ScanOptions,
) -> ScanResult<ScanIter> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(ScanError::Runtime {
            reason: "scan_blocking was called inside a Tokio runtime: use scan() there".into(),
        });
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .max_blocking_threads(options.concurrency_or_default() + 2)
        .thread_name("cqlbridge-scan")
        .enable_time()
        .build()
        .map_err(|e| ScanError::Runtime {
            reason: e.to_string(),
        })?;
    let source = Arc::new(Blocking(session.clone()));
    let scan = runtime.block_on(start(source, keyspace, table, options))?;
    Ok(ScanIter {
        scan: Some(scan),
        runtime: Some(runtime),
    })
}

/// The rows of a blocking scan, from [`scan_blocking`]: each exactly once;
/// after an `Err` the iterator ends.
#[derive(Debug)]
pub struct ScanIter {
    scan: Option<Scan>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl ScanIter {
    fn scan(&self) -> &Scan {
        self.scan
            .as_ref()
            .expect("the scan lives as long as the iterator")
    }

    /// How far the scan is.
    pub fn progress(&self) -> ScanProgress {
        self.scan().progress()
    }

    /// The checkpoint of every row handed out so far.
    pub fn checkpoint(&self) -> Checkpoint {
        self.scan().checkpoint()
    }

    /// Writes the checkpoint file now (a no-op without one).
    pub fn write_checkpoint(&mut self) -> ScanResult<()> {
        self.scan.as_mut().map_or(Ok(()), Scan::write_checkpoint)
    }
}

impl Iterator for ScanIter {
    type Item = ScanResult<Row>;

    fn next(&mut self) -> Option<Self::Item> {
        let (scan, runtime) = (self.scan.as_mut()?, self.runtime.as_ref()?);
        runtime.block_on(scan.next())
    }
}

impl Drop for ScanIter {
    fn drop(&mut self) {
        // The scan (its last checkpoint) first, then the runtime, which may
        // be dropped anywhere this way.
        drop(self.scan.take());
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
