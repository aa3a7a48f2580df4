//! How the bridge runs its work: the shape of its runtime and whether it
//! records where a call's time goes. Unlike the bounds in `limits.rs`,
//! these change speed and footprint, never behaviour.

use std::num::NonZeroUsize;

/// The bridge runtime's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuntimeShape {
    /// One thread runs everything: the accept loop, every call's task and
    /// the driver's connection tasks. The lightest footprint; under load
    /// that one thread is the bottleneck.
    CurrentThread,
    /// The bridge thread accepts jobs; this many worker threads run the
    /// calls and the driver's connection tasks.
    MultiThread(NonZeroUsize),
}

impl RuntimeShape {
    /// A multi-thread runtime with one worker per available core (at least
    /// one, also where the parallelism cannot be read).
    pub(crate) fn default_workers() -> RuntimeShape {
        let n = std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN);
        RuntimeShape::MultiThread(n)
    }
}

/// How the bridge runs its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tuning {
    /// The runtime's shape.
    pub(crate) shape: RuntimeShape,
    /// Whether every call records its queue, run and wake-up times.
    pub(crate) record_timings: bool,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            shape: RuntimeShape::default_workers(),
            record_timings: false,
        }
    }
}
