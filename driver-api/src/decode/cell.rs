//! One result cell as the backend holds it ([`CellView`]), and Rust types
//! read straight from it ([`FromCell`]).
//!
//! A backend that decodes rows into the caller's type hands each cell to
//! the decoder as a `CellView` over its own representation (a slice of
//! the response frame, a C driver value). The common native types are read
//! from it directly; anything else, and any cell that is not exactly the
//! type asked for, goes through [`CellView::value`] and [`FromValue`], so
//! that both paths accept and refuse the same cells with the same errors.

use uuid::Uuid;

use crate::convert::FromValue;
use crate::error::Result;
use crate::value::{CqlTimestamp, Value};

/// A cell of a result row, borrowed from the backend's own representation.
///
/// Each typed reader returns `Ok(Some(_))` when the cell holds exactly that
/// CQL type, `Ok(None)` when it holds another type or no value (the caller
/// then reads [`CellView::value`]), and an error only for bytes that do not
/// decode. The defaults answer `None`: a view need only implement
/// [`is_null`](CellView::is_null) and [`value`](CellView::value).
pub trait CellView {
    /// Whether the cell holds no value (the same cells
    /// [`value`](CellView::value) reads as [`Value::Null`]).
    fn is_null(&self) -> bool;

    /// The cell as a [`Value`]: every type, the general path.
    fn value(&self) -> Result<Value>;

    /// An `ascii` or `text` cell, borrowed.
    fn text(&self) -> Result<Option<&str>> {
        Ok(None)
    }

    /// A `bigint` cell.
    fn bigint(&self) -> Result<Option<i64>> {
        Ok(None)
    }

    /// An `int` cell.
    fn int(&self) -> Result<Option<i32>> {
        Ok(None)
    }

    /// A `double` cell.
    fn double(&self) -> Result<Option<f64>> {
        Ok(None)
    }

    /// A `boolean` cell.
    fn boolean(&self) -> Result<Option<bool>> {
        Ok(None)
    }

    /// A `uuid` cell (a `timeuuid` answers `None`).
    fn uuid(&self) -> Result<Option<Uuid>> {
        Ok(None)
    }

    /// A `timestamp` cell, milliseconds since the Unix epoch.
    fn timestamp(&self) -> Result<Option<i64>> {
        Ok(None)
    }
}

/// A Rust type read from a [`CellView`]. Implemented for the types a
/// backend's cells can give without a [`Value`] in between; the derive
/// reads every other field type through [`FromValue`].
pub trait FromCell: Sized {
    /// Reads the cell, or fails with the error [`FromValue`] gives.
    fn from_cell(cell: &dyn CellView) -> Result<Self>;
}

/// `Self` from the typed reader's answer, or through the general path.
fn or_value<T: FromValue>(fast: Result<Option<T>>, cell: &dyn CellView) -> Result<T> {
    match fast? {
        Some(v) => Ok(v),
        None => T::from_owned(cell.value()?),
    }
}

impl FromCell for String {
    fn from_cell(cell: &dyn CellView) -> Result<Self> {
        match cell.text()? {
            Some(s) => Ok(s.to_owned()),
            None => String::from_owned(cell.value()?),
        }
    }
}

macro_rules! from_cell {
    ($($t:ty => $reader:ident;)*) => {$(
        impl FromCell for $t {
            fn from_cell(cell: &dyn CellView) -> Result<Self> {
                or_value(cell.$reader(), cell)
            }
        }
    )*};
}

from_cell! {
    i64 => bigint;
    i32 => int;
    f64 => double;
    bool => boolean;
    Uuid => uuid;
}

impl FromCell for CqlTimestamp {
    fn from_cell(cell: &dyn CellView) -> Result<Self> {
        or_value(cell.timestamp().map(|t| t.map(CqlTimestamp)), cell)
    }
}

impl<T: FromCell> FromCell for Option<T> {
    fn from_cell(cell: &dyn CellView) -> Result<Self> {
        if cell.is_null() {
            Ok(None)
        } else {
            T::from_cell(cell).map(Some)
        }
    }
}

/// A [`CellView`] over a [`Value`]: the path of a backend that builds
/// values (and of the default `Driver::execute_prepared_into`).
#[derive(Debug)]
pub struct ValueCell<'a>(pub &'a Value);

impl CellView for ValueCell<'_> {
    fn is_null(&self) -> bool {
        matches!(self.0, Value::Null)
    }

    fn value(&self) -> Result<Value> {
        Ok(self.0.clone())
    }

    fn text(&self) -> Result<Option<&str>> {
        Ok(match self.0 {
            Value::Text(s) | Value::Ascii(s) => Some(s),
            _ => None,
        })
    }

    fn bigint(&self) -> Result<Option<i64>> {
        Ok(match self.0 {
            Value::BigInt(v) => Some(*v),
            _ => None,
        })
    }

    fn int(&self) -> Result<Option<i32>> {
        Ok(match self.0 {
            Value::Int(v) => Some(*v),
            _ => None,
        })
    }

    fn double(&self) -> Result<Option<f64>> {
        Ok(match self.0 {
            Value::Double(v) => Some(*v),
            _ => None,
        })
    }

    fn boolean(&self) -> Result<Option<bool>> {
        Ok(match self.0 {
            Value::Boolean(v) => Some(*v),
            _ => None,
        })
    }

    fn uuid(&self) -> Result<Option<Uuid>> {
        Ok(match self.0 {
            Value::Uuid(v) => Some(*v),
            _ => None,
        })
    }

    fn timestamp(&self) -> Result<Option<i64>> {
        Ok(match self.0 {
            Value::Timestamp(t) => Some(t.0),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_reads_and_the_value_path_agree() {
        let text = Value::Text("héllo".into());
        assert_eq!(String::from_cell(&ValueCell(&text)).unwrap(), "héllo");
        // Widening goes through FromValue, as it would from a row.
        let small = Value::Int(7);
        assert_eq!(i64::from_cell(&ValueCell(&small)).unwrap(), 7);
        let big = Value::BigInt(i64::MAX);
        let narrow = i32::from_cell(&ValueCell(&big)).unwrap_err();
        assert_eq!(
            narrow.message(),
            i32::from_value(&big).unwrap_err().message()
        );
        assert_eq!(
            Option::<String>::from_cell(&ValueCell(&Value::Null)).unwrap(),
            None
        );
        assert!(String::from_cell(&ValueCell(&Value::Null)).is_err());
        let at = Value::Timestamp(CqlTimestamp(1_700));
        assert_eq!(
            CqlTimestamp::from_cell(&ValueCell(&at)).unwrap(),
            CqlTimestamp(1_700)
        );
        let tu = Value::TimeUuid(Uuid::from_u128(3));
        assert_eq!(
            Uuid::from_cell(&ValueCell(&tu)).unwrap(),
            Uuid::from_u128(3)
        );
    }
}
