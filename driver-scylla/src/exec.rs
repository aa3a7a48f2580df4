//! Running one request on the `scylla` session: prepare, query (text),
//! execute (prepared), and turning the reply into our [`QueryResult`].

use std::borrow::Cow;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use cqlbridge_driver_api::schema_inference::{self, Classified};
use cqlbridge_driver_api::{ColumnSpec, Error, PagingState, Prepared, QueryResult, Result, Values};
use futures::future::Either;
use futures::FutureExt;
use scylla::client::session::Session;
use scylla::response::query_result::QueryResult as SQueryResult;
use scylla::response::PagingState as SPagingState;
use scylla::statement::bound::BoundStatement;
use scylla::statement::prepared::PreparedStatement;
use scylla::statement::unprepared::Statement as SStatement;

use crate::driver::{ScyllaDriver, NAME};
use crate::options::{self, Configure, Resolved};
use crate::prepared::{handle, ScyllaPrepared};
use crate::slots::{self, InSlot};
use crate::{errors, paging, rows, types, values};

/// Extra time past a request's own timeout before we stop waiting for the
/// crate (its own timer normally fires first).
const GRACE: Duration = Duration::from_millis(100);

/// `fut`, given up with a `Timeout` error `GRACE` after `timeout`: the bound
/// on everything that is more than one request of the crate's (which its
/// own request timeout bounds). A plain function, not an `async fn`, so the
/// future it wraps is stored once, not twice.
pub(crate) fn bounded<T, F>(
    timeout: Duration,
    what: &'static str,
    fut: F,
) -> impl Future<Output = Result<T>>
where
    F: Future<Output = Result<T>>,
{
    tokio::time::timeout(timeout + GRACE, fut).map(move |outcome| {
        outcome.unwrap_or_else(|_| {
            Err(Error::timeout(format!(
                "{what} got no reply within {timeout:?}"
            )))
        })
    })
}

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
    defaults: Option<&Resolved>,
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

/// Writes every option, and the page size when paged.
pub(crate) fn configure_statement(st: &mut SStatement, r: &Resolved) {
    st.configure(r);
    options::set_page_size_statement(st, r);
}

fn no_state_unpaged(state: Option<&PagingState>) -> Result<()> {
    match state {
        Some(_) => Err(Error::invalid(
            "a paging state needs a page size, but the request is unpaged",
        )),
        None => Ok(()),
    }
}

/// Runs CQL text without values: DDL and `USE` under our own bound (see
/// [`ScyllaPrepared::may_classify`]), anything else as one request.
pub(crate) async fn query(
    driver: &ScyllaDriver,
    session: &Session,
    st: SStatement,
    r: &Resolved,
    state: Option<&PagingState>,
) -> Result<QueryResult> {
    if schema_inference::may_classify(&st.contents) {
        // Rare, and its future large (a probe, then the statement): boxed,
        // so that the common statement's future is one request's size.
        let run = query_classified(driver, session, st, r, state);
        return Box::pin(bounded(r.timeout, "the statement", run)).await;
    }
    let (result, next) = query_request(session, st, r, state).await?;
    finish(driver, session, result, next, Answer::plain(None))
}

/// DDL or `USE` as text: probed first when guarded, its result inferred.
async fn query_classified(
    driver: &ScyllaDriver,
    session: &Session,
    st: SStatement,
    r: &Resolved,
    state: Option<&PagingState>,
) -> Result<QueryResult> {
    let cql = st.contents.clone();
    let pre = before(session, &cql, r).await?;
    let (result, next) = query_request(session, st, r, state).await?;
    finish(driver, session, result, next, Answer::classified(&cql, pre))
}

