//! [`ScyllaDriver`]: the [`Driver`] over a `scylla` 1.x `Session`.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arc_swap::ArcSwapOption;
use async_trait::async_trait;
use cqlbridge_driver_api::{
    Batch, Capabilities, Config, Driver, Error, ExecOptions, Prepared, QueryResult, Result,
    Statement, Values,
};
use lru::LruCache;
use scylla::client::session::Session;
use scylla::statement::unprepared::Statement as SStatement;

use crate::exec;
use crate::options::Resolved;

/// The backend's name, as `Prepared::backend` and `Capabilities` report it.
pub const NAME: &str = "scylla";

/// A [`Driver`] over the native Rust `scylla` crate (1.x).
///
/// Every statement gets every option set explicitly (consistency, serial
/// consistency, timeout, page size, idempotence, timestamp). CQL text bound
/// with values is prepared once and cached (bounded LRU), so values are always
/// checked against the server's bind-marker types.
pub struct ScyllaDriver {
    session: ArcSwapOption<Session>,
    closed: AtomicBool,
    defaults: ExecOptions,
    /// `defaults` resolved, written on every statement this backend prepares
    /// (`None` when they do not resolve; every request then fails the same way).
    resolved: Option<Resolved>,
    cache: Mutex<LruCache<Arc<str>, Prepared>>,
}

impl std::fmt::Debug for ScyllaDriver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScyllaDriver")
            .field("closed", &self.is_closed())
            .field("defaults", &self.defaults)
            .finish_non_exhaustive()
    }
}

impl ScyllaDriver {
    /// Connects to the cluster `config` names: contact points, keyspace,
    /// local DC, credentials and TLS, all within a bounded time.
    ///
    /// Errors: bad credentials → `Auth`, a TLS failure → `Tls`, no node
    /// reachable → `Connection`, a bad config → `Config`.
    ///
    /// ```no_run
    /// # async fn demo() -> cqlbridge_driver_api::Result<()> {
    /// use cqlbridge_driver_api::{Config, Session};
    /// use cqlbridge_driver_scylla::ScyllaDriver;
    /// use std::sync::Arc;
    ///
    /// let config = Config::new(["127.0.0.1"]).credentials("cassandra", "cassandra");
    /// let driver = ScyllaDriver::connect(&config).await?;
    /// let session = Session::with_config(Arc::new(driver), &config);
    /// let rows = session.execute("SELECT release_version FROM system.local", ()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn connect(config: &Config) -> Result<Self> {
        let session = crate::connect::session(config).await?;
        Ok(Self::from_session(session, config))
    }

    /// Wraps a `scylla` session made elsewhere; `config` gives the defaults
    /// (consistency, timeout, page size, prepared-cache size).
    pub fn from_session(session: Session, config: &Config) -> Self {
        let cap = NonZeroUsize::new(config.prepared_cache_size).unwrap_or(NonZeroUsize::MIN);
        ScyllaDriver {
            session: ArcSwapOption::from_pointee(session),
            closed: AtomicBool::new(false),
            defaults: config.default_options(),
            resolved: crate::options::resolve(&ExecOptions::new(), &config.default_options()).ok(),
            cache: Mutex::new(LruCache::new(cap)),
        }
    }

    /// The open session, or `Closed`.
    fn session(&self) -> Result<Arc<Session>> {
        if self.closed.load(Ordering::Acquire) {
            return Err(Error::closed());
        }
        self.session.load_full().ok_or_else(Error::closed)
    }

    fn default_timeout(&self) -> Duration {
        self.defaults.timeout.unwrap_or(Duration::from_secs(12))
    }

    /// `options` resolved over the defaults; the defaults themselves (what
    /// a statement without options of its own gets) are resolved only once.
    fn resolve(&self, options: &ExecOptions) -> Result<Resolved> {
        match &self.resolved {
            Some(r) if *options == self.defaults => Ok(*r),
            _ => crate::options::resolve(options, &self.defaults),
        }
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, LruCache<Arc<str>, Prepared>> {
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Forgets every cached statement (after the keyspace changed).
    pub(crate) fn clear_cache(&self) {
        self.cache().clear();
    }

    /// `cql` prepared, from the cache when it was prepared before.
    pub(crate) async fn prepare_cached(
        &self,
        session: &Session,
        cql: &str,
        timeout: Duration,
    ) -> Result<Prepared> {
        if let Some(p) = self.cache().get(cql) {
            return Ok(p.clone());
        }
        let p = exec::prepare(session, cql, timeout, self.resolved.as_ref()).await?;
        self.cache().put(Arc::from(cql), p.clone());
        Ok(p)
    }
}

#[async_trait]
impl Driver for ScyllaDriver {
    fn name(&self) -> &'static str {
        NAME
    }

    /// Every feature; self-bounded: a plain request is bounded by the
    /// crate's request timeout, which every statement carries, and
    /// everything else (preparing, DDL, `USE`, batches, text that needs
    /// preparing first) by our own bound.
    fn capabilities(&self) -> Capabilities {
        Capabilities::all(NAME).self_bounded()
    }

    async fn execute(
        &self,
        statement: &Statement,
        values: &Values,
        options: &ExecOptions,
    ) -> Result<QueryResult> {
        let session = self.session()?;
        let r = self.resolve(options)?;
        let state = options.paging_state.as_ref();
        if values.is_empty() {
            let mut st = SStatement::new(statement.cql());
            exec::configure_statement(&mut st, &r);
            return exec::query(self, &session, st, &r, state).await;
        }
        let cached = self.cache().get(statement.cql()).cloned();
        match cached {
            Some(p) => exec::execute(self, session, &p, values, &r, state).await,
            // Preparing and running are two requests: one bound on both,
            // boxed (a cache miss is rare, its future large).
            None => {
                let run = async {
                    let p = self
                        .prepare_cached(&session, statement.cql(), r.timeout)
                        .await?;
                    exec::execute(self, Arc::clone(&session), &p, values, &r, state).await
                };
                Box::pin(exec::bounded(r.timeout, "the statement", run)).await
            }
        }
    }

    async fn prepare(&self, cql: &str) -> Result<Prepared> {
        let session = self.session()?;
        exec::prepare(
            &session,
            cql,
            self.default_timeout(),
            self.resolved.as_ref(),
        )
        .await
    }

    async fn execute_prepared(
        &self,
        prepared: &Prepared,
        values: &Values,
        options: &ExecOptions,
    ) -> Result<QueryResult> {
        let session = self.session()?;
        let r = self.resolve(options)?;
        let state = options.paging_state.as_ref();
        exec::execute(self, session, prepared, values, &r, state).await
    }

    async fn batch(&self, batch: &Batch, options: &ExecOptions) -> Result<QueryResult> {
        let session = self.session()?;
        let r = self.resolve(options)?;
        // Statements with values may be prepared first: one bound on all.
        let run = crate::batch::run(self, &session, batch, &r);
        exec::bounded(r.timeout, "the batch", run).await
    }

    async fn use_keyspace(&self, keyspace: &str) -> Result<()> {
        let session = self.session()?;
        exec::use_keyspace(&session, keyspace, self.default_timeout()).await?;
        self.clear_cache();
        Ok(())
    }

    async fn close(&self) -> Result<()> {
        self.closed.store(true, Ordering::Release);
        // Dropping the last handle to the scylla session stops its cluster
        // worker and connection pools; a request still in flight holds its
        // own handle until it finishes.
        let session = self.session.swap(None);
        self.clear_cache();
        drop(session);
        Ok(())
    }

    fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }
}
