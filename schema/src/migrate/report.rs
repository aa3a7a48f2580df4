//! What the migrator reports: [`Status`] (each migration and what the
//! state table says of it), [`Plan`] (what `apply` would run: the dry
//! run), [`ApplyReport`] and [`RollbackReport`]; and the checks of the
//! state table against the migrations that every run makes first.

use std::collections::BTreeMap;

use cqlbridge_driver_api::CqlTimestamp;

use crate::migrate::error::{MigrateError, MigrateResult};
use crate::migrate::source::Migration;
use crate::migrate::state::AppliedRecord;

/// Where one migration stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrationState {
    /// Not begun.
    Pending,
    /// Every statement done.
    Applied {
        /// When its last statement was done.
        at: Option<CqlTimestamp>,
    },
    /// Begun and not finished: `apply` resumes at statement `done + 1`.
    Partial {
        /// Statements done.
        done: usize,
        /// Statements in its `up`.
        total: usize,
    },
    /// A rollback was begun and not finished.
    RollingBack {
        /// Statements of its `down` done.
        done: usize,
    },
    /// Applied (in part or whole), and changed since: refused.
    Changed {
        /// The checksum recorded.
        recorded: String,
        /// The checksum now.
        found: String,
    },
    /// Recorded in the state table, absent from the migrations.
    Missing,
}

/// One line of [`Status`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEntry {
    /// The migration.
    pub name: String,
    /// Where it stands.
    pub state: MigrationState,
    /// The state table's record, when it has one.
    pub record: Option<AppliedRecord>,
}

/// Every migration (and every record without one), in name order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The lines.
    pub entries: Vec<StatusEntry>,
}

impl Status {
    /// The migrations not yet begun.
    pub fn pending(&self) -> impl Iterator<Item = &StatusEntry> {
        self.entries
            .iter()
            .filter(|e| e.state == MigrationState::Pending)
    }

    /// Builds the status of `migrations` against `records`.
    pub(crate) fn of(migrations: &[Migration], records: &[AppliedRecord]) -> Status {
        let by_name: BTreeMap<&str, &AppliedRecord> =
            records.iter().map(|r| (r.name.as_str(), r)).collect();
        let mut entries: Vec<StatusEntry> = migrations
            .iter()
            .map(|m| {
                let record = by_name.get(m.name()).copied();
                let state = match record {
                    None => MigrationState::Pending,
                    Some(r) if r.checksum != m.checksum() => MigrationState::Changed {
                        recorded: r.checksum.clone(),
                        found: m.checksum().to_string(),
                    },
                    Some(r) => match r.down_done {
                        Some(done) => MigrationState::RollingBack { done },
                        None if r.is_complete() => MigrationState::Applied { at: r.applied_at },
                        None => MigrationState::Partial {
                            done: r.statements_done,
                            total: r.statements_total,
                        },
                    },
                };
                StatusEntry {
                    name: m.name().to_string(),
                    state,
                    record: record.cloned(),
                }
            })
            .collect();
        for r in records {
            if !migrations.iter().any(|m| m.name() == r.name) {
                entries.push(StatusEntry {
                    name: r.name.clone(),
                    state: MigrationState::Missing,
                    record: Some(r.clone()),
                });
            }
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Status { entries }
    }

    /// The first problem that stops a run: a record without a migration, a
    /// changed migration, a pending one before an applied one.
    pub(crate) fn verify(&self) -> MigrateResult<()> {
        let mut last_recorded: Option<&str> = None;
        for e in &self.entries {
            match &e.state {
                MigrationState::Missing => {
                    return Err(MigrateError::UnknownApplied {
                        name: e.name.clone(),
                    })
                }
                MigrationState::Changed { recorded, found } => {
                    return Err(MigrateError::ChecksumMismatch {
                        name: e.name.clone(),
                        recorded: recorded.clone(),
                        found: found.clone(),
                    })
                }
                MigrationState::Pending => {}
                _ => last_recorded = Some(&e.name),
            }
        }
        if let Some(after) = last_recorded {
            if let Some(p) = self.pending().find(|p| p.name.as_str() < after) {
                return Err(MigrateError::OutOfOrder {
                    name: p.name.clone(),
                    after: after.to_string(),
                });
            }
        }
        Ok(())
    }
}

/// One migration `apply` would run (or runs), from which statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedStep {
    /// The migration.
    pub name: String,
    /// Statements already done (the first to run is `from + 1`).
    pub from: usize,
    /// The texts of the statements to run; `["<code>"]` for code.
    pub statements: Vec<String>,
}

/// What `apply` would run, in order: the dry run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The steps.
    pub steps: Vec<PlannedStep>,
}

/// What `apply` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyReport {
    /// The migrations finished by this run, in order.
    pub applied: Vec<String>,
    /// A partly applied migration it resumed, and from which statement count.
    pub resumed: Option<(String, usize)>,
    /// Statements it ran.
    pub statements: usize,
}

/// What `rollback` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RollbackReport {
    /// The migrations rolled back by this run, newest first.
    pub rolled_back: Vec<String>,
    /// Statements it ran.
    pub statements: usize,
}
