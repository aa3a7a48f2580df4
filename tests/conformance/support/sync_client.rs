//! [`SyncClient`]: the [`Client`] interface over [`SyncSession`], each
//! blocking call on Tokio's blocking pool so the runner's runtime never stalls.

use std::sync::Arc;

use async_trait::async_trait;
use cqlbridge::{
    Batch, Capabilities, Error, ErrorKind, Page, PagingState, Prepared, Query, QueryResult, Result,
    Row, Session, SyncSession, Values,
};

use super::client::{blocking, Client, Mode, RowCursor};

/// The blocking API, each call on the blocking pool.
pub struct SyncClient(pub SyncSession);

type RowIter = Box<dyn Iterator<Item = Result<Row>> + Send>;

/// Drives `SyncSession::iter` one row per blocking call, so nothing is read ahead.
struct SyncCursor(Option<RowIter>);

#[async_trait]
impl RowCursor for SyncCursor {
    async fn next_row(&mut self) -> Option<Result<Row>> {
        let mut it = self.0.take()?;
        match tokio::task::spawn_blocking(move || {
            let item = it.next();
            (it, item)
        })
        .await
        {
            Ok((it, item)) => {
                self.0 = Some(it);
                item
            }
            Err(e) => Some(Err(Error::new(
                ErrorKind::Other,
                format!("the iterator panicked: {e}"),
            ))),
        }
    }
}

/// A cursor that yields one error, for an iterator that could not be made.
struct Failed(Option<Error>);

#[async_trait]
impl RowCursor for Failed {
    async fn next_row(&mut self) -> Option<Result<Row>> {
        self.0.take().map(Err)
    }
}

#[async_trait]
impl Client for SyncClient {
    fn mode(&self) -> Mode {
        Mode::Sync
    }
    fn capabilities(&self) -> Capabilities {
        self.0.capabilities()
    }
    fn is_closed(&self) -> bool {
        self.0.is_closed()
    }
    fn clone_client(&self) -> Arc<dyn Client> {
        Arc::new(SyncClient(self.0.clone()))
    }
    fn as_async(&self) -> Option<&Session> {
        None
    }
    fn as_sync(&self) -> Option<&SyncSession> {
        Some(&self.0)
    }
    async fn execute(&self, query: Query, values: Values) -> Result<QueryResult> {
        let s = self.0.clone();
        blocking(move || s.execute(query, values)).await
    }
    async fn prepare(&self, cql: &str) -> Result<Prepared> {
        let (s, cql) = (self.0.clone(), cql.to_string());
        blocking(move || s.prepare(&cql)).await
    }
    async fn batch(&self, batch: &Batch) -> Result<QueryResult> {
        let (s, b) = (self.0.clone(), batch.clone());
        blocking(move || s.batch(&b)).await
    }
    async fn page(&self, query: Query, values: Values, state: Option<PagingState>) -> Result<Page> {
        let s = self.0.clone();
        blocking(move || s.page(query, values, state)).await
    }
    async fn stream(&self, query: Query, values: Values) -> Box<dyn RowCursor> {
        // Made on the blocking pool too, in case `iter` does I/O up front.
        let s = self.0.clone();
        match tokio::task::spawn_blocking(move || -> RowIter { Box::new(s.iter(query, values)) })
            .await
        {
            Ok(it) => Box::new(SyncCursor(Some(it))),
            Err(e) => Box::new(Failed(Some(Error::new(
                ErrorKind::Other,
                format!("iter panicked: {e}"),
            )))),
        }
    }
    async fn use_keyspace(&self, keyspace: &str) -> Result<()> {
        let (s, ks) = (self.0.clone(), keyspace.to_string());
        blocking(move || s.use_keyspace(&ks)).await
    }
    async fn close(&self) -> Result<()> {
        let s = self.0.clone();
        blocking(move || s.close()).await
    }
    async fn trace_within(
        &self,
        id: uuid::Uuid,
        wait: std::time::Duration,
    ) -> Result<cqlbridge::Trace> {
        let s = self.0.clone();
        blocking(move || s.trace_within(id, wait)).await
    }
}
