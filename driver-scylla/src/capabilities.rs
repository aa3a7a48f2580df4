//! What this backend is and supports: its [`NAME`] and [`capabilities`].

use cqlbridge_driver_api::{Capabilities, Feature};

/// The backend's name, as [`Prepared::backend`](cqlbridge_driver_api::Prepared::backend)
/// and [`Capabilities`] report it.
pub const NAME: &str = "scylla";

/// Every feature but a reconnection backoff of the caller's; self-bounded: a plain request is bounded by the crate's
/// request timeout, which every statement carries, and everything else
/// (preparing, DDL, `USE`, batches, text that needs preparing first) by
/// [`bounded`](cqlbridge_driver_api::backend::bounded); non-blocking: the crate is async
/// throughout, its waits are timers and its connections' tasks.
pub(crate) fn capabilities() -> Capabilities {
    Capabilities::all(NAME)
        .self_bounded()
        .non_blocking()
        .without(
            Feature::ReconnectBackoff,
            "the scylla crate's reconnection policy is unstable API (cfg scylla_unstable); \
         its own backoff is 50 ms doubling to 10 s",
        )
}
