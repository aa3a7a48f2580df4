//! [`RequestObserver`]: a hook the application registers on a session
//! ([`Session::add_observer`](crate::Session::add_observer)), called when
//! each request starts and ends, with what the request was, the options
//! it ran with, its latency and its outcome.

use std::fmt;
use std::time::Duration;

use crate::error::Error;
use crate::options::ExecOptions;

/// Which `Session` call a request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequestKind {
    /// `Session::execute` (text or prepared).
    Execute,
    /// `Session::page`, and each page of `Session::stream` / `SyncSession::iter`.
    Page,
    /// `Session::batch`.
    Batch,
    /// `Session::prepare` that was not answered from the cache.
    Prepare,
}

impl RequestKind {
    /// `"execute"`, `"page"`, `"batch"` or `"prepare"`.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Execute => "execute",
            RequestKind::Page => "page",
            RequestKind::Batch => "batch",
            RequestKind::Prepare => "prepare",
        }
    }
}

impl fmt::Display for RequestKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a request is, handed to every [`RequestObserver`] call.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct RequestInfo<'a> {
    /// The `Session` call.
    pub kind: RequestKind,
    /// The statement's first keyword in capitals (`"SELECT"`, `"INSERT"`,
    /// …, `"OTHER"` when not a known one), or `"batch"` / `"prepare"`.
    pub operation: &'static str,
    /// The backend's name.
    pub backend: &'static str,
    /// The CQL text (`None` for a batch). Bound values are never given.
    pub cql: Option<&'a str>,
    /// Statements in the request: 1, or a batch's length.
    pub statements: usize,
    /// The options the request runs with: its own over its profile over
    /// the session defaults, the profile's name in
    /// [`ExecOptions::profile`]. When they could not be resolved (an
    /// unknown profile, a zero timeout), the statement's own options.
    pub options: &'a ExecOptions,
}

/// How a request ended.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum RequestOutcome<'a> {
    /// It succeeded, returning `rows` rows (0 for a write or a prepare).
    Ok {
        /// Rows returned.
        rows: usize,
    },
    /// It failed with this error (see [`Error::kind`]).
    Err(&'a Error),
    /// Its future was dropped before it completed (the caller gave up).
    Cancelled,
}

/// A hook called for every request of a session: registered with
/// [`Session::add_observer`](crate::Session::add_observer) (or
/// `SyncSession::add_observer`), it sees every clone's requests.
///
/// Every request that reaches [`on_start`](RequestObserver::on_start) gets
/// exactly one [`on_end`](RequestObserver::on_end). Both run on the task
/// that makes the request, in line, so an observer should be quick (hand
/// slow work to a channel). An observer cannot break a request: a panic in
/// any of its methods is caught (with `catch_unwind`), counted in
/// [`MetricsSnapshot::observer_panics`](crate::MetricsSnapshot::observer_panics)
/// and otherwise ignored — the request goes on and its result is
/// unchanged (the panic hook still prints the panic as usual).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use cqlbridge_driver_api::{RequestInfo, RequestObserver, RequestOutcome};
///
/// #[derive(Debug)]
/// struct Slow(Duration);
///
/// impl RequestObserver for Slow {
///     fn on_end(&self, info: &RequestInfo<'_>, latency: Duration, outcome: &RequestOutcome<'_>) {
///         if latency >= self.0 {
///             eprintln!("slow {} ({:?}): {:?}", info.operation, latency, info.cql);
///         }
///         let _ = outcome;
///     }
/// }
/// ```
pub trait RequestObserver: Send + Sync + fmt::Debug + 'static {
    /// A request starts (after its options are resolved, before the
    /// backend is called).
    fn on_start(&self, info: &RequestInfo<'_>) {
        let _ = info;
    }

    /// A request ended after `latency` (measured from the `Session` call).
    fn on_end(&self, info: &RequestInfo<'_>, latency: Duration, outcome: &RequestOutcome<'_>) {
        let _ = (info, latency, outcome);
    }

    /// The session is about to try the request again (`attempt` 2 is the
    /// first retry) after `error`, under its retry policy (`Config::retry`).
    fn on_retry(&self, info: &RequestInfo<'_>, attempt: u32, error: &Error) {
        let _ = (info, attempt, error);
    }
}
