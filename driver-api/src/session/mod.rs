//! [`Session`]: the async API over any [`Driver`].

mod agreement;
mod cql;
mod instrument;
mod retry;
mod speculate;
mod stream;
mod telemetry;
#[cfg(test)]
mod tests;
mod trace;
mod typed;

pub use trace::{Trace, TraceEvent, DEFAULT_TRACE_WAIT};

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use futures::future::{BoxFuture, Either};
use futures::stream::BoxStream;

use crate::backend::{bounded, check_batch, StatementCache};
use crate::batch::Batch;
use crate::capabilities::Capabilities;
use crate::config::{Config, RetryPolicy, SpeculativePolicy};
use crate::driver::Driver;
use crate::error::{Error, Result};
use crate::observer::RequestKind;
use crate::options::ExecOptions;
use crate::paging::PagingState;
use crate::query_ref::QueryRef;
use crate::result::{Page, QueryResult};
use crate::row::Row;
use crate::statement::{Prepared, Query};
use crate::values::{IntoValues, Values};
use instrument::Request;
use telemetry::Telemetry;

/// An async session over one backend. Cheap to clone; clones share the
/// backend, the prepared-statement cache and the closed flag.
///
/// # Examples
///
/// ```no_run
/// # async fn demo(session: cqlbridge_driver_api::Session) -> cqlbridge_driver_api::Result<()> {
/// use cqlbridge_driver_api::{Consistency, Statement};
/// use futures::TryStreamExt;
///
/// let insert = session.prepare("INSERT INTO ks.users (id, name) VALUES (?, ?)").await?;
/// session.execute(&insert, (1i32, "ada")).await?;
///
/// let read = Statement::new("SELECT name FROM ks.users WHERE id = ?")
///     .with_consistency(Consistency::Quorum);
/// let result = session.execute(read, (1i32,)).await?;
/// let name: String = result.first_row().unwrap().get("name")?;
///
/// let mut rows = session.stream("SELECT id FROM ks.users", ());
/// while let Some(row) = rows.try_next().await? {
///     let _id: i32 = row.get(0)?;
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Session {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    driver: Arc<dyn Driver>,
    defaults: ExecOptions,
    /// The config's execution profiles, each already laid over `defaults`.
    profiles: BTreeMap<String, ExecOptions>,
    /// The backend bounds its calls itself (see [`Capabilities::self_bounded`]).
    self_bounded: bool,
    cache: StatementCache<Prepared>,
    closed: AtomicBool,
    /// Metrics, observers and span settings.
    telemetry: Telemetry,
    /// What the session retries (see `retry.rs`).
    retry: RetryPolicy,
    /// Extra attempts at slow idempotent requests (see `speculate.rs`).
    speculative: Option<SpeculativePolicy>,
}

impl Session {
    /// A session over `driver` with the defaults of [`Config::default`].
    pub fn new(driver: Arc<dyn Driver>) -> Self {
        Self::with_config(driver, &Config::default())
    }

    /// A session over `driver` with the defaults (consistency, timeout, page
    /// size, cache size) and the execution profiles of `config`. Asks the
    /// driver for its [`capabilities`](Driver::capabilities) once, here.
    pub fn with_config(driver: Arc<dyn Driver>, config: &Config) -> Self {
        let defaults = config.default_options();
        let profiles = config
            .profiles
            .iter()
            .map(|(name, options)| {
                let named = options.clone().profile(name.clone());
                (name.clone(), named.or(&defaults))
            })
            .collect();
        Session {
            inner: Arc::new(Inner {
                self_bounded: driver.capabilities().is_self_bounded(),
                telemetry: Telemetry::new(driver.name(), config),
                driver,
                defaults,
                profiles,
                cache: StatementCache::new(config.prepared_cache_size),
                closed: AtomicBool::new(false),
                retry: config.retry,
                speculative: config.speculative,
            }),
        }
    }

    /// The backend.
    pub fn driver(&self) -> &Arc<dyn Driver> {
        &self.inner.driver
    }

    /// What the backend supports.
    pub fn capabilities(&self) -> Capabilities {
        self.inner.driver.capabilities()
    }

    /// The session defaults every statement's options fall back to.
    pub fn defaults(&self) -> &ExecOptions {
        &self.inner.defaults
    }

    /// True once [`Session::close`] was called on any clone.
    pub fn is_closed(&self) -> bool {
        self.inner.closed.load(Ordering::Acquire) || self.inner.driver.is_closed()
    }

    fn ensure_open(&self) -> Result<()> {
        if self.is_closed() {
            Err(Error::closed())
        } else {
            Ok(())
        }
    }

