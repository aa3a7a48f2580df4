//! [`ScanOptions`]: what a scan reads, how fast, how many ranges at once,
//! which shard, where it checkpoints and what it resumes; and
//! [`RetryPolicy`], how a failed page is retried.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use cqlbridge_driver_api::Consistency;

use crate::checkpoint::Checkpoint;
use crate::error::{ScanError, ScanResult};
use crate::progress::ScanProgress;

/// Ranges per node the default target assumes: a node's cores.
pub const DEFAULT_CORES_PER_NODE: usize = 4;
/// How many ranges per core the default target makes.
pub const DEFAULT_SPLIT_FACTOR: usize = 4;
/// The most ranges a scan may be cut into.
pub const MAX_RANGES: usize = 1 << 20;
/// Ranges read at once, by default.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// Rows per page, by default.
pub const DEFAULT_PAGE_SIZE: u32 = 1000;
/// How often the checkpoint file is rewritten, by default.
pub const DEFAULT_CHECKPOINT_INTERVAL: Duration = Duration::from_secs(5);

/// A progress callback: called with a snapshot.
pub type ProgressFn = Arc<dyn Fn(&ScanProgress) + Send + Sync>;

/// How a failed page is retried: up to `attempts` tries in all, waiting
/// `base`, `2·base`, `4·base`, … (at most `max`) between them. Only
/// transient errors (timeouts, unavailable, overloaded, lost connections)
/// are retried; any other fails the scan at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries in all, the first included (at least 1).
    pub attempts: u32,
    /// The wait after the first failure.
    pub base: Duration,
    /// The longest wait.
    pub max: Duration,
}

impl Default for RetryPolicy {
    /// 5 attempts, waiting 100 ms, 200 ms, 400 ms, 800 ms.
    fn default() -> Self {
        RetryPolicy {
            attempts: 5,
            base: Duration::from_millis(100),
            max: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// The wait after failed attempt `attempt` (1-based).
    pub fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32 << attempt.saturating_sub(1).min(20);
        self.base.saturating_mul(factor).min(self.max)
    }
}

/// How to scan a table. Built with chained setters over the defaults; every
/// value is checked when the scan starts, before any work.
///
/// ```
/// use std::time::Duration;
/// use cqlbridge_scan::ScanOptions;
///
/// let options = ScanOptions::new()
///     .columns(["id", "name"])
///     .concurrency(16)
///     .page_size(500)
///     .rate_limit(5_000)
///     .shard(0, 4)
///     .checkpoint_file("/tmp/users.scan.json")
///     .checkpoint_interval(Duration::from_secs(2));
/// # let _ = options;
/// ```
#[derive(Clone, Default)]
pub struct ScanOptions {
    pub(crate) columns: Option<Vec<String>>,
    pub(crate) ranges: Option<usize>,
    pub(crate) split_factor: Option<usize>,
    pub(crate) concurrency: Option<usize>,
    pub(crate) page_size: Option<u32>,
    pub(crate) consistency: Option<Consistency>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) rate: Option<u32>,
    pub(crate) retry: RetryPolicy,
    pub(crate) shard: Option<(u32, u32)>,
    pub(crate) resume: Option<Checkpoint>,
    pub(crate) checkpoint_file: Option<PathBuf>,
    pub(crate) checkpoint_interval: Option<Duration>,
    pub(crate) on_progress: Option<(Duration, ProgressFn)>,
}

impl ScanOptions {
    /// Every column, the default range count, [`DEFAULT_CONCURRENCY`]
    /// ranges at once, pages of [`DEFAULT_PAGE_SIZE`] rows, no throttle, the
    /// whole table, no checkpoint.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads only these columns (default: all, in schema order).
    pub fn columns<S: Into<String>>(mut self, columns: impl IntoIterator<Item = S>) -> Self {
        self.columns = Some(columns.into_iter().map(Into::into).collect());
        self
    }

    /// Cuts the ring into about `n` ranges and never fewer: each token range
    /// of the ring gets its share of `n`, rounded up (so at least one). Default: nodes × [`DEFAULT_CORES_PER_NODE`] × the split
    /// factor. Processes that share one table by [`ScanOptions::shard`] must
    /// use the same value.
    pub fn ranges(mut self, n: usize) -> Self {
        self.ranges = Some(n);
        self
    }

    /// The factor of the default range count (default
    /// [`DEFAULT_SPLIT_FACTOR`]); ignored when [`ScanOptions::ranges`] is set.
    pub fn split_factor(mut self, factor: usize) -> Self {
        self.split_factor = Some(factor);
        self
    }

