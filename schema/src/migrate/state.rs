//! The state tables in the state keyspace: `cqlbridge_migrations` (one
//! row per migration begun: its checksum, statements done of its `up`,
//! when it started and finished, who ran it, and how far a rollback got),
//! `cqlbridge_migrations_lock` (the lock row, see `lock.rs`) and
//! `cqlbridge_migrations_scans` (the checkpoints of code migrations'
//! table scans).

use std::time::Duration;

use cqlbridge_driver_api::{
    Consistency, CqlTimestamp, ErrorKind, IntoValues, QueryResult, Row, Session, Statement,
};

use crate::migrate::error::{MigrateError, MigrateResult};

/// The state table.
pub const STATE_TABLE: &str = "cqlbridge_migrations";
/// The lock table.
pub const LOCK_TABLE: &str = "cqlbridge_migrations_lock";
/// The table of code migrations' scan checkpoints.
pub const SCAN_TABLE: &str = "cqlbridge_migrations_scans";

/// The bound of a schema statement (a busy node can take many seconds).
pub(crate) const DDL_TIMEOUT: Duration = Duration::from_secs(60);
/// The bound of a state read or write.
pub(crate) const STATE_TIMEOUT: Duration = Duration::from_secs(20);

/// What the state table says of one migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedRecord {
    /// The migration.
    pub name: String,
    /// Its checksum when it was begun.
    pub checksum: String,
    /// Statements in its `up`.
    pub statements_total: usize,
    /// Statements of its `up` done, in order.
    pub statements_done: usize,
    /// When a rollback was begun: statements of its `down` done.
    pub down_done: Option<usize>,
    /// When it started.
    pub started_at: Option<CqlTimestamp>,
    /// When its last statement was done; `None` while partly applied.
    pub applied_at: Option<CqlTimestamp>,
    /// The runner that last worked on it.
    pub applied_by: String,
}

impl AppliedRecord {
    /// True when every statement of its `up` is done and no rollback began.
    pub fn is_complete(&self) -> bool {
        self.statements_done >= self.statements_total && self.down_done.is_none()
    }

    fn from_row(row: &Row) -> cqlbridge_driver_api::Result<Self> {
        let count = |c: &str| -> cqlbridge_driver_api::Result<usize> {
            Ok(usize::try_from(row.get::<Option<i32>>(c)?.unwrap_or(0)).unwrap_or(0))
        };
        Ok(AppliedRecord {
            name: row.get("name")?,
            checksum: row.get::<Option<String>>("checksum")?.unwrap_or_default(),
            statements_total: count("statements_total")?,
            statements_done: count("statements_done")?,
            down_done: row
                .get::<Option<i32>>("down_done")?
                .map(|n| usize::try_from(n).unwrap_or(0)),
            started_at: row.get("started_at")?,
            applied_at: row.get("applied_at")?,
            applied_by: row.get::<Option<String>>("applied_by")?.unwrap_or_default(),
        })
    }
}

/// The state tables of one keyspace, through one session.
#[derive(Debug, Clone)]
pub(crate) struct State {
    pub(crate) session: Session,
    pub(crate) keyspace: String,
}

