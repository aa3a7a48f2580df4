//! The bounds every backend keeps: on a call (its timeout plus
//! [`TIMEOUT_GRACE`]), on connecting ([`connect_bound`]) and on closing
//! ([`close_bound`]); and the one rounding of a timeout to whole
//! milliseconds ([`millis`]).

use std::future::Future;
use std::time::Duration;

use futures::FutureExt;

use crate::config::Config;
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

/// How many contact points count toward [`connect_bound`]: a driver tries
/// them in turn, but a long list is not waited on in full.
pub const CONNECT_TRIES_COUNTED: usize = 8;

/// How much longer than the request timeout closing may take
/// ([`close_bound`]): a driver closes its connections and stops its threads.
pub const CLOSE_GRACE: Duration = Duration::from_secs(5);

/// The bound on connecting with `config`, after which a connect fails with a
/// `Connection` error: one connect timeout per contact point (at most
/// [`CONNECT_TRIES_COUNTED`]) plus one more, plus a request timeout for the
/// first requests after connecting (metadata, `USE`), plus
/// [`TIMEOUT_GRACE`].
pub fn connect_bound(config: &Config) -> Duration {
    let points = config.contact_points.len().clamp(1, CONNECT_TRIES_COUNTED);
    let tries = u32::try_from(points).unwrap_or(u32::MAX) + 1;
    config.connect_timeout.saturating_mul(tries) + config.request_timeout + TIMEOUT_GRACE
}

/// The bound on closing a session of `config`: its request timeout plus
/// [`CLOSE_GRACE`].
pub fn close_bound(config: &Config) -> Duration {
    config.request_timeout + CLOSE_GRACE
}

/// `d` in whole milliseconds, rounded up and at least 1 (some drivers read
/// 0 as "no timeout"), saturating at `u64::MAX`.
pub fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_nanos().div_ceil(1_000_000))
        .unwrap_or(u64::MAX)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_bound_grows_with_contact_points_but_stays_finite() {
        let one = Config::new(["a"])
            .connect_timeout(Duration::from_secs(2))
            .request_timeout(Duration::from_secs(5));
        assert_eq!(connect_bound(&one), Duration::from_secs(9) + TIMEOUT_GRACE);
        let many = Config::new((0..50).map(|i| format!("h{i}")))
            .connect_timeout(Duration::from_secs(1))
            .request_timeout(Duration::from_secs(1));
        assert_eq!(
            connect_bound(&many),
            Duration::from_secs(10) + TIMEOUT_GRACE
        );
        assert_eq!(close_bound(&one), Duration::from_secs(5) + CLOSE_GRACE);
    }

    #[test]
    fn millis_round_up_and_are_never_zero() {
        assert_eq!(millis(Duration::ZERO), 1);
        assert_eq!(millis(Duration::from_nanos(1)), 1);
        assert_eq!(millis(Duration::from_micros(1001)), 2);
        assert_eq!(millis(Duration::from_secs(5)), 5000);
        assert_eq!(millis(Duration::MAX), u64::MAX);
    }

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
