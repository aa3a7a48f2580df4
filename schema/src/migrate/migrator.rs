//! [`Migrator`] and its builder: the migrations (a folder, code, or
//! both), the state keyspace, and the bounds of a run; `status`, `apply`,
//! `apply_to`, `rollback` and `dry_run`.

use std::path::PathBuf;
use std::time::Duration;

use cqlbridge_driver_api::Session;

use crate::migrate::error::{MigrateError, MigrateResult};
use crate::migrate::report::{ApplyReport, Plan, RollbackReport, Status};
use crate::migrate::run::Run;
use crate::migrate::source::{load_dir, Migration};
use crate::migrate::state::State;

/// The lock's TTL, by default.
pub const DEFAULT_LOCK_TTL: Duration = Duration::from_secs(60);
/// How long a runner waits for another's lock, by default.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(120);
/// How long to wait for schema agreement after a DDL statement, by default.
pub const DEFAULT_AGREEMENT_TIMEOUT: Duration = Duration::from_secs(60);
/// The timeout of one migration statement, by default.
pub const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(60);
/// How often a code migration's table scan saves its checkpoint, by default.
pub const DEFAULT_SCAN_SAVE_INTERVAL: Duration = Duration::from_secs(5);

/// Builds a [`Migrator`].
///
/// ```no_run
/// # async fn demo(session: cqlbridge_driver_api::Session) -> cqlbridge_schema::migrate::MigrateResult<()> {
/// use std::time::Duration;
/// use cqlbridge_schema::migrate::{Migration, Migrator};
///
/// let migrator = Migrator::builder()
///     .dir("migrations")
///     .migration(Migration::code("20240602_001_backfill_names", |ctx| async move {
///         let mut rows = ctx.scan_table("app", "users").await?;
///         while let Some(row) = rows.next_row().await? {
///             let _ = row;
///         }
///         Ok(())
///     })?)
///     .keyspace("app")
///     .lock_wait(Duration::from_secs(30))
///     .build()?;
/// let report = migrator.apply(&session).await?;
/// println!("applied {:?}", report.applied);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct MigratorBuilder {
    dir: Option<PathBuf>,
    migrations: Vec<Migration>,
    keyspace: Option<String>,
    pub(crate) options: Options,
}

/// The bounds of a run.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) lock_ttl: Duration,
    pub(crate) lock_wait: Duration,
    pub(crate) agreement: Duration,
    pub(crate) statement_timeout: Duration,
    pub(crate) scan_save_every: Duration,
    pub(crate) owner: Option<String>,
}

impl Default for MigratorBuilder {
    fn default() -> Self {
        MigratorBuilder {
            dir: None,
            migrations: Vec::new(),
            keyspace: None,
            options: Options {
                lock_ttl: DEFAULT_LOCK_TTL,
                lock_wait: DEFAULT_LOCK_WAIT,
                agreement: DEFAULT_AGREEMENT_TIMEOUT,
                statement_timeout: DEFAULT_STATEMENT_TIMEOUT,
                scan_save_every: DEFAULT_SCAN_SAVE_INTERVAL,
                owner: None,
            },
        }
    }
}

