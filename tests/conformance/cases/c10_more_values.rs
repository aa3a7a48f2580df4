//! The columns and rows of C10's capability-gated parts: nested UDTs,
//! `duration` and `vector<float, N>`.

use cqlbridge::{CqlDuration, Value};

use super::c10_values::Col;

fn text(s: &str) -> Value {
    Value::Text(s.into())
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
    Value::udt(
        ks,
        "addr",
        vec![("street".into(), street), ("zip".into(), zip)],
    )
}

fn person(ks: &str, name: &str, home: Value, tags: &[&str]) -> Value {
    Value::udt(
        ks,
        "person",
        vec![
            ("name".into(), text(name)),
            ("home".into(), home),
            (
                "tags".into(),
                Value::List(tags.iter().map(|t| text(t)).collect()),
            ),
        ],
    )
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
