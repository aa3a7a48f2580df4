//! Runtime support for the code that `cqlbridge-macros` generates
//! (`#[derive(FromRow)]`, `#[derive(IntoValues)]`, `#[derive(Udt)]`).
//!
//! Not a public API: the generated code reaches it as
//! `::cqlbridge::__derive` (or `<crate>::__derive` with `#[cql(crate = "…")]`),
//! and it may change in any release. Every helper returns a typed
//! [`Error`](crate::Error); none panics on bad data.

pub use crate::column::ColumnSpec;
pub use crate::convert::{FromValue, IntoValue};
pub use crate::error::{Error, ErrorKind, Result};
pub use crate::from_row::FromRow;
pub use crate::row::Row;
pub use crate::value::{UdtValue, Value};
pub use crate::values::{IntoValues, Values};

pub use std::string::String;
pub use std::vec::Vec;

/// The position in `columns` of each of the `N` column names, looked up once
/// per row. A column in the same place as its field is found without a search;
/// a missing column is a `Type` error naming the struct, the field and the
/// column, and listing the row's columns.
pub fn positions<const N: usize>(
    columns: &[ColumnSpec],
    names: &[&str; N],
    strukt: &str,
    fields: &[&str; N],
) -> Result<[usize; N]> {
    let mut out = [0usize; N];
    for (k, name) in names.iter().enumerate() {
        out[k] = match columns.get(k) {
            Some(c) if c.name == *name => k,
            _ => match columns.iter().position(|c| c.name == *name) {
                Some(i) => i,
                None => {
                    let have: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
                    return Err(Error::type_error(format!(
                        "{strukt}.{}: no column `{name}` in the row (it has: {})",
                        fields[k],
                        have.join(", ")
                    )));
                }
            },
        };
    }
    Ok(out)
}

/// Column `index` of `values` as a `T`, moved out (text is not copied); the
/// error names the struct, the field and the column. Each index is taken once
/// (the macro rejects two fields on one column).
pub fn take<T: FromValue>(
    values: &mut [Value],
    index: usize,
    strukt: &str,
    field: &str,
    column: &str,
) -> Result<T> {
    let Some(slot) = values.get_mut(index) else {
        return Err(Error::type_error(format!(
            "{strukt}.{field}: column `{column}` is past the end of the row"
        )));
    };
    let value = std::mem::replace(slot, Value::Null);
    T::from_owned(value).map_err(|e| {
        Error::type_error(format!(
            "{strukt}.{field} (column `{column}`): {}",
            e.message()
        ))
    })
}

/// The fields of a UDT value, taken out of `value`; anything but a UDT is a
/// `Type` error naming the struct.
pub fn udt_fields(value: Value, strukt: &str) -> Result<Vec<(String, Value)>> {
    match value {
        Value::Udt(udt) => Ok(udt.fields),
        other => Err(not_a_udt(&other, strukt)),
    }
}

/// The fields of a borrowed UDT value; anything but a UDT is a `Type` error
/// naming the struct.
pub fn udt_fields_ref<'a>(value: &'a Value, strukt: &str) -> Result<&'a [(String, Value)]> {
    match value {
        Value::Udt(udt) => Ok(&udt.fields),
        other => Err(not_a_udt(other, strukt)),
    }
}

fn not_a_udt(found: &Value, strukt: &str) -> Error {
    if found.is_null() {
        Error::type_error(format!(
            "{strukt}: expected a udt, found null (read it as an Option to accept nulls)"
        ))
    } else {
        Error::type_error(format!(
            "{strukt}: expected a udt, found {}",
            found.type_name()
        ))
    }
}

/// The UDT field `name` as a `T`, moved out of `fields`. A field the value
/// lacks reads as null (a field added to the type after the value was
/// written), so an `Option` field gets `None` and any other type a `Type`
/// error; errors name the struct, the Rust field and the UDT field.
pub fn take_field<T: FromValue>(
    fields: &mut [(String, Value)],
    name: &str,
    strukt: &str,
    field: &str,
) -> Result<T> {
    let value = fields
        .iter_mut()
        .find(|(n, _)| n == name)
        .map_or(Value::Null, |(_, v)| std::mem::replace(v, Value::Null));
    T::from_owned(value).map_err(|e| field_error(strukt, field, name, &e))
}

/// The UDT field `name` as a `T`, converted from a borrowed value; a missing
/// field reads as null, as in [`take_field`].
pub fn field_ref<T: FromValue>(
    fields: &[(String, Value)],
    name: &str,
    strukt: &str,
    field: &str,
) -> Result<T> {
    match fields.iter().find(|(n, _)| n == name) {
        Some((_, v)) => T::from_value(v),
        None => T::from_owned(Value::Null),
    }
    .map_err(|e| field_error(strukt, field, name, &e))
}

