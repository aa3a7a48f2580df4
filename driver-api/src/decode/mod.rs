//! Rows decoded straight into the caller's type, cell by cell, as the
//! backend reads them ([`Session::execute_as`](crate::Session::execute_as)):
//! no [`Row`](crate::Row) of [`Value`](crate::Value)s in between on a
//! backend that implements
//! [`Driver::execute_prepared_into`](crate::Driver::execute_prepared_into),
//! and the same rows, errors and types through the default path on one
//! that does not.

mod cell;
mod rows;

pub use cell::{CellView, FromCell, ValueCell};
pub use rows::{decode_result, DecodeRow, DecodedPage, PageDecoder, PageSink, RowsOf, TypedPage};
