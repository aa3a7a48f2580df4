//! [`TestBedError`]: a test-bed variable that is missing where another needs
//! it, malformed, or names a file that cannot be read.

use std::fmt;
use std::path::PathBuf;

use crate::vars::HOW_TO_SET;

/// Why the test bed's environment cannot be used. Every variant names the
/// variable at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TestBedError {
    /// `var` is unset (or empty), but `needed_by` needs it: another variable
    /// that is set, or what the caller asked for.
    Missing {
        /// The variable that is not set.
        var: &'static str,
        /// What needs it.
        needed_by: &'static str,
    },
    /// `var` is set to something it cannot mean.
    Malformed {
        /// The variable.
        var: &'static str,
        /// Its value.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// `var` names a file that cannot be read (or is not PEM).
    File {
        /// The variable.
        var: &'static str,
        /// The path it names.
        path: PathBuf,
        /// The error reading it.
        reason: String,
    },
}

impl TestBedError {
    /// The variable at fault.
    pub fn var(&self) -> &'static str {
        match self {
            TestBedError::Missing { var, .. }
            | TestBedError::Malformed { var, .. }
            | TestBedError::File { var, .. } => var,
        }
    }

    pub(crate) fn malformed(var: &'static str, value: &str, reason: impl Into<String>) -> Self {
        TestBedError::Malformed {
            var,
            value: value.to_string(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for TestBedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TestBedError::Missing { var, needed_by } => write!(
                f,
                "test bed: {var} is not set, but {needed_by} needs it; {HOW_TO_SET}"
            ),
            TestBedError::Malformed { var, value, reason } => {
                write!(f, "test bed: {var}={value:?}: {reason}")
            }
            TestBedError::File { var, path, reason } => write!(
                f,
                "test bed: {var} names {}, which cannot be used: {reason}",
                path.display()
            ),
        }
    }
}

impl std::error::Error for TestBedError {}
