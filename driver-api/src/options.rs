//! Per-statement execution options, and how they merge over session defaults.

use std::time::Duration;

use crate::consistency::{Consistency, SerialConsistency};
use crate::error::{Error, Result};
use crate::paging::{PageSize, PagingState};

/// Options for one execution. Every field left `None` falls back to the
/// session's defaults (see [`ExecOptions::or`]); the session hands the driver a
/// fully merged set, and every backend sets each option explicitly because the
/// underlying drivers' own defaults differ.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExecOptions {
    /// Consistency level.
    pub consistency: Option<Consistency>,
    /// Serial consistency of lightweight transactions.
    pub serial_consistency: Option<SerialConsistency>,
    /// Client-side timeout for the whole request.
    pub timeout: Option<Duration>,
    /// Rows per page.
    pub page_size: Option<PageSize>,
    /// Where to resume a paged read.
    pub paging_state: Option<PagingState>,
    /// Whether the statement may be retried safely.
    pub idempotent: Option<bool>,
    /// Write timestamp in microseconds since the Unix epoch.
    pub timestamp: Option<i64>,
    /// The execution profile (a name in [`Config::profiles`](crate::Config::profiles))
    /// whose options fill the fields this set leaves unset, before the
    /// session defaults do. A name the session does not know is a `Config`
    /// error at the call.
    pub profile: Option<String>,
    /// Asks the server to trace the request: its result then carries a
    /// [`tracing_id`](crate::QueryResult::tracing_id), and
    /// [`Session::trace`](crate::Session::trace) reads the events.
    pub tracing: Option<bool>,
}

impl ExecOptions {
    /// No options set: everything comes from the session defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the consistency level.
    pub fn consistency(mut self, c: Consistency) -> Self {
        self.consistency = Some(c);
        self
    }

    /// Sets the serial consistency.
    pub fn serial_consistency(mut self, c: SerialConsistency) -> Self {
        self.serial_consistency = Some(c);
        self
    }

    /// Sets the client-side timeout.
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = Some(t);
        self
    }

    /// Sets the page size.
    pub fn page_size(mut self, p: PageSize) -> Self {
        self.page_size = Some(p);
        self
    }

    /// Sets the paging state to resume from.
    pub fn paging_state(mut self, s: PagingState) -> Self {
        self.paging_state = Some(s);
        self
    }

    /// Marks the statement idempotent (or not).
    pub fn idempotent(mut self, yes: bool) -> Self {
        self.idempotent = Some(yes);
        self
    }

    /// Sets the write timestamp, in microseconds since the Unix epoch.
    pub fn timestamp(mut self, micros: i64) -> Self {
        self.timestamp = Some(micros);
        self
    }

    /// Names the execution profile whose options fill the unset fields.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Asks the server to trace the request (or not).
    pub fn tracing(mut self, yes: bool) -> Self {
        self.tracing = Some(yes);
        self
    }

    /// True when no field is set: every one comes from the defaults.
    pub fn is_empty(&self) -> bool {
        let ExecOptions {
            consistency,
            serial_consistency,
            timeout,
            page_size,
            paging_state,
            idempotent,
            timestamp,
            profile,
            tracing,
        } = self;
        consistency.is_none()
            && serial_consistency.is_none()
            && timeout.is_none()
            && page_size.is_none()
            && paging_state.is_none()
            && idempotent.is_none()
            && timestamp.is_none()
            && profile.is_none()
            && tracing.is_none()
    }

    /// These options, with every unset field taken from `defaults`.
    pub fn or(&self, defaults: &ExecOptions) -> ExecOptions {
        ExecOptions {
            consistency: self.consistency.or(defaults.consistency),
            serial_consistency: self.serial_consistency.or(defaults.serial_consistency),
            timeout: self.timeout.or(defaults.timeout),
            page_size: self.page_size.or(defaults.page_size),
            paging_state: self
                .paging_state
                .clone()
                .or_else(|| defaults.paging_state.clone()),
            idempotent: self.idempotent.or(defaults.idempotent),
            timestamp: self.timestamp.or(defaults.timestamp),
            profile: self.profile.clone().or_else(|| defaults.profile.clone()),
            tracing: self.tracing.or(defaults.tracing),
        }
    }

    /// Rejects options no backend can honour: a zero timeout (some drivers
    /// read 0 as "wait forever"), or a timeout too long to express.
    pub fn validate(&self) -> Result<()> {
        match self.timeout {
            Some(t) => check_timeout(t),
            None => Ok(()),
        }
    }

    /// The timeout in whole milliseconds, rounded up so that a sub-millisecond
    /// timeout never becomes 0 (which some drivers read as "no timeout").
    pub fn timeout_millis(&self) -> Option<u64> {
        self.timeout.map(crate::backend::millis)
    }
}

/// The longest timeout a request may have.
const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 3600);

/// A timeout no backend misreads: longer than zero, at most 24 h.
pub(crate) fn check_timeout(t: Duration) -> Result<()> {
    if t.is_zero() {
        return Err(Error::invalid("a timeout must be longer than zero"));
    }
    if t > MAX_TIMEOUT {
        return Err(Error::invalid(format!(
            "a timeout of {t:?} is longer than the 24 h limit"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_options_override_defaults_field_by_field() {
        let defaults = ExecOptions::new()
            .consistency(Consistency::LocalQuorum)
            .timeout(Duration::from_secs(10))
            .page_size(PageSize::Rows(5000));
        let mine = ExecOptions::new()
            .consistency(Consistency::One)
            .serial_consistency(SerialConsistency::LocalSerial);
        let merged = mine.or(&defaults);
        assert_eq!(merged.consistency, Some(Consistency::One));
        assert_eq!(
            merged.serial_consistency,
            Some(SerialConsistency::LocalSerial)
        );
        assert_eq!(merged.timeout, Some(Duration::from_secs(10)));
        assert_eq!(merged.page_size, Some(PageSize::Rows(5000)));
        assert_eq!(merged.timestamp, None);
    }

    #[test]
    fn zero_timeout_is_rejected_and_sub_millisecond_rounds_up() {
        assert!(ExecOptions::new()
            .timeout(Duration::ZERO)
            .validate()
            .unwrap_err()
            .is_invalid());
        let o = ExecOptions::new().timeout(Duration::from_micros(10));
        assert!(o.validate().is_ok());
        assert_eq!(o.timeout_millis(), Some(1));
        let o = ExecOptions::new().timeout(Duration::from_micros(1500));
        assert_eq!(o.timeout_millis(), Some(2));
    }
}
