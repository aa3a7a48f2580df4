//! Execution options: every one is set explicitly on every statement and batch, from the
//! merged [`ExecOptions`] the caller passes, falling back to the [`Config`] defaults —
//! never to libcassandra's own (LOCAL_ONE, 12 s, unpaged, client-side timestamps).
//!
//! [`Config`]: cqlbridge_driver_api::Config

use cqlbridge_driver_api::{
    Consistency, Error, ErrorKind, ExecOptions, PageSize, PagingState, Result, SerialConsistency,
};

use crate::errors::local;
use crate::ffi::{sys, BatchH, StatementH};
use crate::paging::resume;

/// The options of one request, fully resolved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Applied {
    /// Consistency level.
    pub(crate) consistency: Consistency,
    /// Serial consistency level.
    pub(crate) serial: SerialConsistency,
    /// Request timeout in whole milliseconds, rounded up, never 0.
    pub(crate) timeout_ms: u64,
    /// Rows per page; -1 for no paging.
    pub(crate) page_size: i32,
    /// Where to resume.
    pub(crate) paging_state: Option<PagingState>,
    /// Safe to retry.
    pub(crate) idempotent: bool,
    /// Write timestamp in µs; `None` lets the server assign it.
    pub(crate) timestamp: Option<i64>,
}

/// `options` over `defaults` (the config's), validated and resolved.
pub(crate) fn resolve(options: &ExecOptions, defaults: &ExecOptions) -> Result<Applied> {
    let merged = options.or(defaults);
    merged.validate()?;
    let missing = |what: &str| Error::config(format!("no {what} in the options or the config"));
    Ok(Applied {
        consistency: merged.consistency.ok_or_else(|| missing("consistency"))?,
        serial: merged
            .serial_consistency
            .ok_or_else(|| missing("serial consistency"))?,
        timeout_ms: merged
            .timeout_millis()
            .ok_or_else(|| missing("timeout"))?
            .max(1),
        page_size: match merged.page_size.ok_or_else(|| missing("page size"))? {
            PageSize::Unpaged => -1,
            rows => rows.as_i32().unwrap_or(i32::MAX),
        },
        paging_state: merged.paging_state,
        idempotent: merged.idempotent.unwrap_or(false),
        timestamp: merged.timestamp,
    })
}

/// Our consistency as libcassandra's.
pub(crate) fn to_cass_consistency(c: Consistency) -> Result<sys::CassConsistency> {
    use sys::CassConsistency as C;
    Ok(match c {
        Consistency::Any => C::CASS_CONSISTENCY_ANY,
        Consistency::One => C::CASS_CONSISTENCY_ONE,
        Consistency::Two => C::CASS_CONSISTENCY_TWO,
        Consistency::Three => C::CASS_CONSISTENCY_THREE,
        Consistency::Quorum => C::CASS_CONSISTENCY_QUORUM,
        Consistency::All => C::CASS_CONSISTENCY_ALL,
        Consistency::LocalQuorum => C::CASS_CONSISTENCY_LOCAL_QUORUM,
        Consistency::EachQuorum => C::CASS_CONSISTENCY_EACH_QUORUM,
        Consistency::LocalOne => C::CASS_CONSISTENCY_LOCAL_ONE,
        Consistency::Serial => C::CASS_CONSISTENCY_SERIAL,
        Consistency::LocalSerial => C::CASS_CONSISTENCY_LOCAL_SERIAL,
        other => return Err(Error::unsupported("cpp", format!("consistency {other}"))),
    })
}

/// libcassandra's consistency as ours; `None` for `UNKNOWN`.
pub(crate) fn from_cass_consistency(c: sys::CassConsistency) -> Option<Consistency> {
    use sys::CassConsistency as C;
    Some(match c {
        C::CASS_CONSISTENCY_ANY => Consistency::Any,
        C::CASS_CONSISTENCY_ONE => Consistency::One,
        C::CASS_CONSISTENCY_TWO => Consistency::Two,
        C::CASS_CONSISTENCY_THREE => Consistency::Three,
        C::CASS_CONSISTENCY_QUORUM => Consistency::Quorum,
        C::CASS_CONSISTENCY_ALL => Consistency::All,
        C::CASS_CONSISTENCY_LOCAL_QUORUM => Consistency::LocalQuorum,
        C::CASS_CONSISTENCY_EACH_QUORUM => Consistency::EachQuorum,
        C::CASS_CONSISTENCY_SERIAL => Consistency::Serial,
        C::CASS_CONSISTENCY_LOCAL_SERIAL => Consistency::LocalSerial,
        C::CASS_CONSISTENCY_LOCAL_ONE => Consistency::LocalOne,
        C::CASS_CONSISTENCY_UNKNOWN => return None,
    })
}

