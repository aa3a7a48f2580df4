//! `cqlbridge migrate …` and `cqlbridge makemigration`: versioned
//! migrations ([`cqlbridge::schema::migrate`]).
//!
//! - `migrate status` prints each migration, where it stands and its
//!   statements done of all;
//! - `migrate apply [--to NAME]` applies the pending ones in order under
//!   the lock (resuming a partly applied one at its next statement);
//! - `migrate rollback [--steps N]` runs the `down` of the last N applied;
//! - `migrate dry-run [--to NAME]` prints what `apply` would run, and runs
//!   nothing;
//! - `makemigration --name NAME schema.cql` writes the next migration file
//!   from the diff of the live schema to the file's (the `make` module).
//!
//! The migrator runs on the async session, on a small Tokio runtime of the
//! command's own.

#[path = "migrate/make.rs"]
mod make;
#[path = "migrate/print.rs"]
mod print;

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};
use cqlbridge::schema::migrate::{MigrateError, Migrator};
use cqlbridge::Session;

use crate::args::Cli;
use crate::failure::{Failure, CQL_ERROR, USAGE_ERROR};
use crate::session::config;

pub(crate) use make::{run as run_makemigration, MakemigrationArgs};

/// The text after `migrate --help`: examples and exit codes.
const MIGRATE_HELP: &str = "\
Examples:
  cqlbridge migrate status --dir migrations --keyspace shop
  cqlbridge migrate dry-run
  cqlbridge migrate apply --lock-wait 30
  cqlbridge migrate apply --to 20240601_002_add_email
  cqlbridge migrate rollback --steps 2

Files: DIR/YYYYMMDD_NNN_description.cql, a `-- +up` section and an optional
`-- +down` one. State: the tables cqlbridge_migrations (name, checksum,
statements done, applied at) and cqlbridge_migrations_lock in --keyspace.

Exit codes:
  0  success (status and dry-run print; nothing pending is a success)
  1  the cluster: a statement failed, another runner held the lock past
     --lock-wait, the lock was lost, no schema agreement, the state tables
     could not be read or written, no connection
  2  bad input: a bad file or file name, a file changed after it was applied
     (checksum), a rollback without a down section or of a partly applied
     migration, a pending migration sorting before an applied one, a
     recorded migration without its file, --to naming no migration, a state
     keyspace that does not exist, no keyspace, bad options";

/// `cqlbridge migrate` and its subcommands.
#[derive(Debug, Args)]
#[command(after_help = MIGRATE_HELP)]
pub(crate) struct MigrateArgs {
    /// What to do with the migrations.
    #[command(subcommand)]
    pub(crate) action: MigrateAction,
    /// Where the migrations are, and the bounds of a run.
    #[command(flatten)]
    pub(crate) options: MigrateOptions,
}

/// The options every `migrate` subcommand takes.
#[derive(Debug, Args)]
pub(crate) struct MigrateOptions {
    /// The folder of `YYYYMMDD_NNN_description.cql` files.
    #[arg(long, global = true, value_name = "DIR", default_value = "migrations")]
    pub(crate) dir: PathBuf,
    /// The keyspace of the state tables (default: the configured keyspace).
    #[arg(long, global = true, value_name = "KS")]
    pub(crate) keyspace: Option<String>,
    /// How long to wait for another runner's lock, in seconds (default 120;
    /// 0: fail at once).
    #[arg(long, global = true, value_name = "SECS")]
    pub(crate) lock_wait: Option<u64>,
    /// The lock's TTL in seconds (default 60, at least 3): a dead runner's
    /// lock expires this long after its last refresh.
    #[arg(long, global = true, value_name = "SECS")]
    pub(crate) lock_ttl: Option<u64>,
}

/// The `migrate` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum MigrateAction {
    /// Prints each migration, where it stands (pending, applied, partial,
    /// rolling back, changed, missing) and its statements done of all.
    Status,
    /// Applies the pending migrations in order, under the lock; a partly
    /// applied one resumes at its next statement.
    Apply {
        /// Stop after this migration (it included).
        #[arg(long, value_name = "NAME")]
        to: Option<String>,
    },
    /// Rolls back the last applied migrations, newest first, with their
    /// `down` sections (every one must have one).
    Rollback {
        /// How many migrations to roll back.
        #[arg(long, value_name = "N", default_value_t = 1)]
        steps: usize,
    },
    /// Prints what `apply` would run, statement by statement; runs nothing.
    DryRun {
        /// Stop after this migration (it included).
        #[arg(long, value_name = "NAME")]
        to: Option<String>,
    },
}

/// A migration error as a [`Failure`]: bad input exits 2, the cluster's
/// failures 1 (a configuration error of the driver 2).
pub(crate) fn failure(e: &MigrateError) -> Failure {
    let code = match e.driver_error() {
        Some(d) if matches!(d.kind(), cqlbridge::ErrorKind::Config) => USAGE_ERROR,
        _ if e.is_bad_input() => USAGE_ERROR,
        _ => CQL_ERROR,
    };
    Failure {
        message: e.to_string(),
        code,
    }
}

/// The migrator of the options: the folder read and checked.
fn migrator(cli: &Cli, o: &MigrateOptions) -> Result<Migrator, Failure> {
    let keyspace = match &o.keyspace {
        Some(k) => k.clone(),
        None => config(cli)?.keyspace.ok_or_else(|| {
            Failure::usage(
                "no keyspace for the state tables: pass --keyspace, or name one in the URL \
                 or CQLBRIDGE_KEYSPACE",
            )
        })?,
    };
    let mut b = Migrator::builder().dir(&o.dir).keyspace(keyspace);
    if let Some(s) = o.lock_wait {
        b = b.lock_wait(Duration::from_secs(s));
    }
    if let Some(s) = o.lock_ttl {
        b = b.lock_ttl(Duration::from_secs(s));
    }
    b.build().map_err(|e| failure(&e))
}

/// A runtime of the command's own and `f` run on it with an async session
/// of the configured cluster, closed at the end.
fn with_session<T>(
    cli: &Cli,
    f: impl AsyncFnOnce(&Session) -> Result<T, Failure>,
) -> Result<T, Failure> {
    let config = config(cli)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("cqlbridge-migrate")
        .enable_all()
        .build()
        .map_err(|e| Failure::usage(format!("cannot start a runtime: {e}")))?;
    runtime.block_on(async {
        let session = cqlbridge::connect(&config)
            .await
            .map_err(|e| Failure::driver("cannot connect", &e))?;
        let outcome = f(&session).await;
        let _ = session.close().await;
        outcome
    })
}

/// Runs `cqlbridge migrate …`.
pub(crate) fn run(cli: &Cli, args: &MigrateArgs) -> Result<(), Failure> {
    let migrator = migrator(cli, &args.options)?;
    let m = &migrator;
    let text = with_session(cli, async |s: &Session| {
        let e = |e: MigrateError| failure(&e);
        Ok(match &args.action {
            MigrateAction::Status => print::status(&m.status(s).await.map_err(e)?, m),
            MigrateAction::Apply { to } => {
                let report = match to {
                    Some(name) => m.apply_to(s, name).await,
                    None => m.apply(s).await,
                };
                print::applied(&report.map_err(e)?, m)
            }
            MigrateAction::Rollback { steps } => {
                print::rolled_back(&m.rollback(s, *steps).await.map_err(e)?)
            }
            MigrateAction::DryRun { to } => {
                let plan = match to {
                    Some(name) => m.dry_run_to(s, name).await,
                    None => m.dry_run(s).await,
                };
                print::plan(&plan.map_err(e)?, m)
            }
        })
    })?;
    print::out(&text)
}