    /// The names of the execution profiles this session knows.
    pub fn profile_names(&self) -> impl Iterator<Item = &str> {
        self.inner.profiles.keys().map(String::as_str)
    }

    /// The options for one call: `own` over its profile (if it names one)
    /// over the session defaults, validated. A statement without options of
    /// its own (the common case) borrows the defaults instead of building a
    /// merged copy; an unknown profile is a `Config` error.
    fn resolve<'a>(&'a self, own: &'a ExecOptions) -> Result<Cow<'a, ExecOptions>> {
        let base = match &own.profile {
            None => &self.inner.defaults,
            Some(name) => self.inner.profiles.get(name).ok_or_else(|| {
                let known: Vec<&str> = self.profile_names().collect();
                Error::config(format!(
                    "unknown execution profile `{name}` (this session has: {})",
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ))
            })?,
        };
        let opts = if own.is_empty() {
            Cow::Borrowed(base)
        } else {
            Cow::Owned(own.or(base))
        };
        opts.validate()?;
        Ok(opts)
    }

    /// Runs `fut` with the statement's timeout plus
    /// [`TIMEOUT_GRACE`](crate::backend::TIMEOUT_GRACE) as an outer bound,
    /// so no call waits forever even if a backend misbehaves; a
    /// [self-bounded](Capabilities::self_bounded) backend bounds its calls
    /// itself, and runs without a second timer. A plain function, not an
    /// `async fn`, so that the future it wraps is stored once, not twice.
    fn bounded<T, F>(
        &self,
        opts: &ExecOptions,
        what: &'static str,
        fut: F,
    ) -> impl Future<Output = Result<T>>
    where
        F: Future<Output = Result<T>>,
    {
        match opts.timeout {
            Some(t) if !self.inner.self_bounded => Either::Right(bounded(t, what, fut)),
            _ => Either::Left(fut),
        }
    }