fn field_error(strukt: &str, field: &str, name: &str, e: &Error) -> Error {
    Error::type_error(format!(
        "{strukt}.{field} (udt field `{name}`): {}",
        e.message()
    ))
}

/// A UDT value to bind (keyspace and type name left empty: the server's
/// metadata for the marker names the type).
pub fn udt(fields: Vec<(String, Value)>) -> Value {
    Value::udt("", "", fields)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::column::ColumnType;

    fn cols() -> Arc<[ColumnSpec]> {
        vec![
            ColumnSpec::new("a", ColumnType::Int),
            ColumnSpec::new("b", ColumnType::Text),
        ]
        .into()
    }

    #[test]
    fn positions_in_place_out_of_place_and_missing() {
        let c = cols();
        assert_eq!(
            positions(&c, &["a", "b"], "S", &["a", "b"]).unwrap(),
            [0, 1]
        );
        assert_eq!(
            positions(&c, &["b", "a"], "S", &["x", "y"]).unwrap(),
            [1, 0]
        );
        let e = positions(&c, &["a", "zz"], "S", &["a", "z"]).unwrap_err();
        assert!(
            e.is_type() && e.message().contains("S.z: no column `zz`"),
            "{e}"
        );
        assert!(e.message().contains("a, b"), "{e}");
    }

    #[test]
    fn take_moves_and_names_field_and_column() {
        let mut vs = vec![Value::Int(1), Value::Text("x".into())];
        let at = match &vs[1] {
            Value::Text(s) => s.as_ptr(),
            _ => unreachable!(),
        };
        let s: String = take(&mut vs, 1, "S", "name", "b").unwrap();
        assert_eq!(s.as_ptr(), at);
        let e = take::<String>(&mut vs, 0, "S", "id", "a").unwrap_err();
        assert!(
            e.is_type() && e.message().starts_with("S.id (column `a`)"),
            "{e}"
        );
        assert!(take::<i32>(&mut vs, 9, "S", "f", "c").is_err());
    }

    #[test]
    fn udt_fields_missing_read_as_null() {
        let v = udt(vec![("x".into(), Value::Int(3))]);
        let mut f = udt_fields(v.clone(), "P").unwrap();
        assert_eq!(take_field::<i32>(&mut f, "x", "P", "x").unwrap(), 3);
        assert_eq!(
            take_field::<Option<i32>>(&mut f, "y", "P", "y").unwrap(),
            None
        );
        let e = field_ref::<i32>(udt_fields_ref(&v, "P").unwrap(), "y", "P", "y").unwrap_err();
        assert!(e.message().contains("P.y (udt field `y`)"), "{e}");
        assert!(udt_fields(Value::Null, "P").unwrap_err().is_type());
        assert!(udt_fields_ref(&Value::Int(1), "P").is_err());
    }
}

pub use crate::decode::{CellView, DecodeRow, FromCell};

/// The field type `T`, for the generated code to read a cell by the most
/// direct path `T` has: [`ByCell`] when `T` is [`FromCell`], else
/// [`ByValue`]. Called as `(&Field::<T>::new()).read(cell)`: method lookup
/// finds `ByCell` on `Field<T>` first, and `ByValue` (on `&Field<T>`) only
/// when `T` is not `FromCell`.
#[derive(Debug)]
pub struct Field<T>(std::marker::PhantomData<fn() -> T>);

impl<T> Field<T> {
    /// The marker of `T`.
    pub fn new() -> Self {
        Field(std::marker::PhantomData)
    }
}

impl<T> Default for Field<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Reads a field straight from the cell.
pub trait ByCell<T> {
    /// The cell as a `T`.
    fn read(&self, cell: &dyn CellView) -> Result<T>;
}

impl<T: FromCell> ByCell<T> for Field<T> {
    fn read(&self, cell: &dyn CellView) -> Result<T> {
        T::from_cell(cell)
    }
}

/// Reads a field through the cell's [`Value`].
pub trait ByValue<T> {
    /// The cell as a `T`.
    fn read(&self, cell: &dyn CellView) -> Result<T>;
}

impl<T: FromValue> ByValue<T> for &Field<T> {
    fn read(&self, cell: &dyn CellView) -> Result<T> {
        T::from_owned(cell.value()?)
    }
}

/// A field's read, its error naming the struct, the field and the column.
pub fn named<T>(read: Result<T>, strukt: &str, field: &str, column: &str) -> Result<T> {
    read.map_err(|e| {
        Error::type_error(format!(
            "{strukt}.{field} (column `{column}`): {}",
            e.message()
        ))
    })
}

/// A field of the current row that no cell filled: taken out, or an
/// `Protocol` error (a backend that skipped a column).
pub fn filled<T>(slot: &mut Option<T>, strukt: &str, field: &str) -> Result<T> {
    slot.take().ok_or_else(|| {
        Error::new(
            ErrorKind::Protocol,
            format!("{strukt}.{field}: the backend gave no cell for its column"),
        )
    })
}
