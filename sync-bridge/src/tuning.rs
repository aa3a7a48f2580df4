//! How the bridge runs its work: the shape of its runtime and whether it
//! records where a call's time goes. Unlike the bounds in `limits.rs`,
//! these change speed and footprint, never behaviour.

use std::num::NonZeroUsize;

/// The bridge runtime's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuntimeShape {
    /// One thread runs everything: every call's task and the driver's
    /// connection tasks (the default: the lightest footprint, and on the
    /// 2-core machine measured as fast as workers under load).
    CurrentThread,
    /// This many worker threads run the calls and the driver's connection
    /// tasks; the bridge thread only waits for the close request.
    MultiThread(NonZeroUsize),
}

/// How the bridge runs its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tuning {
    /// The runtime's shape.
    pub(crate) shape: RuntimeShape,
    /// Whether every call records its queue, run and wake-up times.
    pub(crate) record_timings: bool,
    /// Whether calls run on their callers' threads (`here.rs`); `None`
    /// decides by the driver: yes when its futures never block the polling
    /// thread ([`Capabilities::is_non_blocking`]).
    ///
    /// [`Capabilities::is_non_blocking`]: cqlbridge_driver_api::Capabilities::is_non_blocking
    pub(crate) on_caller: Option<bool>,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            shape: RuntimeShape::CurrentThread,
            record_timings: false,
            on_caller: None,
        }
    }
}
