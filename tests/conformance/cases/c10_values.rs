//! The columns and rows C10 round-trips: every CQL type, with extremes,
//! nulls, empty and nested collections, special floats and large values.

use std::net::IpAddr;

use cqlbridge::{CqlDate, CqlDecimal, CqlDuration, CqlTime, CqlTimestamp, CqlVarint, Value};
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

/// The UDT columns (types `addr` and `person` in the case keyspace).
pub const UDT: &[Col] = &[
    ("p", "frozen<person>"),
    ("ps", "list<frozen<person>>"),
    ("mp", "map<text, frozen<addr>>"),
];

/// The UDT types, in creation order.
pub const UDT_TYPES: &[&str] = &[
    "addr (street text, zip int)",
    "person (name text, home frozen<addr>, tags list<text>)",
];

fn addr(ks: &str, street: Value, zip: Value) -> Value {
    Value::Udt {
        keyspace: ks.into(),
        name: "addr".into(),
        fields: vec![("street".into(), street), ("zip".into(), zip)],
    }
}

fn person(ks: &str, name: &str, home: Value, tags: &[&str]) -> Value {
    Value::Udt {
        keyspace: ks.into(),
        name: "person".into(),
        fields: vec![
            ("name".into(), text(name)),
            ("home".into(), home),
            (
                "tags".into(),
                Value::List(tags.iter().map(|t| text(t)).collect()),
            ),
        ],
    }
}

/// The UDT rows, values in [`UDT`] order.
pub fn udt_rows(ks: &str) -> Vec<(&'static str, Vec<Value>)> {
    let home = addr(ks, text("1 Main St"), Value::Int(12345));
    let ada = person(ks, "Ada", home.clone(), &["math", "engines"]);
    let bob = person(ks, "Bøb", addr(ks, Value::Null, Value::Int(-1)), &[]);
    let no_home = person(ks, "Nobody", Value::Null, &["x"]);
    vec![
        (
            "nested UDT",
            vec![
                ada.clone(),
                Value::List(vec![ada, bob.clone()]),
                Value::Map(vec![(text("home"), home)]),
            ],
        ),
        (
            "null fields",
            vec![no_home, Value::List(vec![bob]), Value::Null],
        ),
        ("all null", vec![Value::Null, Value::Null, Value::Null]),
    ]
}

/// The duration columns.
pub const DURATION: &[Col] = &[("du", "duration"), ("dl", "list<duration>")];

/// The duration rows.
pub fn duration_rows() -> Vec<(&'static str, Vec<Value>)> {
    let d = |months, days, nanoseconds| {
        Value::Duration(CqlDuration {
            months,
            days,
            nanoseconds,
        })
    };
    vec![
        (
            "positive",
            vec![
                d(14, 3, 3_600_000_000_123),
                Value::List(vec![d(0, 0, 1), d(1, 0, 0)]),
            ],
        ),
        (
            "negative",
            vec![
                d(-1, -2, -3),
                Value::List(vec![d(i32::MIN, i32::MIN, i64::MIN)]),
            ],
        ),
        (
            "extremes",
            vec![
                d(i32::MAX, i32::MAX, i64::MAX),
                Value::List(vec![d(0, 0, 0)]),
            ],
        ),
        ("null", vec![Value::Null, Value::Null]),
    ]
}

/// The vector columns.
pub const VECTOR: &[Col] = &[("v3", "vector<float, 3>"), ("v64", "vector<float, 64>")];

/// The vector rows.
pub fn vector_rows() -> Vec<(&'static str, Vec<Value>)> {
    let v = |xs: &[f32]| Value::Vector(xs.iter().map(|x| Value::Float(*x)).collect());
    let long: Vec<f32> = (0..64).map(|i| i as f32 * 0.5 - 7.25).collect();
    vec![
        ("values", vec![v(&[1.5, -2.25, 3.0e38]), v(&long)]),
        (
            "special floats",
            vec![
                v(&[f32::NAN, f32::INFINITY, f32::NEG_INFINITY]),
                v(&[0.0; 64]),
            ],
        ),
        ("null", vec![Value::Null, Value::Null]),
    ]
}
