//! `#[derive(FromRow)]`'s `DecodeRow` half over cells built by hand (no
//! I/O): fields found by column name in any order, extra columns ignored,
//! each field read by the direct path its type has (`FromCell`) and only
//! the others through the cell's `Value`, nulls, skips, and errors naming
//! the struct, the field and the column.

use std::cell::Cell;

use cqlbridge_driver_api::decode::{CellView, PageDecoder, RowsOf};
use cqlbridge_driver_api::{ColumnSpec, ColumnType, ErrorKind, Result, Value};
use cqlbridge_macros::FromRow;

#[derive(Debug, PartialEq, FromRow)]
#[cql(crate = "cqlbridge_driver_api")]
struct Run {
    id: i64,
    #[cql(rename = "build_id")]
    build: String,
    note: Option<String>,
    tags: Vec<String>,
    #[cql(skip)]
    cached: u8,
}

thread_local! {
    /// How many times a cell was read through `CellView::value`.
    static VALUE_READS: Cell<usize> = const { Cell::new(0) };
}

/// A cell over a `Value` that answers the typed readers and counts the
/// reads that took the general path.
struct Probe(Value);

impl CellView for Probe {
    fn is_null(&self) -> bool {
        matches!(self.0, Value::Null)
    }

    fn value(&self) -> Result<Value> {
        VALUE_READS.with(|n| n.set(n.get() + 1));
        Ok(self.0.clone())
    }

    fn text(&self) -> Result<Option<&str>> {
        Ok(match &self.0 {
            Value::Text(s) => Some(s),
            _ => None,
        })
    }

    fn bigint(&self) -> Result<Option<i64>> {
        Ok(match self.0 {
            Value::BigInt(v) => Some(v),
            _ => None,
        })
    }
}

fn columns(names: &[(&str, ColumnType)]) -> Vec<ColumnSpec> {
    names
        .iter()
        .map(|(n, t)| ColumnSpec::new(*n, t.clone()))
        .collect()
}

fn decode(cols: &[ColumnSpec], rows: Vec<Vec<Value>>) -> Result<Vec<Run>> {
    let mut sink = RowsOf::<Run>::new().begin(cols, rows.len())?;
    for row in rows {
        for (i, v) in row.into_iter().enumerate() {
            sink.cell(i, &Probe(v))?;
        }
        sink.end_row()?;
    }
    Ok(sink.finish().into_typed::<Run>()?.rows)
}

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

#[test]
fn fields_come_by_name_and_only_non_direct_types_read_a_value() {
    // Another order than the struct's, and a column no field reads.
    let cols = columns(&[
        ("extra", ColumnType::Int),
        ("tags", ColumnType::List(Box::new(ColumnType::Text))),
        ("note", ColumnType::Text),
        ("build_id", ColumnType::Text),
        ("id", ColumnType::BigInt),
    ]);
    let row = |id: i64, note: Value| {
        vec![
            Value::Int(9),
            Value::List(vec![text("nightly")]),
            note,
            text("b-1"),
            Value::BigInt(id),
        ]
    };
    VALUE_READS.with(|n| n.set(0));
    let runs = decode(&cols, vec![row(1, text("flaky")), row(2, Value::Null)]).unwrap();
    assert_eq!(
        runs,
        vec![
            Run {
                id: 1,
                build: "b-1".into(),
                note: Some("flaky".into()),
                tags: vec!["nightly".into()],
                cached: 0,
            },
            Run {
                id: 2,
                build: "b-1".into(),
                note: None,
                tags: vec!["nightly".into()],
                cached: 0,
            },
        ]
    );
    // Only `tags` (a list: no direct path) went through a `Value`, once a row.
    assert_eq!(VALUE_READS.with(Cell::get), 2);
}

#[test]
fn a_widened_integer_takes_the_value_path_and_a_mismatch_names_the_field() {
    let cols = columns(&[
        ("id", ColumnType::Int),
        ("build_id", ColumnType::Text),
        ("note", ColumnType::Text),
        ("tags", ColumnType::List(Box::new(ColumnType::Text))),
    ]);
    let runs = decode(
        &cols,
        vec![vec![
            Value::Int(5),
            text("b"),
            Value::Null,
            Value::List(vec![]),
        ]],
    )
    .unwrap();
    assert_eq!(runs[0].id, 5, "an int column widens into an i64 field");
    let bad = decode(
        &cols,
        vec![vec![text("x"), text("b"), Value::Null, Value::List(vec![])]],
    )
    .unwrap_err();
    assert_eq!(bad.kind(), &ErrorKind::Type);
    assert!(bad.message().contains("Run.id (column `id`)"), "{bad}");
    let null = decode(
        &cols,
        vec![vec![
            Value::Int(1),
            Value::Null,
            Value::Null,
            Value::List(vec![]),
        ]],
    )
    .unwrap_err();
    assert!(
        null.message().contains("Run.build (column `build_id`)"),
        "{null}"
    );
}

#[test]
fn a_missing_column_is_refused_before_any_row() {
    let cols = columns(&[("id", ColumnType::BigInt), ("note", ColumnType::Text)]);
    let err = RowsOf::<Run>::new().begin(&cols, 0).err().expect("refused");
    assert_eq!(err.kind(), &ErrorKind::Type);
    assert!(
        err.message().contains("Run.build: no column `build_id`"),
        "{err}"
    );
}

#[test]
fn a_page_without_rows_is_empty() {
    let page = RowsOf::<Run>::new().empty();
    assert!(page.is_empty());
    assert!(page.into_typed::<Run>().unwrap().rows.is_empty());
}
