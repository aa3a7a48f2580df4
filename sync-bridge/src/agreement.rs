//! [`SyncSession::await_schema_agreement`]: the blocking form of
//! `Session::await_schema_agreement`, the same reads and bounds over the
//! bridge.

use std::time::{Duration, Instant};

use cqlbridge_driver_api::{Error, ErrorKind, Result, Statement, Value};

use crate::session::SyncSession;

/// How long to wait between two reads of the schema versions.
const POLL_INTERVAL: Duration = Duration::from_millis(200);
/// The least time one read is given, even when the wait is nearly over:
/// the versions are read at least once.
const MIN_READ_TIMEOUT: Duration = Duration::from_secs(2);
/// The most one read of `system.local` or `system.peers` may take.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

impl SyncSession {
    /// Waits until the schema version of `system.local` and that of every
    /// row of `system.peers` that reports one are equal; see
    /// `Session::await_schema_agreement`. After `timeout` it fails with
    /// `Timeout`, naming the versions it last saw; a failed read fails at
    /// once. The versions are read at least once (each read bounded by 2 to
    /// 10 s).
    pub fn await_schema_agreement(&self, timeout: Duration) -> Result<()> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let versions = self.schema_versions(left.clamp(MIN_READ_TIMEOUT, READ_TIMEOUT))?;
            let first = versions.first();
            if first.is_some_and(|v| versions.iter().all(|w| w == v)) {
                return Ok(());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Error::timeout(format!(
                    "no schema agreement within {timeout:?}: the nodes report {versions:?}"
                )));
            }
            std::thread::sleep(left.min(POLL_INTERVAL));
        }
    }

    /// The schema versions of the coordinator (first) and of its peers.
    fn schema_versions(&self, timeout: Duration) -> Result<Vec<Value>> {
        let read = |cql: &'static str| Statement::new(cql).with_timeout(timeout);
        let local = self.execute(read("SELECT schema_version FROM system.local"), ())?;
        let peers = self.execute(read("SELECT schema_version FROM system.peers"), ())?;
        let versions: Vec<Value> = local
            .rows()
            .iter()
            .chain(peers.rows())
            .filter_map(|row| row.value(0).ok().cloned())
            .filter(|v| !matches!(v, Value::Null))
            .collect();
        if versions.is_empty() {
            return Err(Error::new(
                ErrorKind::Protocol,
                "system.local reports no schema version",
            ));
        }
        Ok(versions)
    }
}
