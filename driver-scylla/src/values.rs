//! Bind values: ours → the `scylla` crate's `CqlValue`.
//!
//! Every value is first fitted to its bind marker's type with
//! [`coerce`] (so every backend accepts and rejects the same inputs), then
//! converted losslessly: `varint` / `decimal` keep their exact bytes, `date`,
//! `time` and `timestamp` their raw wire numbers. A value that cannot fit is a
//! `Type` error naming the bind marker.
//!
//! A scalar that already has its marker's exact type (the common case) is
//! not copied at all: it is serialized straight from the caller's value (see
//! [`exact`](crate::values_exact)); only a value that coercion changes, or a
//! collection, is cloned and converted.

use cqlbridge_driver_api::backend::coerce;
use cqlbridge_driver_api::{ColumnSpec, Error, Result, Value, Values};
use scylla::frame::response::result::ColumnSpec as SSpec;
use scylla::serialize::row::{RowSerializationContext, SerializeRow};
use scylla::serialize::value::SerializeValue;
use scylla::serialize::writers::RowWriter;
use scylla::serialize::SerializationError;
use scylla::value::{
    Counter, CqlDate, CqlDecimal, CqlDuration, CqlTime, CqlTimestamp, CqlTimeuuid, CqlValue,
    CqlVarint,
};

/// One bound value, ready to serialize.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Bound<'a> {
    /// Write a null.
    Null,
    /// Leave the column untouched.
    Unset,
    /// A value converted (coerced) for the crate.
    Value(CqlValue),
    /// The caller's own scalar, already of the marker's exact type.
    Ref(&'a Value),
}

/// The values of one statement, in bind-marker order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum BoundRow<'a> {
    /// The caller's positional values as they are: each one null, unset or
    /// of its marker's exact type (the common case; nothing is copied).
    Exact(&'a [Value]),
    /// Values ordered, coerced or converted for the crate.
    Mixed(Vec<Bound<'a>>),
}

impl Default for BoundRow<'_> {
    fn default() -> Self {
        BoundRow::Exact(&[])
    }
}

impl<'a> BoundRow<'a> {
    /// Every value as a [`Bound`], in marker order.
    #[cfg(test)]
    pub(crate) fn to_vec(&self) -> Vec<Bound<'a>> {
        match self {
            BoundRow::Exact(vs) => vs.iter().map(exact_bound).collect(),
            BoundRow::Mixed(bs) => bs.clone(),
        }
    }

    fn len(&self) -> usize {
        match self {
            BoundRow::Exact(vs) => vs.len(),
            BoundRow::Mixed(bs) => bs.len(),
        }
    }
}

/// One value of a [`BoundRow::Exact`] row as a [`Bound`].
fn exact_bound(v: &Value) -> Bound<'_> {
    match v {
        Value::Null => Bound::Null,
        Value::Unset => Bound::Unset,
        v => Bound::Ref(v),
    }
}

/// `values` ordered by `markers`, each coerced to its marker's type and
/// converted. Wrong counts and unknown names are `Invalid`; a value that does
/// not fit is `Type`, naming the marker.
pub(crate) fn bind<'a>(values: &'a Values, markers: &[ColumnSpec]) -> Result<BoundRow<'a>> {
    match values {
        Values::Empty => ordered(std::iter::empty(), 0, markers),
        Values::Positional(vs) if vs.len() == markers.len() && all_exact(vs, markers) => {
            Ok(BoundRow::Exact(vs))
        }
        Values::Positional(vs) => ordered(vs.iter(), vs.len(), markers),
        Values::Named(pairs) => {
            let vs = named(pairs, markers)?;
            ordered(vs.into_iter(), markers.len(), markers)
        }
    }
}

