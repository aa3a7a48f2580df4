//! Running one request on the `scylla` session: prepare (cached or not),
//! query (text), execute (prepared), `USE`. Free functions over the crate's
//! session and the backend's statement cache; the answer is read by
//! [`results`](crate::results).

use std::borrow::Cow;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use cqlbridge_driver_api::backend::{bounded, schema_inference, StatementCache};
use cqlbridge_driver_api::decode::{decode_result, DecodedPage, PageDecoder};
use cqlbridge_driver_api::{ColumnSpec, PagingState, Prepared, QueryResult, Result, Values};
use futures::future::Either;
use scylla::client::session::Session;
use scylla::response::query_result::QueryResult as SQueryResult;
use scylla::response::PagingState as SPagingState;
use scylla::statement::bound::BoundStatement;
use scylla::statement::prepared::PreparedStatement;
use scylla::statement::unprepared::Statement as SStatement;

use crate::capabilities::NAME;
use crate::options::{self, Configure, Settings};
use crate::prepared::{handle, ScyllaPrepared};
use crate::results::{self, before, finish};
use crate::slots::{self, InSlot};
use crate::{decode, errors, paging, types, values};

/// Prepares `cql` and wraps the result with its bind-marker and result types.
/// The statement is stored configured with `defaults`, so that a request
/// with exactly those settings runs it without a copy (see [`execute`]).
///
/// The `scylla` crate puts no timeout on preparing (it waits on every node),
/// so this one keeps its own bound.
pub(crate) async fn prepare(
    session: &Session,
    cql: &str,
    timeout: Duration,
    defaults: Option<&Settings>,
) -> Result<Prepared> {
    let mut st = SStatement::new(cql);
    st.set_request_timeout(Some(timeout));
    let mut ps = bounded(timeout, "prepare", async {
        session.prepare(st).await.map_err(errors::prepare)
    })
    .await?;
    if let Some(d) = defaults {
        ps.configure(d);
        options::set_page_size_prepared(&mut ps, d);
    }
    let markers: Vec<ColumnSpec> = ps
        .get_variable_col_specs()
        .iter()
        .map(types::column_spec)
        .collect();
    let result: Vec<ColumnSpec> = ps
        .get_current_result_set_col_specs()
        .get()
        .iter()
        .map(types::column_spec)
        .collect();
    let handle = ScyllaPrepared::new(ps, cql);
    Ok(Prepared::new(cql, NAME, markers, result, Arc::new(handle)))
}

/// `cql` prepared, from `cache` when it was prepared before.
pub(crate) async fn prepare_cached(
    session: &Session,
    cache: &StatementCache<Prepared>,
    cql: &str,
    timeout: Duration,
    defaults: Option<&Settings>,
) -> Result<Prepared> {
    if let Some(p) = cache.get(cql) {
        return Ok(p);
    }
    let p = prepare(session, cql, timeout, defaults).await?;
    cache.put(cql, p.clone());
    Ok(p)
}

/// CQL text with `values`: sent as text without values; with them, prepared
/// (cached in `cache`, configured with `defaults`) and executed, so values
/// are bound by the markers' types.
pub(crate) async fn execute_text(
    session: Arc<Session>,
    cache: &StatementCache<Prepared>,
    cql: &str,
    vals: &Values,
    s: &Settings,
    state: Option<&PagingState>,
    defaults: Option<&Settings>,
) -> Result<QueryResult> {
    if vals.is_empty() {
        let mut st = SStatement::new(cql);
        configure_statement(&mut st, s);
        return query(&session, cache, st, s, state).await;
    }
    match cache.get(cql) {
        Some(p) => execute(session, cache, &p, vals, s, state).await,
        // Preparing and running are two requests: one bound on both, boxed
        // (a cache miss is rare, its future large).
        None => {
            let run = async {
                let p = prepare_cached(&session, cache, cql, s.timeout, defaults).await?;
                execute(Arc::clone(&session), cache, &p, vals, s, state).await
            };
            Box::pin(bounded(s.timeout, "the statement", run)).await
        }
    }
}

/// Writes every setting, and the page size when paged.
pub(crate) fn configure_statement(st: &mut SStatement, s: &Settings) {
    st.configure(s);
    options::set_page_size_statement(st, s);
}

