//! The session's retry policy ([`Config::retry`](crate::Config::retry)),
//! applied here once for every backend (each backend's own driver is told
//! never to retry), so the same statement meets the same policy on each:
//!
//! - a server read timeout is retried when enough replicas answered;
//! - an unavailable is tried once more (the backend's load balancing picks
//!   the coordinator, the next one where there is one);
//! - a server write timeout, an overloaded or failing server, and a broken
//!   connection are retried only for a statement marked idempotent;
//! - nothing else, and at most one retry. The retry gets what is left of the
//!   request's timeout, so the whole call stays within it; after the last
//!   attempt the caller gets the server's error, typed (the first
//!   attempt's, when the retry found no node to send to).
//!
//! Each retry is counted in the metrics, told to the observers and shown on
//! the request's span (`cqlbridge.attempts`).

use std::future::Future;

use futures::future::{BoxFuture, Either, TryFutureExt};

use super::instrument::Request;
use super::Session;
use crate::config::RetryPolicy;
use crate::error::{Error, ErrorKind, Result, TimeoutOp};
use crate::options::ExecOptions;

/// Attempts of one request, at most: the first and one retry.
pub(super) const MAX_ATTEMPTS: u32 = 2;

/// Whether a request that failed with `error` after `attempts` attempts
/// is tried again under `policy`.
pub(super) fn should_retry(
    policy: RetryPolicy,
    error: &Error,
    idempotent: bool,
    attempts: u32,
) -> bool {
    if policy == RetryPolicy::Never || attempts >= MAX_ATTEMPTS {
        return false;
    }
    match error.kind() {
        ErrorKind::ServerTimeout {
            op: TimeoutOp::Read,
            received,
            required,
            ..
        } => received >= required,
        ErrorKind::Unavailable { .. } => true,
        ErrorKind::ServerTimeout {
            op: TimeoutOp::Write,
            ..
        }
        | ErrorKind::Overloaded
        | ErrorKind::Server
        | ErrorKind::Connection => idempotent,
        _ => false,
    }
}

fn is_connection(e: &Error) -> bool {
    matches!(e.kind(), ErrorKind::Connection)
}

impl Session {
    /// `first` (the request's first attempt, bounded), then, if it fails
    /// and the policy says so, one more attempt made by `again` with the
    /// options it gets: `opts` with the time left of its timeout (kept in
    /// `req`, which outlives every attempt).
    pub(super) fn retrying<'a, T, F>(
        &'a self,
        req: &'a Request<'_>,
        opts: &'a ExecOptions,
        what: &'static str,
        first: impl Future<Output = Result<T>> + Send + 'a,
        again: F,
    ) -> impl Future<Output = Result<T>> + Send + 'a
    where
        T: Send + 'a,
        F: FnOnce(&'a ExecOptions) -> Result<BoxFuture<'a, Result<T>>> + Send + 'a,
    {
        first.or_else(move |error| {
            let idempotent = opts.idempotent.unwrap_or(false);
            if !should_retry(self.inner.retry, &error, idempotent, 1) {
                return Either::Left(std::future::ready(Err(error)));
            }
            let mut left = opts.clone();
            if let Some(t) = opts.timeout {
                match t.checked_sub(req.elapsed()) {
                    Some(rest) if !rest.is_zero() => left.timeout = Some(rest),
                    // No time left for another attempt.
                    _ => return Either::Left(std::future::ready(Err(error))),
                }
            }
            let left = req.retried(MAX_ATTEMPTS, &error, left);
            Either::Right(Box::pin(async move {
                self.ensure_open()?;
                let call = again(left)?;
                match self.bounded(left, what, call).await {
                    // A retry that found no node to send to says less than
                    // the server's own answer to the first attempt.
                    Err(e) if is_connection(&e) && !is_connection(&error) => Err(error),
                    other => other,
                }
            }) as BoxFuture<'a, Result<T>>)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consistency::Consistency;

    fn timeout(op: TimeoutOp, received: i32, required: i32) -> Error {
        let kind = ErrorKind::ServerTimeout {
            op,
            consistency: Consistency::One,
            received,
            required,
        };
        Error::new(kind, "timed out")
    }

    #[test]
    fn the_default_policy_retries_as_documented_and_only_once() {
        let d = RetryPolicy::Default;
        let read_enough = timeout(TimeoutOp::Read, 1, 1);
        assert!(should_retry(d, &read_enough, false, 1));
        assert!(!should_retry(d, &read_enough, true, 2), "a second retry");
        assert!(!should_retry(d, &timeout(TimeoutOp::Read, 0, 1), true, 1));
        let unavailable = Error::new(
            ErrorKind::Unavailable {
                consistency: Consistency::Quorum,
                required: 2,
                alive: 1,
            },
            "down",
        );
        assert!(should_retry(d, &unavailable, false, 1));
        for e in [
            timeout(TimeoutOp::Write, 0, 1),
            Error::new(ErrorKind::Overloaded, "busy"),
            Error::new(ErrorKind::Server, "oops"),
            Error::new(ErrorKind::Connection, "reset"),
        ] {
            assert!(should_retry(d, &e, true, 1), "{e}");
            assert!(!should_retry(d, &e, false, 1), "non-idempotent: {e}");
        }
        for e in [
            Error::new(ErrorKind::Invalid, "bad"),
            Error::new(ErrorKind::Syntax, "bad"),
            Error::timeout("client"),
        ] {
            assert!(!should_retry(d, &e, true, 1), "{e}");
        }
    }

    #[test]
    fn never_retries_nothing() {
        let e = timeout(TimeoutOp::Read, 1, 1);
        assert!(!should_retry(RetryPolicy::Never, &e, true, 1));
    }
}
