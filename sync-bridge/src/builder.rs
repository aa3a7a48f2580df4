//! [`SyncSessionBuilder`]: a `SyncSession` with bounds other than the
//! defaults, and [`SyncSession::builder`] that makes one.

use std::future::Future;
use std::num::NonZeroUsize;
use std::time::Duration;

use cqlbridge_driver_api::{Config, Result, Session};

use crate::limits::Limits;
use crate::session::SyncSession;
use crate::tuning::{RuntimeShape, Tuning};

impl SyncSession {
    /// A builder, to set the startup, wait and drop bounds.
    pub fn builder() -> SyncSessionBuilder {
        SyncSessionBuilder::new()
    }
}

/// Builds a [`SyncSession`] with bounds other than the defaults.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use cqlbridge_driver_api::Session;
/// use cqlbridge_driver_mock::FakeDriver;
/// use cqlbridge_sync_bridge::SyncSession;
///
/// let session = SyncSession::builder()
///     .startup_timeout(Duration::from_secs(10))
///     .drop_timeout(Duration::from_secs(2))
///     .build(|| async { Ok(Session::new(Arc::new(FakeDriver::new()))) })?;
/// session.close()?;
/// # Ok::<(), cqlbridge_driver_api::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct SyncSessionBuilder {
    limits: Limits,
    tuning: Tuning,
}

impl SyncSessionBuilder {
    /// A builder with the default bounds: 60 s to start
    /// ([`DEFAULT_STARTUP_TIMEOUT`](crate::limits::DEFAULT_STARTUP_TIMEOUT)),
    /// a 1 s margin over each statement's timeout
    /// ([`DEFAULT_WAIT_MARGIN`](crate::limits::DEFAULT_WAIT_MARGIN)), 5 s
    /// for `Drop` ([`DEFAULT_DROP_TIMEOUT`](crate::limits::DEFAULT_DROP_TIMEOUT)),
    /// 60 s for calls without any timeout
    /// ([`DEFAULT_FALLBACK_TIMEOUT`](crate::limits::DEFAULT_FALLBACK_TIMEOUT)).
    pub fn new() -> Self {
        Self::default()
    }

    /// How long construction waits for the factory (default 60 s). When it
    /// passes, construction fails with `Timeout` and the bridge thread stops
    /// as soon as the factory returns.
    pub fn startup_timeout(mut self, t: Duration) -> Self {
        self.limits.startup_timeout = t;
        self
    }

    /// How much longer than a statement's timeout a caller waits for the
    /// bridge's reply before it gives up with `Timeout` (default 1 s).
    pub fn wait_margin(mut self, t: Duration) -> Self {
        self.limits.margin = t;
        self
    }

    /// How long dropping the last clone may take to drain, close and join
    /// (default 5 s). After that the bridge thread is left to finish alone.
    pub fn drop_timeout(mut self, t: Duration) -> Self {
        self.limits.drop_timeout = t;
        self
    }

    /// The wait bound for a call when neither the statement nor the
    /// session defaults set a timeout (default 60 s; the margin is added).
    pub fn fallback_timeout(mut self, t: Duration) -> Self {
        self.limits.fallback_timeout = t;
        self
    }

    /// Runs the calls and the driver's connection tasks on `workers` runtime
    /// threads of a multi-thread runtime, besides the bridge thread. Not the
    /// default: on a 2-core machine it measured no faster under load and
    /// slower for one caller (`benches/sync_load.rs`, side `sync/mt`); where
    /// the driver's own work is the bottleneck on a larger machine, measure.
    pub fn worker_threads(mut self, workers: NonZeroUsize) -> Self {
        self.tuning.shape = RuntimeShape::MultiThread(workers);
        self
    }

    /// Runs everything (the calls and the driver's connection tasks) on a
    /// current-thread runtime on the one bridge thread: the default, and the
    /// smallest footprint.
    pub fn current_thread_runtime(mut self) -> Self {
        self.tuning.shape = RuntimeShape::CurrentThread;
        self
    }

    /// Whether each call runs on its caller's thread (`true`: polled there,
    /// parked between polls, inside the bridge runtime's context; the
    /// driver's reply wakes the caller directly) or as a task on the bridge
    /// runtime (`false`). By default the driver decides: on the caller when
    /// its futures never block the polling thread
    /// (`Capabilities::is_non_blocking`, true of the scylla and cpp backends),
    /// else on the runtime. Every guard holds either way (the wait bound, a
    /// dead bridge noticed within 100 ms, close draining the call); only
    /// `true` over a driver that blocks the polling thread lets that driver
    /// hold its caller past the bound. On the 2-core test bed the caller's
    /// thread measured faster in 13 of 16 cells at 16 and 64 callers over
    /// two runs (`benches/sync_load.rs`, sides `sync` and `task`).
    pub fn calls_on_caller(mut self, on: bool) -> Self {
        self.tuning.on_caller = Some(on);
        self
    }

    /// Records, for every call, how long it waited to run, ran, and took to
    /// wake its caller; read the totals with [`SyncSession::timings`]. Off
    /// by default (it reads the clock three times per call).
    pub fn record_timings(mut self, on: bool) -> Self {
        self.tuning.record_timings = on;
        self
    }

    /// Starts the bridge thread, runs `factory` on its runtime and returns
    /// once the session is built. See [`SyncSession::new`].
    pub fn build<F, Fut>(self, factory: F) -> Result<SyncSession>
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = Result<Session>> + 'static,
    {
        SyncSession::start(self.limits, self.tuning, factory)
    }

    /// Like [`SyncSessionBuilder::build`], handing `config` to the factory.
    /// See [`SyncSession::connect_with`].
    pub fn connect_with<F, Fut>(self, config: Config, factory: F) -> Result<SyncSession>
    where
        F: FnOnce(Config) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Session>> + 'static,
    {
        self.build(move || factory(config))
    }
}
