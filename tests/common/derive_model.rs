//! The data model of the derive tests, shared by `tests/derive` and the
//! conformance case C41: a nested UDT and a list of UDTs (`Udt`), a struct
//! bound by name and read back (`IntoValues`, `FromRow`, with a rename and
//! nullable columns), a key bound by position, a struct whose field has no
//! column, the rows written and the schema that holds them.

use cqlbridge::{FromRow, IntoValues, Udt};

/// A UDT with a renamed, nullable field.
#[derive(Debug, Clone, PartialEq, Udt)]
pub(crate) struct Point {
    pub(crate) x: i32,
    #[cql(rename = "y_pos")]
    pub(crate) y: Option<i32>,
}

/// A UDT holding another.
#[derive(Debug, Clone, PartialEq, Udt)]
pub(crate) struct Place {
    pub(crate) label: String,
    pub(crate) at: Point,
}

/// A row: written by name, read back by column name.
#[derive(Debug, Clone, PartialEq, FromRow, IntoValues)]
pub(crate) struct User {
    pub(crate) id: i64,
    #[cql(rename = "user_name")]
    pub(crate) name: String,
    pub(crate) nick: Option<String>,
    pub(crate) home: Option<Place>,
    pub(crate) path: Vec<Point>,
}

/// The primary key, bound by position.
#[derive(Debug, IntoValues)]
#[cql(positional)]
pub(crate) struct ById {
    pub(crate) id: i64,
}

/// A struct with a field the table has no column for.
#[derive(Debug, FromRow)]
#[allow(dead_code, reason = "read only for its error")]
pub(crate) struct Wrong {
    pub(crate) id: i64,
    pub(crate) missing: i32,
}

/// The two users written: every field set, and every nullable one null.
pub(crate) fn users() -> [User; 2] {
    [
        User {
            id: 1,
            name: "ada".into(),
            nick: Some("a".into()),
            home: Some(Place {
                label: "home".into(),
                at: Point { x: 1, y: Some(2) },
            }),
            path: vec![Point { x: 3, y: None }, Point { x: 4, y: Some(5) }],
        },
        User {
            id: 2,
            name: "bob".into(),
            nick: None,
            home: None,
            // An empty list is stored as null: a `Vec` field needs one element.
            path: vec![Point { x: 0, y: None }],
        },
    ]
}

/// The types and the table in keyspace `ks`, in the order to create them.
pub(crate) fn schema(ks: &str) -> [String; 3] {
    [
        format!("CREATE TYPE {ks}.point (x int, y_pos int)"),
        format!("CREATE TYPE {ks}.place (label text, at frozen<point>)"),
        format!(
            "CREATE TABLE {ks}.users (id bigint PRIMARY KEY, user_name text, nick text, \
             home frozen<place>, path list<frozen<point>>)"
        ),
    ]
}

/// The insert by name of a [`User`] into keyspace `ks`.
pub(crate) fn insert_cql(ks: &str) -> String {
    format!(
        "INSERT INTO {ks}.users (id, user_name, nick, home, path) \
         VALUES (:id, :user_name, :nick, :home, :path)"
    )
}

/// The select of one user by primary key in keyspace `ks`.
pub(crate) fn select_cql(ks: &str) -> String {
    format!("SELECT * FROM {ks}.users WHERE id = ?")
}
