//! [`CppDriver`]: the [`Driver`] over libcassandra: the backend's state (the session
//! handle, the resolved defaults, the statements prepared under the hood, the current
//! keyspace) and the one bound on each call; the requests themselves run in [`exec`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use cqlbridge_driver_api::backend::{
    async_trait, bounded, close_bound, millis, schema_inference, ResolvedOptions,
};
use cqlbridge_driver_api::decode::{decode_result, DecodedPage, PageDecoder};
use cqlbridge_driver_api::{
    Batch, Capabilities, Config, Driver, Error, ErrorKind, ExecOptions, Prepared, QueryResult,
    Result, Statement, Values,
};

use crate::capabilities::{capabilities, NAME};
use crate::connect::open;
use crate::decode;
use crate::errors::from_failure;
use crate::exec::{self, Cache};
use crate::ffi::SessionH;
use crate::keyspace::Current;
use crate::prepared::handle;
use crate::values::bind;

/// The cqlbridge backend over the DataStax/ScyllaDB C++ driver (libcassandra).
///
/// Cheap to share (`Arc` inside). Every call sets every option explicitly; see the crate
/// docs for what differs from other backends. `close()` takes at most the kit's
/// [`close_bound`](cqlbridge_driver_api::backend::close_bound); dropping the last clone
/// without it frees the session on a thread of its own, so the drop does not wait for
/// libcassandra.
///
/// # Examples
///
/// ```no_run
/// # async fn demo() -> cqlbridge_driver_api::Result<()> {
/// use std::sync::Arc;
/// use cqlbridge_driver_api::{Config, Session};
/// use cqlbridge_driver_cpp::CppDriver;
///
/// let config = Config::new(["127.0.0.1"]).credentials("cassandra", "cassandra");
/// let driver = CppDriver::connect(&config).await?;
/// let session = Session::with_config(Arc::new(driver), &config);
/// let rows = session.execute("SELECT release_version FROM system.local", ()).await?;
/// let version: String = rows.first_row().unwrap().get(0)?;
/// session.close().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct CppDriver {
    inner: Arc<Inner>,
}

struct Inner {
    /// `None` once closed.
    session: RwLock<Option<Arc<SessionH>>>,
    closed: AtomicBool,
    /// The config's defaults resolved, or why they do not resolve (every request then
    /// fails the same way).
    defaults: Result<ResolvedOptions>,
    /// Statements prepared under the hood for text with values.
    cache: Cache,
    /// The session's keyspace, which libcassandra does not expose.
    keyspace: Current,
    close_bound: Duration,
}

impl std::fmt::Debug for CppDriver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CppDriver")
            .field("closed", &self.is_closed())
            .field("defaults", &self.inner.defaults)
            .finish_non_exhaustive()
    }
}

impl CppDriver {
    /// Connects with `config`: contact points and port, credentials, TLS, timeouts,
    /// keyspace and local data center. Bad credentials are `Auth`, a TLS failure `Tls`,
    /// an unreachable cluster `Connection`.
    pub async fn connect(config: &Config) -> Result<Self> {
        let session = open(config).await?;
        Ok(CppDriver {
            inner: Arc::new(Inner {
                session: RwLock::new(Some(Arc::new(session))),
                closed: AtomicBool::new(false),
                defaults: ResolvedOptions::from_config(config),
                cache: Cache::new(config.prepared_cache_size),
                keyspace: Current::new(config.keyspace.as_deref()),
                close_bound: close_bound(config),
            }),
        })
    }

    fn session(&self) -> Result<Arc<SessionH>> {
        if self.is_closed() {
            return Err(Error::closed());
        }
        let guard = self.inner.session.read().unwrap_or_else(|p| p.into_inner());
        guard.clone().ok_or_else(Error::closed)
    }

    /// `options` over the config's defaults.
    fn resolve(&self, options: &ExecOptions) -> Result<ResolvedOptions> {
        match &self.inner.defaults {
            Ok(defaults) => defaults.with(options),
            Err(e) => Err(Error::new(e.kind().clone(), e.message())),
        }
    }
}

