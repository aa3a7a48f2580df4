//! The columns and rows C10 round-trips: every CQL type, with extremes,
//! nulls, empty and nested collections, special floats and large values.

use std::net::IpAddr;

use cqlbridge::{CqlDate, CqlDecimal, CqlTime, CqlTimestamp, CqlVarint, Value};
use uuid::Uuid;

/// `(column, CQL type)`.
pub type Col = (&'static str, &'static str);

/// The core columns: every scalar and collection type, tuples, nesting.
pub const CORE: &[Col] = &[
    ("a", "ascii"),
    ("t", "text"),
    ("b", "blob"),
    ("bo", "boolean"),
    ("ti", "tinyint"),
    ("si", "smallint"),
    ("i", "int"),
    ("bi", "bigint"),
    ("vi", "varint"),
    ("de", "decimal"),
    ("f", "float"),
    ("d", "double"),
    ("da", "date"),
    ("tm", "time"),
    ("ts", "timestamp"),
    ("u", "uuid"),
    ("tu", "timeuuid"),
    ("ip", "inet"),
    ("l", "list<int>"),
    ("s", "set<text>"),
    ("m", "map<text, int>"),
    ("fl", "frozen<list<int>>"),
    ("fs", "frozen<set<int>>"),
    ("fm", "frozen<map<int, text>>"),
    ("nl", "list<frozen<list<int>>>"),
    ("nm", "map<int, frozen<set<text>>>"),
    ("tup", "tuple<int, text, double>"),
    ("ltup", "list<frozen<tuple<int, text>>>"),
];

fn text(s: &str) -> Value {
    Value::Text(s.into())
}
fn ints(v: &[i32]) -> Value {
    Value::List(v.iter().map(|i| Value::Int(*i)).collect())
}
fn texts(v: &[&str]) -> Value {
    Value::Set(v.iter().map(|s| text(s)).collect())
}
fn varint_bytes(first: u8, fill: u8, len: usize) -> CqlVarint {
    let mut b = vec![fill; len];
    b[0] = first;
    CqlVarint::from_be_bytes(b)
}

/// A version-1 (time-based) UUID, as `timeuuid` requires.
pub fn timeuuid() -> Uuid {
    Uuid::parse_str("8d5a6cf0-4e1d-11ef-9a1b-0242ac120002").expect("valid uuid")
}

/// A 1 MiB blob with a pattern that catches truncation and reordering.
pub fn big_blob() -> Vec<u8> {
    (0..(1u32 << 20))
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect()
}

/// One row, values in [`CORE`] order, all `Null` except those given.
fn row(set: &[(&str, Value)]) -> Vec<Value> {
    CORE.iter()
        .map(|(name, _)| {
            set.iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .unwrap_or(Value::Null)
        })
        .collect()
}

