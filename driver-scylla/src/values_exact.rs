//! The borrow fast path of binding: a scalar whose type already is its bind
//! marker's exact type needs no coercion, so it is serialized straight from
//! the caller's [`Value`], with no clone and no `CqlValue` in between.
//!
//! [`exact`] must only accept pairs where [`coerce`](cqlbridge_driver_api::backend::coerce)
//! would return the value unchanged (or, for text into ascii, unchanged once
//! it checked the text is ASCII); [`serialize`] then writes the same bytes
//! the converted `CqlValue` would (the tests compare both paths).

use cqlbridge_driver_api::{ColumnType as T, Value};
use scylla::frame::response::result::ColumnType as SType;
use scylla::serialize::value::SerializeValue;
use scylla::serialize::writers::{CellWriter, WrittenCellProof};
use scylla::serialize::SerializationError;
use scylla::value::{Counter, CqlDate, CqlDuration, CqlTime, CqlTimestamp, CqlTimeuuid};

/// True when `v` can be serialized as is for a `typ` bind marker.
pub(crate) fn exact(v: &Value, typ: &T) -> bool {
    match (v, typ) {
        (Value::Text(_) | Value::Ascii(_), T::Text) => true,
        (Value::Text(s) | Value::Ascii(s), T::Ascii) => s.is_ascii(),
        (Value::TimeUuid(u), T::TimeUuid) => u.get_version_num() == 1,
        (Value::Uuid(_), T::Uuid)
        | (Value::Blob(_), T::Blob)
        | (Value::Boolean(_), T::Boolean)
        | (Value::TinyInt(_), T::TinyInt)
        | (Value::SmallInt(_), T::SmallInt)
        | (Value::Int(_), T::Int)
        | (Value::BigInt(_), T::BigInt)
        | (Value::Counter(_), T::Counter)
        | (Value::Float(_), T::Float)
        | (Value::Double(_), T::Double)
        | (Value::Date(_), T::Date)
        | (Value::Time(_), T::Time)
        | (Value::Timestamp(_), T::Timestamp)
        | (Value::Duration(_), T::Duration)
        | (Value::Inet(_), T::Inet) => true,
        _ => false,
    }
}

