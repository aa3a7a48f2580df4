//! [`ShardedHistogram`]: request latencies in µs, recorded without a global
//! lock. Each thread records into one of several HDR histograms (a shard,
//! chosen once per thread, round robin, so that the few threads of a Tokio
//! runtime land on distinct shards); a snapshot merges the shards.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

use hdrhistogram::Histogram;

/// The largest latency recorded as itself: 24 h (the longest timeout), in µs.
/// Longer ones are recorded as this.
pub(crate) const MAX_MICROS: u64 = 24 * 3600 * 1_000_000;
/// Significant decimal digits kept: values are exact to within 1%.
const SIGFIGS: u8 = 2;
/// Shards per histogram, at most.
const MAX_SHARDS: usize = 64;

/// The shard slot of this thread, given out round robin on first use.
fn thread_slot() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static SLOT: usize = NEXT.fetch_add(1, Ordering::Relaxed);
    }
    SLOT.try_with(|s| *s).unwrap_or(0)
}

/// A fresh, empty histogram over 1 µs ..= [`MAX_MICROS`]. The bounds are
/// constants hdrhistogram accepts, so this is never `None` in practice;
/// if it were, latencies would go unrecorded rather than panic.
pub(crate) fn empty() -> Option<Histogram<u64>> {
    Histogram::new_with_bounds(1, MAX_MICROS, SIGFIGS).ok()
}

/// One shard: allocated on first use; `None` if the histogram could not be made.
type Shard = OnceLock<Option<Mutex<Histogram<u64>>>>;

/// Latencies in µs, sharded by thread. A shard's histogram is allocated
/// when a thread first records into it.
pub(crate) struct ShardedHistogram {
    shards: Box<[Shard]>,
}

impl std::fmt::Debug for ShardedHistogram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShardedHistogram")
            .field("shards", &self.shards.len())
            .finish_non_exhaustive()
    }
}

/// A shard's lock; a poisoned one is still usable (recording is one call).
fn lock(m: &Mutex<Histogram<u64>>) -> MutexGuard<'_, Histogram<u64>> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl ShardedHistogram {
    /// Twice as many shards as the machine has cores (a power of two, 4 to 64).
    pub(crate) fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(4, |n| n.get());
        let n = (2 * cores).next_power_of_two().clamp(4, MAX_SHARDS);
        ShardedHistogram {
            shards: (0..n).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Records one latency of `micros` µs (0 counts as 1, beyond 24 h as 24 h).
    pub(crate) fn record(&self, micros: u64) {
        let shard = &self.shards[thread_slot() % self.shards.len()];
        if let Some(h) = shard.get_or_init(|| empty().map(Mutex::new)) {
            lock(h).saturating_record(micros.clamp(1, MAX_MICROS));
        }
    }

    /// Every shard merged into one histogram.
    pub(crate) fn merged(&self) -> Option<Histogram<u64>> {
        let mut all = empty()?;
        for shard in self.shards.iter().filter_map(|s| s.get()?.as_ref()) {
            // Same bounds on both sides: adding cannot fail; if it did,
            // that shard's values would be left out of this snapshot only.
            let _ = all.add(&*lock(shard));
        }
        Some(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_merge_into_one_distribution() {
        let h = std::sync::Arc::new(ShardedHistogram::new());
        let threads: Vec<_> = (0..4u64)
            .map(|t| {
                let h = h.clone();
                std::thread::spawn(move || {
                    for v in 1..=250u64 {
                        h.record(t * 250 + v);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let m = h.merged().unwrap();
        assert_eq!(m.len(), 1000);
        let p50 = m.value_at_quantile(0.5);
        assert!((495..=505).contains(&p50), "p50 {p50}");
        assert!(m.value_at_quantile(0.99) >= 985);
        assert!(m.max() >= 990 && m.max() <= 1010, "max {}", m.max());
    }

    #[test]
    fn out_of_range_values_are_clamped() {
        let h = ShardedHistogram::new();
        h.record(0);
        h.record(u64::MAX);
        let m = h.merged().unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m.min(), 1);
        assert!(m.max() >= MAX_MICROS);
    }
}
