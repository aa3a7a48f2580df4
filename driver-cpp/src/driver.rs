//! [`CppDriver`]: the [`Driver`] over libcassandra.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use async_trait::async_trait;
use cqlbridge_driver_api::{
    Batch, Capabilities, Config, Driver, Error, ErrorKind, ExecOptions, Prepared, Query,
    QueryResult, Result, Statement, Values,
};

use crate::batch::{self, Part};
use crate::connect::{millis, open};
use crate::errors::from_failure;
use crate::ffi::{FutureH, ResultH, SessionH, StatementH};
use crate::keyspace::{identifier, switched_to, Current};
use crate::options::{apply_to_statement, resolve, Applied};
use crate::prepared::{AutoPrepared, CppPrepared};
use crate::results::{self, probe_request, Before};
use crate::rows::to_query_result;
use crate::values::bind;

/// The backend's name.
const NAME: &str = "cpp";

/// How much longer than a request's timeout we wait before giving up ourselves; the
/// driver's own timer normally fires first.
const GUARD: Duration = Duration::from_millis(100);

/// The cqlbridge backend over the DataStax/ScyllaDB C++ driver (libcassandra).
///
/// Cheap to share (`Arc` inside). Every call sets every option explicitly; see the crate
/// docs for what differs from other backends.
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
    defaults: ExecOptions,
    auto: AutoPrepared,
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

/// Starts a statement with every option set.
fn start(session: &SessionH, mut statement: StatementH, a: &Applied) -> Result<FutureH> {
    apply_to_statement(&mut statement, a)?;
    session
        .execute(&statement)
        .ok_or_else(|| Error::new(ErrorKind::Other, "libcassandra returned no future"))
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
                defaults: config.default_options(),
                auto: AutoPrepared::new(config.prepared_cache_size),
                keyspace: Current::new(config.keyspace.as_deref()),
                close_bound: config.request_timeout + Duration::from_secs(5),
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

    /// Waits for `future` within the request's timeout (plus [`GUARD`]).
    async fn finish(&self, future: FutureH, a: &Applied) -> Result<ResultH> {
        let limit = Duration::from_millis(a.timeout_ms) + GUARD;
        let done = tokio::time::timeout(limit, future.ready())
            .await
            .map_err(|_| {
                Error::timeout(format!(
                "no reply within the timeout of {} ms (the request may still run on the server)",
                a.timeout_ms
            ))
            })?;
        done.result()
            .map_err(|f| from_failure(f, Some(a.consistency)))
    }

    async fn prepare_on(&self, session: &SessionH, cql: &str) -> Result<Arc<CppPrepared>> {
        let future = session
            .prepare(cql)
            .ok_or_else(|| Error::new(ErrorKind::Other, "libcassandra returned no future"))?;
        let limit = self
            .inner
            .defaults
            .timeout
            .unwrap_or(Duration::from_secs(12))
            + GUARD;
        let done = tokio::time::timeout(limit, future.ready())
            .await
            .map_err(|_| Error::timeout(format!("no reply to PREPARE within {limit:?}")))?;
        let raw = done.prepared().map_err(|f| from_failure(f, None))?;
        Ok(Arc::new(CppPrepared::new(raw)))
    }

    /// The statement prepared for `cql` on behalf of an unprepared execution.
    async fn auto_prepared(&self, session: &SessionH, cql: &str) -> Result<Arc<CppPrepared>> {
        if let Some(p) = self.inner.auto.get(cql) {
            return Ok(p);
        }
        let p = self.prepare_on(session, cql).await?;
        self.inner.auto.put(cql, p.clone());
        Ok(p)
    }

    fn handle(prepared: &Prepared) -> Result<Arc<CppPrepared>> {
        prepared
            .handle::<Arc<CppPrepared>>()
            .cloned()
            .ok_or_else(|| Error::foreign_prepared(prepared.backend(), NAME))
    }

    /// Sends `statement` and waits for its result.
    async fn run(&self, statement: StatementH, a: &Applied, session: &SessionH) -> Result<ResultH> {
        let future = start(session, statement, a)?;
        self.finish(future, a).await
    }

    /// Runs `statement` (whose text is `cql`), naming a zero-column result from the
    /// text: see [`results`]. A guarded DDL statement's object is probed first.
    async fn run_inferred(
        &self,
        cql: &str,
        statement: StatementH,
        a: &Applied,
        session: &SessionH,
    ) -> Result<QueryResult> {
        let mut before = Before::read(cql, self.inner.keyspace.get().as_deref());
        if let Some(b) = before.as_mut() {
            if let Some(probe) = b.probe() {
                let (probe, pa) = probe_request(probe, a)?;
                let existed = self.run(probe, &pa, session).await?.row_count() > 0;
                b.probed(existed);
            }
        }
        let result = self.run(statement, a, session).await?;
        if result.column_count() > 0 {
            return to_query_result(&result);
        }
        let kind = results::kind(cql, self.inner.keyspace.get().as_deref(), before);
        if let QueryResult::SetKeyspace(ks) = &kind {
            // Statements prepared under the hood resolved unqualified tables in the old
            // keyspace: forget them.
            self.inner.auto.clear();
            self.inner.keyspace.set(ks.clone());
        }
        Ok(kind)
    }
}

