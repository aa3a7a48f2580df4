//! The latest moment any caller is still waiting for a reply, so closing
//! drains running jobs exactly as long as someone may want their result.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The latest caller deadline seen, as nanoseconds after `epoch`.
#[derive(Debug)]
pub(crate) struct Deadlines {
    epoch: Instant,
    latest: AtomicU64,
}

impl Deadlines {
    /// No deadline yet.
    pub(crate) fn new() -> Self {
        Deadlines {
            epoch: Instant::now(),
            latest: AtomicU64::new(0),
        }
    }

    /// Records a caller that waits `bound` from now.
    pub(crate) fn extend(&self, bound: Duration) {
        let at = self.epoch.elapsed().saturating_add(bound).as_nanos();
        let at = u64::try_from(at).unwrap_or(u64::MAX);
        self.latest.fetch_max(at, Ordering::AcqRel);
    }

    /// The latest deadline recorded, or `now` if that is later.
    pub(crate) fn latest(&self, now: Instant) -> Instant {
        let at = self.epoch + Duration::from_nanos(self.latest.load(Ordering::Acquire));
        at.max(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_latest_deadline() {
        let d = Deadlines::new();
        let now = Instant::now();
        assert_eq!(d.latest(now), now, "no caller yet");
        // The deadline is taken when `extend` runs: between these two.
        let before = Instant::now();
        d.extend(Duration::from_secs(10));
        let after = Instant::now();
        d.extend(Duration::from_secs(1));
        let latest = d.latest(Instant::now());
        assert!(latest >= before + Duration::from_secs(10), "{latest:?}");
        assert!(latest <= after + Duration::from_secs(10), "{latest:?}");
    }
}
