//! One result row's cells, decoded straight from the frame into our
//! [`Value`]s: the common native types with the crate's own decoder for
//! that type, everything else through its `CqlValue` ([`from_cql`]).

use cqlbridge_driver_api::{
    CqlDate, CqlDecimal, CqlDuration, CqlTime, CqlTimestamp, CqlVarint, Error, ErrorKind, Result,
    Value,
};
use scylla::deserialize::row::{ColumnIterator, DeserializeRow};
use scylla::deserialize::value::DeserializeValue;
use scylla::deserialize::{DeserializationError, FrameSlice, TypeCheckError};
use scylla::frame::response::result::{ColumnSpec as SSpec, ColumnType as SType, NativeType as N};
use scylla::value::{CqlTimestamp as STimestamp, CqlValue};
use uuid::Uuid;

/// One row's values, in column order (no intermediate row of the crate's).
pub(crate) struct Cells(pub(crate) Vec<Value>);

impl<'frame, 'metadata> DeserializeRow<'frame, 'metadata> for Cells {
    fn type_check(_specs: &[SSpec<'_>]) -> std::result::Result<(), TypeCheckError> {
        // Every CQL type has a `Value`.
        Ok(())
    }

    fn deserialize(
        mut row: ColumnIterator<'frame, 'metadata>,
    ) -> std::result::Result<Self, DeserializationError> {
        let mut values = Vec::with_capacity(row.size_hint().0);
        while let Some(column) = row.next().transpose()? {
            values.push(cell(column.spec.typ(), column.slice)?);
        }
        Ok(Cells(values))
    }
}

/// One cell as our value: null for a null cell, and for a zero-length
/// value of a type other than text and blob (a legacy encoding that carries
/// no value, which the crate's `CqlValue` reads as `Empty`).
///
/// The native types below are read with the crate's decoder for exactly
/// that type, which is what its `CqlValue` decoder calls for them; the
/// result is the same value without the `CqlValue` in between.
pub(crate) fn cell<'frame, 'metadata>(
    typ: &'metadata SType<'metadata>,
    slice: Option<FrameSlice<'frame>>,
) -> std::result::Result<Value, DeserializationError> {
    let Some(bytes) = slice else {
        return Ok(Value::Null);
    };
    let text_or_blob = matches!(typ, SType::Native(N::Ascii | N::Text | N::Blob));
    if bytes.as_slice().is_empty() && !text_or_blob {
        return Ok(Value::Null);
    }
    let v = Some(bytes);
    Ok(match typ {
        SType::Native(N::Ascii) => Value::Ascii(String::deserialize(typ, v)?),
        SType::Native(N::Text) => Value::Text(String::deserialize(typ, v)?),
        SType::Native(N::Blob) => Value::Blob(Vec::<u8>::deserialize(typ, v)?),
        SType::Native(N::Boolean) => Value::Boolean(bool::deserialize(typ, v)?),
        SType::Native(N::TinyInt) => Value::TinyInt(i8::deserialize(typ, v)?),
        SType::Native(N::SmallInt) => Value::SmallInt(i16::deserialize(typ, v)?),
        SType::Native(N::Int) => Value::Int(i32::deserialize(typ, v)?),
        SType::Native(N::BigInt) => Value::BigInt(i64::deserialize(typ, v)?),
        SType::Native(N::Float) => Value::Float(f32::deserialize(typ, v)?),
        SType::Native(N::Double) => Value::Double(f64::deserialize(typ, v)?),
        SType::Native(N::Uuid) => Value::Uuid(Uuid::deserialize(typ, v)?),
        SType::Native(N::Timestamp) => {
            Value::Timestamp(CqlTimestamp(STimestamp::deserialize(typ, v)?.0))
        }
        _ => {
            let value = <Option<CqlValue>>::deserialize(typ, v)?;
            from_cell(value).map_err(DeserializationError::new)?
        }
    })
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    /// What the `CqlValue` path makes of `bytes` as `typ`.
    fn via_cql_value(typ: &SType<'_>, bytes: Option<&Bytes>) -> Value {
        let slice = bytes.map(FrameSlice::new);
        from_cell(<Option<CqlValue>>::deserialize(typ, slice).unwrap()).unwrap()
    }

    #[test]
    fn the_direct_decoders_read_what_the_cql_value_path_reads() {
        let cases: Vec<(N, Vec<u8>)> = vec![
            (N::Ascii, b"abc".to_vec()),
            (N::Text, "żółw".as_bytes().to_vec()),
            (N::Blob, vec![0, 1, 255]),
            (N::Boolean, vec![1]),
            (N::TinyInt, vec![0x80]),
            (N::SmallInt, vec![0x7f, 0xff]),
            (N::Int, (-7i32).to_be_bytes().to_vec()),
            (N::BigInt, i64::MIN.to_be_bytes().to_vec()),
            (N::Float, 1.5f32.to_be_bytes().to_vec()),
            (N::Double, (-0.25f64).to_be_bytes().to_vec()),
            (N::Uuid, (1u128 << 100).to_be_bytes().to_vec()),
            (N::Timestamp, 1_700_000_000_000i64.to_be_bytes().to_vec()),
        ];
        for (native, raw) in cases {
            let typ = SType::Native(native.clone());
            for bytes in [Some(Bytes::from(raw.clone())), Some(Bytes::new()), None] {
                let expected = via_cql_value(&typ, bytes.as_ref());
                let got = cell(&typ, bytes.as_ref().map(FrameSlice::new)).unwrap();
                assert_eq!(got, expected, "{native:?} from {bytes:?}");
            }
        }
    }

    #[test]
    fn a_cell_of_the_wrong_width_is_an_error_not_a_panic() {
        let typ = SType::Native(N::Int);
        let three = Bytes::from_static(&[1, 2, 3]);
        assert!(cell(&typ, Some(FrameSlice::new(&three))).is_err());
        let bad_text = Bytes::from_static(&[0xff, 0xfe]);
        assert!(cell(&SType::Native(N::Text), Some(FrameSlice::new(&bad_text))).is_err());
    }

    #[test]
    fn other_types_take_the_cql_value_path() {
        let typ = SType::Native(N::Date);
        let day = Bytes::from_static(&[0x80, 0, 0, 1]);
        assert_eq!(
            cell(&typ, Some(FrameSlice::new(&day))).unwrap(),
            via_cql_value(&typ, Some(&day))
        );
    }
}
