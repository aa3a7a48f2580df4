//! What this backend is and supports: its [`NAME`] and [`capabilities`].

use cqlbridge_driver_api::Capabilities;

/// The backend's name, as [`Prepared::backend`](cqlbridge_driver_api::Prepared::backend)
/// and [`Capabilities`] report it.
pub const NAME: &str = "cpp";

/// Every feature the contract names (the result kinds are inferred from the statement
/// text, see `results`); self-bounded: every call, however many requests it makes, runs
/// under one [`bounded`](cqlbridge_driver_api::backend::bounded) of its own, and each
/// request carries the timeout to libcassandra's own timer too; non-blocking: each
/// libcassandra future completes through its callback, and the one fallback wait (a
/// callback that could not be set) runs on the runtime's blocking pool.
pub(crate) fn capabilities() -> Capabilities {
    Capabilities::all(NAME).self_bounded().non_blocking()
}
