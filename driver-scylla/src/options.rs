//! Execution options → the `scylla` crate's statement settings.
//!
//! Every setting is written explicitly on every statement, prepared statement
//! and batch: the crate's own defaults (LOCAL_QUORUM, 30 s, 5000 rows, not
//! idempotent) differ from ours. A field the caller left `None` falls back to
//! the connection's [`Config`](cqlbridge_driver_api::Config) defaults.

use std::time::Duration;

use cqlbridge_driver_api::{Consistency, Error, ExecOptions, PageSize, Result, SerialConsistency};
use scylla::statement::batch::Batch;
use scylla::statement::prepared::PreparedStatement;
use scylla::statement::unprepared::Statement;
use scylla::statement::{Consistency as SC, SerialConsistency as SSC};

/// The settings for one request, every one resolved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Resolved {
    pub(crate) consistency: SC,
    pub(crate) serial_consistency: SSC,
    pub(crate) timeout: Duration,
    /// `None` for an unpaged request.
    pub(crate) page_size: Option<i32>,
    pub(crate) idempotent: bool,
    pub(crate) timestamp: Option<i64>,
}

/// `options` over `defaults`, every field resolved; a zero page size or an
/// unknown consistency is an error, not a panic.
pub(crate) fn resolve(options: &ExecOptions, defaults: &ExecOptions) -> Result<Resolved> {
    let merged = options.or(defaults);
    merged.validate()?;
    let page_size = match merged.page_size.unwrap_or(PageSize::Rows(5000)) {
        PageSize::Unpaged => None,
        PageSize::Rows(0) => return Err(PageSize::rows(0).unwrap_err()),
        p => p.as_i32(),
    };
    Ok(Resolved {
        consistency: consistency(merged.consistency.unwrap_or(Consistency::LocalQuorum))?,
        serial_consistency: serial(
            merged
                .serial_consistency
                .unwrap_or(SerialConsistency::Serial),
        ),
        timeout: merged.timeout.unwrap_or(Duration::from_secs(12)),
        page_size,
        idempotent: merged.idempotent.unwrap_or(false),
        timestamp: merged.timestamp,
    })
}

/// Our consistency → scylla's.
pub(crate) fn consistency(c: Consistency) -> Result<SC> {
    Ok(match c {
        Consistency::Any => SC::Any,
        Consistency::One => SC::One,
        Consistency::Two => SC::Two,
        Consistency::Three => SC::Three,
        Consistency::Quorum => SC::Quorum,
        Consistency::All => SC::All,
        Consistency::LocalQuorum => SC::LocalQuorum,
        Consistency::EachQuorum => SC::EachQuorum,
        Consistency::LocalOne => SC::LocalOne,
        Consistency::Serial => SC::Serial,
        Consistency::LocalSerial => SC::LocalSerial,
        other => return Err(Error::unsupported("scylla", format!("consistency {other}"))),
    })
}

/// Scylla's consistency → ours (for server errors).
pub(crate) fn from_scylla(c: SC) -> Consistency {
    match c {
        SC::Any => Consistency::Any,
        SC::One => Consistency::One,
        SC::Two => Consistency::Two,
        SC::Three => Consistency::Three,
        SC::Quorum => Consistency::Quorum,
        SC::All => Consistency::All,
        SC::LocalQuorum => Consistency::LocalQuorum,
        SC::EachQuorum => Consistency::EachQuorum,
        SC::LocalOne => Consistency::LocalOne,
        SC::Serial => Consistency::Serial,
        SC::LocalSerial => Consistency::LocalSerial,
    }
}

/// Our serial consistency → scylla's.
pub(crate) fn serial(c: SerialConsistency) -> SSC {
    match c {
        SerialConsistency::Serial => SSC::Serial,
        SerialConsistency::LocalSerial => SSC::LocalSerial,
    }
}

/// The setters the three `scylla` request kinds share.
pub(crate) trait Configure {
    /// Writes every resolved setting except the page size.
    fn configure(&mut self, r: &Resolved);
}

macro_rules! configure {
    ($($t:ty),*) => {$(
        impl Configure for $t {
            fn configure(&mut self, r: &Resolved) {
                self.set_consistency(r.consistency);
                self.set_serial_consistency(Some(r.serial_consistency));
                self.set_request_timeout(Some(r.timeout));
                self.set_is_idempotent(r.idempotent);
                self.set_timestamp(r.timestamp);
            }
        }
    )*};
}

configure!(Statement, PreparedStatement, Batch);

/// Writes the page size (positive, checked by [`resolve`]) when paged.
pub(crate) fn set_page_size_statement(s: &mut Statement, r: &Resolved) {
    if let Some(n) = r.page_size {
        s.set_page_size(n);
    }
}

/// Writes the page size (positive, checked by [`resolve`]) when paged.
pub(crate) fn set_page_size_prepared(s: &mut PreparedStatement, r: &Resolved) {
    if let Some(n) = r.page_size {
        s.set_page_size(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_resolved_from_options_then_defaults() {
        let defaults = ExecOptions::new()
            .consistency(Consistency::LocalQuorum)
            .timeout(Duration::from_secs(3))
            .page_size(PageSize::Rows(100));
        let mine = ExecOptions::new()
            .consistency(Consistency::One)
            .serial_consistency(SerialConsistency::LocalSerial)
            .idempotent(true)
            .timestamp(42);
        let r = resolve(&mine, &defaults).unwrap();
        assert_eq!(r.consistency, SC::One);
        assert_eq!(r.serial_consistency, SSC::LocalSerial);
        assert_eq!(r.timeout, Duration::from_secs(3));
        assert_eq!(r.page_size, Some(100));
        assert!(r.idempotent);
        assert_eq!(r.timestamp, Some(42));

        let mut s = Statement::new("SELECT 1");
        s.configure(&r);
        set_page_size_statement(&mut s, &r);
        assert_eq!(s.get_consistency(), Some(SC::One));
        assert_eq!(s.get_serial_consistency(), Some(SSC::LocalSerial));
        assert_eq!(s.get_request_timeout(), Some(Duration::from_secs(3)));
        assert_eq!(s.get_page_size(), 100);
        assert!(s.get_is_idempotent());
        assert_eq!(s.get_timestamp(), Some(42));
    }

    #[test]
    fn unpaged_zero_page_and_zero_timeout() {
        let unpaged = ExecOptions::new().page_size(PageSize::Unpaged);
        assert_eq!(
            resolve(&unpaged, &ExecOptions::new()).unwrap().page_size,
            None
        );
        let zero = ExecOptions::new().page_size(PageSize::Rows(0));
        assert!(resolve(&zero, &ExecOptions::new())
            .unwrap_err()
            .is_invalid());
        let t0 = ExecOptions::new().timeout(Duration::ZERO);
        assert!(resolve(&t0, &ExecOptions::new()).unwrap_err().is_invalid());
        let huge = ExecOptions::new().page_size(PageSize::Rows(u32::MAX));
        assert_eq!(
            resolve(&huge, &ExecOptions::new()).unwrap().page_size,
            Some(i32::MAX)
        );
    }

    #[test]
    fn consistency_round_trips() {
        for c in Consistency::ALL_LEVELS {
            assert_eq!(from_scylla(consistency(c).unwrap()), c);
        }
    }
}