/// The core rows: maxima, minima, special floats, zeros and empties, all-null.
pub fn core_rows() -> Vec<(&'static str, Vec<Value>)> {
    let max = row(&[
        ("a", Value::Ascii("plain ASCII ~!@#$%^&*()".into())),
        ("t", text("héllo wörld ✓ 日本語 🎉 Ωμέγα")),
        ("b", Value::Blob(big_blob())),
        ("bo", Value::Boolean(true)),
        ("ti", Value::TinyInt(i8::MAX)),
        ("si", Value::SmallInt(i16::MAX)),
        ("i", Value::Int(i32::MAX)),
        ("bi", Value::BigInt(i64::MAX)),
        ("vi", Value::Varint(varint_bytes(0x7f, 0xff, 20))),
        (
            "de",
            Value::Decimal(CqlDecimal::new(varint_bytes(0x12, 0x34, 18), 38)),
        ),
        ("f", Value::Float(f32::MAX)),
        ("d", Value::Double(f64::MAX)),
        ("da", Value::Date(CqlDate(u32::MAX))),
        (
            "tm",
            Value::Time(CqlTime::from_nanos(CqlTime::NANOS_PER_DAY - 1).expect("valid time")),
        ),
        ("ts", Value::Timestamp(CqlTimestamp(253_402_300_799_999))),
        (
            "u",
            Value::Uuid(Uuid::from_u128(0x0123_4567_89ab_4def_8123_4567_89ab_cdef)),
        ),
        ("tu", Value::TimeUuid(timeuuid())),
        (
            "ip",
            Value::Inet("2001:db8::ff00:42:8329".parse::<IpAddr>().expect("ipv6")),
        ),
        ("l", ints(&[3, 1, 2, 1])),
        ("s", texts(&["alpha", "beta", "gamma"])),
        (
            "m",
            Value::Map(vec![
                (text("one"), Value::Int(1)),
                (text("two"), Value::Int(2)),
            ]),
        ),
        ("fl", ints(&[4, 5, 6])),
        ("fs", Value::Set(vec![Value::Int(-7), Value::Int(8)])),
        (
            "fm",
            Value::Map(vec![(Value::Int(1), text("x")), (Value::Int(2), text("y"))]),
        ),
        (
            "nl",
            Value::List(vec![ints(&[1, 2]), ints(&[]), ints(&[3])]),
        ),
        (
            "nm",
            Value::Map(vec![
                (Value::Int(1), texts(&["a", "b"])),
                (Value::Int(2), texts(&[])),
            ]),
        ),
        (
            "tup",
            Value::Tuple(vec![Value::Int(1), text("t"), Value::Double(2.5)]),
        ),
        (
            "ltup",
            Value::List(vec![
                Value::Tuple(vec![Value::Int(1), text("a")]),
                Value::Tuple(vec![Value::Int(2), Value::Null]),
            ]),
        ),
    ]);
    let min = row(&[
        ("a", Value::Ascii("a".into())),
        ("t", text("ünïcödé ∑ → 🚀")),
        ("b", Value::Blob(vec![0, 1, 2, 0xff])),
        ("bo", Value::Boolean(false)),
        ("ti", Value::TinyInt(i8::MIN)),
        ("si", Value::SmallInt(i16::MIN)),
        ("i", Value::Int(i32::MIN)),
        ("bi", Value::BigInt(i64::MIN)),
        ("vi", Value::Varint(varint_bytes(0x80, 0x00, 20))),
        ("de", Value::Decimal(CqlDecimal::new(-12_345i64, -3))),
        ("f", Value::Float(f32::MIN)),
        ("d", Value::Double(f64::MIN)),
        ("da", Value::Date(CqlDate(0))),
        (
            "tm",
            Value::Time(CqlTime::from_nanos(0).expect("valid time")),
        ),
        ("ts", Value::Timestamp(CqlTimestamp(-62_135_596_800_000))),
        ("u", Value::Uuid(Uuid::nil())),
        ("tu", Value::TimeUuid(timeuuid())),
        (
            "ip",
            Value::Inet("192.0.2.1".parse::<IpAddr>().expect("ipv4")),
        ),
        (
            "tup",
            Value::Tuple(vec![Value::Null, text("only"), Value::Null]),
        ),
    ]);
    let f = |x: f32, y: f64| row(&[("f", Value::Float(x)), ("d", Value::Double(y))]);
    let zeros = row(&[
        ("a", Value::Ascii(String::new())),
        ("t", text("")),
        ("b", Value::Blob(Vec::new())),
        ("ti", Value::TinyInt(0)),
        ("i", Value::Int(0)),
        ("vi", Value::Varint(CqlVarint::from(0i64))),
        ("de", Value::Decimal(CqlDecimal::new(0i64, 0))),
        ("f", Value::Float(-0.0)),
        ("d", Value::Double(f64::MIN_POSITIVE)),
        ("da", Value::Date(CqlDate(CqlDate::EPOCH))),
        ("ts", Value::Timestamp(CqlTimestamp(0))),
        ("l", ints(&[])),
        ("s", texts(&[])),
        ("m", Value::Map(Vec::new())),
        ("fl", ints(&[])),
        ("fs", Value::Set(Vec::new())),
        ("fm", Value::Map(Vec::new())),
        (
            "tup",
            Value::Tuple(vec![Value::Null, Value::Null, Value::Null]),
        ),
    ]);
    vec![
        ("maxima, 1 MiB blob, non-ASCII text", max),
        ("minima", min),
        ("NaN", f(f32::NAN, f64::NAN)),
        ("+inf", f(f32::INFINITY, f64::INFINITY)),
        ("-inf", f(f32::NEG_INFINITY, f64::NEG_INFINITY)),
        ("zeros and empties", zeros),
        ("all null", row(&[])),
    ]
}