#[async_trait]
impl Driver for CppDriver {
    fn name(&self) -> &'static str {
        NAME
    }

    /// Every feature; self-bounded: every call runs under one bound of its own (see the
    /// crate docs).
    fn capabilities(&self) -> Capabilities {
        capabilities()
    }

    async fn execute(
        &self,
        statement: &Statement,
        values: &Values,
        options: &ExecOptions,
    ) -> Result<QueryResult> {
        let r = self.resolve(options)?;
        let session = self.session()?;
        let i = &self.inner;
        let run = exec::execute_text(&session, &i.cache, &i.keyspace, statement.cql(), values, &r);
        bounded(r.timeout, "the statement", run).await
    }

    async fn prepare(&self, cql: &str) -> Result<Prepared> {
        let r = self.resolve(&ExecOptions::new())?;
        let session = self.session()?;
        let p = bounded(r.timeout, "prepare", exec::prepare(&session, cql)).await?;
        let markers = p.params().to_vec();
        Ok(Prepared::new(cql, NAME, markers, Vec::new(), Arc::new(p)))
    }

    async fn execute_prepared(
        &self,
        prepared: &Prepared,
        values: &Values,
        options: &ExecOptions,
    ) -> Result<QueryResult> {
        let r = self.resolve(options)?;
        let raw = bind(handle(prepared)?, values)?;
        let session = self.session()?;
        let i = &self.inner;
        let run = exec::run_inferred(&session, &i.cache, &i.keyspace, prepared.cql(), raw, &r);
        bounded(r.timeout, "the statement", run).await
    }

    async fn execute_prepared_into(
        &self,
        prepared: &Prepared,
        values: &Values,
        options: &ExecOptions,
        decoder: &dyn PageDecoder,
    ) -> Result<DecodedPage> {
        let r = self.resolve(options)?;
        let raw = bind(handle(prepared)?, values)?;
        let session = self.session()?;
        let i = &self.inner;
        if schema_inference::may_classify(prepared.cql()) {
            // DDL or `USE`: its result kind is inferred (and a keyspace
            // switch recorded) as in `execute_prepared`; it has no rows.
            let run = exec::run_inferred(&session, &i.cache, &i.keyspace, prepared.cql(), raw, &r);
            return decode_result(bounded(r.timeout, "the statement", run).await?, decoder);
        }
        let run = async {
            let answered = exec::run(&session, raw, &r).await?;
            decode::page(&answered.result, decoder)
        };
        bounded(r.timeout, "the statement", run).await
    }

    async fn batch(&self, batch: &Batch, options: &ExecOptions) -> Result<QueryResult> {
        let r = self.resolve(options)?;
        let session = self.session()?;
        let run = crate::batch::run(&session, &self.inner.cache, batch, &r);
        bounded(r.timeout, "the batch", run).await
    }

    async fn use_keyspace(&self, keyspace: &str) -> Result<()> {
        let r = self.resolve(&ExecOptions::new())?;
        let session = self.session()?;
        let i = &self.inner;
        let run = exec::use_keyspace(&session, &i.cache, &i.keyspace, keyspace, &r);
        bounded(r.timeout, "USE", run).await
    }

    async fn close(&self) -> Result<()> {
        if self.inner.closed.swap(true, Ordering::AcqRel) {
            return Ok(());
        }
        self.inner.cache.clear();
        let taken = self
            .inner
            .session
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        let Some(session) = taken else { return Ok(()) };
        if let Some(future) = session.close() {
            match tokio::time::timeout(self.inner.close_bound, future.ready()).await {
                Ok(done) => {
                    if let Err(f) = done.unit() {
                        tracing::warn!(
                            "cqlbridge-cpp: closing the session: {}",
                            from_failure(f, None)
                        );
                    }
                }
                Err(_) => tracing::warn!(
                    "cqlbridge-cpp: the session did not close within {} ms; freeing it anyway",
                    millis(self.inner.close_bound)
                ),
            }
        }
        // Freeing may block until libcassandra's threads stop: never on an async worker.
        match Arc::try_unwrap(session) {
            Ok(session) => {
                let bound = self.inner.close_bound;
                let freeing = tokio::task::spawn_blocking(move || session.free_blocking());
                match tokio::time::timeout(bound, freeing).await {
                    Ok(Ok(())) => Ok(()),
                    Ok(Err(e)) => Err(Error::new(
                        ErrorKind::Other,
                        format!("freeing the session failed: {e}"),
                    )),
                    Err(_) => Err(Error::timeout(format!(
                        "libcassandra did not finish closing within {bound:?}; it goes on in \
                         the background (the session is closed for every call)"
                    ))),
                }
            }
            // Calls still in flight hold it; the last one frees it on a thread of its own.
            Err(shared) => {
                drop(shared);
                Ok(())
            }
        }
    }

    fn is_closed(&self) -> bool {
        self.inner.closed.load(Ordering::Acquire)
    }
}
