//! [`SchemaError`]: every way reading, parsing or diffing a schema fails.

use std::fmt;

/// The result of this crate's calls.
pub type SchemaResult<T> = Result<T, SchemaError>;

/// Why a schema call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum SchemaError {
    /// A query on `system_schema` failed.
    Query {
        /// What was read.
        what: String,
        /// The driver's error.
        source: cqlbridge_driver_api::Error,
    },
    /// A `system_schema` row held something this crate cannot read.
    Malformed {
        /// Where (`keyspace.table.column` or similar).
        what: String,
        /// What is wrong.
        detail: String,
    },
    /// A CQL file (or type string) does not parse.
    Parse {
        /// The file's name (`<input>` for text without one).
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
        /// What was expected or found.
        message: String,
    },
    /// A keyspace asked for does not exist.
    UnknownKeyspace {
        /// Its name.
        keyspace: String,
    },
    /// A file could not be read.
    Io {
        /// The file.
        path: String,
        /// The reason.
        reason: String,
    },
}

impl SchemaError {
    /// A closure turning a driver error into [`SchemaError::Query`].
    pub(crate) fn query(
        what: &str,
    ) -> impl FnOnce(cqlbridge_driver_api::Error) -> SchemaError + '_ {
        move |source| SchemaError::Query {
            what: what.to_owned(),
            source,
        }
    }

    /// A [`SchemaError::Malformed`].
    pub(crate) fn malformed(what: impl Into<String>, detail: impl Into<String>) -> SchemaError {
        SchemaError::Malformed {
            what: what.into(),
            detail: detail.into(),
        }
    }
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaError::Query { what, source } => write!(f, "reading {what}: {source}"),
            SchemaError::Malformed { what, detail } => {
                write!(f, "unreadable schema entry {what}: {detail}")
            }
            SchemaError::Parse {
                file,
                line,
                column,
                message,
            } => write!(f, "{file}:{line}:{column}: {message}"),
            SchemaError::UnknownKeyspace { keyspace } => {
                write!(f, "keyspace {keyspace} does not exist")
            }
            SchemaError::Io { path, reason } => write!(f, "cannot read {path}: {reason}"),
        }
    }
}

impl std::error::Error for SchemaError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SchemaError::Query { source, .. } => Some(source),
            _ => None,
        }
    }
}
