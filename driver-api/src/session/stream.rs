//! Streams that fetch one page at a time: rows ([`Session::stream`]) or
//! rows decoded into a type ([`Session::stream_as`]), over one cursor.

use futures::future::BoxFuture;
use futures::stream::{self, BoxStream, StreamExt};

use super::Session;
use crate::error::Result;
use crate::paging::PagingState;
use crate::row::Row;
use crate::statement::Query;
use crate::values::Values;

/// One page of a stream: its items and the next page's state.
pub(super) type Fetched<T> = Result<(Vec<T>, Option<PagingState>)>;

/// How a stream fetches the page at a state (`None`: the first page).
pub(super) type Fetch<T> = for<'a> fn(
    &'a Session,
    &'a Query,
    &'a Values,
    Option<PagingState>,
) -> BoxFuture<'a, Fetched<T>>;

/// Where a stream stands between pages.
enum Next {
    /// Fetch a page from this state (`None` = the first page).
    Fetch(Option<PagingState>),
    /// The last page has been fetched, or an error ended the stream.
    Done,
}

struct Cursor<T> {
    session: Session,
    query: Query,
    values: Values,
    items: std::vec::IntoIter<T>,
    next: Next,
    fetch: Fetch<T>,
}

/// A stream of every item of `query`'s pages as `fetch` reads them,
/// holding at most one page.
pub(super) fn pages<T: Send + 'static>(
    session: Session,
    query: Query,
    values: Values,
    fetch: Fetch<T>,
) -> BoxStream<'static, Result<T>> {
    let cursor = Cursor {
        session,
        query,
        values,
        items: Vec::new().into_iter(),
        next: Next::Fetch(None),
        fetch,
    };
    stream::unfold(cursor, |mut c| async move {
        loop {
            if let Some(item) = c.items.next() {
                return Some((Ok(item), c));
            }
            let state = match std::mem::replace(&mut c.next, Next::Done) {
                Next::Done => return None,
                Next::Fetch(state) => state,
            };
            match (c.fetch)(&c.session, &c.query, &c.values, state).await {
                Ok((items, next)) => {
                    // Drop the spent page before holding the next.
                    c.next = match next {
                        Some(s) => Next::Fetch(Some(s)),
                        None => Next::Done,
                    };
                    c.items = items.into_iter();
                }
                Err(e) => return Some((Err(e), c)),
            }
        }
    })
    .boxed()
}

/// One page of rows.
fn row_page<'a>(
    session: &'a Session,
    query: &'a Query,
    values: &'a Values,
    state: Option<PagingState>,
) -> BoxFuture<'a, Fetched<Row>> {
    Box::pin(async move {
        let page = session.page(query, values, state).await?;
        Ok((page.rows, page.paging_state))
    })
}

/// A stream of every row of `query`, holding at most one page.
pub(super) fn rows(
    session: Session,
    query: Query,
    values: Values,
) -> BoxStream<'static, Result<Row>> {
    pages(session, query, values, row_page)
}
