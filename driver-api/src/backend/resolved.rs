//! [`ResolvedOptions`]: one request's options over the config's defaults,
//! every field set and checked, resolved the same way by every backend.

use std::time::Duration;

use crate::config::Config;
use crate::consistency::{Consistency, SerialConsistency};
use crate::error::{Error, Result};
use crate::options::{check_timeout, ExecOptions};
use crate::paging::{PageSize, PagingState};

/// The settings of one request, none left to a driver's own default.
///
/// Build the connection's defaults once with [`ResolvedOptions::from_config`]
/// and lay each request's [`ExecOptions`] over them with
/// [`ResolvedOptions::with`]: a field the request leaves unset takes the
/// config's value, so no backend ever falls back to a value of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedOptions {
    /// Consistency level.
    pub consistency: Consistency,
    /// Serial consistency of lightweight transactions.
    pub serial_consistency: SerialConsistency,
    /// Client-side timeout for the request (longer than zero, at most 24 h).
    pub timeout: Duration,
    /// Rows per page: [`PageSize::Unpaged`] or a positive count, never zero.
    pub page_size: PageSize,
    /// Where to resume a paged read; never set on an unpaged request.
    pub paging_state: Option<PagingState>,
    /// Whether the request may be retried safely (default `false`).
    pub idempotent: bool,
    /// Write timestamp in µs since the Unix epoch; `None` lets the server pick.
    pub timestamp: Option<i64>,
    /// Ask the server to trace the request (default `false`); the backend
    /// then returns [`QueryResult::traced`](crate::QueryResult::traced).
    pub tracing: bool,
}

impl ResolvedOptions {
    /// The defaults of `config` (consistency, serial consistency, request
    /// timeout, page size), checked; not idempotent, no timestamp, no paging
    /// state. A zero page size or timeout is an `Invalid` error.
    pub fn from_config(config: &Config) -> Result<Self> {
        let resolved = ResolvedOptions {
            consistency: config.consistency,
            serial_consistency: config.serial_consistency,
            timeout: config.request_timeout,
            page_size: config.page_size,
            paging_state: None,
            idempotent: false,
            timestamp: None,
            tracing: false,
        };
        resolved.check()?;
        Ok(resolved)
    }

    /// `options` over these defaults, field by field, checked: a zero or
    /// over-long timeout, a zero page size, or a paging state on an unpaged
    /// request is an `Invalid` error.
    pub fn with(&self, options: &ExecOptions) -> Result<Self> {
        if self.unchanged_by(options) {
            return Ok(self.clone());
        }
        let resolved = ResolvedOptions {
            consistency: options.consistency.unwrap_or(self.consistency),
            serial_consistency: options
                .serial_consistency
                .unwrap_or(self.serial_consistency),
            timeout: options.timeout.unwrap_or(self.timeout),
            page_size: options.page_size.unwrap_or(self.page_size),
            paging_state: options
                .paging_state
                .clone()
                .or_else(|| self.paging_state.clone()),
            idempotent: options.idempotent.unwrap_or(self.idempotent),
            timestamp: options.timestamp.or(self.timestamp),
            tracing: options.tracing.unwrap_or(self.tracing),
        };
        resolved.check()?;
        Ok(resolved)
    }

    /// True when laying `options` over these settings changes nothing: each
    /// field is unset or the same (the session's merged defaults, the common
    /// case, so a backend can reuse what it derived from these once).
    pub fn unchanged_by(&self, options: &ExecOptions) -> bool {
        let ExecOptions {
            consistency,
            serial_consistency,
            timeout,
            page_size,
            paging_state,
            idempotent,
            timestamp,
            profile: _,
            tracing,
        } = options;
        consistency.is_none_or(|c| c == self.consistency)
            && serial_consistency.is_none_or(|c| c == self.serial_consistency)
            && timeout.is_none_or(|t| t == self.timeout)
            && page_size.is_none_or(|p| p == self.page_size)
            && (paging_state.is_none() || *paging_state == self.paging_state)
            && idempotent.is_none_or(|i| i == self.idempotent)
            && (timestamp.is_none() || *timestamp == self.timestamp)
            && tracing.is_none_or(|t| t == self.tracing)
    }

    fn check(&self) -> Result<()> {
        check_timeout(self.timeout)?;
        if self.page_size == PageSize::Rows(0) {
            return Err(PageSize::rows(0).unwrap_err());
        }
        if self.paging_state.is_some() && self.page_size == PageSize::Unpaged {
            return Err(Error::invalid(
                "a paging state needs a page size, but the request is unpaged",
            ));
        }
        Ok(())
    }

    /// The timeout in whole milliseconds, rounded up and never 0 (which some
    /// drivers read as "no timeout").
    pub fn timeout_millis(&self) -> u64 {
        super::millis(self.timeout)
    }

