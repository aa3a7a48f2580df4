//! [`Session::await_schema_agreement`]: waits, bounded, until every node
//! the coordinator knows of reports the same schema version.

use std::time::{Duration, Instant};

use uuid::Uuid;

use crate::error::{Error, Result};
use crate::session::Session;
use crate::statement::Statement;

/// How long to wait between two reads of the schema versions.
const POLL_INTERVAL: Duration = Duration::from_millis(200);
/// The least time one read is given, even when the wait is nearly over:
/// the versions are read at least once.
const MIN_READ_TIMEOUT: Duration = Duration::from_secs(2);
/// The most one read of `system.local` or `system.peers` may take.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

impl Session {
    /// Waits until the schema version of `system.local` and that of every
    /// row of `system.peers` (peers that report none, such as nodes still
    /// joining, are left out) are equal. Reads
    /// them every 200 ms; after `timeout` it fails with
    /// [`ErrorKind::Timeout`](crate::ErrorKind::Timeout), naming the
    /// versions it last saw. A failed read fails at once. The versions are
    /// read at least once (each read bounded by 2 to 10 s), so even a zero
    /// `timeout` returns at once on a cluster that agrees.
    ///
    /// Run it after a schema change (`CREATE`, `ALTER`, `DROP`) and before
    /// a statement that needs every node to know the change.
    pub async fn await_schema_agreement(&self, timeout: Duration) -> Result<()> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let versions = self
                .schema_versions(left.clamp(MIN_READ_TIMEOUT, READ_TIMEOUT))
                .await?;
            let first = versions.first().copied();
            if first.is_some_and(|v| versions.iter().all(|w| *w == v)) {
                return Ok(());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Error::timeout(format!(
                    "no schema agreement within {timeout:?}: the nodes report {versions:?}"
                )));
            }
            tokio::time::sleep(left.min(POLL_INTERVAL)).await;
        }
    }

    /// The schema versions of the coordinator (first) and of its peers.
    async fn schema_versions(&self, timeout: Duration) -> Result<Vec<Uuid>> {
        let read = |cql: &'static str| Statement::new(cql).with_timeout(timeout);
        let local = self
            .execute(read("SELECT schema_version FROM system.local"), ())
            .await?;
        let peers = self
            .execute(read("SELECT schema_version FROM system.peers"), ())
            .await?;
        let mut versions = Vec::new();
        for row in local.rows().iter().chain(peers.rows()) {
            if let Some(v) = row.get::<Option<Uuid>>(0)? {
                versions.push(v);
            }
        }
        if versions.is_empty() {
            return Err(Error::new(
                crate::error::ErrorKind::Protocol,
                "system.local reports no schema version",
            ));
        }
        Ok(versions)
    }
}
