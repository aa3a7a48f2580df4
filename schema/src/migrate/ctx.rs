//! [`MigrationContext`]: what a code migration's `up` (or `down`) gets —
//! the session, and [`MigrationContext::scan_table`], a table scan
//! (`cqlbridge_scan`) whose checkpoint is kept in the state keyspace, so
//! that a backfill that fails half-way resumes where it stopped.
//!
//! The checkpoint of a [`TableScan`] is saved when the caller comes back
//! for the next row (so it counts every row handed out before as done)
//! whenever the save interval has passed or a range has finished, when the
//! scan fails, and when it ends. A migration that fails without asking for
//! another row resumes at the last save: rows handed out since are read
//! again, so a backfill must be idempotent (as it must be anyway, since a
//! process can die between a write and the next save). Call
//! [`TableScan::save`] to save at a point of your own. The checkpoints of a
//! migration are removed once it is applied.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{Row, Session};
use cqlbridge_scan::{scan, Checkpoint, Scan, ScanOptions, ScanProgress};
use futures::StreamExt;

use crate::migrate::error::{MigrateError, MigrateResult};
use crate::migrate::state::State;

/// The context of a code migration. Cheap to clone.
#[derive(Debug, Clone)]
pub struct MigrationContext {
    pub(crate) state: State,
    pub(crate) migration: String,
    pub(crate) scans: Arc<AtomicUsize>,
    pub(crate) lost: Arc<AtomicBool>,
    pub(crate) owner: String,
    pub(crate) save_every: Duration,
}

impl MigrationContext {
    /// The session the migrations run on.
    pub fn session(&self) -> &Session {
        &self.state.session
    }

    /// The name of the migration running.
    pub fn migration(&self) -> &str {
        &self.migration
    }

    /// Fails with [`MigrateError::LockLost`] once this runner's lock is
    /// lost; a long loop should call it now and then (a [`TableScan`]
    /// does at every row).
    pub fn check_lock(&self) -> MigrateResult<()> {
        if self.lost.load(Ordering::Acquire) {
            return Err(MigrateError::LockLost {
                owner: self.owner.clone(),
            });
        }
        Ok(())
    }

    /// A scan of every row of `keyspace.table` with the default options;
    /// see [`MigrationContext::scan_table_with`].
    pub async fn scan_table(&self, keyspace: &str, table: &str) -> MigrateResult<TableScan> {
        self.scan_table_with(keyspace, table, ScanOptions::new())
            .await
    }

    /// A scan of `keyspace.table` with `options` (columns, concurrency,
    /// throttle, progress; a checkpoint file or `resume` of the options
    /// is overridden). The scans of one migration are numbered in the
    /// order it starts them; the `n`-th resumes from the checkpoint the
    /// `n`-th of a failed run left.
    pub async fn scan_table_with(
        &self,
        keyspace: &str,
        table: &str,
        options: ScanOptions,
    ) -> MigrateResult<TableScan> {
        let n = self.scans.fetch_add(1, Ordering::AcqRel);
        let key = format!("{n}:{keyspace}.{table}");
        let stored = self.state.scan_checkpoint(&self.migration, &key).await?;
        let mut options = options;
        if let Some(json) = stored {
            options = options.resume(Checkpoint::from_json(&json)?);
        }
        let scan = scan(self.session(), keyspace, table, options).await?;
        let done = scan.progress().ranges_done;
        Ok(TableScan {
            scan,
            ctx: self.clone(),
            key,
            saved_at: Instant::now(),
            ranges_saved: done,
            handed_out: false,
        })
    }
}

/// A table scan of a code migration: its rows, one at a time, with its
/// checkpoint saved in the state keyspace (see the module docs).
#[derive(Debug)]
pub struct TableScan {
    scan: Scan,
    ctx: MigrationContext,
    key: String,
    saved_at: Instant,
    ranges_saved: usize,
    handed_out: bool,
}

impl TableScan {
    /// The next row; `None` after the last. Saves the checkpoint first when
    /// it is due; on a failed page, saves it and fails.
    pub async fn next_row(&mut self) -> MigrateResult<Option<Row>> {
        self.ctx.check_lock()?;
        if self.handed_out {
            let done = self.scan.progress().ranges_done;
            if done != self.ranges_saved || self.saved_at.elapsed() >= self.ctx.save_every {
                self.save().await?;
            }
        }
        match self.scan.next().await {
            Some(Ok(row)) => {
                self.handed_out = true;
                Ok(Some(row))
            }
            Some(Err(e)) => {
                self.save().await?;
                Err(e.into())
            }
            None => {
                self.save().await?;
                Ok(None)
            }
        }
    }

    /// Saves the checkpoint now: every row handed out so far counts as done.
    pub async fn save(&mut self) -> MigrateResult<()> {
        let checkpoint = self.scan.checkpoint();
        self.ctx
            .state
            .save_scan(&self.ctx.migration, &self.key, &checkpoint.to_json())
            .await?;
        self.saved_at = Instant::now();
        self.ranges_saved = checkpoint.finished.len();
        Ok(())
    }

    /// How far the scan is.
    pub fn progress(&self) -> ScanProgress {
        self.scan.progress()
    }

    /// The checkpoint of every row handed out so far.
    pub fn checkpoint(&self) -> Checkpoint {
        self.scan.checkpoint()
    }
}
