//! [`SessionScan`] and [`SyncSessionScan`]: the scan as a method of the
//! session, `session.scan(keyspace, table, options)`.

use cqlbridge_driver_api::Session;
use futures::future::BoxFuture;

use crate::error::ScanResult;
use crate::options::ScanOptions;
use crate::scan::Scan;

/// [`scan`](fn@crate::scan) as a method of [`Session`].
///
/// ```no_run
/// # async fn demo(session: cqlbridge_driver_api::Session) -> Result<(), cqlbridge_scan::ScanError> {
/// use cqlbridge_scan::{ScanOptions, SessionScan};
///
/// let rows = session.scan("shop", "orders", ScanOptions::new()).await?;
/// # drop(rows); Ok(()) }
/// ```
pub trait SessionScan {
    /// Starts a scan of `keyspace.table`; see [`scan`](fn@crate::scan).
    fn scan<'a>(
        &'a self,
        keyspace: &'a str,
        table: &'a str,
        options: ScanOptions,
    ) -> BoxFuture<'a, ScanResult<Scan>>;
}

impl SessionScan for Session {
    fn scan<'a>(
        &'a self,
        keyspace: &'a str,
        table: &'a str,
        options: ScanOptions,
    ) -> BoxFuture<'a, ScanResult<Scan>> {
        Box::pin(crate::start::scan(self, keyspace, table, options))
    }
}

/// [`scan_blocking`](crate::scan_blocking) as a method of `SyncSession`.
#[cfg(feature = "sync")]
pub trait SyncSessionScan {
    /// Starts a blocking scan of `keyspace.table`; see
    /// [`scan_blocking`](crate::scan_blocking).
    fn scan(
        &self,
        keyspace: &str,
        table: &str,
        options: ScanOptions,
    ) -> ScanResult<crate::blocking::ScanIter>;
}

#[cfg(feature = "sync")]
impl SyncSessionScan for cqlbridge_sync_bridge::SyncSession {
    fn scan(
        &self,
        keyspace: &str,
        table: &str,
        options: ScanOptions,
    ) -> ScanResult<crate::blocking::ScanIter> {
        crate::blocking::scan_blocking(self, keyspace, table, options)
    }
}