/// One text request of the crate's: unpaged, or one page.
async fn query_request(
    session: &Session,
    st: SStatement,
    r: &Resolved,
    state: Option<&PagingState>,
) -> Result<(SQueryResult, Option<PagingState>)> {
    match r.page_size {
        None => {
            no_state_unpaged(state)?;
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
    driver: &'a ScyllaDriver,
    session: Arc<Session>,
    p: &'a Prepared,
    vals: &'a Values,
    r: &'a Resolved,
    state: Option<&'a PagingState>,
) -> impl Future<Output = Result<QueryResult>> + Send + 'a {
    let stored = match handle(p) {
        Ok(stored) => stored,
        Err(e) => return Either::Left(std::future::ready(Err(e))),
    };
    if stored.may_classify {
        // Rare and large, as in `query`: boxed.
        let run = async move {
            let run = execute_classified(driver, &session, p, stored, vals, r, state);
            bounded(r.timeout, "the statement", run).await
        };
        return Either::Right(Either::Left(Box::pin(run)));
    }
    match request(session, p, stored, vals, r, state) {
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
    r: &Resolved,
    state: Option<&PagingState>,
) -> Result<InSlot<impl Future<Output = Result<QueryResult>> + Send + 'static>> {
    let paged = stored.page_size(r.page_size, state).is_some();
    let (bound, from) = bind(p, stored, vals, r, paged, state)?;
    let known = Arc::clone(p.shared_result_columns());
    Ok(slots::run(move || async move {
        let (result, next) = execute_bound(&session, &bound, from).await?;
        plain(result, next, Some(&known))
    }))
}

/// A prepared DDL or `USE`: probed first when guarded, its result inferred.
async fn execute_classified(
    driver: &ScyllaDriver,
    session: &Session,
    p: &Prepared,
    stored: &ScyllaPrepared,
    vals: &Values,
    r: &Resolved,
    state: Option<&PagingState>,
) -> Result<QueryResult> {
    let (bound, from) = bind(p, stored, vals, r, r.page_size.is_some(), state)?;
    let pre = before(session, p.cql(), r).await?;
    let (result, next) = execute_bound(session, &bound, from).await?;
    finish(
        driver,
        session,
        result,
        next,
        Answer::classified(p.cql(), pre),
    )
}

/// `p` with every setting of `r`, its values bound, and where its page
/// starts: `None` when it runs unpaged (which takes no paging state).
fn bind(
    p: &Prepared,
    stored: &ScyllaPrepared,
    vals: &Values,
    r: &Resolved,
    paged: bool,
    state: Option<&PagingState>,
) -> Result<(BoundStatement, Option<SPagingState>)> {
    let row = values::bind(vals, p.bind_markers())?;
    if !paged {
        no_state_unpaged(state)?;
    }
    let bound = configured(&stored.statement, r)
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

/// `ps` with every setting of `r`: borrowed when it already has them (a
/// request with the defaults it was prepared with), else a configured copy.
pub(crate) fn configured<'a>(
    ps: &'a PreparedStatement,
    r: &Resolved,
) -> Cow<'a, PreparedStatement> {
    let same = ps.get_consistency() == Some(r.consistency)
        && ps.get_serial_consistency() == Some(r.serial_consistency)
        && ps.get_request_timeout() == Some(r.timeout)
        && ps.get_is_idempotent() == r.idempotent
        && ps.get_timestamp() == r.timestamp
        && r.page_size.is_none_or(|n| ps.get_page_size() == n);
    if same {
        return Cow::Borrowed(ps);
    }
    let mut ps = ps.clone();
    ps.configure(r);
    options::set_page_size_prepared(&mut ps, r);
    Cow::Owned(ps)
}

/// What a possible schema change is, read before it runs, and for
/// `IF [NOT] EXISTS` whether its object existed then.
#[derive(Debug, Default)]
pub(crate) struct Before {
    classified: Option<Classified>,
    existed: Option<bool>,
}

