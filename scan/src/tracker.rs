//! [`Tracker`]: what the consumer of a scan has received, range by range:
//! the source of its checkpoints and progress snapshots.

use std::collections::BTreeMap;
use std::time::Instant;

use cqlbridge_driver_api::PagingState;

use crate::checkpoint::{Checkpoint, InFlight};
use crate::plan::Plan;
use crate::progress::{Counts, ScanProgress};

/// Where the consumer stands in one range in flight.
#[derive(Debug, Clone)]
struct Position {
    /// The state the current page was fetched with (`None`: the first page).
    from: Option<PagingState>,
    /// Rows of that page handed out.
    emitted: u64,
}

/// The consumer's view of a scan: finished ranges and, for each range in
/// flight, the page it is in and the rows of it handed out.
#[derive(Debug)]
pub(crate) struct Tracker {
    checkpoint: Checkpoint,
    in_flight: BTreeMap<usize, Position>,
    widths: Vec<f64>,
    share: f64,
    start_share: f64,
    done_share: f64,
    ranges_done: usize,
    rows: u64,
    started: Instant,
}

impl Tracker {
    /// A tracker for `plan`, from `resumed` (already checked against it).
    pub(crate) fn new(
        plan: &Plan,
        resumed: Option<Checkpoint>,
        positions: BTreeMap<usize, (Option<PagingState>, u64)>,
    ) -> Self {
        let checkpoint = resumed.unwrap_or_else(|| Checkpoint::empty(plan));
        let widths: Vec<f64> = plan.ranges.iter().map(|r| r.fraction()).collect();
        let selected: std::collections::BTreeSet<usize> = plan.selected.iter().copied().collect();
        let done: Vec<usize> = checkpoint
            .finished
            .iter()
            .copied()
            .filter(|i| selected.contains(i))
            .collect();
        let done_share = done.iter().map(|&i| widths[i]).sum();
        Tracker {
            in_flight: positions
                .into_iter()
                .map(|(i, (from, emitted))| (i, Position { from, emitted }))
                .collect(),
            ranges_done: done.len(),
            share: plan.share(),
            start_share: done_share,
            done_share,
            widths,
            checkpoint,
            rows: 0,
            started: Instant::now(),
        }
    }

    /// A page of range `index`, fetched from `from`, whose first `skipped`
    /// rows were dropped (handed out by an earlier run), is being handed out.
    pub(crate) fn page_started(&mut self, index: usize, from: Option<PagingState>, skipped: u64) {
        self.in_flight.insert(
            index,
            Position {
                from,
                emitted: skipped,
            },
        );
    }

    /// One row of range `index` was handed out.
    pub(crate) fn row(&mut self, index: usize) {
        self.rows += 1;
        if let Some(p) = self.in_flight.get_mut(&index) {
            p.emitted += 1;
        }
    }

    /// The page of range `index` was handed out in full; `next` is where the
    /// range goes on (`None`: it is finished).
    pub(crate) fn page_done(&mut self, index: usize, next: Option<PagingState>) {
        match next {
            Some(state) => {
                self.in_flight.insert(
                    index,
                    Position {
                        from: Some(state),
                        emitted: 0,
                    },
                );
            }
            None => {
                self.in_flight.remove(&index);
                if let Err(at) = self.checkpoint.finished.binary_search(&index) {
                    self.checkpoint.finished.insert(at, index);
                    self.ranges_done += 1;
                    self.done_share += self.widths[index];
                }
            }
        }
    }

    /// The checkpoint of everything handed out so far.
    pub(crate) fn checkpoint(&self) -> Checkpoint {
        let mut checkpoint = self.checkpoint.clone();
        checkpoint.rows += self.rows;
        checkpoint.in_flight = self
            .in_flight
            .iter()
            .map(|(&i, p)| InFlight::new(i, p.from.as_ref(), p.emitted))
            .collect();
        checkpoint
    }

    /// The progress snapshot, with `requests` page requests made.
    pub(crate) fn progress(&self, ranges_total: usize, requests: u64) -> ScanProgress {
        ScanProgress::compute(
            Counts {
                ranges_total,
                ranges_done: self.ranges_done,
                rows: self.rows,
                rows_before: self.checkpoint.rows,
                requests,
                done_share: self.done_share,
                start_share: self.start_share,
                share: self.share,
            },
            self.started.elapsed(),
        )
    }
}