    /// Reads at most `n` ranges at once (default [`DEFAULT_CONCURRENCY`]).
    /// At most `n` pages are held at once, so at most `n × page size` rows.
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = Some(n);
        self
    }

    /// Rows per page (default [`DEFAULT_PAGE_SIZE`]).
    pub fn page_size(mut self, rows: u32) -> Self {
        self.page_size = Some(rows);
        self
    }

    /// The consistency of every page (default: the session's).
    pub fn consistency(mut self, consistency: Consistency) -> Self {
        self.consistency = Some(consistency);
        self
    }

    /// The timeout of every page request (default: the session's).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Hands out at most `rows_per_sec` rows a second (0 is rejected).
    pub fn rate_limit(mut self, rows_per_sec: u32) -> Self {
        self.rate = Some(rows_per_sec);
        self
    }

    /// How failed pages are retried (default [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Reads shard `i` of `n`: every `n`-th range, from the `i`-th. `n`
    /// processes with the same ring and range count, shards `0..n`, read the
    /// table once between them with no coordinator.
    pub fn shard(mut self, i: u32, n: u32) -> Self {
        self.shard = Some((i, n));
        self
    }

    /// Continues the scan `checkpoint` was taken from: its finished ranges
    /// are skipped, its ranges in flight continue from their last page.
    pub fn resume(mut self, checkpoint: Checkpoint) -> Self {
        self.resume = Some(checkpoint);
        self
    }

    /// Writes the checkpoint to `path` (atomically: a temporary file, then
    /// a rename) every [`ScanOptions::checkpoint_interval`], when the scan
    /// ends or fails, and when it is dropped.
    pub fn checkpoint_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.checkpoint_file = Some(path.into());
        self
    }

    /// How often the checkpoint file is rewritten (default
    /// [`DEFAULT_CHECKPOINT_INTERVAL`]).
    pub fn checkpoint_interval(mut self, every: Duration) -> Self {
        self.checkpoint_interval = Some(every);
        self
    }

    /// Calls `f` with a progress snapshot at most once per `every` while
    /// rows are handed out, and once when the scan ends.
    pub fn on_progress(
        mut self,
        every: Duration,
        f: impl Fn(&ScanProgress) + Send + Sync + 'static,
    ) -> Self {
        self.on_progress = Some((every, Arc::new(f)));
        self
    }

    /// Rejects every value out of range, before any work.
    pub(crate) fn validate(&self) -> ScanResult<()> {
        let positive = |option, n: Option<usize>| match n {
            Some(0) => Err(ScanError::option(option, "must be at least 1")),
            Some(n) if n > MAX_RANGES => Err(ScanError::option(
                option,
                format!("{n} is more than the limit of {MAX_RANGES}"),
            )),
            _ => Ok(()),
        };
        positive("ranges", self.ranges)?;
        positive("split_factor", self.split_factor)?;
        positive("concurrency", self.concurrency)?;
        if self.page_size == Some(0) {
            return Err(ScanError::option("page_size", "must be at least 1 row"));
        }
        if self.rate == Some(0) {
            return Err(ScanError::option(
                "rate_limit",
                "a rate of 0 rows/s never ends",
            ));
        }
        if self.timeout.is_some_and(|t| t.is_zero()) {
            return Err(ScanError::option("timeout", "must be longer than zero"));
        }
        if let Some(path) = &self.checkpoint_file {
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
            if !dir.unwrap_or(std::path::Path::new(".")).is_dir() {
                return Err(ScanError::option(
                    "checkpoint_file",
                    format!("the folder of {} does not exist", path.display()),
                ));
            }
        }
        if self.retry.attempts == 0 {
            return Err(ScanError::option("retry", "attempts must be at least 1"));
        }
        match self.shard {
            Some((_, 0)) => Err(ScanError::option("shard", "n must be at least 1")),
            Some((i, n)) if i >= n => Err(ScanError::option(
                "shard",
                format!("shard {i} of {n} is out of range: i must be below n"),
            )),
            _ => Ok(()),
        }
    }

    /// The concurrency in force.
    pub(crate) fn concurrency_or_default(&self) -> usize {
        self.concurrency.unwrap_or(DEFAULT_CONCURRENCY)
    }

    /// The page size in force.
    pub(crate) fn page_size_or_default(&self) -> u32 {
        self.page_size.unwrap_or(DEFAULT_PAGE_SIZE)
    }

    /// The range count to aim for on a ring of `nodes` nodes.
    pub(crate) fn target_ranges(&self, nodes: usize) -> usize {
        self.ranges.unwrap_or_else(|| {
            let factor = self.split_factor.unwrap_or(DEFAULT_SPLIT_FACTOR);
            (nodes.max(1) * DEFAULT_CORES_PER_NODE * factor).min(MAX_RANGES)
        })
    }
}

impl fmt::Debug for ScanOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScanOptions")
            .field("columns", &self.columns)
            .field("ranges", &self.ranges)
            .field("split_factor", &self.split_factor)
            .field("concurrency", &self.concurrency)
            .field("page_size", &self.page_size)
            .field("consistency", &self.consistency)
            .field("timeout", &self.timeout)
            .field("rate", &self.rate)
            .field("retry", &self.retry)
            .field("shard", &self.shard)
            .field("resume", &self.resume.is_some())
            .field("checkpoint_file", &self.checkpoint_file)
            .field("checkpoint_interval", &self.checkpoint_interval)
            .field("on_progress", &self.on_progress.as_ref().map(|(d, _)| d))
            .finish()
    }
}
