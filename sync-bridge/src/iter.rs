//! [`RowIter`]: the rows of a query, one page at a time, over the bridge,
//! as [`Row`]s ([`SyncSession::iter`]) or decoded into a type
//! ([`SyncSession::iter_as`]).

use cqlbridge_driver_api::{DecodeRow, IntoValues, PagingState, Query, Result, Row, Values};

use crate::session::SyncSession;

/// One page: its items and the next page's state.
type Fetched<T> = Result<(Vec<T>, Option<PagingState>)>;

/// How the iterator fetches the page at a state (`None`: the first page).
type Fetch<T> = fn(&SyncSession, &Query, &Values, Option<PagingState>) -> Fetched<T>;

impl SyncSession {
    /// Every row of a query. Lazy: a page is fetched only when the rows of
    /// the previous one are used up, so at most one page is held. After an
    /// error the iterator ends.
    pub fn iter(&self, query: impl Into<Query>, values: impl IntoValues) -> RowIter {
        RowIter::new(self.clone(), query.into(), values.into_values(), row_page)
    }

    /// Every row of a query as a `T` (a `#[derive(FromRow)]` struct) built
    /// straight from the backend's cells; lazy as [`SyncSession::iter`].
    pub fn iter_as<T: DecodeRow>(
        &self,
        query: impl Into<Query>,
        values: impl IntoValues,
    ) -> RowIter<T> {
        RowIter::new(
            self.clone(),
            query.into(),
            values.into_values(),
            typed_page::<T>,
        )
    }
}

fn row_page(s: &SyncSession, q: &Query, v: &Values, state: Option<PagingState>) -> Fetched<Row> {
    let page = s.page(q.clone(), v, state)?;
    Ok((page.rows, page.paging_state))
}

fn typed_page<T: DecodeRow>(
    s: &SyncSession,
    q: &Query,
    v: &Values,
    state: Option<PagingState>,
) -> Fetched<T> {
    let page = s.page_as::<T>(q.clone(), v, state)?;
    Ok((page.rows, page.paging_state))
}

/// Every row of a query, from [`SyncSession::iter`] (as [`Row`]s) or
/// [`SyncSession::iter_as`] (as `T`s). Each page is fetched only when the
/// previous one is used up; at most one page is held.
#[derive(Debug)]
pub struct RowIter<T = Row> {
    session: SyncSession,
    query: Query,
    values: Values,
    rows: std::vec::IntoIter<T>,
    next: Next,
    fetch: Fetch<T>,
}

/// Where the iterator stands between pages.
#[derive(Debug)]
enum Next {
    /// Fetch a page from this state (`None` = the first page).
    Fetch(Option<PagingState>),
    /// The last page was fetched, or an error ended the iteration.
    Done,
}

impl<T> RowIter<T> {
    fn new(session: SyncSession, query: Query, values: Values, fetch: Fetch<T>) -> Self {
        RowIter {
            session,
            query,
            values,
            rows: Vec::new().into_iter(),
            next: Next::Fetch(None),
            fetch,
        }
    }

    /// How many fetched rows are still buffered (at most one page).
    pub fn buffered(&self) -> usize {
        self.rows.len()
    }
}

impl<T> Iterator for RowIter<T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(row) = self.rows.next() {
                return Some(Ok(row));
            }
            let state = match std::mem::replace(&mut self.next, Next::Done) {
                Next::Done => return None,
                Next::Fetch(state) => state,
            };
            match (self.fetch)(&self.session, &self.query, &self.values, state) {
                Ok((rows, next)) => {
                    self.next = match next {
                        Some(s) => Next::Fetch(Some(s)),
                        None => Next::Done,
                    };
                    // The spent page is dropped here, before the next fetch.
                    self.rows = rows.into_iter();
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl<T> std::iter::FusedIterator for RowIter<T> {}
