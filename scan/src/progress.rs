//! [`ScanProgress`]: a snapshot of how far a scan is.

use std::time::Duration;

/// How far a scan is, as the rows handed out so far show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanProgress {
    /// Ranges this scan (its shard) reads.
    pub ranges_total: usize,
    /// Of those, the ranges finished (this run or a resumed one).
    pub ranges_done: usize,
    /// Rows handed out by this run.
    pub rows: u64,
    /// Rows handed out by this run and the runs it resumes.
    pub rows_total: u64,
    /// Page requests this run made, retries included.
    pub requests: u64,
    /// Since the scan started.
    pub elapsed: Duration,
    /// `rows / elapsed`.
    pub rows_per_sec: f64,
    /// The share of this scan's token space in finished ranges, `0..=1`
    /// (for a shard, of the shard's share).
    pub fraction: f64,
    /// The time left at this run's pace so far; `None` before a range of
    /// this run has finished.
    pub eta: Option<Duration>,
    /// True once every range is finished.
    pub finished: bool,
}

/// The inputs of a snapshot, gathered by the scan's tracker.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Counts {
    pub(crate) ranges_total: usize,
    pub(crate) ranges_done: usize,
    pub(crate) rows: u64,
    pub(crate) rows_before: u64,
    pub(crate) requests: u64,
    /// Token-space fraction (of the whole ring) finished, and at the start.
    pub(crate) done_share: f64,
    pub(crate) start_share: f64,
    /// The whole ring's fraction this scan reads.
    pub(crate) share: f64,
}

impl ScanProgress {
    /// The snapshot of `c` after `elapsed`.
    pub(crate) fn compute(c: Counts, elapsed: Duration) -> Self {
        let secs = elapsed.as_secs_f64();
        let share = if c.share > 0.0 { c.share } else { 1.0 };
        let fraction = (c.done_share / share).clamp(0.0, 1.0);
        let this_run = (c.done_share - c.start_share) / share;
        let finished = c.ranges_done == c.ranges_total;
        let eta = if finished {
            Some(Duration::ZERO)
        } else if this_run > 0.0 {
            let left = (1.0 - fraction).max(0.0);
            Duration::try_from_secs_f64(secs * left / this_run).ok()
        } else {
            None
        };
        ScanProgress {
            ranges_total: c.ranges_total,
            ranges_done: c.ranges_done,
            rows: c.rows,
            rows_total: c.rows_before + c.rows,
            requests: c.requests,
            elapsed,
            rows_per_sec: if secs > 0.0 {
                c.rows as f64 / secs
            } else {
                0.0
            },
            fraction: if finished { 1.0 } else { fraction },
            eta,
            finished,
        }
    }
}
