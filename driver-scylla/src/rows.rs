//! Results: the `scylla` crate's `CqlValue` and rows → our [`Value`] and
//! [`Row`]s, with the column metadata shared by every row of a page.

use std::sync::Arc;

use cqlbridge_driver_api::{
    ColumnSpec, CqlDate, CqlDecimal, CqlDuration, CqlTime, CqlTimestamp, CqlVarint, Error,
    ErrorKind, Page, PagingState, Result, Row, Value,
};
use scylla::deserialize::DeserializationError;
use scylla::response::query_result::QueryRowsResult;
use scylla::value::CqlValue;

use crate::cells::Cells;
use crate::types;

/// Our value for a cell; `None` (null) is [`Value::Null`].
pub(crate) fn from_cell(v: Option<CqlValue>) -> Result<Value> {
    match v {
        None => Ok(Value::Null),
        Some(v) => from_cql(v),
    }
}

fn all(vs: Vec<CqlValue>) -> Result<Vec<Value>> {
    vs.into_iter().map(from_cql).collect()
}

/// Converts one `CqlValue`, keeping every distinction the server makes
/// (ascii/text, counter/bigint, timeuuid/uuid, set/list, exact varint bytes).
pub(crate) fn from_cql(v: CqlValue) -> Result<Value> {
    Ok(match v {
        CqlValue::Ascii(s) => Value::Ascii(s),
        CqlValue::Text(s) => Value::Text(s),
        CqlValue::Blob(b) => Value::Blob(b),
        CqlValue::Boolean(b) => Value::Boolean(b),
        CqlValue::TinyInt(x) => Value::TinyInt(x),
        CqlValue::SmallInt(x) => Value::SmallInt(x),
        CqlValue::Int(x) => Value::Int(x),
        CqlValue::BigInt(x) => Value::BigInt(x),
        CqlValue::Counter(c) => Value::Counter(c.0),
        CqlValue::Varint(x) => Value::Varint(CqlVarint::from_be_bytes(x.into_signed_bytes_be())),
        CqlValue::Decimal(d) => {
            let (bytes, scale) = d.into_signed_be_bytes_and_exponent();
            Value::Decimal(CqlDecimal {
                unscaled: CqlVarint::from_be_bytes(bytes),
                scale,
            })
        }
        CqlValue::Float(x) => Value::Float(x),
        CqlValue::Double(x) => Value::Double(x),
        CqlValue::Date(d) => Value::Date(CqlDate(d.0)),
        CqlValue::Time(t) => Value::Time(CqlTime::from_nanos(t.0)?),
        CqlValue::Timestamp(t) => Value::Timestamp(CqlTimestamp(t.0)),
        CqlValue::Duration(d) => Value::Duration(CqlDuration {
            months: d.months,
            days: d.days,
            nanoseconds: d.nanoseconds,
        }),
        CqlValue::Uuid(u) => Value::Uuid(u),
        CqlValue::Timeuuid(u) => Value::TimeUuid(u.into()),
        CqlValue::Inet(ip) => Value::Inet(ip),
        CqlValue::List(xs) => Value::List(all(xs)?),
        CqlValue::Set(xs) => Value::Set(all(xs)?),
        CqlValue::Vector(xs) => Value::Vector(all(xs)?),
        CqlValue::Map(kvs) => Value::Map(
            kvs.into_iter()
                .map(|(k, v)| Ok((from_cql(k)?, from_cql(v)?)))
                .collect::<Result<_>>()?,
        ),
        CqlValue::Tuple(xs) => Value::Tuple(xs.into_iter().map(from_cell).collect::<Result<_>>()?),
        CqlValue::UserDefinedType {
            keyspace,
            name,
            fields,
        } => Value::udt(
            keyspace,
            name,
            fields
                .into_iter()
                .map(|(n, v)| Ok((n, from_cell(v)?)))
                .collect::<Result<_>>()?,
        ),
        // A zero-length value of a non-string type (a legacy Thrift-era
        // encoding). It carries no value, so it reads as null.
        CqlValue::Empty => Value::Null,
        other => {
            return Err(Error::new(
                ErrorKind::Protocol,
                format!("the scylla backend cannot read the value {other:?}"),
            ))
        }
    })
}

/// A page of our rows from a rows result and the next page's state. The
/// rows share `known` (the columns the statement was prepared with) when
/// the reply's columns are the same, else column specs built from the reply.
pub(crate) fn page(
    rows: QueryRowsResult,
    paging_state: Option<PagingState>,
    known: Option<&Arc<[ColumnSpec]>>,
) -> Result<Page> {
    let specs = rows.column_specs();
    let columns = match known {
        Some(k) if types::same_specs(k, &specs) => Arc::clone(k),
        _ => types::column_specs(specs.iter()),
    };
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

/// A row that could not be decoded: our own error as it was (a value the
/// backend cannot represent), anything else a `Protocol` error.
fn decode_error(e: DeserializationError) -> Error {
    if let Some(ours) = e.downcast_ref::<Error>() {
        return Error::new(ours.kind().clone(), ours.message().to_string());
    }
    Error::new(ErrorKind::Protocol, format!("cannot decode a row: {e}")).with_source(e)
}
