//! [`Failure`]: why the tool stops, and the exit code that says so.

use cqlbridge::{Error, ErrorKind};

/// Exit code of a CQL or server error.
pub(crate) const CQL_ERROR: u8 = 1;
/// Exit code of a usage or configuration error.
pub(crate) const USAGE_ERROR: u8 = 2;
/// Exit code after SIGINT (128 + 2, as shells report it).
pub(crate) const INTERRUPTED: u8 = 130;

/// A message for stderr and the exit code.
#[derive(Debug)]
pub(crate) struct Failure {
    /// What went wrong, on one line.
    pub(crate) message: String,
    /// [`CQL_ERROR`] or [`USAGE_ERROR`].
    pub(crate) code: u8,
}

impl Failure {
    /// A usage or configuration error.
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            code: USAGE_ERROR,
        }
    }

    /// A driver error, with `context` in front: configuration errors are
    /// [`USAGE_ERROR`], every other one [`CQL_ERROR`].
    pub(crate) fn driver(context: &str, e: &Error) -> Self {
        let code = match e.kind() {
            ErrorKind::Config => USAGE_ERROR,
            _ => CQL_ERROR,
        };
        let message = if context.is_empty() {
            e.to_string()
        } else {
            format!("{context}: {e}")
        };
        Failure { message, code }
    }

    /// Writing the output failed (a closed pipe, a full disk).
    pub(crate) fn output(e: &std::io::Error) -> Self {
        Failure {
            message: format!("cannot write the output: {e}"),
            code: CQL_ERROR,
        }
    }
}
