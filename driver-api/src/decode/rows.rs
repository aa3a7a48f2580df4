//! A page of rows decoded into the caller's type as the backend reads it:
//! the object-safe [`PageDecoder`] / [`PageSink`] pair a backend feeds cell
//! by cell, the [`DecodeRow`] types `#[derive(FromRow)]` implements, and
//! what comes back ([`DecodedPage`], then [`TypedPage`]).

use std::any::Any;
use std::marker::PhantomData;

use super::cell::{CellView, ValueCell};
use crate::column::ColumnSpec;
use crate::error::{Error, ErrorKind, Result};
use crate::paging::PagingState;
use crate::result::QueryResult;

/// Starts a page: given its columns, a sink for its rows. Shared by the
/// attempts of one request (a retry or a speculative attempt starts a page
/// of its own).
pub trait PageDecoder: Send + Sync + 'static {
    /// A sink for a page of `rows` rows (a hint) with `columns`; an error
    /// when the columns cannot make the type (a field's column is missing).
    fn begin(&self, columns: &[ColumnSpec], rows: usize) -> Result<Box<dyn PageSink>>;
    /// The page of a result without rows (a write): no row.
    fn empty(&self) -> DecodedPage;
}

/// Takes one page's rows, each row's cells in column order.
pub trait PageSink: Send {
    /// The cell of column `column` of the current row.
    fn cell(&mut self, column: usize, cell: &dyn CellView) -> Result<()>;
    /// The current row is complete.
    fn end_row(&mut self) -> Result<()>;
    /// The rows decoded, as `Vec<T>` of the decoder's type.
    fn finish(self: Box<Self>) -> DecodedPage;
}

/// A page the backend decoded: the rows (a `Vec<T>` of the decoder's type),
/// their count and the next page's state.
pub struct DecodedPage {
    rows: Box<dyn Any + Send>,
    count: usize,
    /// Where the next page starts; `None` on the last page.
    pub paging_state: Option<PagingState>,
}

impl std::fmt::Debug for DecodedPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DecodedPage")
            .field("rows", &self.count)
            .field("paging_state", &self.paging_state)
            .finish()
    }
}

impl DecodedPage {
    /// A page of `rows`, with no next page.
    pub fn new<T: Send + 'static>(rows: Vec<T>) -> DecodedPage {
        DecodedPage {
            count: rows.len(),
            rows: Box::new(rows),
            paging_state: None,
        }
    }

    /// The same page, with `state` as the next page's.
    pub fn with_paging_state(mut self, state: Option<PagingState>) -> DecodedPage {
        self.paging_state = state;
        self
    }

    /// How many rows it holds.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether it holds no row.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The rows as `T`s: an `Protocol` error if they are of another type
    /// (a backend that answered with another decoder's page).
    pub fn into_typed<T: Send + 'static>(self) -> Result<TypedPage<T>> {
        let rows = self.rows.downcast::<Vec<T>>().map_err(|_| {
            Error::new(
                ErrorKind::Protocol,
                format!(
                    "a decoded page holds rows of another type than {}",
                    std::any::type_name::<T>()
                ),
            )
        })?;
        Ok(TypedPage {
            rows: *rows,
            paging_state: self.paging_state,
        })
    }
}

/// A page of rows decoded into `T`, with the state to fetch the next page.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedPage<T> {
    /// The rows of this page.
    pub rows: Vec<T>,
    /// Where the next page starts; `None` on the last page.
    pub paging_state: Option<PagingState>,
}

impl<T> TypedPage<T> {
    /// True when more pages follow.
    pub fn has_more(&self) -> bool {
        self.paging_state.is_some()
    }
}