/// Runs CQL text without values: DDL and `USE` under our own bound (see
/// [`ScyllaPrepared::may_classify`]), anything else as one request.
pub(crate) async fn query(
    session: &Session,
    cache: &StatementCache<Prepared>,
    st: SStatement,
    s: &Settings,
    state: Option<&PagingState>,
) -> Result<QueryResult> {
    if schema_inference::may_classify(&st.contents) {
        // Rare, and its future large (a probe, then the statement): boxed,
        // so that the common statement's future is one request's size.
        let run = query_classified(session, cache, st, s, state);
        return Box::pin(bounded(s.timeout, "the statement", run)).await;
    }
    let (result, next) = query_request(session, st, s, state).await?;
    results::plain(result, next, None)
}

/// DDL or `USE` as text: probed first when guarded, its result inferred.
async fn query_classified(
    session: &Session,
    cache: &StatementCache<Prepared>,
    st: SStatement,
    s: &Settings,
    state: Option<&PagingState>,
) -> Result<QueryResult> {
    let cql = st.contents.clone();
    let pre = before(session, &cql, s).await?;
    let (result, next) = query_request(session, st, s, state).await?;
    finish(session, cache, result, next, &cql, pre)
}

/// One text request of the crate's: unpaged, or one page.
async fn query_request(
    session: &Session,
    st: SStatement,
    s: &Settings,
    state: Option<&PagingState>,
) -> Result<(SQueryResult, Option<PagingState>)> {
    match s.page_size {
        None => {
            let res = session.query_unpaged(st, ()).await;
            Ok((res.map_err(errors::execution)?, None))
        }
        Some(_) => {
            let res = session
                .query_single_page(st, (), paging::to_scylla(state))
                .await;
            let (res, resp) = res.map_err(errors::execution)?;
            Ok((res, paging::from_response(resp)))
        }
    }
}

/// Runs a prepared statement with `values` bound against its markers: DDL
/// and `USE` under our own bound (see [`ScyllaPrepared::may_classify`]),
/// anything else as one request, which the crate's request timeout bounds.
/// A plain function returning the one future to await (no state machine of
/// its own around the request's).
pub(crate) fn execute<'a>(
    session: Arc<Session>,
    cache: &'a StatementCache<Prepared>,
    p: &'a Prepared,
    vals: &'a Values,
    s: &'a Settings,
    state: Option<&'a PagingState>,
) -> impl Future<Output = Result<QueryResult>> + Send + 'a {
    let stored = match handle(p) {
        Ok(stored) => stored,
        Err(e) => return Either::Left(std::future::ready(Err(e))),
    };
    if stored.may_classify {
        // Rare and large, as in `query`: boxed.
        let run = async move {
            let run = execute_classified(&session, cache, p, stored, vals, s, state);
            bounded(s.timeout, "the statement", run).await
        };
        return Either::Right(Either::Left(Box::pin(run)));
    }
    match request(session, p, stored, vals, s, state) {
        Ok(request) => Either::Right(Either::Right(request)),
        Err(e) => Either::Left(std::future::ready(Err(e))),
    }
}

/// One prepared request of the crate's (unpaged, or one page), its values
/// bound now, written into one of the backend's reused future slots (see
/// [`slots`]): the request owns everything it needs.
fn request(
    session: Arc<Session>,
    p: &Prepared,
    stored: &ScyllaPrepared,
    vals: &Values,
    s: &Settings,
    state: Option<&PagingState>,
) -> Result<InSlot<impl Future<Output = Result<QueryResult>> + Send + 'static>> {
    let paged = stored.page_size(s.page_size, state).is_some();
    let (bound, from) = bind(p, stored, vals, s, paged, state)?;
    let known = Arc::clone(p.shared_result_columns());
    Ok(slots::run(move || async move {
        let (result, next) = execute_bound(&session, &bound, from).await?;
        results::plain(result, next, Some(&known))
    }))
}

