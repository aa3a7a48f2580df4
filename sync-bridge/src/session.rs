//! [`SyncSession`]: the blocking mirror of the async `Session`.

use std::future::Future;
use std::sync::Arc;

use cqlbridge_driver_api::{
    Batch, Capabilities, Config, DecodeRow, ExecOptions, IntoValues, Page, PagingState, Prepared,
    Query, QueryResult, Result, Session, TypedPage,
};

use cqlbridge_driver_api::{MetricsSnapshot, RequestObserver};

use crate::inner::Inner;
use crate::limits::Limits;
use crate::timings::{BridgeTimings, TimingCounters};
use crate::tuning::Tuning;
use crate::{on_bridge, start};

/// A blocking session. Its backend lives on a background thread (the
/// *bridge*, named `cqlbridge-bridge`) that owns a Tokio runtime; each call
/// runs there as one task while the calling thread waits, with a bound, for
/// the reply.
///
/// Cheap to clone: clones share the bridge, and many threads may call at
/// once (their calls run concurrently). [`SyncSession::close`] closes it for
/// every clone; dropping the last clone closes it too, within a bound.
/// [`SyncSession::builder`] sets the bounds; [`SyncSession::iter`] reads a
/// query's rows page by page.
///
/// It may be called from any thread, including from inside another Tokio
/// runtime (it never starts or enters a runtime there; it only blocks the
/// calling thread). It may **not** be called from its own bridge runtime
/// (a task or driver callback running there): such a call returns an error
/// at once instead of deadlocking.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use cqlbridge_driver_api::{ColumnSpec, ColumnType, Session, Value};
/// use cqlbridge_driver_mock::{CqlPattern, FakeDriver};
/// use cqlbridge_sync_bridge::SyncSession;
///
/// let fake = FakeDriver::new();
/// fake.when(CqlPattern::prefix("SELECT")?).returns_rows(
///     vec![ColumnSpec::new("name", ColumnType::Text)],
///     vec![vec![Value::Text("ada".into())]],
/// );
/// let driver = fake.clone();
/// let session = SyncSession::new(move || async move { Ok(Session::new(Arc::new(driver))) })?;
///
/// let result = session.execute("SELECT name FROM ks.users WHERE id = ?", (1i32,))?;
/// let name: String = result.first_row().unwrap().get("name")?;
/// assert_eq!(name, "ada");
///
/// for row in session.iter("SELECT name FROM ks.users", ()) {
///     let _name: String = row?.get(0)?;
/// }
/// session.close()?;
/// # Ok::<(), cqlbridge_driver_api::Error>(())
/// ```
#[derive(Clone)]
pub struct SyncSession {
    pub(crate) inner: Arc<Inner>,
}

impl SyncSession {
    /// Starts the bridge thread, runs `factory` on its runtime to build the
    /// async session (drivers bind to the runtime that made them), and
    /// returns once it is built. When the factory fails (or panics), the
    /// thread is joined and its error returned: no thread is left behind.
    ///
    /// Uses the default bounds; see [`SyncSession::builder`] for others.
    pub fn new<F, Fut>(factory: F) -> Result<Self>
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = Result<Session>> + 'static,
    {
        Self::start(Limits::default(), Tuning::default(), factory)
    }

    /// Like [`SyncSession::new`], handing `config` to the factory, e.g.
    /// `SyncSession::connect_with(config, |c| async move { my_connect(&c).await })`.
    pub fn connect_with<F, Fut>(config: Config, factory: F) -> Result<Self>
    where
        F: FnOnce(Config) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Session>> + 'static,
    {
        Self::start(Limits::default(), Tuning::default(), move || {
            factory(config)
        })
    }

    pub(crate) fn start<F, Fut>(limits: Limits, tuning: Tuning, factory: F) -> Result<Self>
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = Result<Session>> + 'static,
    {
        let id = on_bridge::new_id();
        let started = start::start(id, factory, limits.startup_timeout, tuning.shape)?;
        let timings = tuning
            .record_timings
            .then(|| Arc::new(TimingCounters::default()));
        let on_caller = tuning
            .on_caller
            .unwrap_or_else(|| started.capabilities.is_non_blocking());
        Ok(SyncSession {
            inner: Arc::new(Inner::new(id, started, limits, timings, on_caller)),
        })
    }

    /// Executes a statement (CQL text or prepared) with `values`; see
    /// `Session::execute`. Waits at most the statement's timeout (else the
    /// session default) plus the margin, then fails with `Timeout`.
    pub fn execute(&self, query: impl Into<Query>, values: impl IntoValues) -> Result<QueryResult> {
        let query = query.into();
        let values = values.into_values();
        let timeout = query.options().timeout;
        self.inner.call("execute", timeout, move |s| async move {
            s.execute(query, values).await
        })
    }

