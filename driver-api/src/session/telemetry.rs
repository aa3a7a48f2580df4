//! [`Telemetry`]: what a session keeps to describe its requests — the
//! metrics [`Recorder`], the registered [`RequestObserver`]s, whether spans
//! carry the statement text, and the current keyspace — and the `Session`
//! methods that read and extend it.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use super::Session;
use crate::config::Config;
use crate::metrics::{MetricsSnapshot, Recorder};
use crate::observer::RequestObserver;

/// The observers registered on a session, shared by its requests.
pub(super) type Observers = Arc<[Arc<dyn RequestObserver>]>;

/// One session's telemetry, shared by every clone.
pub(super) struct Telemetry {
    pub(super) recorder: Recorder,
    /// Read on every request only once `has_observers` says there is one.
    observers: RwLock<Observers>,
    has_observers: AtomicBool,
    /// Spans carry `db.query.text` ([`Config::trace_statement_text`]).
    pub(super) trace_text: bool,
    /// The keyspace of unqualified names, for `db.namespace`: the config's,
    /// then the last `USE`'s.
    keyspace: RwLock<Option<Arc<str>>>,
}

impl std::fmt::Debug for Telemetry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Telemetry")
            .field("recorder", &self.recorder)
            .field("observers", &self.observers().map_or(0, |o| o.len()))
            .field("trace_text", &self.trace_text)
            .finish_non_exhaustive()
    }
}

impl Telemetry {
    /// The telemetry of a new session over `backend` with `config`.
    pub(super) fn new(backend: &'static str, config: &Config) -> Self {
        Telemetry {
            recorder: Recorder::new(backend, config.profiles.keys().map(String::as_str)),
            observers: RwLock::new(Arc::new([])),
            has_observers: AtomicBool::new(false),
            trace_text: config.trace_statement_text,
            keyspace: RwLock::new(config.keyspace.as_deref().map(Arc::from)),
        }
    }

    /// The observers, `None` (without taking the lock) when there are none.
    pub(super) fn observers(&self) -> Option<Observers> {
        if !self.has_observers.load(Ordering::Acquire) {
            return None;
        }
        // Only whole-slice swaps happen under the lock: a poisoned one is fine.
        Some(
            self.observers
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .clone(),
        )
    }

    fn add_observer(&self, observer: Arc<dyn RequestObserver>) {
        let mut slot = self.observers.write().unwrap_or_else(|p| p.into_inner());
        let mut all: Vec<_> = slot.iter().cloned().collect();
        all.push(observer);
        *slot = all.into();
        self.has_observers.store(true, Ordering::Release);
    }

    /// The session's current keyspace, if known.
    pub(super) fn keyspace(&self) -> Option<Arc<str>> {
        self.keyspace
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Remembers `ks` as the current keyspace (after a `USE`).
    pub(super) fn set_keyspace(&self, ks: &str) {
        *self.keyspace.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::from(ks));
    }

    /// Runs one observer call; a panic is caught and counted.
    pub(super) fn guarded(&self, call: impl FnOnce()) {
        if catch_unwind(AssertUnwindSafe(call)).is_err() {
            self.recorder.observer_panicked();
        }
    }
}

impl Session {
    /// The session's request metrics now: counts, errors by kind, requests
    /// in flight, latency percentiles in µs, prepared-cache hits and
    /// misses; in total, on the session defaults, and per execution
    /// profile. Shared by every clone. Measured here, at the `Session`
    /// layer, so they mean the same on every backend (see
    /// [`MetricsSnapshot`]).
    pub fn metrics(&self) -> MetricsSnapshot {
        self.inner.telemetry.recorder.snapshot()
    }

    /// Registers `observer` for every request of this session and of every
    /// clone, from now on (see [`RequestObserver`]). Observers are called
    /// in the order registered; there is no way to remove one (build a
    /// session without it instead).
    pub fn add_observer(&self, observer: Arc<dyn RequestObserver>) {
        self.inner.telemetry.add_observer(observer);
    }

    /// [`Session::add_observer`], for building a session in one expression:
    /// `Session::with_config(driver, &config).with_observer(Arc::new(MyLog))`.
    pub fn with_observer(self, observer: Arc<dyn RequestObserver>) -> Self {
        self.add_observer(observer);
        self
    }
}
