//! One run of the migrator: the plan (which migrations, from which
//! statement), `apply` and `rollback` under the lock, each statement's
//! progress recorded as soon as it is done.

use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

use cqlbridge_driver_api::{QueryResult, Statement};

use crate::migrate::ctx::MigrationContext;
use crate::migrate::error::{MigrateError, MigrateResult};
use crate::migrate::lock::Lock;
use crate::migrate::migrator::Options;
use crate::migrate::report::{
    ApplyReport, MigrationState, Plan, PlannedStep, RollbackReport, Status,
};
use crate::migrate::source::{Body, CodeFn, Migration};
use crate::migrate::split::ScriptStatement;
use crate::migrate::state::{AppliedRecord, State};

/// The migrations, the state and the bounds of one run.
#[derive(Debug)]
pub(crate) struct Run<'a> {
    pub(crate) migrations: &'a [Migration],
    pub(crate) state: State,
    pub(crate) options: &'a Options,
}

/// True for a statement that changes the schema.
fn is_ddl(text: &str, result: &QueryResult) -> bool {
    if matches!(result, QueryResult::SchemaChange(_)) {
        return true;
    }
    let first = text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_uppercase();
    matches!(first.as_str(), "CREATE" | "ALTER" | "DROP")
}

impl Run<'_> {
    fn find(&self, name: &str) -> Option<&Migration> {
        self.migrations.iter().find(|m| m.name() == name)
    }

    /// The steps `apply` takes from `records`, up to `to`, after the checks.
    fn steps(
        &self,
        records: &[AppliedRecord],
        to: Option<&str>,
    ) -> MigrateResult<Vec<(&Migration, usize)>> {
        let status = Status::of(self.migrations, records);
        status.verify()?;
        if let Some(name) = to {
            if self.find(name).is_none() {
                return Err(MigrateError::UnknownTarget { name: name.into() });
            }
        }
        let mut steps = Vec::new();
        for (m, e) in self.migrations.iter().zip(
            status
                .entries
                .iter()
                .filter(|e| e.state != MigrationState::Missing),
        ) {
            if to.is_some_and(|t| m.name() > t) {
                break;
            }
            match e.state {
                MigrationState::Pending => steps.push((m, 0)),
                MigrationState::Partial { done, .. } => steps.push((m, done)),
                MigrationState::RollingBack { .. } => {
                    return Err(MigrateError::RollbackUnfinished {
                        name: m.name().into(),
                    })
                }
                _ => {}
            }
        }
        Ok(steps)
    }

    /// The dry run.
    pub(crate) async fn plan(&self, to: Option<&str>) -> MigrateResult<Plan> {
        let records = self.state.records().await?;
        let steps = self
            .steps(&records, to)?
            .into_iter()
            .map(|(m, from)| PlannedStep {
                name: m.name().to_string(),
                from,
                statements: match m.up_statements() {
                    Some(up) => up[from.min(up.len())..]
                        .iter()
                        .map(|s| s.text.clone())
                        .collect(),
                    None => vec!["<code>".to_string()],
                },
            })
            .collect();
        Ok(Plan { steps })
    }

    fn owner(&self) -> String {
        self.options.owner.clone().unwrap_or_else(|| {
            format!(
                "pid{}-{}",
                std::process::id(),
                uuid::Uuid::new_v4().simple()
            )
        })
    }

    /// Creates the state tables and takes the lock.
    async fn lock(&self) -> MigrateResult<Lock> {
        self.state.ensure(self.options.agreement).await?;
        let owner = self.owner();
        let o = self.options;
        Lock::acquire(&self.state, &owner, o.lock_ttl, o.lock_wait).await
    }

    /// `apply`: under the lock, every step in order.
    pub(crate) async fn apply(&self, to: Option<&str>) -> MigrateResult<ApplyReport> {
        let lock = self.lock().await?;
        let outcome = self.apply_locked(&lock, to).await;
        let released = lock.release().await;
        let report = outcome?;
        released?;
        Ok(report)
    }

    async fn apply_locked(&self, lock: &Lock, to: Option<&str>) -> MigrateResult<ApplyReport> {
        // Read under the lock: another runner may have applied some.
        let records = self.state.records().await?;
        let mut report = ApplyReport::default();
        for (m, from) in self.steps(&records, to)? {
            lock.check()?;
            if from > 0 {
                report.resumed = Some((m.name().to_string(), from));
            }
            let total = m.up_len();
            if !records.iter().any(|r| r.name == m.name()) {
                self.state
                    .begin(m.name(), m.checksum(), total, lock.owner())
                    .await?;
            }
            match &m.body {
                Body::Cql { up, .. } => {
                    for (i, s) in up.iter().enumerate().skip(from) {
                        lock.check()?;
                        self.statement(m.name(), i, s).await?;
                        self.state.progress(m.name(), i + 1, total).await?;
                        report.statements += 1;
                    }
                }
                Body::Code { up, .. } => {
                    self.code(m.name(), up, lock).await?;
                    self.state.progress(m.name(), 1, 1).await?;
                    self.state.clear_scans(m.name()).await?;
                    report.statements += 1;
                }
            }
            report.applied.push(m.name().to_string());
        }
        Ok(report)
    }

    /// Runs statement `i` of migration `name`; after DDL, waits for agreement.
    async fn statement(&self, name: &str, i: usize, s: &ScriptStatement) -> MigrateResult<()> {
        let statement =
            Statement::new(s.text.as_str()).with_timeout(self.options.statement_timeout);
        let result = self
            .state
            .session
            .execute(statement, ())
            .await
            .map_err(|source| MigrateError::Statement {
                name: name.to_string(),
                index: i + 1,
                line: s.line,
                source,
            })?;
        if is_ddl(&s.text, &result) {
            self.state
                .session
                .await_schema_agreement(self.options.agreement)
                .await
                .map_err(|source| MigrateError::SchemaAgreement {
                    name: name.to_string(),
                    source,
                })?;
        }
        Ok(())
    }

    /// Runs a code migration's `up` or `down`, then waits for agreement (it
    /// may have changed the schema).
    async fn code(&self, name: &str, f: &CodeFn, lock: &Lock) -> MigrateResult<()> {
        let ctx = MigrationContext {
            state: self.state.clone(),
            migration: name.to_string(),
            scans: Arc::new(AtomicUsize::new(0)),
            lost: lock.lost_flag(),
            owner: lock.owner().to_string(),
            save_every: self.options.scan_save_every,
        };
        f(ctx).await?;
        self.state
            .session
            .await_schema_agreement(self.options.agreement)
            .await
            .map_err(|source| MigrateError::SchemaAgreement {
                name: name.to_string(),
                source,
            })
    }

    /// `rollback`: under the lock, the last `steps` migrations, newest first.
    pub(crate) async fn rollback(&self, steps: usize) -> MigrateResult<RollbackReport> {
        let lock = self.lock().await?;
        let outcome = self.rollback_locked(&lock, steps).await;
        let released = lock.release().await;
        let report = outcome?;
        released?;
        Ok(report)
    }

    async fn rollback_locked(&self, lock: &Lock, steps: usize) -> MigrateResult<RollbackReport> {
        let records = self.state.records().await?;
        let status = Status::of(self.migrations, &records);
        status.verify()?;
        let mut chosen: Vec<(&Migration, usize)> = Vec::new();
        for r in records.iter().rev().take(steps) {
            let Some(m) = self.find(&r.name) else {
                return Err(MigrateError::UnknownApplied {
                    name: r.name.clone(),
                });
            };
            if r.down_done.is_none() && !r.is_complete() {
                return Err(MigrateError::PartlyApplied {
                    name: r.name.clone(),
                    done: r.statements_done,
                    total: r.statements_total,
                });
            }
            if !m.has_down() {
                return Err(MigrateError::NoDown {
                    name: r.name.clone(),
                });
            }
            chosen.push((m, r.down_done.unwrap_or(0)));
        }
        let mut report = RollbackReport::default();
        for (m, from) in chosen {
            lock.check()?;
            self.state.down_progress(m.name(), from).await?;
            match &m.body {
                Body::Cql { down, .. } => {
                    let down = down.as_deref().unwrap_or(&[]);
                    for (i, s) in down.iter().enumerate().skip(from) {
                        lock.check()?;
                        self.statement(m.name(), i, s).await?;
                        self.state.down_progress(m.name(), i + 1).await?;
                        report.statements += 1;
                    }
                }
                Body::Code { down, .. } => {
                    if let Some(down) = down {
                        self.code(m.name(), down, lock).await?;
                        report.statements += 1;
                    }
                }
            }
            self.state.remove(m.name()).await?;
            report.rolled_back.push(m.name().to_string());
        }
        Ok(report)
    }
}
