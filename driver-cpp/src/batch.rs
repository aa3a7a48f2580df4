//! Batches: logged, unlogged or counter, with the batch's own consistency, serial
//! consistency, timestamp, idempotence and timeout.
//!
//! The timeout is set on the batch (`cass_batch_set_request_timeout`, whole ms, never 0)
//! and also enforced at our layer with a Tokio timer, so a batch never waits longer than
//! asked even if libcassandra's timer did not fire. A client timeout does not reach the
//! server: the server may still apply the batch after the caller was told `Timeout`
//! (libcassandra cannot cancel a request in flight).

use std::sync::Arc;

use cqlbridge_driver_api::{BatchKind, Error, ErrorKind, Result, Values};

use crate::errors::local;
use crate::ffi::{sys, BatchH, FutureH, SessionH, StatementH};
use crate::options::{apply_to_batch, Applied};
use crate::prepared::CppPrepared;
use crate::values::bind;

/// One statement of a batch, ready to be built.
pub(crate) enum Part<'a> {
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
pub(crate) fn start(
    session: &SessionH,
    k: BatchKind,
    parts: &[Part<'_>],
    a: &Applied,
) -> Result<FutureH> {
    let mut batch = BatchH::new(kind(k))
        .ok_or_else(|| Error::new(ErrorKind::Other, "libcassandra could not create a batch"))?;
    for (i, part) in parts.iter().enumerate() {
        let statement = match part {
            Part::Simple(cql) => StatementH::simple(cql).ok_or_else(|| {
                Error::new(
                    ErrorKind::Other,
                    "libcassandra could not create a statement",
                )
            })?,
            Part::Bound(prepared, values) => bind(prepared, values).map_err(|e| {
                Error::new(
                    e.kind().clone(),
                    format!("batch statement {i}: {}", e.message()),
                )
            })?,
        };
        batch.add(&statement).map_err(|code| {
            local(
                code,
                ErrorKind::Invalid,
                &format!("batch statement {i} was rejected"),
            )
        })?;
    }
    apply_to_batch(&mut batch, a)?;
    session.execute_batch(&batch).ok_or_else(|| {
        Error::new(
            ErrorKind::Other,
            "libcassandra returned no future for the batch",
        )
    })
}
