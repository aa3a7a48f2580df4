//! What a case returns, and the small assertion helpers cases use.
//!
//! A case returns `Ok(detail)` when it passed, or a [`Failure`]: either a
//! real failure, or `Unsupported` — which only [`Ctx::require`] creates, from
//! the backend's own `Capabilities`, so a case can never skip on a whim.
//!
//! [`Ctx::require`]: super::ctx::Ctx::require

use std::fmt::Display;

use cqlbridge::Error;

/// Why a case did not pass.
#[derive(Debug)]
pub enum Failure {
    /// The backend broke the contract; the message says how.
    Fail(String),
    /// The backend's `Capabilities` says it cannot do this (with its reason).
    Unsupported(String),
}

/// The outcome of one case: `Ok` with a short note of what was checked.
pub type CaseResult = Result<String, Failure>;

/// A step's result inside a case.
pub type Step<T = ()> = Result<T, Failure>;

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Fail(format!("unexpected error: {e} [{:?}]", e.kind()))
    }
}

impl From<String> for Failure {
    fn from(s: String) -> Self {
        Failure::Fail(s)
    }
}

impl From<&str> for Failure {
    fn from(s: &str) -> Self {
        Failure::Fail(s.to_string())
    }
}

/// A failure with `msg`.
pub fn fail(msg: impl Display) -> Failure {
    Failure::Fail(msg.to_string())
}

/// Fails with the formatted message unless the condition holds.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err($crate::support::check::Failure::Fail(format!($($msg)+)));
        }
    };
}

/// Adds `what` to the message of a failed step, so a failure says where it happened.
pub trait Context<T> {
    /// Prefixes the failure message with `what`.
    fn ctx(self, what: impl Display) -> Step<T>;
}

impl<T, E: Into<Failure>> Context<T> for Result<T, E> {
    fn ctx(self, what: impl Display) -> Step<T> {
        self.map_err(|e| match e.into() {
            Failure::Fail(m) => Failure::Fail(format!("{what}: {m}")),
            u @ Failure::Unsupported(_) => u,
        })
    }
}

/// The error of `r`, or a failure saying that `what` unexpectedly succeeded.
pub fn expect_err<T: std::fmt::Debug>(r: cqlbridge::Result<T>, what: &str) -> Step<Error> {
    match r {
        Ok(v) => {
            let mut shown = format!("{v:?}");
            shown.truncate(200);
            Err(fail(format!("{what}: expected an error, got Ok({shown})")))
        }
        Err(e) => Ok(e),
    }
}

/// Describes an error with its kind, for failure messages.
pub fn show(e: &Error) -> String {
    format!("{e} [{:?}]", e.kind())
}
