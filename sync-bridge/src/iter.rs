//! [`RowIter`]: the rows of a query, one page at a time, over the bridge,
//! and [`SyncSession::iter`] that makes one.

use cqlbridge_driver_api::{IntoValues, PagingState, Query, Result, Row, Values};

use crate::session::SyncSession;

impl SyncSession {
    /// Every row of a query. Lazy: a page is fetched only when the rows of
    /// the previous one are used up, so at most one page is held. After an
    /// error the iterator ends.
    pub fn iter(&self, query: impl Into<Query>, values: impl IntoValues) -> RowIter {
        RowIter::new(self.clone(), query.into(), values.into_values())
    }
}

/// Every row of a query, from [`SyncSession::iter`]. Each page is fetched
/// only when the previous one is used up; at most one page is held.
#[derive(Debug)]
pub struct RowIter {
    session: SyncSession,
    query: Query,
    values: Values,
    rows: std::vec::IntoIter<Row>,
    next: Next,
}

/// Where the iterator stands between pages.
#[derive(Debug)]
enum Next {
    /// Fetch a page from this state (`None` = the first page).
    Fetch(Option<PagingState>),
    /// The last page was fetched, or an error ended the iteration.
    Done,
}

impl RowIter {
    fn new(session: SyncSession, query: Query, values: Values) -> Self {
        RowIter {
            session,
            query,
            values,
            rows: Vec::new().into_iter(),
            next: Next::Fetch(None),
        }
    }

    /// How many fetched rows are still buffered (at most one page).
    pub fn buffered(&self) -> usize {
        self.rows.len()
    }
}

impl Iterator for RowIter {
    type Item = Result<Row>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(row) = self.rows.next() {
                return Some(Ok(row));
            }
            let state = match std::mem::replace(&mut self.next, Next::Done) {
                Next::Done => return None,
                Next::Fetch(state) => state,
            };
            match self.session.page(self.query.clone(), &self.values, state) {
                Ok(page) => {
                    self.next = match page.paging_state {
                        Some(s) => Next::Fetch(Some(s)),
                        None => Next::Done,
                    };
                    // The spent page is dropped here, before the next fetch.
                    self.rows = page.rows.into_iter();
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }
}
impl std::iter::FusedIterator for RowIter {}
