//! [`Throttle`]: a rows-per-second limit, over `governor`'s rate limiter.

use std::num::NonZeroU32;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

/// A shared rows/s limit. Its burst is a twentieth of a second's rows (at
/// least one), so a scan never runs ahead of the rate by more than that.
#[derive(Debug)]
pub(crate) struct Throttle {
    limiter: DefaultDirectRateLimiter,
    burst: NonZeroU32,
}

impl Throttle {
    /// A limit of `rate` rows a second.
    pub(crate) fn new(rate: NonZeroU32) -> Self {
        let burst = NonZeroU32::new(rate.get() / 20).unwrap_or(NonZeroU32::MIN);
        Throttle {
            limiter: RateLimiter::direct(Quota::per_second(rate).allow_burst(burst)),
            burst,
        }
    }

    /// Waits until `rows` more rows may be handed out.
    pub(crate) async fn take(&self, rows: usize) {
        let mut left = rows;
        while left > 0 {
            let chunk = left.min(self.burst.get() as usize);
            let n = NonZeroU32::new(chunk as u32).unwrap_or(NonZeroU32::MIN);
            // `n` never exceeds the burst, so the limiter can always grant it.
            let _ = self.limiter.until_n_ready(n).await;
            left -= chunk;
        }
    }
}