/// Looks at a statement before it runs; free for anything but DDL.
pub(crate) async fn before(session: &Session, cql: &str, r: &Resolved) -> Result<Option<Before>> {
    if !schema_inference::may_change_schema(cql) {
        return Ok(None);
    }
    let current = session.get_keyspace();
    let classified = schema_inference::classify(cql, current.as_deref().map(String::as_str));
    let existed = match classified.as_ref().and_then(|c| c.guard.as_ref()) {
        Some(g) => Some(exists(session, &g.probe, r).await?),
        None => None,
    };
    Ok(Some(Before {
        classified,
        existed,
    }))
}

/// True when the schema query returns a row.
async fn exists(session: &Session, probe: &str, r: &Resolved) -> Result<bool> {
    let mut st = SStatement::new(probe);
    st.configure(r);
    st.set_consistency(scylla::statement::Consistency::One);
    let result = session
        .query_unpaged(st, ())
        .await
        .map_err(errors::execution)?;
    let rows = result.into_rows_result().map_err(errors::into_rows)?;
    Ok(rows.rows_num() > 0)
}

/// What [`finish`] needs to know of the statement besides its reply.
pub(crate) enum Answer<'a> {
    /// A statement that cannot change the schema or the keyspace: a reply
    /// without rows is void. Its rows share `known_columns` (the columns it
    /// was prepared with) when the reply has the same ones.
    Plain {
        known_columns: Option<&'a Arc<[ColumnSpec]>>,
    },
    /// DDL or `USE` (`cql`), with what [`before`] found when it ran.
    Classified {
        cql: &'a str,
        before: Option<Before>,
    },
}

impl<'a> Answer<'a> {
    /// See [`Answer::Plain`].
    pub(crate) fn plain(known_columns: Option<&'a Arc<[ColumnSpec]>>) -> Self {
        Answer::Plain { known_columns }
    }

    /// See [`Answer::Classified`].
    fn classified(cql: &'a str, before: Option<Before>) -> Self {
        Answer::Classified { cql, before }
    }
}

/// Our result: rows as a page; otherwise a keyspace switch, a schema change
/// (inferred by [`schema_inference`]; void when a guarded DDL changed
/// nothing) or void.
pub(crate) fn finish(
    driver: &ScyllaDriver,
    session: &Session,
    result: SQueryResult,
    next: Option<PagingState>,
    answer: Answer<'_>,
) -> Result<QueryResult> {
    let (cql, before) = match answer {
        Answer::Plain { known_columns } => return plain(result, next, known_columns),
        Answer::Classified { .. } if result.is_rows() => return plain(result, next, None),
        Answer::Classified { cql, before } => (cql, before),
    };
    let current = session.get_keyspace();
    let Before {
        classified,
        existed,
    } = match before {
        Some(b) => b,
        None => Before {
            classified: schema_inference::classify(cql, current.as_deref().map(String::as_str)),
            existed: None,
        },
    };
    let Some(c) = classified else {
        return Ok(QueryResult::Void);
    };
    match (c.result, c.guard, existed) {
        (QueryResult::SetKeyspace(parsed), _, _) => {
            driver.clear_cache();
            // The crate stored the name the server reported.
            let ks = current.map(|k| k.to_string()).unwrap_or(parsed);
            Ok(QueryResult::SetKeyspace(ks))
        }
        (_, Some(g), Some(existed)) if g.no_op(existed) => Ok(QueryResult::Void),
        (change, _, _) => Ok(change),
    }
}

/// The result of a statement that cannot change the schema or the keyspace
/// (or of one that returned rows): its rows as a page, sharing `known` when
/// the reply has those columns, else void.
fn plain(
    result: SQueryResult,
    next: Option<PagingState>,
    known: Option<&Arc<[ColumnSpec]>>,
) -> Result<QueryResult> {
    if !result.is_rows() {
        return Ok(QueryResult::Void);
    }
    let rows_result = result.into_rows_result().map_err(errors::into_rows)?;
    Ok(QueryResult::Rows(rows::page(rows_result, next, known)?))
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
