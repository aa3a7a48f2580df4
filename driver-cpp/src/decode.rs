//! Rows decoded into the caller's type straight from libcassandra's values
//! (`Driver::execute_prepared_into`): each cell handed to the decoder as a
//! view of the value's wire bytes, the common native types read from them
//! directly, everything else through `cells::decode`, the path that builds
//! our `Value`s, so both accept the same cells.

use cqlbridge_driver_api::decode::{CellView, DecodedPage, PageDecoder};
use cqlbridge_driver_api::{ColumnType, Error, Result, Value};
use uuid::Uuid;

use crate::cells::{decode, fixed};
use crate::ffi::{ResultH, ValueRef};
use crate::paging::next_state;
use crate::rows::columns;

/// One cell of a result row, with its column's type.
struct CppCell<'a> {
    value: Option<ValueRef<'a>>,
    typ: &'a ColumnType,
}

impl CppCell<'_> {
    /// The cell's bytes when its type is `want`, else `None` (a null cell
    /// included: the value path reads it).
    fn bytes_of(&self, want: fn(&ColumnType) -> bool) -> Option<&[u8]> {
        if self.is_null() || !want(self.typ) {
            return None;
        }
        self.value.map(ValueRef::bytes)
    }

    /// A fixed-size value of a type `want` accepts, `from` its `N` bytes.
    fn fixed_of<const N: usize, T>(
        &self,
        want: fn(&ColumnType) -> bool,
        what: &str,
        from: fn([u8; N]) -> T,
    ) -> Result<Option<T>> {
        self.bytes_of(want)
            .map(|b| fixed(what, b).map(from))
            .transpose()
    }
}

impl CellView for CppCell<'_> {
    fn is_null(&self) -> bool {
        use ColumnType as T;
        match self.value {
            None => true,
            // As `cells::decode`: an empty value of a scalar type other than
            // text and blob carries no value.
            Some(v) => {
                v.is_null()
                    || (v.bytes().is_empty()
                        && !matches!(
                            self.typ,
                            T::Ascii
                                | T::Text
                                | T::Blob
                                | T::Custom(_)
                                | T::List(_)
                                | T::Set(_)
                                | T::Map(..)
                                | T::Tuple(_)
                                | T::Udt { .. }
                        ))
            }
        }
    }

    fn value(&self) -> Result<Value> {
        match self.value {
            Some(v) => decode(v, self.typ),
            None => Ok(Value::Null),
        }
    }

    fn text(&self) -> Result<Option<&str>> {
        self.bytes_of(|t| matches!(t, ColumnType::Ascii | ColumnType::Text))
            .map(|b| {
                std::str::from_utf8(b)
                    .map_err(|_| Error::type_error("a text value is not valid UTF-8"))
            })
            .transpose()
    }

    fn bigint(&self) -> Result<Option<i64>> {
        self.fixed_of(|t| *t == ColumnType::BigInt, "bigint", i64::from_be_bytes)
    }

    fn int(&self) -> Result<Option<i32>> {
        self.fixed_of(|t| *t == ColumnType::Int, "int", i32::from_be_bytes)
    }

    fn double(&self) -> Result<Option<f64>> {
        self.fixed_of(|t| *t == ColumnType::Double, "double", f64::from_be_bytes)
    }

    fn boolean(&self) -> Result<Option<bool>> {
        self.fixed_of(
            |t| *t == ColumnType::Boolean,
            "boolean",
            |[b]: [u8; 1]| b != 0,
        )
    }

    fn uuid(&self) -> Result<Option<Uuid>> {
        self.fixed_of(|t| *t == ColumnType::Uuid, "uuid", Uuid::from_bytes)
    }

    fn timestamp(&self) -> Result<Option<i64>> {
        self.fixed_of(
            |t| *t == ColumnType::Timestamp,
            "timestamp",
            i64::from_be_bytes,
        )
    }
}

/// A completed result's page through `decoder`, cell by cell while the
/// libcassandra result is alive; a result without columns has no rows.
pub(crate) fn page(result: &ResultH, decoder: &dyn PageDecoder) -> Result<DecodedPage> {
    if result.column_count() == 0 {
        return Ok(decoder.empty());
    }
    let columns = columns(result);
    let mut sink = decoder.begin(&columns, result.row_count())?;
    result.for_each_row(|row| {
        for (i, spec) in columns.iter().enumerate() {
            let cell = CppCell {
                value: row.column(i),
                typ: &spec.typ,
            };
            sink.cell(i, &cell)?;
        }
        sink.end_row()
    })?;
    Ok(sink.finish().with_paging_state(next_state(result)?))
}