fn serial(c: SerialConsistency) -> sys::CassConsistency {
    match c {
        SerialConsistency::Serial => sys::CassConsistency::CASS_CONSISTENCY_SERIAL,
        SerialConsistency::LocalSerial => sys::CassConsistency::CASS_CONSISTENCY_LOCAL_SERIAL,
    }
}

fn setter(what: &'static str) -> impl Fn(sys::CassError) -> Error {
    move |code| local(code, ErrorKind::Invalid, &format!("cannot set the {what}"))
}

/// Sets every option on a statement.
pub(crate) fn apply_to_statement(s: &mut StatementH, a: &Applied) -> Result<()> {
    s.set_consistency(to_cass_consistency(a.consistency)?)
        .map_err(setter("consistency"))?;
    s.set_serial_consistency(serial(a.serial))
        .map_err(setter("serial consistency"))?;
    s.set_request_timeout(a.timeout_ms)
        .map_err(setter("request timeout"))?;
    s.set_paging_size(a.page_size)
        .map_err(setter("page size"))?;
    if let Some(state) = &a.paging_state {
        resume(s, state)?;
    }
    s.set_idempotent(a.idempotent)
        .map_err(setter("idempotence"))?;
    if let Some(ts) = a.timestamp {
        s.set_timestamp(ts).map_err(setter("write timestamp"))?;
    }
    Ok(())
}

/// Sets every option that applies to a batch (batches are not paged).
pub(crate) fn apply_to_batch(b: &mut BatchH, a: &Applied) -> Result<()> {
    b.set_consistency(to_cass_consistency(a.consistency)?)
        .map_err(setter("consistency"))?;
    b.set_serial_consistency(serial(a.serial))
        .map_err(setter("serial consistency"))?;
    b.set_request_timeout(a.timeout_ms)
        .map_err(setter("request timeout"))?;
    b.set_idempotent(a.idempotent)
        .map_err(setter("idempotence"))?;
    if let Some(ts) = a.timestamp {
        b.set_timestamp(ts).map_err(setter("write timestamp"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqlbridge_driver_api::Config;
    use std::time::Duration;

    #[test]
    fn config_defaults_fill_every_field_and_statement_options_win() {
        let defaults = Config::default().default_options();
        let a = resolve(&ExecOptions::new(), &defaults).unwrap();
        assert_eq!(a.consistency, Consistency::LocalQuorum);
        assert_eq!(a.serial, SerialConsistency::Serial);
        assert_eq!(a.timeout_ms, 12_000);
        assert_eq!(a.page_size, 5000);
        assert!(!a.idempotent && a.timestamp.is_none() && a.paging_state.is_none());
        let own = ExecOptions::new()
            .consistency(Consistency::One)
            .timeout(Duration::from_micros(1500))
            .page_size(PageSize::Unpaged)
            .idempotent(true)
            .timestamp(42);
        let a = resolve(&own, &defaults).unwrap();
        assert_eq!(a.consistency, Consistency::One);
        assert_eq!(a.timeout_ms, 2, "whole ms, rounded up");
        assert_eq!(a.page_size, -1, "unpaged is -1 for libcassandra");
        assert!(a.idempotent);
        assert_eq!(a.timestamp, Some(42));
    }

    #[test]
    fn a_zero_timeout_is_rejected_and_tiny_ones_are_never_zero() {
        let defaults = Config::default().default_options();
        let zero = ExecOptions::new().timeout(Duration::ZERO);
        assert!(resolve(&zero, &defaults).unwrap_err().is_invalid());
        let tiny = ExecOptions::new().timeout(Duration::from_nanos(1));
        assert_eq!(resolve(&tiny, &defaults).unwrap().timeout_ms, 1);
    }

    #[test]
    fn consistency_round_trips_through_libcassandra_values() {
        for c in Consistency::ALL_LEVELS {
            let raw = to_cass_consistency(c).unwrap();
            assert_eq!(from_cass_consistency(raw), Some(c), "{c}");
        }
        assert_eq!(
            from_cass_consistency(sys::CassConsistency::CASS_CONSISTENCY_UNKNOWN),
            None
        );
    }
}