/// A type a backend can build straight from a row's cells; implemented by
/// `#[derive(FromRow)]` (which also implements [`FromRow`](crate::FromRow)).
/// Not meant to be implemented by hand: its items serve the generated code.
pub trait DecodeRow: Sized + Send + 'static {
    /// The fields read so far in the current row.
    type Partial: Send;
    /// The struct's name, for errors.
    const NAME: &'static str;
    /// Each read field's name, in order.
    const FIELDS: &'static [&'static str];
    /// The column each read field comes from, in the order of `FIELDS`.
    const COLUMNS: &'static [&'static str];
    /// No field read yet.
    fn partial() -> Self::Partial;
    /// Reads field `field` (an index into `FIELDS`) from `cell`.
    fn set(partial: &mut Self::Partial, field: usize, cell: &dyn CellView) -> Result<()>;
    /// The row's value, its fields taken out of `partial` (left empty for
    /// the next row).
    fn build(partial: &mut Self::Partial) -> Result<Self>;
}

/// The [`PageDecoder`] of a [`DecodeRow`] type.
#[derive(Debug)]
pub struct RowsOf<T>(PhantomData<fn() -> T>);

impl<T> RowsOf<T> {
    /// The decoder of `T` rows.
    pub fn new() -> Self {
        RowsOf(PhantomData)
    }
}

impl<T> Default for RowsOf<T> {
    fn default() -> Self {
        Self::new()
    }
}

struct Sink<T: DecodeRow> {
    /// For each column of the page, the field it fills.
    fields: Vec<Option<usize>>,
    partial: T::Partial,
    rows: Vec<T>,
}

impl<T: DecodeRow> PageDecoder for RowsOf<T> {
    fn begin(&self, columns: &[ColumnSpec], rows: usize) -> Result<Box<dyn PageSink>> {
        let mut fields = vec![None; columns.len()];
        for (f, name) in T::COLUMNS.iter().enumerate() {
            match columns.iter().position(|c| c.name == *name) {
                Some(c) => fields[c] = Some(f),
                None => {
                    let have: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
                    return Err(Error::type_error(format!(
                        "{}.{}: no column `{name}` in the row (it has: {})",
                        T::NAME,
                        T::FIELDS.get(f).copied().unwrap_or("?"),
                        have.join(", ")
                    )));
                }
            }
        }
        Ok(Box::new(Sink::<T> {
            fields,
            partial: T::partial(),
            rows: Vec::with_capacity(rows),
        }))
    }

    fn empty(&self) -> DecodedPage {
        DecodedPage::new(Vec::<T>::new())
    }
}

impl<T: DecodeRow> PageSink for Sink<T> {
    fn cell(&mut self, column: usize, cell: &dyn CellView) -> Result<()> {
        match self.fields.get(column) {
            Some(Some(f)) => T::set(&mut self.partial, *f, cell),
            Some(None) => Ok(()),
            None => Err(Error::new(
                ErrorKind::Protocol,
                format!(
                    "a backend fed column {column} of a page of {} columns",
                    self.fields.len()
                ),
            )),
        }
    }

    fn end_row(&mut self) -> Result<()> {
        let row = T::build(&mut self.partial)?;
        self.rows.push(row);
        Ok(())
    }

    fn finish(self: Box<Self>) -> DecodedPage {
        DecodedPage::new(self.rows)
    }
}

/// A result decoded through `decoder` from its rows' values: the path of a
/// backend that builds [`Value`](crate::Value)s (the default of
/// [`Driver::execute_prepared_into`](crate::Driver::execute_prepared_into)).
/// A result without rows is an empty page.
pub fn decode_result(result: QueryResult, decoder: &dyn PageDecoder) -> Result<DecodedPage> {
    let QueryResult::Rows(page) = result.into_untraced() else {
        return Ok(decoder.empty());
    };
    let mut sink = decoder.begin(&page.columns, page.rows.len())?;
    for row in &page.rows {
        for (i, v) in row.values().iter().enumerate() {
            sink.cell(i, &ValueCell(v))?;
        }
        sink.end_row()?;
    }
    Ok(sink.finish().with_paging_state(page.paging_state))
}