    /// Executes a statement and returns its page of rows as `T`s (a
    /// `#[derive(FromRow)]` struct), built straight from the backend's
    /// cells; see `Session::execute_as`. Waits as [`SyncSession::execute`].
    pub fn execute_as<T: DecodeRow>(
        &self,
        query: impl Into<Query>,
        values: impl IntoValues,
    ) -> Result<TypedPage<T>> {
        let query = query.into();
        let values = values.into_values();
        let timeout = query.options().timeout;
        self.inner.call("execute", timeout, move |s| async move {
            s.execute_as::<T>(query, values).await
        })
    }

    /// Prepares `cql`, or returns it from the session's cache.
    pub fn prepare(&self, cql: &str) -> Result<Prepared> {
        let cql = cql.to_owned();
        self.inner.call(
            "prepare",
            None,
            move |s| async move { s.prepare(&cql).await },
        )
    }

    /// Executes a batch with its own options over the session defaults.
    pub fn batch(&self, batch: &Batch) -> Result<QueryResult> {
        let batch = batch.clone();
        let timeout = batch.options().timeout;
        self.inner.call(
            "batch",
            timeout,
            move |s| async move { s.batch(&batch).await },
        )
    }

    /// Fetches one page: the first when `state` is `None`, else the page
    /// that `state` points at. The page's own state leads to the next one.
    pub fn page(
        &self,
        query: impl Into<Query>,
        values: impl IntoValues,
        state: Option<PagingState>,
    ) -> Result<Page> {
        let query = query.into();
        let values = values.into_values();
        let timeout = query.options().timeout;
        self.inner.call("page", timeout, move |s| async move {
            s.page(query, values, state).await
        })
    }

    /// One page as `T`s, as [`SyncSession::page`] fetches pages; see
    /// `Session::page_as`.
    pub fn page_as<T: DecodeRow>(
        &self,
        query: impl Into<Query>,
        values: impl IntoValues,
        state: Option<PagingState>,
    ) -> Result<TypedPage<T>> {
        let query = query.into();
        let values = values.into_values();
        let timeout = query.options().timeout;
        self.inner.call("page", timeout, move |s| async move {
            s.page_as::<T>(query, values, state).await
        })
    }

    /// Switches the keyspace for every clone of this session.
    pub fn use_keyspace(&self, keyspace: &str) -> Result<()> {
        let keyspace = keyspace.to_owned();
        self.inner.call("use_keyspace", None, move |s| async move {
            s.use_keyspace(&keyspace).await
        })
    }

    /// Closes the session for every clone: later calls fail with `Closed`;
    /// calls already running finish with their real result; then the
    /// driver is closed and the bridge thread joined. Closing twice is fine.
    /// Fails (without closing) when called from the bridge's own thread.
    pub fn close(&self) -> Result<()> {
        self.inner.close()
    }

    /// True once the session was closed (on any clone) or its bridge
    /// thread stopped.
    pub fn is_closed(&self) -> bool {
        self.inner.is_closed()
    }

    /// What the backend supports (read once, when the session was built).
    pub fn capabilities(&self) -> Capabilities {
        self.inner.capabilities.clone()
    }

    /// True when each call is polled on its caller's thread, false when it
    /// runs as a task on the bridge runtime (see
    /// `SyncSessionBuilder::calls_on_caller`).
    pub fn calls_on_caller(&self) -> bool {
        self.inner.on_caller
    }

    /// Where this session's blocking calls spent their time so far, when it
    /// was built with `SyncSessionBuilder::record_timings(true)`; `None`
    /// otherwise.
    pub fn timings(&self) -> Option<BridgeTimings> {
        self.inner.timings.as_ref().map(|t| t.snapshot())
    }

    /// The session defaults every statement's options fall back to.
    pub fn defaults(&self) -> &ExecOptions {
        &self.inner.defaults
    }

    /// The request metrics of the async session underneath (see
    /// `Session::metrics`): the same counts and latencies in µs, measured
    /// around the backend's call on the bridge (without the hop to it).
    pub fn metrics(&self) -> MetricsSnapshot {
        self.inner
            .session
            .as_ref()
            .map(Session::metrics)
            .unwrap_or_default()
    }

    /// Registers `observer` for every request of this session and of every
    /// clone (see `Session::add_observer`). It is called on the bridge
    /// runtime, where the requests run.
    pub fn add_observer(&self, observer: Arc<dyn RequestObserver>) {
        if let Some(s) = &self.inner.session {
            s.add_observer(observer);
        }
    }

    /// Panics the bridge thread outside any task (guard tests only).
    #[cfg(test)]
    pub(crate) fn kill_bridge_for_test(&self) {
        let _ = self.inner.control.send(crate::control::Msg::Panic);
    }

    /// The id the bridge thread is marked with (guard tests only).
    #[cfg(test)]
    pub(crate) fn bridge_id_for_test(&self) -> u64 {
        self.inner.id
    }
}

impl std::fmt::Debug for SyncSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncSession")
            .field("bridge", &self.inner.id)
            .field("closed", &self.is_closed())
            .finish_non_exhaustive()
    }
}
