//! Results as [`QueryResult`]s: rows are copied into owned [`Value`]s at once, while the
//! libcassandra result (which the wrapper's rows would borrow) is still alive.
//!
//! libcassandra's C API exposes no result kind: a `SCHEMA_CHANGE` or `SET_KEYSPACE`
//! result is indistinguishable from `VOID` (zero columns). Such results are reported here
//! as [`QueryResult::Void`]; the driver names them from the statement text (see
//! `crate::results`).

use std::sync::Arc;

use cqlbridge_driver_api::{ColumnSpec, ColumnType, Error, Page, QueryResult, Result, Row, Value};

use crate::codec::decode_scalar;
use crate::ffi::{ResultH, ValueRef};
use crate::paging::next_state;
use crate::types::column_type;

/// Converts a completed result.
pub(crate) fn to_query_result(result: &ResultH) -> Result<QueryResult> {
    let count = result.column_count();
    if count == 0 {
        return Ok(QueryResult::Void);
    }
    let columns: Arc<[ColumnSpec]> = (0..count)
        .map(|i| {
            let typ = result
                .column_type(i)
                .map(column_type)
                .unwrap_or_else(|| ColumnType::Custom("unknown".into()));
            ColumnSpec::new(result.column_name(i).unwrap_or_default(), typ)
        })
        .collect::<Vec<_>>()
        .into();
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

/// One value of type `typ`, recursively.
pub(crate) fn decode(v: ValueRef<'_>, typ: &ColumnType) -> Result<Value> {
    use ColumnType as T;
    if v.is_null() {
        return Ok(Value::Null);
    }
    Ok(match typ {
        T::List(et) | T::Set(et) => {
            let mut items = Vec::new();
            v.for_each_item(false, |x| {
                items.push(decode(x, et)?);
                Ok::<(), Error>(())
            })?;
            if matches!(typ, T::List(_)) {
                Value::List(items)
            } else {
                Value::Set(items)
            }
        }
        T::Map(kt, vt) => {
            let mut entries = Vec::new();
            v.for_each_entry(|k, x| {
                entries.push((decode(k, kt)?, decode(x, vt)?));
                Ok::<(), Error>(())
            })?;
            Value::Map(entries)
        }
        T::Tuple(ts) => {
            let mut items = Vec::with_capacity(ts.len());
            v.for_each_item(true, |x| {
                let t = ts
                    .get(items.len())
                    .ok_or_else(|| Error::type_error("a tuple has more members than its type"))?;
                items.push(decode(x, t)?);
                Ok::<(), Error>(())
            })?;
            items.resize(ts.len(), Value::Null);
            Value::Tuple(items)
        }
        T::Udt {
            keyspace,
            name,
            fields: decl,
        } => {
            let mut fields = Vec::with_capacity(decl.len());
            v.for_each_field(|fname, x| {
                let (_, ft) = decl.get(fields.len()).ok_or_else(|| {
                    Error::type_error(format!("type {keyspace}.{name} has no field `{fname}`"))
                })?;
                fields.push((fname, decode(x, ft)?));
                Ok::<(), Error>(())
            })?;
            for (fname, _) in decl.iter().skip(fields.len()) {
                fields.push((fname.clone(), Value::Null));
            }
            Value::udt(keyspace.clone(), name.clone(), fields)
        }
        scalar => decode_scalar(scalar, v.bytes())?,
    })
}
