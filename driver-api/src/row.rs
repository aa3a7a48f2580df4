//! [`Row`]: one result row, with columns by index or by name.

use std::sync::Arc;

use crate::column::ColumnSpec;
use crate::convert::FromValue;
use crate::error::{Error, Result};
use crate::value::Value;

/// A row of a result. Column metadata is shared by every row of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    columns: Arc<[ColumnSpec]>,
    values: Vec<Value>,
}

/// A way to name a column: its position (`usize`) or its name (`&str`).
pub trait ColumnIndex {
    /// The position of the column in `columns`, or an `Invalid` error.
    fn position(&self, columns: &[ColumnSpec]) -> Result<usize>;
}

impl ColumnIndex for usize {
    fn position(&self, columns: &[ColumnSpec]) -> Result<usize> {
        if *self < columns.len() {
            Ok(*self)
        } else {
            Err(Error::invalid(format!(
                "column index {self} is out of range: the row has {} columns",
                columns.len()
            )))
        }
    }
}

impl ColumnIndex for &str {
    fn position(&self, columns: &[ColumnSpec]) -> Result<usize> {
        columns.iter().position(|c| c.name == *self).ok_or_else(|| {
            let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
            Error::invalid(format!(
                "no column named `{self}` (the row has: {})",
                names.join(", ")
            ))
        })
    }
}

impl Row {
    /// A row; `values` must have one value per column. For backend authors.
    pub fn new(columns: Arc<[ColumnSpec]>, values: Vec<Value>) -> Result<Self> {
        if columns.len() != values.len() {
            return Err(Error::new(
                crate::ErrorKind::Protocol,
                format!(
                    "a row has {} values for {} columns",
                    values.len(),
                    columns.len()
                ),
            ));
        }
        Ok(Row { columns, values })
    }

    /// The column metadata.
    pub fn columns(&self) -> &[ColumnSpec] {
        &self.columns
    }

    /// The values, in column order.
    pub fn values(&self) -> &[Value] {
        &self.values
    }

    /// Takes the values out of the row.
    pub fn into_values(self) -> Vec<Value> {
        self.values
    }

    /// Takes the row apart: its column metadata and its values.
    pub fn into_parts(self) -> (Arc<[ColumnSpec]>, Vec<Value>) {
        (self.columns, self.values)
    }

    /// The whole row as a `T` (a tuple with one element per column, …),
    /// moving the values out: see [`FromRow`](crate::FromRow).
    pub fn into_typed<T: crate::FromRow>(self) -> Result<T> {
        T::from_row(self)
    }

    /// Number of columns.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True for a row without columns.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The raw value of a column.
    #[allow(
        clippy::needless_pass_by_value,
        reason = "a column index is an integer or a name: `row.get(0)`, `row.get(\"id\")`"
    )]
    pub fn value(&self, column: impl ColumnIndex) -> Result<&Value> {
        let i = column.position(&self.columns)?;
        Ok(&self.values[i])
    }

    /// A column converted to `T`; the error names the column.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use cqlbridge_driver_api::{ColumnSpec, ColumnType, Row, Value};
    /// let cols: Arc<[ColumnSpec]> = vec![ColumnSpec::new("id", ColumnType::Int)].into();
    /// let row = Row::new(cols, vec![Value::Int(7)]).unwrap();
    /// assert_eq!(row.get::<i32>("id").unwrap(), 7);
    /// assert_eq!(row.get::<i64>(0).unwrap(), 7);
    /// assert!(row.get::<String>("id").is_err());
    /// ```
    #[allow(
        clippy::needless_pass_by_value,
        reason = "a column index is an integer or a name: `row.get(0)`, `row.get(\"id\")`"
    )]
    pub fn get<T: FromValue>(&self, column: impl ColumnIndex) -> Result<T> {
        let i = column.position(&self.columns)?;
        T::from_value(&self.values[i]).map_err(|e| column_error(&self.columns[i].name, &e))
    }
}

/// A conversion error `e` of the column `name`, as the `Type` error that
/// names it.
pub(crate) fn column_error(name: &str, e: &Error) -> Error {
    Error::type_error(format!("column `{name}`: {}", e.message()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::column::ColumnType;

    fn row() -> Row {
        let cols: Arc<[ColumnSpec]> = vec![
            ColumnSpec::new("id", ColumnType::Int),
            ColumnSpec::new("name", ColumnType::Text),
        ]
        .into();
        Row::new(cols, vec![Value::Int(1), Value::Null]).unwrap()
    }

    #[test]
    fn columns_by_index_and_name() {
        let r = row();
        assert_eq!(r.get::<i32>(0).unwrap(), 1);
        assert_eq!(r.get::<Option<String>>("name").unwrap(), None);
        assert_eq!(r.value("id").unwrap(), &Value::Int(1));
    }

    #[test]
    fn errors_name_the_column() {
        let r = row();
        let e = r.get::<String>("name").unwrap_err();
        assert!(
            e.is_type() && e.to_string().contains("column `name`"),
            "{e}"
        );
        let e = r.get::<i32>("nope").unwrap_err();
        assert!(e.is_invalid() && e.to_string().contains("id, name"), "{e}");
        assert!(r.get::<i32>(2).unwrap_err().is_invalid());
    }

    #[test]
    fn width_mismatch_is_rejected() {
        let cols: Arc<[ColumnSpec]> = vec![ColumnSpec::new("a", ColumnType::Int)].into();
        assert!(Row::new(cols, vec![]).is_err());
    }
}
