//! The bounds the bridge works within, and their defaults: every wait of
//! the bridge is bounded by one of these.

use std::time::Duration;

/// How long construction waits for the factory unless
/// `SyncSessionBuilder::startup_timeout` says otherwise: construction fails
/// with `Timeout` once it has passed.
pub const DEFAULT_STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

/// How much longer than its timeout a caller waits for the bridge's reply
/// unless `SyncSessionBuilder::wait_margin` says otherwise. A blocking call
/// waits at most the statement's timeout (else the session default, else
/// the fallback) plus this margin, then fails with `Timeout`.
pub const DEFAULT_WAIT_MARGIN: Duration = Duration::from_secs(1);

/// How long dropping the last clone may take unless
/// `SyncSessionBuilder::drop_timeout` says otherwise: the drop drains,
/// closes and joins within this bound, then leaves the bridge thread to
/// finish on its own.
pub const DEFAULT_DROP_TIMEOUT: Duration = Duration::from_secs(5);

/// The timeout a call runs under when neither the statement nor the session
/// defaults set one, unless `SyncSessionBuilder::fallback_timeout` says
/// otherwise (the margin is added to it like to any timeout).
pub const DEFAULT_FALLBACK_TIMEOUT: Duration = Duration::from_secs(60);

/// The bounds the bridge works within.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// How long construction waits for the factory.
    pub(crate) startup_timeout: Duration,
    /// Added to a statement's timeout to get the caller's wait bound.
    pub(crate) margin: Duration,
    /// How long dropping the last clone may take.
    pub(crate) drop_timeout: Duration,
    /// The timeout assumed when neither the statement nor the session has one.
    pub(crate) fallback_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            startup_timeout: DEFAULT_STARTUP_TIMEOUT,
            margin: DEFAULT_WAIT_MARGIN,
            drop_timeout: DEFAULT_DROP_TIMEOUT,
            fallback_timeout: DEFAULT_FALLBACK_TIMEOUT,
        }
    }
}
