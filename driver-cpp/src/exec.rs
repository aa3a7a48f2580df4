//! Running requests on libcassandra: prepare (cached or not), run a statement, run one
//! whose zero-column answer is inferred, `USE`. Free functions over the session handle
//! and the backend's statement cache; the caller ([`CppDriver`](crate::CppDriver))
//! bounds each call as a whole, and every request also carries its timeout to
//! libcassandra's own timer.

use std::sync::Arc;

use cqlbridge_driver_api::backend::{Before, ResolvedOptions, StatementCache};
use cqlbridge_driver_api::{Error, ErrorKind, QueryResult, Result, Values};
use uuid::Uuid;

use crate::errors::from_failure;
use crate::ffi::{FutureH, ResultH, SessionH, StatementH};
use crate::keyspace::{identifier, switched_to, Current};
use crate::options::apply_to_statement;
use crate::prepared::CppPrepared;
use crate::results::answer;
use crate::values::{bind, from_cass_uuid};

/// The statements prepared under the hood for text with values, by CQL text.
pub(crate) type Cache = StatementCache<Arc<CppPrepared>>;

/// A simple (unprepared) statement of `cql`.
pub(crate) fn simple(cql: &str) -> Result<StatementH> {
    StatementH::simple(cql).ok_or_else(|| {
        Error::new(
            ErrorKind::Other,
            "libcassandra could not create a statement",
        )
    })
}

/// libcassandra handed back no future for a request.
pub(crate) fn no_future(what: &str) -> Error {
    Error::new(
        ErrorKind::Other,
        format!("libcassandra returned no future for {what}"),
    )
}

/// A request's result and, when it was traced, the server's trace id.
pub(crate) struct Answer {
    /// The result.
    pub(crate) result: ResultH,
    /// The trace id, when the request asked for tracing.
    pub(crate) tracing_id: Option<Uuid>,
}

/// Sends `statement` with every option of `r` set and waits for its result.
pub(crate) async fn run(
    session: &SessionH,
    mut statement: StatementH,
    r: &ResolvedOptions,
) -> Result<Answer> {
    apply_to_statement(&mut statement, r)?;
    let future = session
        .execute(&statement)
        .ok_or_else(|| no_future("the statement"))?;
    wait(future, r).await
}

/// Waits for a request's `future` (the caller bounds the wait); reads the
/// trace id when `r` asked for tracing.
pub(crate) async fn wait(future: FutureH, r: &ResolvedOptions) -> Result<Answer> {
    let done = future.ready().await;
    let tracing_id = if r.tracing {
        done.tracing_id().map(from_cass_uuid)
    } else {
        None
    };
    let result = done
        .result()
        .map_err(|f| from_failure(f, Some(r.consistency)))?;
    Ok(Answer { result, tracing_id })
}

/// Prepares `cql` on the server.
pub(crate) async fn prepare(session: &SessionH, cql: &str) -> Result<Arc<CppPrepared>> {
    let future = session.prepare(cql).ok_or_else(|| no_future("PREPARE"))?;
    let done = future.ready().await;
    let raw = done.prepared().map_err(|f| from_failure(f, None))?;
    Ok(Arc::new(CppPrepared::new(raw)))
}

/// `cql` prepared, from `cache` when it was prepared before.
pub(crate) async fn prepare_cached(
    session: &SessionH,
    cache: &Cache,
    cql: &str,
) -> Result<Arc<CppPrepared>> {
    if let Some(p) = cache.get(cql) {
        return Ok(p);
    }
    let p = prepare(session, cql).await?;
    cache.put(cql, Arc::clone(&p));
    Ok(p)
}

/// CQL text with `values`: sent as text without values, prepared under the hood (and
/// cached) with them, so values are bound by the markers' types.
pub(crate) async fn execute_text(
    session: &SessionH,
    cache: &Cache,
    keyspace: &Current,
    cql: &str,
    values: &Values,
    r: &ResolvedOptions,
) -> Result<QueryResult> {
    let statement = if values.is_empty() {
        simple(cql)?
    } else {
        bind(&*prepare_cached(session, cache, cql).await?, values)?
    };
    run_inferred(session, cache, keyspace, cql, statement, r).await
}

/// Runs `statement` (whose text is `cql`), naming a zero-column answer from the text (see
/// `results`); a guarded DDL statement's object is probed first. After a keyspace switch
/// `keyspace` records it and `cache` forgets what was prepared in the old one.
pub(crate) async fn run_inferred(
    session: &SessionH,
    cache: &Cache,
    keyspace: &Current,
    cql: &str,
    statement: StatementH,
    r: &ResolvedOptions,
) -> Result<QueryResult> {
    let mut before = Before::read(cql, keyspace.get().as_deref());
    if let Some(b) = before.as_mut() {
        if let Some(probe) = b.probe() {
            let found = run(session, simple(probe)?, &r.for_probe()).await?;
            b.probed(found.result.row_count() > 0);
        }
    }
    let answered = run(session, statement, r).await?;
    let kind = answer(&answered.result, cql, keyspace.get().as_deref(), before)?;
    if let QueryResult::SetKeyspace(ks) = &kind {
        // Statements prepared under the hood resolved unqualified tables in the old
        // keyspace: forget them.
        cache.clear();
        keyspace.set(ks.clone());
    }
    Ok(QueryResult::traced(kind, answered.tracing_id))
}

/// `USE keyspace` (quoted when it must be), recorded in `current`; `cache` forgets
/// what was prepared in the old keyspace.
pub(crate) async fn use_keyspace(
    session: &SessionH,
    cache: &Cache,
    current: &Current,
    keyspace: &str,
    r: &ResolvedOptions,
) -> Result<()> {
    let name = identifier(keyspace)?;
    run(session, simple(&format!("USE {name}"))?, r).await?;
    cache.clear();
    if let Some(ks) = switched_to(&name) {
        current.set(ks);
    }
    Ok(())
}
