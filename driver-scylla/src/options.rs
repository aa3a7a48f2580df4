//! Resolved options → the `scylla` crate's statement settings.
//!
//! Every setting is written explicitly on every statement, prepared statement
//! and batch: the crate's own defaults (LOCAL_QUORUM, 30 s, 5000 rows, not
//! idempotent) differ from ours. What a request leaves unset was filled in
//! from the [`Config`](cqlbridge_driver_api::Config) by
//! [`ResolvedOptions`], the resolution every backend shares; this module only
//! converts it to the crate's types.

use std::time::Duration;

use cqlbridge_driver_api::backend::ResolvedOptions;
use cqlbridge_driver_api::Result;
use scylla::statement::batch::Batch;
use scylla::statement::prepared::PreparedStatement;
use scylla::statement::unprepared::Statement;
use scylla::statement::{Consistency as SC, SerialConsistency as SSC};

use crate::consistency::{consistency, serial};

/// The settings of one request in the crate's types (`Copy`, so that the
/// connection's defaults, converted once, cost nothing per request).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Settings {
    pub(crate) consistency: SC,
    pub(crate) serial_consistency: SSC,
    pub(crate) timeout: Duration,
    /// `None` for an unpaged request.
    pub(crate) page_size: Option<i32>,
    pub(crate) idempotent: bool,
    pub(crate) timestamp: Option<i64>,
    /// Ask the server to trace the request.
    pub(crate) tracing: bool,
}

impl Settings {
    /// `r` in the crate's types; a consistency the crate lacks is
    /// `Unsupported`.
    pub(crate) fn new(r: &ResolvedOptions) -> Result<Self> {
        Ok(Settings {
            consistency: consistency(r.consistency)?,
            serial_consistency: serial(r.serial_consistency),
            timeout: r.timeout,
            page_size: r.page_rows(),
            idempotent: r.idempotent,
            timestamp: r.timestamp,
            tracing: r.tracing,
        })
    }
}

/// The setters the three `scylla` request kinds share.
pub(crate) trait Configure {
    /// Writes every setting except the page size.
    fn configure(&mut self, s: &Settings);
}

macro_rules! configure {
    ($($t:ty),*) => {$(
        impl Configure for $t {
            fn configure(&mut self, s: &Settings) {
                self.set_consistency(s.consistency);
                self.set_serial_consistency(Some(s.serial_consistency));
                self.set_request_timeout(Some(s.timeout));
                self.set_is_idempotent(s.idempotent);
                self.set_timestamp(s.timestamp);
                self.set_tracing(s.tracing);
            }
        }
    )*};
}

configure!(Statement, PreparedStatement, Batch);

/// Writes the page size (positive, checked by [`ResolvedOptions`]) when paged.
pub(crate) fn set_page_size_statement(st: &mut Statement, s: &Settings) {
    if let Some(n) = s.page_size {
        st.set_page_size(n);
    }
}

/// Writes the page size (positive, checked by [`ResolvedOptions`]) when paged.
pub(crate) fn set_page_size_prepared(ps: &mut PreparedStatement, s: &Settings) {
    if let Some(n) = s.page_size {
        ps.set_page_size(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqlbridge_driver_api::{Config, Consistency, ExecOptions, PageSize, SerialConsistency};

    #[test]
    fn every_resolved_field_is_written() {
        let defaults = ResolvedOptions::from_config(&Config::default()).unwrap();
        let mine = ExecOptions::new()
            .consistency(Consistency::One)
            .serial_consistency(SerialConsistency::LocalSerial)
            .timeout(Duration::from_secs(3))
            .page_size(PageSize::Rows(100))
            .idempotent(true)
            .timestamp(42)
            .tracing(true);
        let s = Settings::new(&defaults.with(&mine).unwrap()).unwrap();
        let mut st = Statement::new("SELECT 1");
        st.configure(&s);
        set_page_size_statement(&mut st, &s);
        assert_eq!(st.get_consistency(), Some(SC::One));
        assert_eq!(st.get_serial_consistency(), Some(SSC::LocalSerial));
        assert_eq!(st.get_request_timeout(), Some(Duration::from_secs(3)));
        assert_eq!(st.get_page_size(), 100);
        assert!(st.get_is_idempotent());
        assert_eq!(st.get_timestamp(), Some(42));
        assert!(st.get_tracing());
        let unpaged = defaults
            .with(&ExecOptions::new().page_size(PageSize::Unpaged))
            .unwrap();
        assert_eq!(Settings::new(&unpaged).unwrap().page_size, None);
    }
}
