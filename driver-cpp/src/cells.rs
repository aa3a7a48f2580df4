//! One cell of a result as our [`Value`] ([`decode`], collections and UDTs through
//! libcassandra's iterators), and the CQL wire encodings decoded (and, where libcassandra
//! cannot write them, encoded) by hand.
//!
//! Every scalar is read from the raw bytes libcassandra hands over (`cass_value_get_bytes`)
//! with its length checked, so a short or long value is a `Type` error instead of a read
//! past the end. `duration` is three zig-zag vints, `varint` minimal two's complement,
//! `decimal` a 4-byte scale and a varint, and `vector<T, N>` (a custom type to this
//! driver) N elements back to back — fixed-size ones bare, others each behind an
//! unsigned vint length.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use cqlbridge_driver_api::{
    ColumnType, CqlDate, CqlDecimal, CqlDuration, CqlTime, CqlTimestamp, CqlVarint, Error, Result,
    Value,
};
use uuid::Uuid;

use crate::ffi::ValueRef;

pub(crate) fn bad(what: &str, len: usize) -> Error {
    Error::type_error(format!("a {what} value of {len} bytes is malformed"))
}

pub(crate) fn fixed<const N: usize>(what: &str, b: &[u8]) -> Result<[u8; N]> {
    b.try_into().map_err(|_| bad(what, b.len()))
}

/// A non-collection value of type `typ` from its wire bytes (never empty-is-null here:
/// the caller checks null first). An empty value of a type that has no empty form
/// (an `int` written as zero bytes, which Cassandra allows) reads as `Null`.
pub(crate) fn decode_scalar(typ: &ColumnType, b: &[u8]) -> Result<Value> {
    use ColumnType as T;
    let text = |b: &[u8]| {
        String::from_utf8(b.to_vec())
            .map_err(|_| Error::type_error("a text value is not valid UTF-8"))
    };
    if b.is_empty() && !matches!(typ, T::Ascii | T::Text | T::Blob | T::Custom(_)) {
        return Ok(Value::Null);
    }
    Ok(match typ {
        T::Ascii => Value::Ascii(text(b)?),
        T::Text => Value::Text(text(b)?),
        T::Blob | T::Custom(_) => Value::Blob(b.to_vec()),
        T::Boolean => Value::Boolean(fixed::<1>("boolean", b)?[0] != 0),
        T::TinyInt => Value::TinyInt(i8::from_be_bytes(fixed("tinyint", b)?)),
        T::SmallInt => Value::SmallInt(i16::from_be_bytes(fixed("smallint", b)?)),
        T::Int => Value::Int(i32::from_be_bytes(fixed("int", b)?)),
        T::BigInt => Value::BigInt(i64::from_be_bytes(fixed("bigint", b)?)),
        T::Counter => Value::Counter(i64::from_be_bytes(fixed("counter", b)?)),
        T::Float => Value::Float(f32::from_be_bytes(fixed("float", b)?)),
        T::Double => Value::Double(f64::from_be_bytes(fixed("double", b)?)),
        T::Varint => Value::Varint(CqlVarint::from_be_bytes(b.to_vec())),
        T::Decimal => {
            if b.len() < 5 {
                return Err(bad("decimal", b.len()));
            }
            let scale = i32::from_be_bytes(fixed("decimal scale", &b[..4])?);
            Value::Decimal(CqlDecimal {
                unscaled: CqlVarint::from_be_bytes(b[4..].to_vec()),
                scale,
            })
        }
        T::Date => Value::Date(CqlDate(u32::from_be_bytes(fixed("date", b)?))),
        T::Time => Value::Time(CqlTime::from_nanos(i64::from_be_bytes(fixed("time", b)?))?),
        T::Timestamp => Value::Timestamp(CqlTimestamp(i64::from_be_bytes(fixed("timestamp", b)?))),
        T::Duration => Value::Duration(decode_duration(b)?),
        T::Uuid => Value::Uuid(Uuid::from_bytes(fixed("uuid", b)?)),
        T::TimeUuid => Value::TimeUuid(Uuid::from_bytes(fixed("timeuuid", b)?)),
        T::Inet => Value::Inet(match b.len() {
            4 => IpAddr::V4(Ipv4Addr::from(fixed::<4>("inet", b)?)),
            16 => IpAddr::V6(Ipv6Addr::from(fixed::<16>("inet", b)?)),
            n => return Err(bad("inet", n)),
        }),
        T::Vector { element, dimension } => decode_vector(b, element, *dimension)?,
        other => {
            return Err(Error::type_error(format!(
                "a {other} value cannot be read from raw bytes"
            )))
        }
    })
}

/// Reads one unsigned vint (the first byte's leading ones count the extra bytes).
pub(crate) fn read_unsigned_vint(b: &mut &[u8]) -> Option<u64> {
    let (&first, rest) = b.split_first()?;
    let extra = first.leading_ones() as usize;
    if rest.len() < extra {
        return None;
    }
    let mut v = if extra >= 8 {
        0
    } else {
        u64::from(first & (0xff >> extra))
    };
    for &byte in &rest[..extra] {
        v = (v << 8) | u64::from(byte);
    }
    *b = &rest[extra..];
    Some(v)
}

