//! What a statement's answer is: its rows, or for a zero-column answer the kind the kit
//! infers from the statement text.
//!
//! libcassandra's C API has no call for a result's kind: it consumes `SCHEMA_CHANGE` and
//! `SET_KEYSPACE` results itself (waiting for schema agreement, switching its connections'
//! keyspace) and hands back an empty result, indistinguishable from `VOID`. So, like the
//! scylla backend, this one names them with the kit's [`Before`] and [`result_kind`]: a
//! statement that may be DDL is read before it runs, with the session's
//! [`Current`](crate::keyspace::Current) keyspace, and when it carries `IF [NOT] EXISTS`
//! its object's existence is probed first (see `exec::run_inferred`); after a
//! zero-column answer [`answer`] picks `SchemaChange`, `SetKeyspace` or `Void`.

use cqlbridge_driver_api::backend::{result_kind, Before};
use cqlbridge_driver_api::{QueryResult, Result};

use crate::ffi::ResultH;
use crate::rows::to_query_result;

/// The answer to `cql`: its rows when the result has columns, else the kind inferred
/// from the text with the session's `current` keyspace and what [`Before::read`] saw.
pub(crate) fn answer(
    result: &ResultH,
    cql: &str,
    current: Option<&str>,
    before: Option<Before>,
) -> Result<QueryResult> {
    if result.column_count() > 0 {
        return to_query_result(result);
    }
    Ok(result_kind(cql, current, before))
}
