//! Results as [`QueryResult`]s: rows are copied into owned [`Value`]s at once, while the
//! libcassandra result (which the wrapper's rows would borrow) is still alive.
//!
//! libcassandra's C API exposes no result kind: a `SCHEMA_CHANGE` or `SET_KEYSPACE`
//! result is indistinguishable from `VOID` (zero columns). Such results are reported here
//! as [`QueryResult::Void`]; `results` names them from the statement text.

use std::sync::Arc;

use cqlbridge_driver_api::{ColumnSpec, ColumnType, Error, Page, QueryResult, Result, Row, Value};

use crate::cells::decode;
use crate::ffi::ResultH;
use crate::paging::next_state;
use crate::types::column_type;

/// The columns of a result (an unknown type as a custom one).
pub(crate) fn columns(result: &ResultH) -> Arc<[ColumnSpec]> {
    (0..result.column_count())
        .map(|i| {
            let typ = result
                .column_type(i)
                .map(column_type)
                .unwrap_or_else(|| ColumnType::Custom("unknown".into()));
            ColumnSpec::new(result.column_name(i).unwrap_or_default(), typ)
        })
        .collect::<Vec<_>>()
        .into()
}

/// Converts a completed result.
pub(crate) fn to_query_result(result: &ResultH) -> Result<QueryResult> {
    let count = result.column_count();
    if count == 0 {
        return Ok(QueryResult::Void);
    }
    let columns = columns(result);
    let mut rows = Vec::with_capacity(result.row_count());
    result.for_each_row(|row| {
        let mut values = Vec::with_capacity(count);
        for (i, spec) in columns.iter().enumerate() {
            let value = match row.column(i) {
                Some(v) => decode(v, &spec.typ).map_err(|e| {
                    Error::type_error(format!("column `{}`: {}", spec.name, e.message()))
                })?,
                None => Value::Null,
            };
            values.push(value);
        }
        rows.push(Row::new(columns.clone(), values)?);
        Ok::<(), Error>(())
    })?;
    let paging_state = next_state(result)?;
    Ok(QueryResult::Rows(Page {
        columns,
        rows,
        paging_state,
    }))
}
