//! Value conversion both ways, through the crate's real wire encoding:
//! ours → coerce → `CqlValue` → bytes → `CqlValue` → ours, for every type.

use std::net::IpAddr;
use std::str::FromStr;

use cqlbridge_driver_api::{
    ColumnSpec, CqlDate, CqlDecimal, CqlDuration, CqlTime, CqlTimestamp, CqlVarint, Error, Value,
    Values,
};
use scylla::deserialize::value::DeserializeValue;
use scylla::deserialize::FrameSlice;
use scylla::frame::response::result::{
    ColumnSpec as SSpec, ColumnType as SType, NativeType as N, TableSpec,
};
use scylla::serialize::row::{RowSerializationContext, SerializeRow};
use scylla::serialize::value::SerializeValue;
use scylla::serialize::writers::{CellWriter, RowWriter};
use scylla::value::CqlValue;
use uuid::Uuid;

use crate::types::tests::{list, map, natives, set, udt_type, vector};
use crate::types::{column_spec, column_type};
use crate::values::{bind, to_cql, Bound, BoundRow};
use crate::{cells, values};

/// Encodes `v` for `typ` as the server would store it, and decodes it back.
fn wire(v: Value, typ: &SType<'static>) -> Value {
    let ours = column_type(typ);
    let fitted = cqlbridge_driver_api::backend::coerce(v, &ours).expect("coerce");
    let cql = to_cql(fitted).expect("to_cql");
    let mut buf = Vec::new();
    cql.serialize(typ, CellWriter::new_without_size(&mut buf))
        .unwrap_or_else(|e| panic!("serialize {cql:?} as {typ:?}: {e}"));
    let back = CqlValue::deserialize(typ, Some(FrameSlice::new_borrowed(&buf)))
        .unwrap_or_else(|e| panic!("deserialize {typ:?}: {e}"));
    cells::from_cql(back).expect("from_cql")
}

fn check(v: Value, typ: &SType<'static>) {
    let sent = v.clone();
    let back = wire(v, typ);
    assert!(
        back.same_as(&sent),
        "{typ:?}:\n sent {sent:?}\n read {back:?}"
    );
}

fn n(t: N) -> SType<'static> {
    SType::Native(t)
}

fn v1_uuid() -> Uuid {
    Uuid::from_str("a8098c1a-f86e-11da-bd1a-00112444be1e").unwrap()
}

