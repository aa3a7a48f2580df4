//! Rows decoded into the caller's type straight from the response frame
//! (`Driver::execute_prepared_into`): each cell handed to the decoder as a
//! view of its frame slice, the common native types read with the crate's
//! decoder for exactly that type, everything else through `cells::cell`,
//! the path that builds our `Value`s, so both accept the same cells.

use std::sync::Arc;

use cqlbridge_driver_api::decode::{CellView, DecodedPage, PageDecoder};
use cqlbridge_driver_api::{ColumnSpec, Error, ErrorKind, PagingState, Result, Value};
use scylla::deserialize::row::ColumnIterator;
use scylla::deserialize::value::DeserializeValue;
use scylla::deserialize::FrameSlice;
use scylla::frame::response::result::{ColumnType as SType, NativeType as N};
use scylla::response::query_result::QueryRowsResult;
use scylla::value::CqlTimestamp as STimestamp;
use uuid::Uuid;

use crate::cells;
use crate::rows::{self, decode_error};

/// One cell of the frame, with its column's type.
struct FrameCell<'frame, 'metadata> {
    typ: &'metadata SType<'metadata>,
    slice: Option<FrameSlice<'frame>>,
}

impl FrameCell<'_, '_> {
    /// The cell's bytes as a `T` when its type is `native`, else `None`
    /// (a null cell included: the value path reads it).
    fn typed<'f, T: DeserializeValue<'f, 'f>>(&'f self, native: &N) -> Result<Option<T>> {
        if self.is_null() || !matches!(self.typ, SType::Native(n) if n == native) {
            return Ok(None);
        }
        T::deserialize(self.typ, self.slice)
            .map(Some)
            .map_err(decode_error)
    }
}

impl CellView for FrameCell<'_, '_> {
    fn is_null(&self) -> bool {
        match &self.slice {
            None => true,
            // As `cells::cell`: an empty value of a type other than text
            // and blob carries no value.
            Some(b) => {
                b.as_slice().is_empty()
                    && !matches!(self.typ, SType::Native(N::Ascii | N::Text | N::Blob))
            }
        }
    }

    fn value(&self) -> Result<Value> {
        cells::cell(self.typ, self.slice).map_err(decode_error)
    }

    fn text(&self) -> Result<Option<&str>> {
        match self.typ {
            SType::Native(N::Text) => self.typed::<&str>(&N::Text),
            SType::Native(N::Ascii) => self.typed::<&str>(&N::Ascii),
            _ => Ok(None),
        }
    }

    fn bigint(&self) -> Result<Option<i64>> {
        self.typed(&N::BigInt)
    }

    fn int(&self) -> Result<Option<i32>> {
        self.typed(&N::Int)
    }

    fn double(&self) -> Result<Option<f64>> {
        self.typed(&N::Double)
    }

    fn boolean(&self) -> Result<Option<bool>> {
        self.typed(&N::Boolean)
    }

    fn uuid(&self) -> Result<Option<Uuid>> {
        self.typed(&N::Uuid)
    }

    fn timestamp(&self) -> Result<Option<i64>> {
        Ok(self.typed::<STimestamp>(&N::Timestamp)?.map(|t| t.0))
    }
}

/// A rows result's page through `decoder`, cell by cell from the frame;
/// its columns are `known` when the reply has those (see `rows::columns`).
pub(crate) fn page(
    rows: &QueryRowsResult,
    paging_state: Option<PagingState>,
    known: Option<&Arc<[ColumnSpec]>>,
    decoder: &dyn PageDecoder,
) -> Result<DecodedPage> {
    let columns = rows::columns(rows, known);
    let mut sink = decoder.begin(&columns, rows.rows_num())?;
    let iter = rows.rows::<ColumnIterator<'_, '_>>().map_err(|e| {
        Error::new(
            ErrorKind::Protocol,
            format!("cannot read the result rows: {e}"),
        )
        .with_source(e)
    })?;
    for row in iter {
        for column in row.map_err(decode_error)? {
            let column = column.map_err(decode_error)?;
            let cell = FrameCell {
                typ: column.spec.typ(),
                slice: column.slice,
            };
            sink.cell(column.index, &cell)?;
        }
        sink.end_row()?;
    }
    Ok(sink.finish().with_paging_state(paging_state))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell<'f>(typ: &'f SType<'f>, bytes: Option<&'f [u8]>) -> FrameCell<'f, 'f> {
        FrameCell {
            typ,
            slice: bytes.map(FrameSlice::new_borrowed),
        }
    }

    #[test]
    fn native_cells_are_read_from_the_frame_as_the_value_path_reads_them() {
        let int = SType::Native(N::Int);
        let seven = cell(&int, Some(&[0, 0, 0, 7]));
        assert_eq!(seven.int().unwrap(), Some(7));
        assert_eq!(
            seven.bigint().unwrap(),
            None,
            "not a bigint: the value path"
        );
        assert_eq!(seven.value().unwrap(), Value::Int(7));
        let text = SType::Native(N::Text);
        let hello = cell(&text, Some("héllo".as_bytes()));
        assert_eq!(hello.text().unwrap(), Some("héllo"));
        let at = SType::Native(N::Timestamp);
        let stamp = 1_700_000_000_123i64.to_be_bytes();
        assert_eq!(
            cell(&at, Some(&stamp)).timestamp().unwrap(),
            Some(1_700_000_000_123)
        );
    }

    #[test]
    fn nulls_and_empty_values_match_the_value_path() {
        let int = SType::Native(N::Int);
        for c in [cell(&int, None), cell(&int, Some(&[]))] {
            assert!(c.is_null());
            assert_eq!(c.int().unwrap(), None);
            assert_eq!(c.value().unwrap(), Value::Null);
        }
        let ascii = SType::Native(N::Ascii);
        let empty = cell(&ascii, Some(&[]));
        assert!(!empty.is_null(), "an empty text is a value");
        assert_eq!(empty.text().unwrap(), Some(""));
    }

    #[test]
    fn a_malformed_cell_is_an_error_on_both_paths() {
        let int = SType::Native(N::Int);
        let short = cell(&int, Some(&[0, 7]));
        assert!(short.int().is_err());
        assert!(short.value().is_err());
        let text = SType::Native(N::Text);
        let bad = cell(&text, Some(&[0xff, 0xfe]));
        assert!(bad.text().is_err());
        assert!(bad.value().is_err());
    }
}