/// `count` values in marker order, each bound to its marker.
fn ordered<'a>(
    values: impl Iterator<Item = &'a Value>,
    count: usize,
    markers: &[ColumnSpec],
) -> Result<BoundRow<'a>> {
    if count != markers.len() {
        return Err(Error::invalid(format!(
            "the statement has {} bind markers but {count} values were given",
            markers.len(),
        )));
    }
    if count == 0 {
        return Ok(BoundRow::default());
    }
    let mut out = Vec::with_capacity(count);
    for (v, m) in values.zip(markers) {
        out.push(bind_one(v, m)?);
    }
    Ok(BoundRow::Mixed(out))
}

/// True when every value can be sent as it is: null, unset, or of its
/// marker's exact type.
fn all_exact(values: &[Value], markers: &[ColumnSpec]) -> bool {
    values.iter().zip(markers).all(|(v, m)| {
        matches!(v, Value::Null | Value::Unset) || crate::values_exact::exact(v, &m.typ)
    })
}

/// One value for marker `m`: borrowed when its type is exact, else coerced.
fn bind_one<'a>(v: &'a Value, m: &ColumnSpec) -> Result<Bound<'a>> {
    match v {
        Value::Null => return Ok(Bound::Null),
        Value::Unset => return Ok(Bound::Unset),
        v if crate::values_exact::exact(v, &m.typ) => return Ok(Bound::Ref(v)),
        _ => {}
    }
    coerce(v.clone(), &m.typ)
        .and_then(bound)
        .map_err(|e| Error::type_error(format!("bind marker `{}`: {}", m.name, e.message())))
}

fn named<'a>(pairs: &'a [(String, Value)], markers: &[ColumnSpec]) -> Result<Vec<&'a Value>> {
    let find = |name: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .or_else(|| pairs.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)))
    };
    if let Some((unknown, _)) = pairs.iter().find(|(n, _)| {
        !markers
            .iter()
            .any(|m| m.name == *n || m.name.eq_ignore_ascii_case(n))
    }) {
        let names: Vec<&str> = markers.iter().map(|m| m.name.as_str()).collect();
        return Err(Error::invalid(format!(
            "no bind marker named `{unknown}` (the statement has: {})",
            names.join(", ")
        )));
    }
    markers
        .iter()
        .map(|m| {
            find(&m.name).map(|(_, v)| v).ok_or_else(|| {
                Error::invalid(format!("no value given for bind marker `{}`", m.name))
            })
        })
        .collect()
}

/// A top-level value: null and unset are allowed here.
pub(crate) fn bound(v: Value) -> Result<Bound<'static>> {
    Ok(match v {
        Value::Null => Bound::Null,
        Value::Unset => Bound::Unset,
        v => Bound::Value(to_cql(v)?),
    })
}

/// A nested value of a tuple or UDT: null is allowed, unset is not.
fn optional(v: Value) -> Result<Option<CqlValue>> {
    match v {
        Value::Null => Ok(None),
        v => to_cql(v).map(Some),
    }
}

fn all(vs: Vec<Value>) -> Result<Vec<CqlValue>> {
    vs.into_iter().map(to_cql).collect()
}