/// Runs a prepared statement, its rows decoded through `decoder` straight
/// from the frame (see `decode`); a DDL or `USE` runs as in [`execute`]
/// and decodes from its result, which has no rows.
pub(crate) async fn execute_into(
    session: Arc<Session>,
    cache: &StatementCache<Prepared>,
    p: &Prepared,
    vals: &Values,
    s: &Settings,
    state: Option<&PagingState>,
    decoder: &dyn PageDecoder,
) -> Result<DecodedPage> {
    let stored = handle(p)?;
    if stored.may_classify {
        let result = execute(session, cache, p, vals, s, state).await?;
        return decode_result(result, decoder);
    }
    let paged = stored.page_size(s.page_size, state).is_some();
    let (bound, from) = bind(p, stored, vals, s, paged, state)?;
    let (result, next) = execute_bound(&session, &bound, from).await?;
    if !result.is_rows() {
        return Ok(decoder.empty());
    }
    let rows = result.into_rows_result().map_err(errors::into_rows)?;
    decode::page(&rows, next, Some(p.shared_result_columns()), decoder)
}

/// A prepared DDL or `USE`: probed first when guarded, its result inferred.
async fn execute_classified(
    session: &Session,
    cache: &StatementCache<Prepared>,
    p: &Prepared,
    stored: &ScyllaPrepared,
    vals: &Values,
    s: &Settings,
    state: Option<&PagingState>,
) -> Result<QueryResult> {
    let (bound, from) = bind(p, stored, vals, s, s.page_size.is_some(), state)?;
    let pre = before(session, p.cql(), s).await?;
    let (result, next) = execute_bound(session, &bound, from).await?;
    finish(session, cache, result, next, p.cql(), pre)
}

/// `p` with every setting of `s`, its values bound, and where its page
/// starts: `None` when it runs unpaged (which takes no paging state: the
/// kit's resolution rejects a paging state on an unpaged request, and a
/// write runs unpaged only without one).
fn bind(
    p: &Prepared,
    stored: &ScyllaPrepared,
    vals: &Values,
    s: &Settings,
    paged: bool,
    state: Option<&PagingState>,
) -> Result<(BoundStatement, Option<SPagingState>)> {
    let row = values::bind(vals, p.bind_markers())?;
    let bound = configured(&stored.statement, s)
        .into_owned()
        .bind(&row)
        .map_err(errors::serialization)?;
    Ok((bound, paged.then(|| paging::to_scylla(state))))
}

/// One bound request of the crate's: one page from `from`, or unpaged.
async fn execute_bound(
    session: &Session,
    bound: &BoundStatement,
    from: Option<SPagingState>,
) -> Result<(SQueryResult, Option<PagingState>)> {
    match from {
        Some(from) => {
            let res = session.execute_bound_single_page(bound, from).await;
            let (res, resp) = res.map_err(errors::execution)?;
            Ok((res, paging::from_response(resp)))
        }
        None => {
            let res = session.execute_bound_unpaged(bound).await;
            Ok((res.map_err(errors::execution)?, None))
        }
    }
}

/// `ps` with every setting of `s`: borrowed when it already has them (a
/// request with the defaults it was prepared with), else a configured copy.
pub(crate) fn configured<'a>(
    ps: &'a PreparedStatement,
    s: &Settings,
) -> Cow<'a, PreparedStatement> {
    let same = ps.get_consistency() == Some(s.consistency)
        && ps.get_serial_consistency() == Some(s.serial_consistency)
        && ps.get_request_timeout() == Some(s.timeout)
        && ps.get_is_idempotent() == s.idempotent
        && ps.get_timestamp() == s.timestamp
        && ps.get_tracing() == s.tracing
        && s.page_size.is_none_or(|n| ps.get_page_size() == n);
    if same {
        return Cow::Borrowed(ps);
    }
    let mut ps = ps.clone();
    ps.configure(s);
    options::set_page_size_prepared(&mut ps, s);
    Cow::Owned(ps)
}

/// `USE keyspace` on every connection; a `"quoted"` name keeps its case.
pub(crate) async fn use_keyspace(
    session: &Session,
    keyspace: &str,
    timeout: Duration,
) -> Result<()> {
    let (name, case_sensitive) = match keyspace.strip_prefix('"').and_then(|k| k.strip_suffix('"'))
    {
        Some(inner) => (inner, true),
        None => (keyspace, false),
    };
    bounded(timeout, "USE", async {
        session
            .use_keyspace(name, case_sensitive)
            .await
            .map_err(errors::use_keyspace)
    })
    .await
}
