//! The session's speculative execution
//! ([`Config::speculative`](crate::Config::speculative)), applied here once
//! for every backend, like the retry policy (see `retry.rs`).
//!
//! Only a statement or batch marked idempotent is ever sent twice. While
//! its first attempt has not answered, another attempt starts every
//! `delay`, at most `max_extra` of them; the backend's load balancing picks
//! each attempt's coordinator as for any new request (with replica
//! shuffling, both backends' default, usually another replica). The first
//! success wins and the attempts still running are dropped, which cancels
//! them. An attempt that fails ends the request only when no other is
//! running; the caller then gets the first error, which the retry policy
//! sees as it would a single attempt's. The whole request stays within its
//! timeout plus [`TIMEOUT_GRACE`](crate::backend::TIMEOUT_GRACE), however
//! many attempts it started.
//!
//! Each extra attempt is counted in the metrics
//! (`speculative_attempts`) and shown on the request's span
//! (`cqlbridge.speculative`).

use futures::future::BoxFuture;
use futures::stream::{FuturesUnordered, StreamExt};
use tokio::time::{sleep_until, Instant};

use super::instrument::Request;
use super::Session;
use crate::backend::bounded;
use crate::config::SpeculativePolicy;
use crate::error::{Error, Result};
use crate::options::ExecOptions;

impl Session {
    /// The speculative policy for a request with `opts`: the session's,
    /// if it has one and the request is marked idempotent.
    pub(super) fn speculation(&self, opts: &ExecOptions) -> Option<SpeculativePolicy> {
        match opts.idempotent {
            Some(true) => self.inner.speculative,
            _ => None,
        }
    }

    /// Runs `attempt()` once, and again under `policy` while no attempt
    /// has answered (see the module's documentation).
    pub(super) fn speculating<'a, T, A>(
        &'a self,
        req: &'a Request<'_>,
        opts: &'a ExecOptions,
        policy: SpeculativePolicy,
        what: &'static str,
        attempt: A,
    ) -> BoxFuture<'a, Result<T>>
    where
        T: Send + 'a,
        A: Fn() -> BoxFuture<'a, Result<T>> + Send + 'a,
    {
        let race = async move {
            let started = Instant::now();
            let mut running = FuturesUnordered::new();
            running.push(attempt());
            let mut extra = 0u32;
            let mut first_error: Option<Error> = None;
            loop {
                let next = (extra < policy.max_extra).then(|| started + policy.delay * (extra + 1));
                let timer = async move {
                    match next {
                        Some(at) => sleep_until(at).await,
                        None => std::future::pending().await,
                    }
                };
                tokio::select! {
                    biased;
                    done = running.next() => match done {
                        Some(Ok(value)) => return Ok(value),
                        Some(Err(e)) => {
                            let first = first_error.take().unwrap_or(e);
                            if running.is_empty() {
                                return Err(first);
                            }
                            first_error = Some(first);
                        }
                        // Never empty here: an attempt is pushed before the
                        // loop and the loop ends when the last one fails.
                        None => return Err(first_error.unwrap_or_else(Error::closed)),
                    },
                    () = timer => {
                        extra += 1;
                        if self.ensure_open().is_ok() {
                            req.speculated(extra);
                            running.push(attempt());
                        }
                    }
                }
            }
        };
        match opts.timeout {
            Some(t) => Box::pin(bounded(t, what, race)),
            None => Box::pin(race),
        }
    }
}
