//! The derives over rows and values built by hand (no I/O): by-name
//! columns, renames, nulls, skips, errors naming field and column, named and
//! positional binding, nested UDTs.

use std::sync::Arc;

use cqlbridge_driver_api::{
    ColumnSpec, ColumnType, FromRow, FromValue, IntoValue, IntoValues, Row, Value, Values,
};
use cqlbridge_macros::{FromRow, IntoValues, Udt};

#[derive(Debug, PartialEq, FromRow, IntoValues)]
#[cql(crate = "cqlbridge_driver_api")]
struct User {
    id: i64,
    #[cql(rename = "user_name")]
    name: String,
    nick: Option<String>,
    #[cql(skip)]
    cached: u8,
}

#[derive(Debug, PartialEq, IntoValues)]
#[cql(crate = "cqlbridge_driver_api", positional)]
struct Key {
    id: i64,
    name: String,
}

#[derive(Debug, Clone, PartialEq, Udt)]
#[cql(crate = "cqlbridge_driver_api")]
struct Point {
    x: i32,
    #[cql(rename = "y_pos")]
    y: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Udt)]
#[cql(crate = "cqlbridge_driver_api")]
struct Shape {
    label: String,
    at: Point,
    path: Vec<Point>,
}

fn cols(names: &[&str]) -> Arc<[ColumnSpec]> {
    names
        .iter()
        .map(|n| ColumnSpec::new(*n, ColumnType::Text))
        .collect::<Vec<_>>()
        .into()
}

#[test]
fn from_row_by_name_in_any_order_moving_text() {
    let row = Row::new(
        cols(&["nick", "extra", "user_name", "id"]),
        vec![
            Value::Null,
            Value::Int(0),
            Value::Text("ada".into()),
            Value::BigInt(7),
        ],
    )
    .unwrap();
    let at = match &row.values()[2] {
        Value::Text(s) => s.as_ptr(),
        _ => unreachable!(),
    };
    let u = User::from_row(row).unwrap();
    assert_eq!(u.name.as_ptr(), at, "text moved, not copied");
    let want = User {
        id: 7,
        name: "ada".into(),
        nick: None,
        cached: 0,
    };
    assert_eq!(u, want);
}

#[test]
fn from_row_errors_name_the_field_and_the_column() {
    let row = Row::new(cols(&["id", "nick"]), vec![Value::BigInt(1), Value::Null]).unwrap();
    let e = User::from_row(row).unwrap_err();
    assert!(e.is_type(), "{e}");
    assert!(
        e.message().contains("User.name: no column `user_name`"),
        "{e}"
    );
    let row = Row::new(
        cols(&["id", "user_name", "nick"]),
        vec![
            Value::Text("x".into()),
            Value::Text("a".into()),
            Value::Null,
        ],
    )
    .unwrap();
    let e = User::from_row(row).unwrap_err();
    assert!(e.message().starts_with("User.id (column `id`)"), "{e}");
    let row = Row::new(
        cols(&["id", "user_name", "nick"]),
        vec![Value::BigInt(1), Value::Null, Value::Null],
    )
    .unwrap();
    let e = User::from_row(row).unwrap_err();
    assert!(
        e.message().contains("User.name (column `user_name`)"),
        "{e}"
    );
    assert!(e.message().contains("null"), "{e}");
}

#[test]
fn into_values_by_name_and_by_position() {
    let u = User {
        id: 1,
        name: "a".into(),
        nick: None,
        cached: 9,
    };
    assert_eq!(
        u.into_values(),
        Values::Named(vec![
            ("id".into(), Value::BigInt(1)),
            ("user_name".into(), Value::Text("a".into())),
            ("nick".into(), Value::Null),
        ])
    );
    let k = Key {
        id: 2,
        name: "b".into(),
    };
    assert_eq!(
        k.into_values(),
        Values::Positional(vec![Value::BigInt(2), Value::Text("b".into())])
    );
}

#[test]
fn udt_round_trip_nested_with_renames_and_missing_fields() {
    let s = Shape {
        label: "tri".into(),
        at: Point { x: 1, y: None },
        path: vec![Point { x: 2, y: Some(3) }],
    };
    let v = s.clone().into_value();
    let Value::Udt(u) = &v else {
        panic!("not a udt: {v:?}")
    };
    assert_eq!(u.fields[1].0, "at");
    assert_eq!(Shape::from_value(&v).unwrap(), s);
    assert_eq!(Shape::from_owned(v).unwrap(), s);
    // A field the value lacks reads as null: None for an Option.
    let p = Value::udt("ks", "point", vec![("x".into(), Value::Int(5))]);
    assert_eq!(Point::from_value(&p).unwrap(), Point { x: 5, y: None });
    let e = Point::from_value(&Value::udt("ks", "point", vec![])).unwrap_err();
    assert!(e.message().contains("Point.x (udt field `x`)"), "{e}");
    assert!(Point::from_value(&Value::Int(1)).unwrap_err().is_type());
    assert_eq!(Option::<Point>::from_value(&Value::Null).unwrap(), None);
}
