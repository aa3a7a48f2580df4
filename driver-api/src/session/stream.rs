//! Row streams that fetch one page at a time.

use futures::stream::{self, BoxStream, StreamExt};

use super::Session;
use crate::error::Result;
use crate::paging::PagingState;
use crate::row::Row;
use crate::statement::Query;
use crate::values::Values;

/// Where a stream stands between pages.
enum Next {
    /// Fetch a page from this state (`None` = the first page).
    Fetch(Option<PagingState>),
    /// The last page has been fetched, or an error ended the stream.
    Done,
}

struct Cursor {
    session: Session,
    query: Query,
    values: Values,
    rows: std::vec::IntoIter<Row>,
    next: Next,
}

/// A stream of every row of `query`, holding at most one page.
pub(super) fn rows(
    session: Session,
    query: Query,
    values: Values,
) -> BoxStream<'static, Result<Row>> {
    let cursor = Cursor {
        session,
        query,
        values,
        rows: Vec::new().into_iter(),
        next: Next::Fetch(None),
    };
    stream::unfold(cursor, |mut c| async move {
        loop {
            if let Some(row) = c.rows.next() {
                return Some((Ok(row), c));
            }
            let state = match std::mem::replace(&mut c.next, Next::Done) {
                Next::Done => return None,
                Next::Fetch(state) => state,
            };
            match c.session.page(&c.query, &c.values, state).await {
                Ok(page) => {
                    // Drop the spent page before holding the next.
                    c.next = match page.paging_state {
                        Some(s) => Next::Fetch(Some(s)),
                        None => Next::Done,
                    };
                    c.rows = page.rows.into_iter();
                }
                Err(e) => return Some((Err(e), c)),
            }
        }
    })
    .boxed()
}