    /// Rows per page as the protocol's `i32`, `None` when unpaged.
    pub fn page_rows(&self) -> Option<i32> {
        self.page_size.as_i32()
    }

    /// The settings of a `system_schema` probe made on behalf of this
    /// request (see [`Before::probe`](super::Before::probe)): the same
    /// timeout, at `ONE` (the schema tables are local), unpaged, from the
    /// start, idempotent and without a write timestamp.
    pub fn for_probe(&self) -> Self {
        ResolvedOptions {
            consistency: Consistency::One,
            page_size: PageSize::Unpaged,
            paging_state: None,
            idempotent: true,
            timestamp: None,
            tracing: false,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> ResolvedOptions {
        ResolvedOptions::from_config(&Config::default()).unwrap()
    }

    #[test]
    fn the_config_gives_every_default() {
        let config = Config::default();
        let d = defaults();
        assert_eq!(d.consistency, config.consistency);
        assert_eq!(d.serial_consistency, config.serial_consistency);
        assert_eq!(d.timeout, config.request_timeout);
        assert_eq!(d.page_size, config.page_size);
        assert!(!d.idempotent && d.timestamp.is_none() && d.paging_state.is_none());
        assert_eq!(d.with(&ExecOptions::new()).unwrap(), d);
        assert!(d.unchanged_by(&ExecOptions::new()));
        assert!(
            d.unchanged_by(&config.default_options()),
            "the session's merged defaults"
        );
        assert!(!d.unchanged_by(&ExecOptions::new().consistency(Consistency::Three)));
        assert!(!d.unchanged_by(&ExecOptions::new().timestamp(1)));
        assert!(!d.unchanged_by(&ExecOptions::new().idempotent(true)));
    }

    #[test]
    fn request_options_win_field_by_field() {
        let state = PagingState::from_bytes(vec![1u8]).unwrap();
        let own = ExecOptions::new()
            .consistency(Consistency::One)
            .serial_consistency(SerialConsistency::LocalSerial)
            .timeout(Duration::from_micros(1500))
            .page_size(PageSize::Rows(7))
            .paging_state(state.clone())
            .idempotent(true)
            .timestamp(42);
        let r = defaults().with(&own).unwrap();
        assert_eq!(r.consistency, Consistency::One);
        assert_eq!(r.serial_consistency, SerialConsistency::LocalSerial);
        assert_eq!(r.timeout_millis(), 2, "whole ms, rounded up");
        assert_eq!(r.page_rows(), Some(7));
        assert_eq!(r.paging_state, Some(state));
        assert!(r.idempotent);
        assert_eq!(r.timestamp, Some(42));
        let only_timeout = defaults()
            .with(&ExecOptions::new().timeout(Duration::from_secs(1)))
            .unwrap();
        assert_eq!(only_timeout.consistency, Config::default().consistency);
        assert_eq!(only_timeout.page_size, Config::default().page_size);
    }

    #[test]
    fn bad_options_are_invalid_errors() {
        let d = defaults();
        let bad = [
            ExecOptions::new().timeout(Duration::ZERO),
            ExecOptions::new().timeout(Duration::from_secs(25 * 3600)),
            ExecOptions::new().page_size(PageSize::Rows(0)),
            ExecOptions::new()
                .page_size(PageSize::Unpaged)
                .paging_state(PagingState::from_bytes(vec![1u8]).unwrap()),
        ];
        for o in bad {
            assert!(d.with(&o).unwrap_err().is_invalid(), "{o:?}");
        }
        let zero_page = Config {
            page_size: PageSize::Rows(0),
            ..Config::default()
        };
        assert!(ResolvedOptions::from_config(&zero_page)
            .unwrap_err()
            .is_invalid());
        let tiny = d
            .with(&ExecOptions::new().timeout(Duration::from_nanos(1)))
            .unwrap();
        assert_eq!(tiny.timeout_millis(), 1);
        assert_eq!(
            d.with(&ExecOptions::new().page_size(PageSize::Rows(u32::MAX)))
                .unwrap()
                .page_rows(),
            Some(i32::MAX)
        );
    }

    #[test]
    fn a_probe_reads_from_the_start_at_one() {
        let r = defaults()
            .with(
                &ExecOptions::new()
                    .consistency(Consistency::All)
                    .timeout(Duration::from_millis(1234))
                    .paging_state(PagingState::from_bytes(vec![1u8, 2]).unwrap())
                    .timestamp(5),
            )
            .unwrap();
        let p = r.for_probe();
        assert_eq!(p.consistency, Consistency::One);
        assert_eq!(p.page_size, PageSize::Unpaged);
        assert_eq!((p.paging_state, p.timestamp), (None, None));
        assert!(p.idempotent);
        assert_eq!(p.timeout, Duration::from_millis(1234));
    }
}