#[async_trait]
impl Driver for CppDriver {
    fn name(&self) -> &'static str {
        NAME
    }

    fn capabilities(&self) -> Capabilities {
        crate::capabilities()
    }

    async fn execute(
        &self,
        statement: &Statement,
        values: &Values,
        options: &ExecOptions,
    ) -> Result<QueryResult> {
        let a = resolve(options, &self.inner.defaults)?;
        let session = self.session()?;
        let raw = if values.is_empty() {
            StatementH::simple(statement.cql()).ok_or_else(|| {
                Error::new(
                    ErrorKind::Other,
                    "libcassandra could not create a statement",
                )
            })?
        } else {
            let prepared = self.auto_prepared(&session, statement.cql()).await?;
            bind(&prepared, values)?
        };
        self.run_inferred(statement.cql(), raw, &a, &session).await
    }

    async fn prepare(&self, cql: &str) -> Result<Prepared> {
        let session = self.session()?;
        let p = self.prepare_on(&session, cql).await?;
        let markers = p.params().to_vec();
        Ok(Prepared::new(cql, NAME, markers, Vec::new(), Arc::new(p)))
    }

    async fn execute_prepared(
        &self,
        prepared: &Prepared,
        values: &Values,
        options: &ExecOptions,
    ) -> Result<QueryResult> {
        let a = resolve(options, &self.inner.defaults)?;
        let p = Self::handle(prepared)?;
        let session = self.session()?;
        let raw = bind(&p, values)?;
        self.run_inferred(prepared.cql(), raw, &a, &session).await
    }

    async fn batch(&self, batch: &Batch, options: &ExecOptions) -> Result<QueryResult> {
        let a = resolve(options, &self.inner.defaults)?;
        let session = self.session()?;
        if batch.is_empty() {
            return Err(Error::invalid("a batch needs at least one statement"));
        }
        let mut parts = Vec::with_capacity(batch.len());
        for (query, values) in batch.items() {
            parts.push(match query {
                Query::Statement(s) if values.is_empty() => Part::Simple(s.cql()),
                Query::Statement(s) => {
                    Part::Bound(self.auto_prepared(&session, s.cql()).await?, values)
                }
                Query::Prepared(p) => Part::Bound(Self::handle(p)?, values),
            });
        }
        let future = batch::start(&session, batch.kind(), &parts, &a)?;
        let result = self.finish(future, &a).await?;
        to_query_result(&result)
    }

    async fn use_keyspace(&self, keyspace: &str) -> Result<()> {
        let a = resolve(&ExecOptions::new(), &self.inner.defaults)?;
        let session = self.session()?;
        let name = identifier(keyspace)?;
        let raw = StatementH::simple(&format!("USE {name}")).ok_or_else(|| {
            Error::new(
                ErrorKind::Other,
                "libcassandra could not create a statement",
            )
        })?;
        self.run(raw, &a, &session).await?;
        self.inner.auto.clear();
        if let Some(ks) = switched_to(&name) {
            self.inner.keyspace.set(ks);
        }
        Ok(())
    }

    async fn close(&self) -> Result<()> {
        if self.inner.closed.swap(true, Ordering::AcqRel) {
            return Ok(());
        }
        self.inner.auto.clear();
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