#[test]
fn every_scalar_round_trips_exactly() {
    let mut huge = vec![0x7f];
    huge.extend([0xab; 40]);
    let time_max = CqlTime::from_nanos(CqlTime::NANOS_PER_DAY - 1).unwrap();
    let cases = vec![
        (Value::Ascii("plain".into()), n(N::Ascii)),
        (Value::Text("日本語 ünïcode ✓".into()), n(N::Text)),
        (Value::Text(String::new()), n(N::Text)),
        (Value::Blob(vec![7u8; 1 << 20]), n(N::Blob)),
        (Value::Blob(Vec::new()), n(N::Blob)),
        (Value::Boolean(true), n(N::Boolean)),
        (Value::TinyInt(i8::MIN), n(N::TinyInt)),
        (Value::TinyInt(i8::MAX), n(N::TinyInt)),
        (Value::SmallInt(i16::MIN), n(N::SmallInt)),
        (Value::SmallInt(i16::MAX), n(N::SmallInt)),
        (Value::Int(i32::MIN), n(N::Int)),
        (Value::Int(i32::MAX), n(N::Int)),
        (Value::BigInt(i64::MIN), n(N::BigInt)),
        (Value::BigInt(i64::MAX), n(N::BigInt)),
        (Value::Counter(-5), n(N::Counter)),
        (
            Value::Varint(CqlVarint::from_be_bytes(huge.clone())),
            n(N::Varint),
        ),
        (Value::Varint(CqlVarint::from(-1i64)), n(N::Varint)),
        (Value::Varint(CqlVarint::from(0i64)), n(N::Varint)),
        (
            Value::Decimal(CqlDecimal {
                unscaled: CqlVarint::from_be_bytes(huge),
                scale: -17,
            }),
            n(N::Decimal),
        ),
        (Value::Decimal(CqlDecimal::new(-12345i64, 3)), n(N::Decimal)),
        (Value::Float(f32::NAN), n(N::Float)),
        (Value::Float(f32::INFINITY), n(N::Float)),
        (Value::Float(f32::NEG_INFINITY), n(N::Float)),
        (Value::Float(f32::MIN_POSITIVE), n(N::Float)),
        (Value::Double(f64::NAN), n(N::Double)),
        (Value::Double(-0.0), n(N::Double)),
        (Value::Double(f64::MAX), n(N::Double)),
        (Value::Date(CqlDate(0)), n(N::Date)),
        (Value::Date(CqlDate(u32::MAX)), n(N::Date)),
        (Value::Date(CqlDate(CqlDate::EPOCH)), n(N::Date)),
        (Value::Time(CqlTime::from_nanos(0).unwrap()), n(N::Time)),
        (Value::Time(time_max), n(N::Time)),
        (Value::Timestamp(CqlTimestamp(i64::MIN)), n(N::Timestamp)),
        (Value::Timestamp(CqlTimestamp(-1)), n(N::Timestamp)),
        (
            Value::Duration(CqlDuration {
                months: -1,
                days: -2,
                nanoseconds: -3,
            }),
            n(N::Duration),
        ),
        (
            Value::Duration(CqlDuration {
                months: i32::MAX,
                days: i32::MAX,
                nanoseconds: i64::MAX,
            }),
            n(N::Duration),
        ),
        (Value::Uuid(Uuid::new_v4()), n(N::Uuid)),
        (Value::TimeUuid(v1_uuid()), n(N::Timeuuid)),
        (Value::Inet(IpAddr::from([10, 1, 2, 3])), n(N::Inet)),
        (Value::Inet(IpAddr::from_str("::1").unwrap()), n(N::Inet)),
    ];
    for (v, t) in cases {
        check(v, &t);
    }
}

#[test]
fn every_native_type_is_covered() {
    // Guards the list above: one value per native type the crate knows.
    assert_eq!(natives().len(), 20);
}

#[test]
fn collections_tuples_udts_and_vectors_round_trip() {
    check(Value::List(vec![]), &list(n(N::Int)));
    check(
        Value::Set(vec![Value::Text("a".into()), Value::Text("b".into())]),
        &set(n(N::Text)),
    );
    check(
        Value::Map(vec![
            (
                Value::Text("k".into()),
                Value::List(vec![Value::Int(1), Value::Int(2)]),
            ),
            (Value::Text("z".into()), Value::List(vec![])),
        ]),
        &map(n(N::Text), list(n(N::Int))),
    );
    check(
        Value::Tuple(vec![Value::Int(1), Value::Null, Value::Text("x".into())]),
        &SType::Tuple(vec![n(N::Int), n(N::Text), n(N::Text)]),
    );
    check(
        Value::Vector(vec![
            Value::Float(1.5),
            Value::Float(-0.0),
            Value::Float(f32::NAN),
        ]),
        &vector(n(N::Float), 3),
    );
    check(
        Value::Vector(vec![Value::Text("a".into()), Value::Text("bc".into())]),
        &vector(n(N::Text), 2),
    );
    let inner = Value::udt("ks", "point", vec![("x".into(), Value::Float(2.0))]);
    check(
        Value::udt(
            "ks",
            "addr",
            vec![
                ("street".into(), Value::Text("Main".into())),
                ("no".into(), Value::Null),
                ("inner".into(), inner),
            ],
        ),
        &udt_type(),
    );
    check(
        Value::List(vec![
            Value::Tuple(vec![Value::Null]),
            Value::Tuple(vec![Value::Int(3)]),
        ]),
        &list(SType::Tuple(vec![n(N::Int)])),
    );
}

