//! [`FromRow`]: a whole [`Row`] taken apart into a Rust value, such as a
//! tuple with one element per column, moving each value out instead of
//! copying it.

use crate::column::ColumnSpec;
use crate::convert::FromValue;
use crate::error::{Error, Result};
use crate::row::{column_error, Row};
use crate::value::Value;

/// A Rust value made from a whole row, which it consumes.
///
/// Tuples of up to 12 elements take the columns in order, each converted
/// with [`FromValue::from_owned`] (text is moved, not copied); a row with
/// another number of columns, or a value of the wrong type, is a `Type`
/// error that names the column.
///
/// ```
/// # use std::sync::Arc;
/// # use cqlbridge_driver_api::{ColumnSpec, ColumnType, Row, Value};
/// let cols: Arc<[ColumnSpec]> = vec![
///     ColumnSpec::new("id", ColumnType::BigInt),
///     ColumnSpec::new("name", ColumnType::Text),
/// ]
/// .into();
/// let row = Row::new(cols, vec![Value::BigInt(7), Value::Text("ada".into())]).unwrap();
/// let (id, name): (i64, String) = row.into_typed().unwrap();
/// assert_eq!((id, name.as_str()), (7, "ada"));
/// ```
pub trait FromRow: Sized {
    /// Converts `row`, or fails with a `Type` error.
    fn from_row(row: Row) -> Result<Self>;
}

impl FromRow for Row {
    fn from_row(row: Row) -> Result<Self> {
        Ok(row)
    }
}

/// Column `index` of `values` as a `T`; the error names the column.
fn take<T: FromValue>(
    values: &mut std::vec::IntoIter<Value>,
    columns: &[ColumnSpec],
    index: usize,
) -> Result<T> {
    match values.next() {
        Some(value) => T::from_owned(value).map_err(|e| column_error(name(columns, index), &e)),
        None => Err(Error::type_error(format!(
            "column `{}`: the row ended before it",
            name(columns, index)
        ))),
    }
}

/// The name of column `index`, for an error.
fn name(columns: &[ColumnSpec], index: usize) -> &str {
    columns.get(index).map_or("?", |c| c.name.as_str())
}

macro_rules! from_row_tuples {
    ($($len:literal => ($($name:ident $idx:tt),+);)*) => {$(
        impl<$($name: FromValue),+> FromRow for ($($name,)+) {
            fn from_row(row: Row) -> Result<Self> {
                if row.len() != $len {
                    return Err(Error::type_error(format!(
                        "a row of {} columns does not fit a tuple of {}",
                        row.len(),
                        $len
                    )));
                }
                let (columns, values) = row.into_parts();
                let mut values = values.into_iter();
                Ok(($(take::<$name>(&mut values, &columns, $idx)?,)+))
            }
        }
    )*};
}

from_row_tuples! {
    1 => (A 0);
    2 => (A 0, B 1);
    3 => (A 0, B 1, C 2);
    4 => (A 0, B 1, C 2, D 3);
    5 => (A 0, B 1, C 2, D 3, E 4);
    6 => (A 0, B 1, C 2, D 3, E 4, F 5);
    7 => (A 0, B 1, C 2, D 3, E 4, F 5, G 6);
    8 => (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
    9 => (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
    10 => (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
    11 => (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
    12 => (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::column::ColumnType;

    fn row() -> Row {
        let cols: Arc<[ColumnSpec]> = vec![
            ColumnSpec::new("id", ColumnType::BigInt),
            ColumnSpec::new("n", ColumnType::Int),
            ColumnSpec::new("v", ColumnType::Text),
        ]
        .into();
        Row::new(
            cols,
            vec![Value::BigInt(1), Value::Null, Value::Text("x".into())],
        )
        .unwrap()
    }

    #[test]
    fn tuples_take_the_columns_in_order_and_move_text() {
        let r = row();
        let text_at = match &r.values()[2] {
            Value::Text(s) => s.as_ptr(),
            _ => unreachable!(),
        };
        let (id, n, v): (i64, Option<i32>, String) = r.into_typed().unwrap();
        assert_eq!((id, n, v.as_str()), (1, None, "x"));
        // The text was moved out of the row, not copied.
        assert_eq!(v.as_ptr(), text_at);
        let whole: Row = row().into_typed().unwrap();
        assert_eq!(whole, row());
    }

    #[test]
    fn wrong_width_and_wrong_types_are_type_errors_naming_the_column() {
        let e = row().into_typed::<(i64, i32)>().unwrap_err();
        assert!(e.is_type() && e.message().contains("3 columns"), "{e}");
        let e = row().into_typed::<(i64, i32, String)>().unwrap_err();
        assert!(e.is_type() && e.message().contains("column `n`"), "{e}");
        let e = row()
            .into_typed::<(String, Option<i32>, String)>()
            .unwrap_err();
        assert!(e.is_type() && e.message().contains("column `id`"), "{e}");
    }
}