impl MigratorBuilder {
    /// Reads every `*.cql` migration of `dir` at [`MigratorBuilder::build`].
    pub fn dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dir = Some(dir.into());
        self
    }

    /// Adds one migration (CQL or code).
    pub fn migration(mut self, migration: Migration) -> Self {
        self.migrations.push(migration);
        self
    }

    /// Adds migrations.
    pub fn migrations(mut self, migrations: impl IntoIterator<Item = Migration>) -> Self {
        self.migrations.extend(migrations);
        self
    }

    /// The keyspace of the state tables (required; it must exist).
    pub fn keyspace(mut self, keyspace: impl Into<String>) -> Self {
        self.keyspace = Some(keyspace.into());
        self
    }

    /// The lock's TTL (default [`DEFAULT_LOCK_TTL`], at least 3 s): a dead
    /// runner's lock expires at most this long after its last refresh.
    pub fn lock_ttl(mut self, ttl: Duration) -> Self {
        self.options.lock_ttl = ttl;
        self
    }

    /// How long to wait for another runner's lock (default
    /// [`DEFAULT_LOCK_WAIT`]; zero: fail at once).
    pub fn lock_wait(mut self, wait: Duration) -> Self {
        self.options.lock_wait = wait;
        self
    }

    /// How long to wait for schema agreement after each DDL statement
    /// (default [`DEFAULT_AGREEMENT_TIMEOUT`]).
    pub fn schema_agreement_timeout(mut self, timeout: Duration) -> Self {
        self.options.agreement = timeout;
        self
    }

    /// The timeout of each migration statement (default
    /// [`DEFAULT_STATEMENT_TIMEOUT`]).
    pub fn statement_timeout(mut self, timeout: Duration) -> Self {
        self.options.statement_timeout = timeout;
        self
    }

    /// How often a code migration's table scan saves its checkpoint
    /// (default [`DEFAULT_SCAN_SAVE_INTERVAL`]; zero: at every row).
    pub fn scan_save_interval(mut self, every: Duration) -> Self {
        self.options.scan_save_every = every;
        self
    }

    /// This runner's id in the lock and state rows (default: the process
    /// id and a random UUID).
    pub fn owner(mut self, owner: impl Into<String>) -> Self {
        self.options.owner = Some(owner.into());
        self
    }

    /// Reads the folder, checks every name and option.
    pub fn build(self) -> MigrateResult<Migrator> {
        let bad = |option, reason: &str| MigrateError::InvalidOption {
            option,
            reason: reason.to_string(),
        };
        let keyspace = self
            .keyspace
            .ok_or_else(|| bad("keyspace", "the state keyspace is required"))?;
        let ident_ok = !keyspace.is_empty()
            && keyspace.len() <= 48
            && keyspace
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !ident_ok {
            return Err(bad(
                "keyspace",
                "must be 1 to 48 ASCII letters, digits or _",
            ));
        }
        if self.options.lock_ttl < Duration::from_secs(3) {
            return Err(bad("lock_ttl", "must be at least 3 s"));
        }
        if self.options.statement_timeout.is_zero() {
            return Err(bad("statement_timeout", "must be longer than zero"));
        }
        let mut migrations = match &self.dir {
            Some(dir) => load_dir(dir)?,
            None => Vec::new(),
        };
        migrations.extend(self.migrations);
        migrations.sort_by(|a, b| a.name().cmp(b.name()));
        if let Some(w) = migrations.windows(2).find(|w| w[0].name() == w[1].name()) {
            return Err(MigrateError::DuplicateName {
                name: w[0].name().to_string(),
            });
        }
        Ok(Migrator {
            migrations,
            keyspace,
            options: self.options,
        })
    }
}

/// Applies, rolls back and reports versioned migrations over a
/// [`Session`]; see the [module docs](crate::migrate).
#[derive(Debug, Clone)]
pub struct Migrator {
    migrations: Vec<Migration>,
    keyspace: String,
    options: Options,
}

impl Migrator {
    /// A builder with the defaults.
    pub fn builder() -> MigratorBuilder {
        MigratorBuilder::default()
    }

    /// The migrations, in the order they apply.
    pub fn migrations(&self) -> &[Migration] {
        &self.migrations
    }

    /// The keyspace of the state tables.
    pub fn keyspace(&self) -> &str {
        &self.keyspace
    }

    fn run(&self, session: &Session) -> Run<'_> {
        Run {
            migrations: &self.migrations,
            state: State {
                session: session.clone(),
                keyspace: self.keyspace.clone(),
            },
            options: &self.options,
        }
    }

    /// Each migration and where it stands (takes no lock, writes nothing).
    pub async fn status(&self, session: &Session) -> MigrateResult<Status> {
        let records = self.run(session).state.records().await?;
        Ok(Status::of(&self.migrations, &records))
    }

    /// What [`Migrator::apply`] would run, without running it (takes no
    /// lock, writes nothing); the same checks fail the same way.
    pub async fn dry_run(&self, session: &Session) -> MigrateResult<Plan> {
        self.run(session).plan(None).await
    }

    /// [`Migrator::dry_run`] up to and including `name`.
    pub async fn dry_run_to(&self, session: &Session, name: &str) -> MigrateResult<Plan> {
        self.run(session).plan(Some(name)).await
    }

    /// Applies every pending migration in order under the lock, resuming
    /// a partly applied one at its next statement.
    pub async fn apply(&self, session: &Session) -> MigrateResult<ApplyReport> {
        self.run(session).apply(None).await
    }

    /// [`Migrator::apply`] up to and including `name`.
    pub async fn apply_to(&self, session: &Session, name: &str) -> MigrateResult<ApplyReport> {
        self.run(session).apply(Some(name)).await
    }

    /// Rolls back the last `steps` applied migrations, newest first, under
    /// the lock; every one must have a `down` (checked before any runs).
    /// A rollback that was stopped continues where it stopped.
    pub async fn rollback(&self, session: &Session, steps: usize) -> MigrateResult<RollbackReport> {
        self.run(session).rollback(steps).await
    }
}
