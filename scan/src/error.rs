//! [`ScanError`]: why a scan could not start, or why it stopped.
//!
//! Every kind of bad input (an option out of range, an unknown keyspace,
//! table or column, a partitioner other than Murmur3, a checkpoint that
//! cannot be read or belongs to another scan) is found before the first
//! range is read, and no checkpoint file is written then. A scan that
//! starts fails only with [`ScanError::PageFailed`] (after its retries),
//! [`ScanError::Query`] or [`ScanError::CheckpointWrite`].

use std::fmt;
use std::path::PathBuf;

use cqlbridge_driver_api::Error;

use crate::token::TokenRange;

/// A `Result` whose error is [`ScanError`].
pub type ScanResult<T> = Result<T, ScanError>;

/// Why a scan could not start, or why it stopped.
#[derive(Debug)]
#[non_exhaustive]
pub enum ScanError {
    /// An option is out of range (a rate of 0, a shard `i >= n`, …).
    InvalidOption {
        /// The option, as its `ScanOptions` method names it.
        option: &'static str,
        /// What is wrong with its value.
        reason: String,
    },
    /// The keyspace does not exist.
    UnknownKeyspace {
        /// The keyspace asked for.
        keyspace: String,
    },
    /// The keyspace exists, the table does not.
    UnknownTable {
        /// The keyspace.
        keyspace: String,
        /// The table asked for.
        table: String,
    },
    /// A chosen column is not a column of the table.
    UnknownColumn {
        /// `keyspace.table`.
        table: String,
        /// The column asked for.
        column: String,
    },
    /// The cluster's partitioner is not Murmur3: token ranges of another
    /// partitioner (random, byte-ordered) are not `bigint`s, and are not
    /// supported.
    UnsupportedPartitioner {
        /// The partitioner `system.local` names.
        partitioner: String,
    },
    /// The ring read from `system.local` / `system.peers` is unusable (a
    /// token that is not a Murmur3 token).
    BadRing {
        /// What is wrong.
        reason: String,
    },
    /// The checkpoint cannot be read or parsed.
    CheckpointUnreadable {
        /// The file, when it came from one.
        path: Option<PathBuf>,
        /// Why.
        reason: String,
    },
    /// The checkpoint belongs to another scan: another table, ring, range
    /// count or shard.
    CheckpointMismatch {
        /// What differs (`table`, `ring`, `shard`, …).
        field: &'static str,
        /// This scan's value.
        expected: String,
        /// The checkpoint's value.
        found: String,
    },
    /// The checkpoint file could not be written.
    CheckpointWrite {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A query the scan needs (the ring, the schema, a prepare) failed.
    Query {
        /// What the query was for.
        what: &'static str,
        /// The driver's error.
        source: Error,
    },
    /// A page of a range failed on every attempt; the checkpoint resumes the
    /// scan from that page.
    PageFailed {
        /// The range.
        range: TokenRange,
        /// How many attempts were made.
        attempts: u32,
        /// The last attempt's error.
        source: Error,
    },
    /// The scan cannot run here (no Tokio runtime, or its own could not be
    /// built).
    Runtime {
        /// Why.
        reason: String,
    },
}

impl ScanError {
    /// An [`ScanError::InvalidOption`].
    pub(crate) fn option(option: &'static str, reason: impl Into<String>) -> Self {
        ScanError::InvalidOption {
            option,
            reason: reason.into(),
        }
    }

    /// A [`ScanError::CheckpointMismatch`].
    pub(crate) fn mismatch(
        field: &'static str,
        expected: impl fmt::Display,
        found: impl fmt::Display,
    ) -> Self {
        ScanError::CheckpointMismatch {
            field,
            expected: expected.to_string(),
            found: found.to_string(),
        }
    }

    /// A [`ScanError::Query`] for `what`.
    pub(crate) fn query(what: &'static str) -> impl FnOnce(Error) -> Self {
        move |source| ScanError::Query { what, source }
    }

    /// The driver error behind a query or page failure.
    pub fn driver_error(&self) -> Option<&Error> {
        match self {
            ScanError::Query { source, .. } | ScanError::PageFailed { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScanError::InvalidOption { option, reason } => {
                write!(f, "scan option `{option}`: {reason}")
            }
            ScanError::UnknownKeyspace { keyspace } => {
                write!(f, "keyspace `{keyspace}` does not exist")
            }
            ScanError::UnknownTable { keyspace, table } => {
                write!(f, "table `{keyspace}.{table}` does not exist")
            }
            ScanError::UnknownColumn { table, column } => {
                write!(f, "table `{table}` has no column `{column}`")
            }
            ScanError::UnsupportedPartitioner { partitioner } => write!(
                f,
                "unsupported partitioner {partitioner}: token-range scans need the \
                 Murmur3Partitioner"
            ),
            ScanError::BadRing { reason } => write!(f, "unusable token ring: {reason}"),
            ScanError::CheckpointUnreadable { path, reason } => match path {
                Some(p) => write!(f, "checkpoint {} cannot be read: {reason}", p.display()),
                None => write!(f, "checkpoint cannot be read: {reason}"),
            },
            ScanError::CheckpointMismatch {
                field,
                expected,
                found,
            } => write!(
                f,
                "checkpoint is for another scan: its {field} is {found}, this scan's is {expected}"
            ),
            ScanError::CheckpointWrite { path, reason } => {
                write!(
                    f,
                    "checkpoint {} cannot be written: {reason}",
                    path.display()
                )
            }
            ScanError::Query { what, source } => write!(f, "reading {what} failed: {source}"),
            ScanError::PageFailed {
                range,
                attempts,
                source,
            } => write!(
                f,
                "a page of token range {range} failed after {attempts} attempt(s): {source}"
            ),
            ScanError::Runtime { reason } => write!(f, "the scan cannot run: {reason}"),
        }
    }
}

impl std::error::Error for ScanError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.driver_error()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
