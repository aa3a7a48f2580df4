//! [`ReconnectPolicy`]: how long a backend waits before it tries a lost
//! node's connection again, set in [`Config`] (code, or the URL's
//! `reconnect_base_ms` and `reconnect_max_ms`). Unset, each backend keeps
//! its own (libcassandra: 2 s doubling to 10 min; the scylla crate: 50 ms
//! doubling to 10 s, which it does not let a stable build change, so it
//! reports [`Feature::ReconnectBackoff`](crate::Feature::ReconnectBackoff)
//! unsupported and a config that sets one fails to connect, typed).

use std::time::Duration;

use super::Config;
use crate::error::{Error, Result};

/// The longest wait when a URL gives only `reconnect_base_ms`.
pub(super) const DEFAULT_MAX: Duration = Duration::from_secs(60);

/// Exponential backoff between reconnection attempts to a node: the first
/// wait is `base`, each next one doubles, never beyond `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReconnectPolicy {
    /// The first wait.
    pub base: Duration,
    /// The longest wait.
    pub max: Duration,
}

impl ReconnectPolicy {
    /// Backoff from `base` doubling up to `max`.
    pub fn exponential(base: Duration, max: Duration) -> Self {
        ReconnectPolicy { base, max }
    }

    /// The wait before attempt `n` (0 is the first reconnection attempt).
    pub fn delay(&self, n: u32) -> Duration {
        let factor = 1u32.checked_shl(n.min(31)).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.max)
    }

    /// Checks both bounds are positive and in order.
    pub(super) fn validate(&self) -> Result<()> {
        if self.base.is_zero() {
            return Err(Error::config(
                "the reconnection base delay must be above zero",
            ));
        }
        if self.max < self.base {
            return Err(Error::config(format!(
                "the longest reconnection delay ({:?}) is below the first ({:?})",
                self.max, self.base
            )));
        }
        Ok(())
    }
}

impl Config {
    /// Sets the reconnection backoff (default: the backend's own).
    pub fn reconnect(mut self, policy: ReconnectPolicy) -> Self {
        self.reconnect = Some(policy);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_bound() {
        let p = ReconnectPolicy::exponential(Duration::from_millis(100), Duration::from_secs(1));
        let ms: Vec<u128> = (0..6).map(|n| p.delay(n).as_millis()).collect();
        assert_eq!(ms, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(p.delay(u32::MAX), Duration::from_secs(1));
    }

    #[test]
    fn bad_bounds_are_config_errors() {
        let zero = ReconnectPolicy::exponential(Duration::ZERO, Duration::from_secs(1));
        assert!(Config::default().reconnect(zero).validate().is_err());
        let inverted = ReconnectPolicy::exponential(Duration::from_secs(2), Duration::from_secs(1));
        let e = Config::default()
            .reconnect(inverted)
            .validate()
            .unwrap_err();
        assert!(e.message().contains("below"), "{e}");
        let c = Config::from_url("cql://h?reconnect_base_ms=50&reconnect_max_ms=800").unwrap();
        assert_eq!(
            c.reconnect,
            Some(ReconnectPolicy::exponential(
                Duration::from_millis(50),
                Duration::from_millis(800)
            ))
        );
        let base_only = Config::from_url("cql://h?reconnect_base_ms=50").unwrap();
        assert_eq!(base_only.reconnect.unwrap().max, DEFAULT_MAX);
        assert!(Config::from_url("cql://h?reconnect_max_ms=10").is_err());
        assert_eq!(Config::default().reconnect, None);
    }
}
