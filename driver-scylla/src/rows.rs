//! A rows reply of the `scylla` crate → our [`Page`] of [`Row`]s, with the
//! column metadata shared by every row of the page (cells: see `cells`).

use std::sync::Arc;

use cqlbridge_driver_api::{ColumnSpec, Error, ErrorKind, Page, PagingState, Result, Row};
use scylla::deserialize::DeserializationError;
use scylla::response::query_result::QueryRowsResult;

use crate::cells::Cells;
use crate::types;

/// A page of our rows from a rows result and the next page's state. The
/// rows share `known` (the columns the statement was prepared with) when
/// the reply's columns are the same, else column specs built from the reply.
pub(crate) fn page(
    rows: &QueryRowsResult,
    paging_state: Option<PagingState>,
    known: Option<&Arc<[ColumnSpec]>>,
) -> Result<Page> {
    let columns = columns(rows, known);
    let iter = rows.rows::<Cells>().map_err(|e| {
        Error::new(
            ErrorKind::Protocol,
            format!("cannot read the result rows: {e}"),
        )
        .with_source(e)
    })?;
    let mut out = Vec::with_capacity(rows.rows_num());
    for row in iter {
        let Cells(values) = row.map_err(decode_error)?;
        out.push(Row::new(Arc::clone(&columns), values)?);
    }
    Ok(Page {
        columns,
        rows: out,
        paging_state,
    })
}

/// The reply's columns: `known` (the columns the statement was prepared
/// with) when they are the same, else specs built from the reply.
pub(crate) fn columns(
    rows: &QueryRowsResult,
    known: Option<&Arc<[ColumnSpec]>>,
) -> Arc<[ColumnSpec]> {
    let specs = rows.column_specs();
    match known {
        Some(k) if types::same_specs(k, &specs) => Arc::clone(k),
        _ => types::column_specs(specs.iter()),
    }
}

/// A row that could not be decoded: our own error as it was (a value the
/// backend cannot represent), anything else a `Protocol` error.
pub(crate) fn decode_error(e: DeserializationError) -> Error {
    if let Some(ours) = e.downcast_ref::<Error>() {
        return Error::new(ours.kind().clone(), ours.message().to_string());
    }
    Error::new(ErrorKind::Protocol, format!("cannot decode a row: {e}")).with_source(e)
}