/// Appends `v` as an unsigned vint, in the fewest bytes.
pub(crate) fn write_unsigned_vint(v: u64, out: &mut Vec<u8>) {
    let significant = 64 - (v | 1).leading_zeros() as usize;
    // Each extra byte adds 8 value bits and costs one bit of the first byte.
    let extra = (significant.saturating_sub(7).div_ceil(7)).min(8);
    if extra == 0 {
        out.push(v as u8);
        return;
    }
    let first = if extra >= 8 {
        0xff
    } else {
        (v >> (8 * extra)) as u8 | !(0xffu8 >> extra)
    };
    out.push(first);
    out.extend_from_slice(&v.to_be_bytes()[8 - extra..]);
}

fn zigzag_decode(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

#[cfg(test)]
fn zigzag_encode(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

/// A `duration` from its three zig-zag vints (months, days, nanoseconds).
pub(crate) fn decode_duration(b: &[u8]) -> Result<CqlDuration> {
    let mut rest = b;
    let mut next = || read_unsigned_vint(&mut rest).map(zigzag_decode);
    let (Some(months), Some(days), Some(nanos)) = (next(), next(), next()) else {
        return Err(bad("duration", b.len()));
    };
    if !rest.is_empty() {
        return Err(bad("duration", b.len()));
    }
    let narrow = |v: i64, what: &str| {
        i32::try_from(v).map_err(|_| Error::type_error(format!("duration {what} {v} overflows")))
    };
    Ok(CqlDuration {
        months: narrow(months, "months")?,
        days: narrow(days, "days")?,
        nanoseconds: nanos,
    })
}

/// The wire form of a `duration` (libcassandra writes durations itself; this checks the
/// decoder).
#[cfg(test)]
fn encode_duration(d: &CqlDuration) -> Vec<u8> {
    let mut out = Vec::with_capacity(12);
    for v in [i64::from(d.months), i64::from(d.days), d.nanoseconds] {
        write_unsigned_vint(zigzag_encode(v), &mut out);
    }
    out
}

/// The size of a vector element of type `t` when it is fixed, `None` when each element
/// carries a vint length, or an error for element types this backend does not encode.
fn element_size(t: &ColumnType) -> Result<Option<usize>> {
    use ColumnType as T;
    Ok(match t {
        T::Boolean => Some(1),
        T::Float | T::Int => Some(4),
        T::Double | T::BigInt | T::Timestamp => Some(8),
        T::Uuid | T::TimeUuid => Some(16),
        T::Text | T::Ascii | T::Blob => None,
        other => {
            return Err(Error::type_error(format!(
                "vector<{other}, …> is not supported by the cpp backend (supported elements: \
                 float, double, int, bigint, boolean, timestamp, uuid, timeuuid, text, ascii, blob)"
            )))
        }
    })
}

/// A `vector<element, dimension>` from its wire bytes.
pub(crate) fn decode_vector(b: &[u8], element: &ColumnType, dimension: u16) -> Result<Value> {
    let size = element_size(element)?;
    let mut rest = b;
    let mut items = Vec::with_capacity(usize::from(dimension));
    for _ in 0..dimension {
        let len = match size {
            Some(n) => n,
            None => read_unsigned_vint(&mut rest)
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| bad("vector", b.len()))?,
        };
        if rest.len() < len {
            return Err(bad("vector", b.len()));
        }
        items.push(decode_scalar(element, &rest[..len])?);
        rest = &rest[len..];
    }
    if !rest.is_empty() {
        return Err(bad("vector", b.len()));
    }
    Ok(Value::Vector(items))
}

/// The wire form of a vector whose items were already coerced to `element`.
pub(crate) fn encode_vector(items: &[Value], element: &ColumnType) -> Result<Vec<u8>> {
    let size = element_size(element)?;
    let mut out = Vec::new();
    for item in items {
        let bytes = encode_element(item)?;
        if size.is_none() {
            write_unsigned_vint(bytes.len() as u64, &mut out);
        }
        out.extend_from_slice(&bytes);
    }
    Ok(out)
}

fn encode_element(v: &Value) -> Result<Vec<u8>> {
    Ok(match v {
        Value::Boolean(b) => vec![u8::from(*b)],
        Value::Float(f) => f.to_be_bytes().to_vec(),
        Value::Int(i) => i.to_be_bytes().to_vec(),
        Value::Double(d) => d.to_be_bytes().to_vec(),
        Value::BigInt(i) => i.to_be_bytes().to_vec(),
        Value::Timestamp(t) => t.0.to_be_bytes().to_vec(),
        Value::Uuid(u) | Value::TimeUuid(u) => u.as_bytes().to_vec(),
        Value::Text(s) | Value::Ascii(s) => s.as_bytes().to_vec(),
        Value::Blob(b) => b.clone(),
        Value::Null | Value::Unset => {
            return Err(Error::type_error("a vector element cannot be null"))
        }
        other => {
            return Err(Error::type_error(format!(
                "a {} cannot be a vector element",
                other.type_name()
            )))
        }
    })
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

#[cfg(test)]
#[path = "cells_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "cells_fuzz.rs"]
mod fuzz;
