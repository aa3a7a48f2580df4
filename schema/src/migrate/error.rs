//! [`MigrateError`]: why a migration run could not start, or why it
//! stopped. Every bad input is its own variant, found before any
//! statement runs where it can be.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use cqlbridge_driver_api::Error;
use cqlbridge_scan::ScanError;

/// A `Result` whose error is [`MigrateError`].
pub type MigrateResult<T> = Result<T, MigrateError>;

/// Why a migration run could not start, or why it stopped.
#[derive(Debug)]
#[non_exhaustive]
pub enum MigrateError {
    /// A file or migration name is not `YYYYMMDD_NNN_description`.
    BadName {
        /// The name as given.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Two migrations have the same name.
    DuplicateName {
        /// The name.
        name: String,
    },
    /// A migration file cannot be read, or its sections or statements do
    /// not parse.
    BadFile {
        /// The file (or the migration's name, for one given in code).
        file: PathBuf,
        /// The 1-based line, when the problem has one.
        line: Option<usize>,
        /// What is wrong.
        reason: String,
    },
    /// A migration's checksum differs from the one recorded when it was
    /// applied: the file was changed afterwards. It is never re-applied.
    ChecksumMismatch {
        /// The migration.
        name: String,
        /// The checksum in the state table.
        recorded: String,
        /// The checksum of the migration now.
        found: String,
    },
    /// The state table records a migration that the source does not have.
    UnknownApplied {
        /// The migration recorded.
        name: String,
    },
    /// A pending migration sorts before one already applied.
    OutOfOrder {
        /// The pending migration.
        name: String,
        /// The last applied migration.
        after: String,
    },
    /// `apply --to` or another lookup named no migration of the source.
    UnknownTarget {
        /// The name asked for.
        name: String,
    },
    /// A rollback reached a migration without a `down` section.
    NoDown {
        /// The migration.
        name: String,
    },
    /// A rollback reached a migration that is only partly applied: apply
    /// it to the end first.
    PartlyApplied {
        /// The migration.
        name: String,
        /// Statements done.
        done: usize,
        /// Statements in its `up` section.
        total: usize,
    },
    /// A rollback of this migration was started and not finished: only
    /// `rollback` may continue it.
    RollbackUnfinished {
        /// The migration.
        name: String,
    },
    /// The state keyspace does not exist.
    NoKeyspace {
        /// The keyspace.
        keyspace: String,
    },
    /// Another runner holds the lock, and kept it past the wait bound.
    LockHeld {
        /// The holder's id, as the lock row names it.
        owner: String,
        /// How long this runner waited.
        waited: Duration,
    },
    /// This runner's lock expired or was taken over while it ran: it stops
    /// before its next statement.
    LockLost {
        /// This runner's id.
        owner: String,
    },
    /// The nodes did not agree on the schema in time after a DDL statement.
    SchemaAgreement {
        /// The migration.
        name: String,
        /// The driver's timeout error.
        source: Error,
    },
    /// A statement of a migration failed.
    Statement {
        /// The migration.
        name: String,
        /// The statement's 1-based index in its section.
        index: usize,
        /// The line it starts on in its file (0 for code).
        line: usize,
        /// The driver's error.
        source: Error,
    },
    /// A code migration failed (its own error).
    Code {
        /// The migration.
        name: String,
        /// What it said.
        reason: String,
    },
    /// A table scan of a code migration failed.
    Scan(ScanError),
    /// Reading or writing the state (the state, lock or scan tables) failed.
    State {
        /// What was being done.
        what: String,
        /// The driver's error.
        source: Error,
    },
    /// An option of the migrator is out of range.
    InvalidOption {
        /// The option.
        option: &'static str,
        /// What is wrong.
        reason: String,
    },
}

impl MigrateError {
    /// A failure of the state tables while doing `what`.
    pub(crate) fn state(what: impl Into<String>) -> impl FnOnce(Error) -> Self {
        let what = what.into();
        move |source| MigrateError::State { what, source }
    }

    /// The driver error underneath, if any.
    pub fn driver_error(&self) -> Option<&Error> {
        match self {
            MigrateError::SchemaAgreement { source, .. }
            | MigrateError::Statement { source, .. }
            | MigrateError::State { source, .. } => Some(source),
            MigrateError::Scan(e) => e.driver_error(),
            _ => None,
        }
    }

    /// True for bad input (names, files, checksums, order, options, a
    /// missing `down`): what a person must fix, not the cluster.
    pub fn is_bad_input(&self) -> bool {
        !matches!(
            self,
            MigrateError::LockHeld { .. }
                | MigrateError::LockLost { .. }
                | MigrateError::SchemaAgreement { .. }
                | MigrateError::Statement { .. }
                | MigrateError::Code { .. }
                | MigrateError::Scan(_)
                | MigrateError::State { .. }
        )
    }
}

impl From<ScanError> for MigrateError {
    fn from(e: ScanError) -> Self {
        MigrateError::Scan(e)
    }
}

impl fmt::Display for MigrateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use MigrateError as E;
        match self {
            E::BadName { name, reason } => write!(f, "bad migration name {name:?}: {reason}"),
            E::DuplicateName { name } => write!(f, "two migrations are named {name}"),
            E::BadFile { file, line, reason } => match line {
                Some(l) => write!(f, "{}: line {l}: {reason}", file.display()),
                None => write!(f, "{}: {reason}", file.display()),
            },
            E::ChecksumMismatch {
                name,
                recorded,
                found,
            } => write!(
                f,
                "{name} was changed after it was applied (checksum {found}, applied as \
                 {recorded}): restore it, or write a new migration"
            ),
            E::UnknownApplied { name } => write!(
                f,
                "the state table records {name}, which is not among the migrations"
            ),
            E::OutOfOrder { name, after } => write!(
                f,
                "{name} is pending but sorts before {after}, which is applied: rename it \
                 to sort after"
            ),
            E::UnknownTarget { name } => write!(f, "no migration is named {name}"),
            E::NoDown { name } => write!(f, "{name} has no down section: it cannot be rolled back"),
            E::PartlyApplied { name, done, total } => write!(
                f,
                "{name} is partly applied ({done} of {total} statements): apply it to the \
                 end before rolling it back"
            ),
            E::RollbackUnfinished { name } => write!(
                f,
                "a rollback of {name} was started and not finished: run rollback again"
            ),
            E::NoKeyspace { keyspace } => write!(
                f,
                "the keyspace {keyspace} of the state table does not exist"
            ),
            E::LockHeld { owner, waited } => write!(
                f,
                "another runner ({owner}) holds the migration lock; gave up after {waited:?}"
            ),
            E::LockLost { owner } => write!(
                f,
                "the migration lock of {owner} expired or was taken while it ran; stopped"
            ),
            E::SchemaAgreement { name, source } => {
                write!(f, "{name}: no schema agreement: {source}")
            }
            E::Statement {
                name,
                index,
                line,
                source,
            } => {
                write!(f, "{name}: statement {index} (line {line}): {source}")
            }
            E::Code { name, reason } => write!(f, "{name}: {reason}"),
            E::Scan(e) => write!(f, "table scan: {e}"),
            E::State { what, source } => write!(f, "{what}: {source}"),
            E::InvalidOption { option, reason } => write!(f, "{option}: {reason}"),
        }
    }
}

impl std::error::Error for MigrateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            MigrateError::Scan(e) => Some(e),
            _ => self
                .driver_error()
                .map(|e| e as &(dyn std::error::Error + 'static)),
        }
    }
}