    /// Executes a statement (CQL text or prepared) with `values`, using the
    /// statement's own options over the session defaults. Returns the first
    /// page for a `SELECT`; see [`Session::page`] and [`Session::stream`].
    pub async fn execute<'q>(
        &self,
        query: impl Into<QueryRef<'q>>,
        values: impl IntoValues,
    ) -> Result<QueryResult> {
        let query = query.into();
        let tel = &self.inner.telemetry;
        let mut req = Request::begin(tel, RequestKind::Execute, Some(query.cql()), 1);
        let opts = req.resolved(self.resolve(query.options()), query.options())?;
        let values = values.into_values();
        let result = req.run(self.call(&query, &values, &opts, &req)).await;
        let result = req.finish(result)?;
        if matches!(result.untraced(), QueryResult::SetKeyspace(_)) || query.is_use() {
            // Unqualified statements prepared before now name the old keyspace's tables.
            self.inner.cache.clear();
        }
        Ok(result)
    }

    /// The backend's call for `query`, bounded (see [`Session::bounded`]),
    /// and retried under the session's policy (see `retry.rs`); a check
    /// that fails is its output. A plain function returning the one future
    /// to await: a `Result` around it (`call(..)?.await`) would be a
    /// temporary held across the await, which stores the call's future twice.
    fn call<'a>(
        &'a self,
        query: &'a QueryRef<'_>,
        values: &'a Values,
        opts: &'a ExecOptions,
        req: &'a Request<'_>,
    ) -> impl Future<Output = Result<QueryResult>> + Send + 'a {
        self.attempts(opts, req, move |o| self.start(query, values, o))
    }

    /// The attempts of one request, each `start`ed with its options:
    /// bounded, speculative where the policy allows, retried once where it
    /// says so (the machinery of [`Session::call`], for any result type).
    fn attempts<'a, T, S>(
        &'a self,
        opts: &'a ExecOptions,
        req: &'a Request<'_>,
        start: S,
    ) -> impl Future<Output = Result<T>> + Send + 'a
    where
        T: Send + 'a,
        S: Fn(&'a ExecOptions) -> Result<BoxFuture<'a, Result<T>>> + Copy + Send + Sync + 'a,
    {
        let what = "the statement";
        let attempt = move || match start(opts) {
            Ok(call) => Either::Left(self.bounded(opts, what, call)),
            Err(e) => Either::Right(std::future::ready(Err(e))),
        };
        let first = match self.speculation(opts) {
            None => Either::Left(attempt()),
            Some(policy) => Either::Right(
                self.speculating(req, opts, policy, what, move || Box::pin(attempt())),
            ),
        };
        self.retrying(req, opts, what, first, start)
    }

    /// The backend's call for `query`, after the checks every call makes
    /// (open session, statement prepared by this backend); not yet bounded.
    fn start<'a>(
        &'a self,
        query: &'a QueryRef<'_>,
        values: &'a Values,
        opts: &'a ExecOptions,
    ) -> Result<BoxFuture<'a, Result<QueryResult>>> {
        self.ensure_open()?;
        let driver = &self.inner.driver;
        match query {
            QueryRef::Statement(s) => Ok(driver.execute(s, values, opts)),
            QueryRef::Prepared(p) if p.backend() != driver.name() => {
                Err(Error::foreign_prepared(p.backend(), driver.name()))
            }
            QueryRef::Prepared(p) => Ok(driver.execute_prepared(p, values, opts)),
        }
    }

    /// Prepares `cql`, or returns it from the session's LRU cache.
    pub async fn prepare(&self, cql: &str) -> Result<Prepared> {
        self.ensure_open()?;
        let tel = &self.inner.telemetry;
        if let Some(p) = self.inner.cache.get(cql) {
            tel.recorder.prepared_cache(true);
            return Ok(p);
        }
        tel.recorder.prepared_cache(false);
        let opts = &self.inner.defaults;
        let mut req = Request::begin(tel, RequestKind::Prepare, Some(cql), 1);
        req.start(opts);
        let call = self.bounded(opts, "prepare", self.inner.driver.prepare(cql));
        let prepared = req.run(call).await;
        let prepared = req.finish(prepared)?;
        self.inner.cache.put(cql, prepared.clone());
        Ok(prepared)
    }

    /// How many prepared statements the cache holds.
    pub fn prepared_cache_len(&self) -> usize {
        self.inner.cache.len()
    }

    /// Executes a batch with its own options over the session defaults.
    pub async fn batch(&self, batch: &Batch) -> Result<QueryResult> {
        let tel = &self.inner.telemetry;
        let mut req = Request::begin(tel, RequestKind::Batch, None, batch.len());
        let checked = self.ensure_open().and_then(|()| check_batch(batch));
        let resolved = checked.and_then(|()| self.resolve(batch.options()));
        let opts = req.resolved(resolved, batch.options())?;
        let driver = &self.inner.driver;
        let what = "the batch";
        let attempt = || self.bounded(&opts, what, driver.batch(batch, &opts));
        let first = match self.speculation(&opts) {
            None => Either::Left(attempt()),
            Some(policy) => Either::Right(
                self.speculating(&req, &opts, policy, what, move || Box::pin(attempt())),
            ),
        };
        let call = self.retrying(&req, &opts, "the batch", first, |o| {
            Ok(driver.batch(batch, o))
        });
        let result = req.run(call).await;
        req.finish(result)
    }

    /// Fetches one page: the first when `state` is `None`, else the page that
    /// `state` points at. The page's own state leads to the next one.
    pub async fn page<'q>(
        &self,
        query: impl Into<QueryRef<'q>>,
        values: impl IntoValues,
        state: Option<PagingState>,
    ) -> Result<Page> {
        let query = query.into();
        let tel = &self.inner.telemetry;
        let mut req = Request::begin(tel, RequestKind::Page, Some(query.cql()), 1);
        let mut own = query.options().clone();
        own.paging_state = state;
        let opts = req.resolved(self.resolve(&own), &own)?;
        let values = values.into_values();
        let result = req.run(self.call(&query, &values, &opts, &req)).await;
        req.finish(result.map(QueryResult::into_page))
    }

    /// Every row of a query, fetching the next page only when the current
    /// one is used up: at most one page is held in memory.
    pub fn stream(
        &self,
        query: impl Into<Query>,
        values: impl IntoValues,
    ) -> BoxStream<'static, Result<Row>> {
        stream::rows(self.clone(), query.into(), values.into_values())
    }

    /// Switches the keyspace for every clone of this session.
    pub async fn use_keyspace(&self, keyspace: &str) -> Result<()> {
        self.ensure_open()?;
        let opts = &self.inner.defaults;
        self.bounded(opts, "USE", self.inner.driver.use_keyspace(keyspace))
            .await?;
        // Unqualified statements prepared before now name the old keyspace's tables.
        self.inner.cache.clear();
        self.inner.telemetry.set_keyspace(keyspace);
        Ok(())
    }

    /// Closes the session and its backend. Every later call, on any clone,
    /// fails with `Closed`; closing twice is fine.
    pub async fn close(&self) -> Result<()> {
        if self.inner.closed.swap(true, Ordering::AcqRel) {
            return Ok(());
        }
        self.inner.cache.clear();
        self.inner.driver.close().await
    }
}
