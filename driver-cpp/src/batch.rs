//! Batches: logged, unlogged or counter, with the batch's own consistency, serial
//! consistency, timestamp, idempotence and timeout.
//!
//! The timeout is set on the batch (`cass_batch_set_request_timeout`, whole ms, never 0)
//! and the call is also bounded at our layer (by `CppDriver`), so a batch never waits
//! longer than asked even if libcassandra's timer did not fire. A client timeout does not reach the
//! server: the server may still apply the batch after the caller was told `Timeout`
//! (libcassandra cannot cancel a request in flight).

use std::sync::Arc;

use cqlbridge_driver_api::backend::{in_batch, ResolvedOptions};
use cqlbridge_driver_api::{
    Batch, BatchKind, Error, ErrorKind, Query, QueryResult, Result, Values,
};

use crate::errors::local;
use crate::exec::{no_future, prepare_cached, simple, wait, Cache};
use crate::ffi::{sys, BatchH, FutureH, SessionH};
use crate::options::apply_to_batch;
use crate::prepared::{handle, CppPrepared};
use crate::rows::to_query_result;
use crate::values::bind;

/// Runs `batch` (not empty: [`Session`](cqlbridge_driver_api::Session) checks that):
/// statements with values are prepared under the hood through `cache`.
pub(crate) async fn run(
    session: &SessionH,
    cache: &Cache,
    batch: &Batch,
    r: &ResolvedOptions,
) -> Result<QueryResult> {
    let mut parts = Vec::with_capacity(batch.len());
    for (i, (query, values)) in batch.items().iter().enumerate() {
        parts.push(match query {
            Query::Statement(s) if values.is_empty() => Part::Simple(s.cql()),
            Query::Statement(s) => {
                let p = prepare_cached(session, cache, s.cql()).await;
                Part::Bound(p.map_err(|e| in_batch(i, e))?, values)
            }
            Query::Prepared(p) => {
                Part::Bound(Arc::clone(handle(p).map_err(|e| in_batch(i, e))?), values)
            }
        });
    }
    let future = start(session, batch.kind(), &parts, r)?;
    let answered = wait(future, r).await?;
    Ok(QueryResult::traced(
        to_query_result(&answered.result)?,
        answered.tracing_id,
    ))
}

/// One statement of a batch, ready to be built.
enum Part<'a> {
    /// CQL text without values.
    Simple(&'a str),
    /// A prepared statement (the caller's or one prepared under the hood) and its values.
    Bound(Arc<CppPrepared>, &'a Values),
}

fn kind(k: BatchKind) -> sys::CassBatchType {
    match k {
        BatchKind::Logged => sys::CassBatchType::CASS_BATCH_TYPE_LOGGED,
        BatchKind::Unlogged => sys::CassBatchType::CASS_BATCH_TYPE_UNLOGGED,
        BatchKind::Counter => sys::CassBatchType::CASS_BATCH_TYPE_COUNTER,
    }
}

/// Builds the batch and starts executing it.
fn start(
    session: &SessionH,
    k: BatchKind,
    parts: &[Part<'_>],
    r: &ResolvedOptions,
) -> Result<FutureH> {
    let mut batch = BatchH::new(kind(k))
        .ok_or_else(|| Error::new(ErrorKind::Other, "libcassandra could not create a batch"))?;
    for (i, part) in parts.iter().enumerate() {
        let statement = match part {
            Part::Simple(cql) => simple(cql)?,
            Part::Bound(prepared, values) => bind(prepared, values).map_err(|e| in_batch(i, e))?,
        };
        batch.add(&statement).map_err(|code| {
            local(
                code,
                ErrorKind::Invalid,
                &format!("batch statement {i} was rejected"),
            )
        })?;
    }
    apply_to_batch(&mut batch, r)?;
    session
        .execute_batch(&batch)
        .ok_or_else(|| no_future("the batch"))
}