/// A count as a CQL `int`.
fn int(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl State {
    /// A statement on the state tables, bounded, at `QUORUM`.
    pub(crate) async fn run(
        &self,
        what: &str,
        cql: String,
        values: impl IntoValues,
    ) -> MigrateResult<QueryResult> {
        let statement = Statement::new(cql)
            .with_timeout(STATE_TIMEOUT)
            .with_consistency(Consistency::Quorum);
        self.session
            .execute(statement, values)
            .await
            .map_err(MigrateError::state(what))
    }

    /// True when the keyspace exists.
    pub(crate) async fn keyspace_exists(&self) -> MigrateResult<bool> {
        let rows = self
            .run(
                "reading system_schema.keyspaces",
                "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?".into(),
                (self.keyspace.as_str(),),
            )
            .await?;
        Ok(!rows.rows().is_empty())
    }

    /// Creates the three tables when missing, and waits for agreement.
    pub(crate) async fn ensure(&self, agreement: Duration) -> MigrateResult<()> {
        if !self.keyspace_exists().await? {
            return Err(MigrateError::NoKeyspace {
                keyspace: self.keyspace.clone(),
            });
        }
        let ks = &self.keyspace;
        let tables = [
            format!(
                "CREATE TABLE IF NOT EXISTS {ks}.{STATE_TABLE} (name text PRIMARY KEY, \
                 checksum text, statements_total int, statements_done int, down_done int, \
                 started_at timestamp, applied_at timestamp, applied_by text)"
            ),
            format!(
                "CREATE TABLE IF NOT EXISTS {ks}.{LOCK_TABLE} (id text PRIMARY KEY, \
                 owner text, since timestamp)"
            ),
            format!(
                "CREATE TABLE IF NOT EXISTS {ks}.{SCAN_TABLE} (migration text, scan text, \
                 checkpoint text, PRIMARY KEY (migration, scan))"
            ),
        ];
        for cql in tables {
            let statement = Statement::new(cql).with_timeout(DDL_TIMEOUT);
            match self.session.execute(statement, ()).await {
                Ok(_) => {}
                // Two runners creating it at once: the other one won.
                Err(e) if matches!(e.kind(), ErrorKind::AlreadyExists { .. }) => {}
                Err(e) => return Err(MigrateError::state("creating the state tables")(e)),
            }
        }
        self.session
            .await_schema_agreement(agreement)
            .await
            .map_err(|source| MigrateError::SchemaAgreement {
                name: STATE_TABLE.into(),
                source,
            })
    }

    /// Every record, sorted by name; none when the table does not exist.
    pub(crate) async fn records(&self) -> MigrateResult<Vec<AppliedRecord>> {
        let exists = self
            .run(
                "reading system_schema.tables",
                "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? \
                 AND table_name = ?"
                    .into(),
                (self.keyspace.as_str(), STATE_TABLE),
            )
            .await?;
        if exists.rows().is_empty() {
            return Ok(Vec::new());
        }
        let cql = format!("SELECT * FROM {}.{STATE_TABLE}", self.keyspace);
        let mut records = Vec::new();
        let mut state = None;
        loop {
            let page = self
                .session
                .page(
                    Statement::new(cql.as_str())
                        .with_timeout(STATE_TIMEOUT)
                        .with_consistency(Consistency::Quorum),
                    (),
                    state,
                )
                .await
                .map_err(MigrateError::state("reading the state table"))?;
            for row in &page.rows {
                records.push(
                    AppliedRecord::from_row(row)
                        .map_err(MigrateError::state("reading the state table"))?,
                );
            }
            match page.paging_state {
                Some(s) => state = Some(s),
                None => break,
            }
        }
        records.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(records)
    }

    /// Records that `name` is begun: no statement done yet.
    pub(crate) async fn begin(
        &self,
        name: &str,
        checksum: &str,
        total: usize,
        owner: &str,
    ) -> MigrateResult<()> {
        let cql = format!(
            "INSERT INTO {}.{STATE_TABLE} (name, checksum, statements_total, statements_done, \
             started_at, applied_by) VALUES (?, ?, ?, 0, toTimestamp(now()), ?)",
            self.keyspace
        );
        let what = format!("recording the start of {name}");
        self.run(&what, cql, (name, checksum, int(total), owner))
            .await
            .map(drop)
    }

    /// Records `done` statements of `name`'s `up` done; the last sets `applied_at`.
    pub(crate) async fn progress(
        &self,
        name: &str,
        done: usize,
        total: usize,
    ) -> MigrateResult<()> {
        let what = format!("recording statement {done} of {name}");
        let ks = &self.keyspace;
        let cql = if done >= total {
            format!(
                "UPDATE {ks}.{STATE_TABLE} SET statements_done = ?, applied_at = \
                 toTimestamp(now()) WHERE name = ?"
            )
        } else {
            format!("UPDATE {ks}.{STATE_TABLE} SET statements_done = ? WHERE name = ?")
        };
        self.run(&what, cql, (int(done), name)).await.map(drop)
    }

    /// Records `done` statements of `name`'s `down` done.
    pub(crate) async fn down_progress(&self, name: &str, done: usize) -> MigrateResult<()> {
        let what = format!("recording rollback statement {done} of {name}");
        let cql = format!(
            "UPDATE {}.{STATE_TABLE} SET down_done = ? WHERE name = ?",
            self.keyspace
        );
        self.run(&what, cql, (int(done), name)).await.map(drop)
    }

    /// Removes `name`'s record (its rollback is done) and its scan checkpoints.
    pub(crate) async fn remove(&self, name: &str) -> MigrateResult<()> {
        let what = format!("removing the record of {name}");
        let cql = format!("DELETE FROM {}.{STATE_TABLE} WHERE name = ?", self.keyspace);
        self.run(&what, cql, (name,)).await?;
        self.clear_scans(name).await
    }

    /// The stored checkpoint of scan `scan` of migration `name`.
    pub(crate) async fn scan_checkpoint(
        &self,
        name: &str,
        scan: &str,
    ) -> MigrateResult<Option<String>> {
        let cql = format!(
            "SELECT checkpoint FROM {}.{SCAN_TABLE} WHERE migration = ? AND scan = ?",
            self.keyspace
        );
        let rows = self
            .run("reading a scan checkpoint", cql, (name, scan))
            .await?;
        match rows.first_row() {
            Some(row) => row
                .get::<Option<String>>(0)
                .map_err(MigrateError::state("reading a scan checkpoint")),
            None => Ok(None),
        }
    }

    /// Stores the checkpoint of scan `scan` of migration `name`.
    pub(crate) async fn save_scan(&self, name: &str, scan: &str, json: &str) -> MigrateResult<()> {
        let cql = format!(
            "INSERT INTO {}.{SCAN_TABLE} (migration, scan, checkpoint) VALUES (?, ?, ?)",
            self.keyspace
        );
        self.run("saving a scan checkpoint", cql, (name, scan, json))
            .await
            .map(drop)
    }

    /// Removes every scan checkpoint of migration `name`.
    pub(crate) async fn clear_scans(&self, name: &str) -> MigrateResult<()> {
        let cql = format!(
            "DELETE FROM {}.{SCAN_TABLE} WHERE migration = ?",
            self.keyspace
        );
        self.run("removing scan checkpoints", cql, (name,))
            .await
            .map(drop)
    }
}
