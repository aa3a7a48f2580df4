//! What a statement's answer is: its rows as a page, or, for a reply
//! without rows, the kind the kit infers from the statement text
//! ([`Before`], [`result_kind`]): the `scylla` crate's public `QueryResult`
//! drops `SCHEMA_CHANGE` and `SET_KEYSPACE`. A traced request's result
//! carries the server's trace id ([`QueryResult::traced`]).

use std::sync::Arc;

use cqlbridge_driver_api::backend::{result_kind, Before, StatementCache};
use cqlbridge_driver_api::{ColumnSpec, PagingState, Prepared, QueryResult, Result};
use scylla::client::session::Session;
use scylla::response::query_result::QueryResult as SQueryResult;
use scylla::statement::unprepared::Statement as SStatement;

use crate::options::{Configure, Settings};
use crate::{errors, rows};

/// Reads a statement that may be DDL before it runs, and runs its guard's
/// probe (at `ONE`, unpaged: the schema tables are local); free for
/// anything that cannot change the schema.
pub(crate) async fn before(session: &Session, cql: &str, s: &Settings) -> Result<Option<Before>> {
    let current = session.get_keyspace();
    let Some(mut before) = Before::read(cql, current.as_deref().map(String::as_str)) else {
        return Ok(None);
    };
    if let Some(probe) = before.probe() {
        let existed = exists(session, probe, s).await?;
        before.probed(existed);
    }
    Ok(Some(before))
}

/// True when the schema query returns a row.
async fn exists(session: &Session, probe: &str, s: &Settings) -> Result<bool> {
    let mut st = SStatement::new(probe);
    st.configure(s);
    st.set_consistency(scylla::statement::Consistency::One);
    st.set_is_idempotent(true);
    st.set_timestamp(None);
    let result = session
        .query_unpaged(st, ())
        .await
        .map_err(errors::execution)?;
    let rows = result.into_rows_result().map_err(errors::into_rows)?;
    Ok(rows.rows_num() > 0)
}

/// The result of DDL or `USE` (`cql`, which [`before`] read): rows as a
/// page; otherwise a keyspace switch (after which
/// `cache`, whose unqualified statements name the old keyspace's tables, is
/// cleared), a schema change (void when a guarded DDL changed nothing) or
/// void.
pub(crate) fn finish(
    session: &Session,
    cache: &StatementCache<Prepared>,
    result: SQueryResult,
    next: Option<PagingState>,
    cql: &str,
    before: Option<Before>,
) -> Result<QueryResult> {
    if result.is_rows() {
        return plain(result, next, None);
    }
    let traced = result.tracing_id();
    let current = session.get_keyspace();
    let kind = match result_kind(cql, current.as_deref().map(String::as_str), before) {
        QueryResult::SetKeyspace(parsed) => {
            cache.clear();
            // The crate stored the name the server reported.
            let ks = current.map(|k| k.to_string()).unwrap_or(parsed);
            QueryResult::SetKeyspace(ks)
        }
        other => other,
    };
    Ok(QueryResult::traced(kind, traced))
}

/// The result of a statement that cannot change the schema or the keyspace
/// (or of one that returned rows): its rows as a page, sharing `known` when
/// the reply has those columns, else void.
pub(crate) fn plain(
    result: SQueryResult,
    next: Option<PagingState>,
    known: Option<&Arc<[ColumnSpec]>>,
) -> Result<QueryResult> {
    let traced = result.tracing_id();
    if !result.is_rows() {
        return Ok(QueryResult::traced(QueryResult::Void, traced));
    }
    let rows_result = result.into_rows_result().map_err(errors::into_rows)?;
    let page = QueryResult::Rows(rows::page(&rows_result, next, known)?);
    Ok(QueryResult::traced(page, traced))
}
