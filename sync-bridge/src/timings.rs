//! Where a blocking call's time goes, when the session records it
//! (`SyncSessionBuilder::record_timings`): waiting in the job queue, running
//! on the bridge runtime, and the caller's wake-up after the reply was sent.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Totals over every call a session recorded since it started. Take two
/// snapshots and [`BridgeTimings::since`] to look at a stretch of work.
///
/// - `queued`: from the caller's send to the first poll of the call's task
///   on the bridge runtime (the job queue, the accept loop, the scheduler);
/// - `running`: from that first poll to the reply being sent (the async
///   `Session` call itself, the server's time included);
/// - `waking`: from the reply being sent to the caller running again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BridgeTimings {
    /// Calls recorded.
    pub calls: u64,
    /// Total time calls waited before their task first ran.
    pub queued: Duration,
    /// Total time calls' tasks took, first poll to reply.
    pub running: Duration,
    /// Total time callers took to run again once their reply was sent.
    pub waking: Duration,
}

impl BridgeTimings {
    /// What was recorded between `earlier` and `self`.
    pub fn since(&self, earlier: &BridgeTimings) -> BridgeTimings {
        BridgeTimings {
            calls: self.calls.saturating_sub(earlier.calls),
            queued: self.queued.saturating_sub(earlier.queued),
            running: self.running.saturating_sub(earlier.running),
            waking: self.waking.saturating_sub(earlier.waking),
        }
    }

    /// The mean of `total` over the calls (zero when there were none).
    pub fn per_call(&self, total: Duration) -> Duration {
        match u32::try_from(self.calls) {
            Ok(0) => Duration::ZERO,
            Ok(n) => total / n,
            Err(_) => Duration::from_secs_f64(total.as_secs_f64() / self.calls as f64),
        }
    }
}

/// The shared counters a recording session adds to, in nanoseconds.
#[derive(Debug, Default)]
pub(crate) struct TimingCounters {
    calls: AtomicU64,
    queued: AtomicU64,
    running: AtomicU64,
    waking: AtomicU64,
}

/// Whole nanoseconds between `from` and `to` (zero if `to` is earlier).
fn nanos(from: Instant, to: Instant) -> u64 {
    u64::try_from(to.saturating_duration_since(from).as_nanos()).unwrap_or(u64::MAX)
}

impl TimingCounters {
    /// Adds one call's bridge side: sent at `sent`, first polled at
    /// `started`, replied at `replied`.
    pub(crate) fn add_bridge(&self, sent: Instant, started: Instant, replied: Instant) {
        self.queued
            .fetch_add(nanos(sent, started), Ordering::Relaxed);
        self.running
            .fetch_add(nanos(started, replied), Ordering::Relaxed);
    }

    /// Adds one call's wake-up: replied at `replied`, the caller ran at `woke`.
    pub(crate) fn add_wake(&self, replied: Instant, woke: Instant) {
        self.waking
            .fetch_add(nanos(replied, woke), Ordering::Relaxed);
        self.calls.fetch_add(1, Ordering::Relaxed);
    }

    /// The totals so far.
    pub(crate) fn snapshot(&self) -> BridgeTimings {
        let get = |c: &AtomicU64| Duration::from_nanos(c.load(Ordering::Relaxed));
        BridgeTimings {
            calls: self.calls.load(Ordering::Relaxed),
            queued: get(&self.queued),
            running: get(&self.running),
            waking: get(&self.waking),
        }
    }
}
