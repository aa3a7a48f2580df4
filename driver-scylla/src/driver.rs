//! [`ScyllaDriver`]: the [`Driver`] over a `scylla` 1.x `Session`: the
//! backend's state (the crate's session, the resolved defaults, the cache
//! of statements prepared for text with values) and the bound on each call;
//! the requests themselves run in [`exec`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use arc_swap::ArcSwapOption;
use cqlbridge_driver_api::backend::{async_trait, bounded, ResolvedOptions, StatementCache};
use cqlbridge_driver_api::decode::{DecodedPage, PageDecoder};
use cqlbridge_driver_api::{
    Batch, Capabilities, Config, Driver, Error, ExecOptions, Prepared, QueryResult, Result,
    Statement, Values,
};
use scylla::client::session::Session;

use crate::capabilities::{capabilities, NAME};
use crate::exec;
use crate::options::Settings;

/// A [`Driver`] over the native Rust `scylla` crate (1.x).
///
/// Every statement gets every option set explicitly (consistency, serial
/// consistency, timeout, page size, idempotence, timestamp). CQL text bound
/// with values is prepared once and cached (bounded LRU), so values are always
/// checked against the server's bind-marker types.
pub struct ScyllaDriver {
    session: ArcSwapOption<Session>,
    closed: AtomicBool,
    /// The config's defaults resolved, or why they do not resolve (every
    /// request then fails the same way).
    defaults: Result<ResolvedOptions>,
    /// `defaults` in the crate's types, written on every statement this
    /// backend prepares.
    settings: Option<Settings>,
    cache: StatementCache<Prepared>,
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
        let defaults = ResolvedOptions::from_config(config);
        let settings = defaults.as_ref().ok().and_then(|d| Settings::new(d).ok());
        ScyllaDriver {
            session: ArcSwapOption::from_pointee(session),
            closed: AtomicBool::new(false),
            defaults,
            settings,
            cache: StatementCache::new(config.prepared_cache_size),
        }
    }

    /// The open session, or `Closed`.
    fn session(&self) -> Result<Arc<Session>> {
        if self.closed.load(Ordering::Acquire) {
            return Err(Error::closed());
        }
        self.session.load_full().ok_or_else(Error::closed)
    }

    /// The config's defaults, resolved.
    fn defaults(&self) -> Result<&ResolvedOptions> {
        self.defaults
            .as_ref()
            .map_err(|e| Error::new(e.kind().clone(), e.message()))
    }

    /// `options` over the defaults, in the crate's types; the defaults
    /// themselves (what a statement without options of its own gets) are
    /// converted only once.
    fn settings(&self, options: &ExecOptions) -> Result<Settings> {
        let defaults = self.defaults()?;
        match self.settings {
            Some(s) if defaults.unchanged_by(options) => Ok(s),
            _ => Settings::new(&defaults.with(options)?),
        }
    }
}

#[async_trait]
impl Driver for ScyllaDriver {
    fn name(&self) -> &'static str {
        NAME
    }

    /// Every feature; self-bounded: a plain request is bounded by the crate's request
    /// timeout, everything else by a bound of our own (see the crate docs).
    fn capabilities(&self) -> Capabilities {
        capabilities()
    }

    async fn execute(
        &self,
        statement: &Statement,
        values: &Values,
        options: &ExecOptions,
    ) -> Result<QueryResult> {
        let session = self.session()?;
        let s = self.settings(options)?;
        // The request's paging state: the defaults never carry one.
        let state = options.paging_state.as_ref();
        let defaults = self.settings.as_ref();
        let cql = statement.cql();
        exec::execute_text(session, &self.cache, cql, values, &s, state, defaults).await
    }

    async fn prepare(&self, cql: &str) -> Result<Prepared> {
        let session = self.session()?;
        let timeout = self.defaults()?.timeout;
        exec::prepare(&session, cql, timeout, self.settings.as_ref()).await
    }

    async fn execute_prepared(
        &self,
        prepared: &Prepared,
        values: &Values,
        options: &ExecOptions,
    ) -> Result<QueryResult> {
        let session = self.session()?;
        let s = self.settings(options)?;
        let state = options.paging_state.as_ref();
        exec::execute(session, &self.cache, prepared, values, &s, state).await
    }

    async fn execute_prepared_into(
        &self,
        prepared: &Prepared,
        values: &Values,
        options: &ExecOptions,
        decoder: &dyn PageDecoder,
    ) -> Result<DecodedPage> {
        let session = self.session()?;
        let s = self.settings(options)?;
        let state = options.paging_state.as_ref();
        exec::execute_into(session, &self.cache, prepared, values, &s, state, decoder).await
    }

    async fn batch(&self, batch: &Batch, options: &ExecOptions) -> Result<QueryResult> {
        let session = self.session()?;
        let s = self.settings(options)?;
        // Statements with values may be prepared first: one bound on all.
        let defaults = self.settings.as_ref();
        let run = crate::batch::run(&session, &self.cache, batch, &s, defaults);
        bounded(s.timeout, "the batch", run).await
    }

    async fn use_keyspace(&self, keyspace: &str) -> Result<()> {
        let session = self.session()?;
        let timeout = self.defaults()?.timeout;
        exec::use_keyspace(&session, keyspace, timeout).await?;
        // Unqualified statements prepared before now name the old keyspace's tables.
        self.cache.clear();
        Ok(())
    }

    async fn close(&self) -> Result<()> {
        self.closed.store(true, Ordering::Release);
        // Dropping the last handle to the scylla session stops its cluster
        // worker and connection pools; a request still in flight holds its
        // own handle until it finishes.
        let session = self.session.swap(None);
        self.cache.clear();
        drop(session);
        Ok(())
    }

    fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }
}
