//! The outer bound on a call: its timeout plus [`TIMEOUT_GRACE`].

use std::future::Future;
use std::time::Duration;

use futures::FutureExt;

use crate::error::{Error, Result};

/// How much longer than a request's timeout a call may take before it is
/// given up with a `Timeout` error: the underlying driver's own timer
/// (set to the timeout itself) normally fires first, and this is the bound
/// for what that timer does not cover. The same for every backend and for
/// [`Session`](crate::Session)'s bound on a backend that is not
/// [self-bounded](crate::Capabilities::is_self_bounded).
pub const TIMEOUT_GRACE: Duration = Duration::from_millis(100);

/// `fut`, given up with a `Timeout` error naming `what` once `timeout` plus
/// [`TIMEOUT_GRACE`] has passed. A plain function, not an `async fn`, so
/// the future it wraps is stored once, not twice.
pub fn bounded<T, F>(
    timeout: Duration,
    what: &'static str,
    fut: F,
) -> impl Future<Output = Result<T>>
where
    F: Future<Output = Result<T>>,
{
    tokio::time::timeout(timeout + TIMEOUT_GRACE, fut).map(move |outcome| {
        outcome.unwrap_or_else(|_| {
            Err(Error::timeout(format!(
                "{what} got no reply within its timeout of {timeout:?} (the request may still run on the server)"
            )))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn gives_up_at_the_timeout_plus_the_grace() {
        let timeout = Duration::from_millis(300);
        let t0 = tokio::time::Instant::now();
        let never = std::future::pending::<Result<()>>();
        let e = bounded(timeout, "the probe", never).await.unwrap_err();
        assert!(e.is_timeout());
        assert!(e.message().contains("the probe"), "{e}");
        // Paused time: the bound is exact.
        assert_eq!(t0.elapsed(), timeout + TIMEOUT_GRACE);
        let quick = bounded(timeout, "x", async { Ok(7) }).await.unwrap();
        assert_eq!(quick, 7);
    }
}
