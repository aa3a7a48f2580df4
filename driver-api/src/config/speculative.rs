//! [`SpeculativePolicy`]: extra attempts at a slow idempotent request, set
//! in [`Config`] (code, or the URL's `speculative_delay_ms` and
//! `speculative_max`) and applied by the session alike on every backend.

use std::time::Duration;

use super::Config;
use crate::error::{Error, Result};

/// The most extra attempts a policy may ask for.
pub const MAX_SPECULATIVE_ATTEMPTS: u32 = 8;

/// Constant-delay speculative execution: while an idempotent request has
/// not answered, another attempt starts every `delay`, at most `max_extra`
/// of them; the first answer wins and the others are cancelled. A
/// statement not marked idempotent is never sent twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SpeculativePolicy {
    /// How long an attempt may run before the next one starts.
    pub delay: Duration,
    /// How many attempts may start after the first (1 to
    /// [`MAX_SPECULATIVE_ATTEMPTS`]).
    pub max_extra: u32,
}

impl SpeculativePolicy {
    /// Up to `max_extra` more attempts, one every `delay`.
    pub fn constant(delay: Duration, max_extra: u32) -> Self {
        SpeculativePolicy { delay, max_extra }
    }

    /// Checks the delay is positive and the count in range.
    pub(super) fn validate(&self) -> Result<()> {
        if self.delay.is_zero() {
            return Err(Error::config("the speculative delay must be above zero"));
        }
        if !(1..=MAX_SPECULATIVE_ATTEMPTS).contains(&self.max_extra) {
            return Err(Error::config(format!(
                "speculative_max must be 1 to {MAX_SPECULATIVE_ATTEMPTS}, not {}",
                self.max_extra
            )));
        }
        Ok(())
    }
}

impl Config {
    /// Turns speculative execution on for idempotent statements (default:
    /// off).
    pub fn speculative(mut self, policy: SpeculativePolicy) -> Self {
        self.speculative = Some(policy);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_by_default_and_set_by_the_url() {
        assert_eq!(Config::default().speculative, None);
        let c = Config::from_url("cql://h?speculative_delay_ms=40&speculative_max=2").unwrap();
        assert_eq!(
            c.speculative,
            Some(SpeculativePolicy::constant(Duration::from_millis(40), 2))
        );
        let one = Config::from_url("cql://h?speculative_delay_ms=40").unwrap();
        assert_eq!(one.speculative.unwrap().max_extra, 1);
    }

    #[test]
    fn bad_settings_are_config_errors() {
        for url in [
            "cql://h?speculative_delay_ms=0",
            "cql://h?speculative_delay_ms=10&speculative_max=0",
            "cql://h?speculative_delay_ms=10&speculative_max=9",
            "cql://h?speculative_max=2",
        ] {
            assert!(Config::from_url(url).is_err(), "{url}");
        }
    }
}
