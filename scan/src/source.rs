//! [`Source`]: the two calls a scan makes of a session (prepare, fetch one
//! page), as owned futures, so that one engine serves the async `Session`
//! and the blocking `SyncSession`.

use cqlbridge_driver_api::{Page, PagingState, Prepared, Query, Result, Session, Values};
use futures::future::{BoxFuture, FutureExt};

/// What a scan needs of a session.
pub(crate) trait Source: Send + Sync + 'static {
    /// Prepares `cql`.
    fn prepare(&self, cql: String) -> BoxFuture<'static, Result<Prepared>>;

    /// Fetches the page of `query` that `state` points at (`None`: the first).
    fn page(
        &self,
        query: Query,
        values: Values,
        state: Option<PagingState>,
    ) -> BoxFuture<'static, Result<Page>>;
}

impl Source for Session {
    fn prepare(&self, cql: String) -> BoxFuture<'static, Result<Prepared>> {
        let session = self.clone();
        async move { session.prepare(&cql).await }.boxed()
    }

    fn page(
        &self,
        query: Query,
        values: Values,
        state: Option<PagingState>,
    ) -> BoxFuture<'static, Result<Page>> {
        let session = self.clone();
        async move { session.page(&query, values, state).await }.boxed()
    }
}

/// Every row of `query` (all its pages), for the small system-table reads.
pub(crate) async fn all_rows(
    source: &dyn Source,
    query: Query,
    values: Values,
) -> Result<Vec<cqlbridge_driver_api::Row>> {
    let mut rows = Vec::new();
    let mut state = None;
    loop {
        let page = source.page(query.clone(), values.clone(), state).await?;
        rows.extend(page.rows);
        match page.paging_state {
            Some(next) => state = Some(next),
            None => return Ok(rows),
        }
    }
}