/// Writes `v` (accepted by [`exact`]) into `cell`; the crate still checks
/// the type against the server's metadata, as for a `CqlValue`.
pub(crate) fn serialize<'b>(
    v: &Value,
    typ: &SType<'_>,
    cell: CellWriter<'b>,
) -> Result<WrittenCellProof<'b>, SerializationError> {
    match v {
        Value::Text(s) | Value::Ascii(s) => s.as_str().serialize(typ, cell),
        Value::Blob(b) => b.as_slice().serialize(typ, cell),
        Value::Boolean(x) => x.serialize(typ, cell),
        Value::TinyInt(x) => x.serialize(typ, cell),
        Value::SmallInt(x) => x.serialize(typ, cell),
        Value::Int(x) => x.serialize(typ, cell),
        Value::BigInt(x) => x.serialize(typ, cell),
        Value::Counter(x) => Counter(*x).serialize(typ, cell),
        Value::Float(x) => x.serialize(typ, cell),
        Value::Double(x) => x.serialize(typ, cell),
        Value::Date(d) => CqlDate(d.0).serialize(typ, cell),
        Value::Time(t) => CqlTime(t.nanos()).serialize(typ, cell),
        Value::Timestamp(t) => CqlTimestamp(t.millis()).serialize(typ, cell),
        Value::Duration(d) => CqlDuration {
            months: d.months,
            days: d.days,
            nanoseconds: d.nanoseconds,
        }
        .serialize(typ, cell),
        Value::Uuid(u) => u.serialize(typ, cell),
        Value::TimeUuid(u) => CqlTimeuuid::from(*u).serialize(typ, cell),
        Value::Inet(ip) => ip.serialize(typ, cell),
        // Unreachable through `bind` (`exact` accepts none of these); an
        // error rather than a panic all the same.
        other => Err(SerializationError::new(
            cqlbridge_driver_api::Error::type_error(format!(
                "the scylla backend cannot bind a {} value without conversion",
                other.type_name()
            )),
        )),
    }
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;
    use std::str::FromStr;

    use cqlbridge_driver_api::backend::coerce;
    use cqlbridge_driver_api::{
        CqlDate, CqlDuration, CqlTime, CqlTimestamp, CqlVarint, Error, Values,
    };
    use scylla::frame::response::result::{ColumnSpec as SSpec, NativeType as N, TableSpec};
    use scylla::serialize::row::{RowSerializationContext, SerializeRow};
    use scylla::serialize::writers::RowWriter;
    use uuid::Uuid;

    use super::*;
    use crate::types::{column_spec, column_type};
    use crate::values::{bind, to_cql, Bound};

    fn v1() -> Uuid {
        Uuid::from_str("a8098c1a-f86e-11da-bd1a-00112444be1e").unwrap()
    }

    fn exact_cases() -> Vec<(Value, SType<'static>)> {
        let n = SType::Native;
        vec![
            (Value::Text("ü ✓".into()), n(N::Text)),
            (Value::Ascii("a".into()), n(N::Text)),
            (Value::Text("plain".into()), n(N::Ascii)),
            (Value::Ascii("plain".into()), n(N::Ascii)),
            (Value::Blob(vec![0, 1, 255]), n(N::Blob)),
            (Value::Boolean(true), n(N::Boolean)),
            (Value::TinyInt(-8), n(N::TinyInt)),
            (Value::SmallInt(-300), n(N::SmallInt)),
            (Value::Int(i32::MIN), n(N::Int)),
            (Value::BigInt(i64::MAX), n(N::BigInt)),
            (Value::Counter(-5), n(N::Counter)),
            (Value::Float(1.5), n(N::Float)),
            (Value::Double(-0.25), n(N::Double)),
            (Value::Date(CqlDate(7)), n(N::Date)),
            (Value::Time(CqlTime::from_nanos(42).unwrap()), n(N::Time)),
            (Value::Timestamp(CqlTimestamp(-1)), n(N::Timestamp)),
            (
                Value::Duration(CqlDuration {
                    months: 1,
                    days: -2,
                    nanoseconds: 3,
                }),
                n(N::Duration),
            ),
            (Value::Uuid(Uuid::from_u128(9)), n(N::Uuid)),
            (Value::TimeUuid(v1()), n(N::Timeuuid)),
            (Value::Inet(IpAddr::from([10, 0, 0, 1])), n(N::Inet)),
        ]
    }

    #[test]
    fn borrowed_values_write_the_same_bytes_as_converted_ones() {
        for (v, typ) in exact_cases() {
            let ours = column_type(&typ);
            assert!(exact(&v, &ours), "{v:?} as {typ:?} should be exact");
            let mut fast = Vec::new();
            serialize(&v, &typ, CellWriter::new(&mut fast))
                .unwrap_or_else(|e| panic!("{v:?} as {typ:?}: {e}"));
            let cql = to_cql(coerce(v.clone(), &ours).unwrap()).unwrap();
            let mut slow = Vec::new();
            cql.serialize(&typ, CellWriter::new(&mut slow)).unwrap();
            assert_eq!(fast, slow, "{v:?} as {typ:?}");
        }
    }

    #[test]
    fn values_that_coercion_changes_or_checks_are_not_exact() {
        let cases = [
            (Value::BigInt(1), T::Int),
            (Value::Int(1), T::BigInt),
            (Value::Text("ü".into()), T::Ascii),
            (Value::Uuid(Uuid::from_u128(9)), T::TimeUuid),
            (Value::TimeUuid(Uuid::from_u128(9)), T::TimeUuid),
            (Value::TimeUuid(v1()), T::Uuid),
            (Value::Float(1.0), T::Double),
            (Value::Varint(CqlVarint::from(1i128)), T::Varint),
            (Value::List(vec![Value::Int(1)]), T::List(Box::new(T::Int))),
            (Value::Null, T::Int),
            (Value::Unset, T::Int),
        ];
        for (v, typ) in cases {
            assert!(!exact(&v, &typ), "{v:?} as {typ}");
        }
    }

    #[test]
    fn bind_borrows_exact_values_and_still_rejects_bad_ones() {
        let specs = [
            SSpec::owned(
                "a".into(),
                SType::Native(N::Ascii),
                TableSpec::owned("k".into(), "t".into()),
            ),
            SSpec::owned(
                "b".into(),
                SType::Native(N::Int),
                TableSpec::owned("k".into(), "t".into()),
            ),
        ];
        let markers: Vec<_> = specs.iter().map(column_spec).collect();
        let vals = Values::Positional(vec![Value::Text("x".into()), Value::Int(2)]);
        let row = bind(&vals, &markers).unwrap();
        let Values::Positional(given) = &vals else {
            unreachable!()
        };
        for (b, v) in row.to_vec().iter().zip(given) {
            assert!(matches!(b, Bound::Ref(r) if std::ptr::eq(*r, v)), "{b:?}");
        }
        let mut buf = Vec::new();
        let ctx = RowSerializationContext::from_specs(&specs);
        row.serialize(&ctx, &mut RowWriter::new(&mut buf)).unwrap();
        assert_eq!(buf, [0, 0, 0, 1, b'x', 0, 0, 0, 4, 0, 0, 0, 2]);

        let bad = Values::Positional(vec![Value::Text("ü".into()), Value::Int(2)]);
        let e = bind(&bad, &markers).unwrap_err();
        assert!(e.is_type() && e.message().contains("`a`"), "{e}");

        // Markers that disagree with the server's metadata still fail typed.
        let swapped = [specs[1].clone(), specs[0].clone()];
        let ctx = RowSerializationContext::from_specs(&swapped);
        let e = row
            .serialize(&ctx, &mut RowWriter::new(&mut Vec::new()))
            .unwrap_err();
        let ours = e.downcast_ref::<Error>().expect("our error inside");
        assert!(ours.is_type() && ours.message().contains("`b`"), "{ours}");
    }
}