#[test]
fn coerce_widens_what_fits_before_conversion() {
    // A bigint for an int column, text for ascii, a list for a vector, a
    // partial UDT without keyspace/name.
    assert_eq!(wire(Value::BigInt(7), &n(N::Int)), Value::Int(7));
    assert_eq!(
        wire(Value::Text("a".into()), &n(N::Ascii)),
        Value::Ascii("a".into())
    );
    assert_eq!(
        wire(
            Value::List(vec![Value::Float(1.0)]),
            &vector(n(N::Float), 1)
        ),
        Value::Vector(vec![Value::Float(1.0)])
    );
    let partial = Value::udt("", "", vec![("no".into(), Value::BigInt(4))]);
    match wire(partial, &udt_type()) {
        Value::Udt(udt) => {
            assert_eq!(udt.keyspace, "ks");
            assert_eq!(udt.fields[1], ("no".to_string(), Value::Int(4)));
            assert_eq!(udt.fields[0].1, Value::Null);
        }
        other => panic!("{other:?}"),
    }
}

fn spec(name: &str, typ: SType<'static>) -> SSpec<'static> {
    SSpec::owned(name.into(), typ, TableSpec::owned("ks".into(), "t".into()))
}

fn markers(specs: &[SSpec<'static>]) -> Vec<ColumnSpec> {
    specs.iter().map(column_spec).collect()
}

#[test]
fn bind_orders_checks_and_names_markers() {
    let specs = [spec("id", n(N::Int)), spec("name", n(N::Text))];
    let m = markers(&specs);
    let named = Values::Named(vec![
        ("name".into(), Value::Text("n".into())),
        ("ID".into(), Value::BigInt(3)),
    ]);
    let row = bind(&named, &m).unwrap();
    let text = Value::Text("n".into());
    // The bigint is narrowed (a converted copy); the text is exact (borrowed).
    assert_eq!(
        row,
        BoundRow::Mixed(vec![Bound::Value(CqlValue::Int(3)), Bound::Ref(&text)])
    );
    let e = bind(
        &Values::Positional(vec![Value::BigInt(1 << 40), Value::Null]),
        &m,
    )
    .unwrap_err();
    assert!(
        e.is_type() && e.message().contains("bind marker `id`"),
        "{e}"
    );
    let e = bind(&Values::Positional(vec![Value::Int(1)]), &m).unwrap_err();
    assert!(
        e.is_invalid() && e.message().contains("2 bind markers but 1"),
        "{e}"
    );
    let e = bind(&Values::Named(vec![("nope".into(), Value::Int(1))]), &m).unwrap_err();
    assert!(e.is_invalid() && e.message().contains("nope"), "{e}");
    let e = bind(&Values::Named(vec![("id".into(), Value::Int(1))]), &m).unwrap_err();
    assert!(e.is_invalid() && e.message().contains("`name`"), "{e}");
    let e = bind(&Values::Empty, &m).unwrap_err();
    assert!(e.is_invalid(), "{e}");
    let unset_null = Values::Positional(vec![Value::Unset, Value::Null]);
    let row = bind(&unset_null, &m).unwrap();
    assert_eq!(row.to_vec(), vec![Bound::Unset, Bound::Null]);
}

#[test]
fn exact_positional_values_are_borrowed_as_they_are() {
    let specs = [spec("id", n(N::Int)), spec("name", n(N::Text))];
    let m = markers(&specs);
    let exact = Values::Positional(vec![Value::Int(7), Value::Text("ada".into())]);
    let Values::Positional(given) = &exact else {
        unreachable!()
    };
    assert_eq!(bind(&exact, &m).unwrap(), BoundRow::Exact(given));
    let with_null = Values::Positional(vec![Value::Null, Value::Text("ada".into())]);
    assert!(matches!(bind(&with_null, &m).unwrap(), BoundRow::Exact(_)));
    // One value needs coercion: the row is converted, the text still borrowed.
    let widened = Values::Positional(vec![Value::TinyInt(7), Value::Text("ada".into())]);
    let row = bind(&widened, &m).unwrap();
    assert!(matches!(row, BoundRow::Mixed(_)), "{row:?}");
    assert_eq!(row.to_vec()[0], Bound::Value(CqlValue::Int(7)));

    // Both forms serialize to the same bytes.
    let ctx = RowSerializationContext::from_specs(&specs);
    let mut borrowed = Vec::new();
    bind(&exact, &m)
        .unwrap()
        .serialize(&ctx, &mut RowWriter::new(&mut borrowed))
        .unwrap();
    let mut converted = Vec::new();
    let mixed = BoundRow::Mixed(vec![
        Bound::Value(CqlValue::Int(7)),
        Bound::Value(CqlValue::Text("ada".into())),
    ]);
    mixed
        .serialize(&ctx, &mut RowWriter::new(&mut converted))
        .unwrap();
    assert_eq!(borrowed, converted);
    assert_eq!(
        borrowed,
        [0, 0, 0, 4, 0, 0, 0, 7, 0, 0, 0, 3, b'a', b'd', b'a']
    );
}

#[test]
fn nulls_and_unsets_inside_values_are_type_errors() {
    let m = markers(&[spec("l", list(n(N::Int)))]);
    let e = bind(
        &Values::Positional(vec![Value::List(vec![Value::Null])]),
        &m,
    )
    .unwrap_err();
    assert!(e.is_type() && e.message().contains("`l`"), "{e}");
    let t = markers(&[spec("t", SType::Tuple(vec![n(N::Int)]))]);
    let e = bind(
        &Values::Positional(vec![Value::Tuple(vec![Value::Unset])]),
        &t,
    )
    .unwrap_err();
    assert!(e.is_type(), "{e}");
    let v = markers(&[spec("v", vector(n(N::Float), 3))]);
    let e = bind(
        &Values::Positional(vec![Value::List(vec![Value::Float(1.0)])]),
        &v,
    )
    .unwrap_err();
    assert!(e.is_type() && e.message().contains("`v`"), "{e}");
}

#[test]
fn serialize_row_writes_null_unset_and_values_and_rejects_mismatches() {
    let specs = [
        spec("a", n(N::Int)),
        spec("b", n(N::Text)),
        spec("c", n(N::Text)),
    ];
    let ctx = RowSerializationContext::from_specs(&specs);
    let row = BoundRow::Mixed(vec![
        Bound::Value(CqlValue::Int(1)),
        Bound::Null,
        Bound::Unset,
    ]);
    let mut buf = Vec::new();
    row.serialize(&ctx, &mut RowWriter::new(&mut buf)).unwrap();
    // [len 4][00 00 00 01] [len -1] [len -2]
    assert_eq!(
        buf,
        [0, 0, 0, 4, 0, 0, 0, 1, 255, 255, 255, 255, 255, 255, 255, 254]
    );
    let wrong = BoundRow::Mixed(vec![
        Bound::Value(CqlValue::Text("x".into())),
        Bound::Null,
        Bound::Null,
    ]);
    let e = wrong
        .serialize(&ctx, &mut RowWriter::new(&mut Vec::new()))
        .unwrap_err();
    let ours = e.downcast_ref::<Error>().expect("our error inside");
    assert!(ours.is_type() && ours.message().contains("`a`"), "{ours}");
    let short = BoundRow::Mixed(vec![Bound::Null]);
    let e = short
        .serialize(&ctx, &mut RowWriter::new(&mut Vec::new()))
        .unwrap_err();
    assert!(e.downcast_ref::<Error>().unwrap().is_invalid());
    assert!(BoundRow::default().is_empty());
}

#[test]
fn empty_legacy_value_reads_as_null() {
    assert_eq!(cells::from_cql(CqlValue::Empty).unwrap(), Value::Null);
    assert_eq!(cells::from_cell(None).unwrap(), Value::Null);
    assert!(values::bound(Value::Null).is_ok());
}