/// Converts one non-null value.
pub(crate) fn to_cql(v: Value) -> Result<CqlValue> {
    Ok(match v {
        Value::Null => {
            return Err(Error::type_error(
                "null is not allowed inside a list, set, map or vector",
            ))
        }
        Value::Unset => {
            return Err(Error::type_error(
                "unset is only allowed for a whole bind value, not inside one",
            ))
        }
        Value::Ascii(s) => CqlValue::Ascii(s),
        Value::Text(s) => CqlValue::Text(s),
        Value::Blob(b) => CqlValue::Blob(b),
        Value::Boolean(b) => CqlValue::Boolean(b),
        Value::TinyInt(x) => CqlValue::TinyInt(x),
        Value::SmallInt(x) => CqlValue::SmallInt(x),
        Value::Int(x) => CqlValue::Int(x),
        Value::BigInt(x) => CqlValue::BigInt(x),
        Value::Counter(x) => CqlValue::Counter(Counter(x)),
        Value::Varint(x) => {
            CqlValue::Varint(CqlVarint::from_signed_bytes_be(x.as_be_bytes().to_vec()))
        }
        Value::Decimal(d) => CqlValue::Decimal(CqlDecimal::from_signed_be_bytes_and_exponent(
            d.unscaled.as_be_bytes().to_vec(),
            d.scale,
        )),
        Value::Float(x) => CqlValue::Float(x),
        Value::Double(x) => CqlValue::Double(x),
        Value::Date(d) => CqlValue::Date(CqlDate(d.0)),
        Value::Time(t) => CqlValue::Time(CqlTime(t.nanos())),
        Value::Timestamp(t) => CqlValue::Timestamp(CqlTimestamp(t.millis())),
        Value::Duration(d) => CqlValue::Duration(CqlDuration {
            months: d.months,
            days: d.days,
            nanoseconds: d.nanoseconds,
        }),
        Value::Uuid(u) => CqlValue::Uuid(u),
        Value::TimeUuid(u) => CqlValue::Timeuuid(CqlTimeuuid::from(u)),
        Value::Inet(ip) => CqlValue::Inet(ip),
        Value::List(xs) => CqlValue::List(all(xs)?),
        Value::Set(xs) => CqlValue::Set(all(xs)?),
        Value::Vector(xs) => CqlValue::Vector(all(xs)?),
        Value::Map(kvs) => CqlValue::Map(
            kvs.into_iter()
                .map(|(k, v)| Ok((to_cql(k)?, to_cql(v)?)))
                .collect::<Result<_>>()?,
        ),
        Value::Tuple(xs) => CqlValue::Tuple(xs.into_iter().map(optional).collect::<Result<_>>()?),
        Value::Udt(udt) => CqlValue::UserDefinedType {
            keyspace: udt.keyspace,
            name: udt.name,
            fields: udt
                .fields
                .into_iter()
                .map(|(n, v)| Ok((n, optional(v)?)))
                .collect::<Result<_>>()?,
        },
        other => {
            return Err(Error::type_error(format!(
                "the scylla backend cannot bind a {} value",
                other.type_name()
            )))
        }
    })
}

impl SerializeRow for BoundRow<'_> {
    fn serialize(
        &self,
        ctx: &RowSerializationContext<'_>,
        writer: &mut RowWriter<'_>,
    ) -> std::result::Result<(), SerializationError> {
        let columns = ctx.columns();
        if columns.len() != self.len() {
            return Err(SerializationError::new(Error::invalid(format!(
                "the statement has {} bind markers but {} values were bound",
                columns.len(),
                self.len()
            ))));
        }
        match self {
            BoundRow::Exact(vs) => {
                for (v, spec) in vs.iter().zip(columns) {
                    write(&exact_bound(v), spec, writer)?;
                }
            }
            BoundRow::Mixed(bs) => {
                for (b, spec) in bs.iter().zip(columns) {
                    write(b, spec, writer)?;
                }
            }
        }
        Ok(())
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Writes one bound value for the marker `spec`.
fn write(
    value: &Bound<'_>,
    spec: &SSpec<'_>,
    writer: &mut RowWriter<'_>,
) -> std::result::Result<(), SerializationError> {
    let cell = writer.make_cell_writer();
    match value {
        Bound::Null => {
            cell.set_null();
        }
        Bound::Unset => {
            cell.set_unset();
        }
        Bound::Value(v) => {
            v.serialize(spec.typ(), cell)
                .map_err(|e| type_error(spec.name(), e))?;
        }
        Bound::Ref(v) => {
            crate::values_exact::serialize(v, spec.typ(), cell)
                .map_err(|e| type_error(spec.name(), e))?;
        }
    }
    Ok(())
}

/// A serialization failure as our `Type` error, naming the marker.
fn type_error(marker: &str, e: SerializationError) -> SerializationError {
    let msg = format!("bind marker `{marker}`: {e}");
    SerializationError::new(Error::type_error(msg).with_source(e))
}
