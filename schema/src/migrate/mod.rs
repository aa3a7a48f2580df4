//! Versioned migrations: a folder of `YYYYMMDD_NNN_description.cql` files
//! (and migrations written in Rust), applied in order, tracked in a
//! `cqlbridge_migrations` table.
//!
//! # Files
//!
//! Each file has an `up` section and an optional `down` one, started by
//! marker lines (see [`Migration`] and the `source` module for the
//! details):
//!
//! ```text
//! -- +up
//! CREATE TABLE app.users (id uuid PRIMARY KEY, name text);
//! -- +down
//! DROP TABLE app.users;
//! ```
//!
//! A bad name is [`MigrateError::BadName`], a bad file
//! [`MigrateError::BadFile`] (with its line), both before any work.
//!
//! # State
//!
//! The state keyspace (it must exist) holds `cqlbridge_migrations`: one
//! row per migration begun, with its SHA-256 checksum, the statements of
//! its `up` done (written after each statement), when it started and
//! finished, and the runner; a rollback records its `down` statements
//! done, and deletes the row at its end. So the table always says exactly
//! what was applied, and:
//!
//! - a partly applied file resumes at its next statement (the statement
//!   that was running when a runner died runs again: write migrations
//!   whose statements can run twice, `IF NOT EXISTS` and the like);
//! - a file whose checksum changed after it was applied is refused
//!   ([`MigrateError::ChecksumMismatch`]), before any statement runs;
//! - a rollback of a migration without `down` is [`MigrateError::NoDown`].
//!
//! # The lock
//!
//! `apply` and `rollback` run under a lock row taken with a lightweight
//! transaction and a TTL, refreshed in the background every third of the
//! TTL ([`MigratorBuilder::lock_ttl`]); a second runner waits for it up to
//! [`MigratorBuilder::lock_wait`], then fails with
//! [`MigrateError::LockHeld`]; a dead runner's lock expires with its TTL.
//! A runner whose lock was lost stops before its next statement.
//!
//! # Schema agreement
//!
//! After each DDL statement (and each code migration) the run waits,
//! bounded, for `Session::await_schema_agreement`.
//!
//! # Files written from a diff
//!
//! [`migration_text`] turns a schema `Diff` into a file: its runnable
//! changes as the `up` section (unsafe ones as comments), and, when every
//! change has an [`inverse`] (drop of a created keyspace, type, table,
//! index or view; drop of an added column), their inverses as the `down`
//! section, newest first. [`next_name`] gives the next
//! `YYYYMMDD_NNN_description` of a folder for a date ([`today_utc`]).
//!
//! # Code migrations
//!
//! [`Migration::code`] registers an async `up` taking a
//! [`MigrationContext`]: `ctx.session()`, and `ctx.scan_table(keyspace,
//! table)`, the token-range scan of `cqlbridge_scan` whose checkpoint is
//! saved in `cqlbridge_migrations_scans`, so that a backfill that failed
//! half-way resumes where it stopped.

mod ctx;
mod error;
mod generate;
mod lock;
mod migrator;
mod name;
mod report;
mod run;
mod source;
pub mod split;
mod state;

pub use ctx::{MigrationContext, TableScan};
pub use error::{MigrateError, MigrateResult};
pub use generate::{
    inverse, is_state_table_drop, migration_text, next_name, today_utc, utc_timestamp,
};
pub use migrator::{
    Migrator, MigratorBuilder, DEFAULT_AGREEMENT_TIMEOUT, DEFAULT_LOCK_TTL, DEFAULT_LOCK_WAIT,
    DEFAULT_SCAN_SAVE_INTERVAL, DEFAULT_STATEMENT_TIMEOUT,
};
pub use name::check_name;
pub use report::{
    ApplyReport, MigrationState, Plan, PlannedStep, RollbackReport, Status, StatusEntry,
};
pub use source::{load_dir, Migration};
pub use state::{AppliedRecord, LOCK_TABLE, SCAN_TABLE, STATE_TABLE};
