//! One client interface over both APIs, so every case is written once and run
//! twice: [`AsyncClient`] over [`Session`], `SyncClient` (in `sync_client`) over [`SyncSession`]
//! (each blocking call on Tokio's blocking pool, so the runner's runtime never
//! stalls).

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use cqlbridge::{
    Batch, Capabilities, Error, ErrorKind, Page, PagingState, Prepared, Query, QueryResult, Result,
    Row, Session, SyncSession, Values,
};
use futures::stream::BoxStream;
use futures::StreamExt;

/// Which API a case runs through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `cqlbridge::Session`.
    Async,
    /// `cqlbridge::SyncSession`.
    Sync,
}

impl Mode {
    /// Both modes, in run order.
    pub const BOTH: [Mode; 2] = [Mode::Async, Mode::Sync];

    /// `async` or `sync`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Async => "async",
            Mode::Sync => "sync",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Rows of a stream, one at a time.
#[async_trait]
pub trait RowCursor: Send {
    /// The next row, or `None` at the end.
    async fn next_row(&mut self) -> Option<Result<Row>>;
}

/// The operations the cases need, implemented by both APIs.
#[async_trait]
pub trait Client: Send + Sync {
    /// The API behind this client.
    fn mode(&self) -> Mode;
    /// The backend's capabilities.
    fn capabilities(&self) -> Capabilities;
    /// True once closed.
    fn is_closed(&self) -> bool;
    /// A clone of the underlying session (`Session::clone` / `SyncSession::clone`).
    fn clone_client(&self) -> Arc<dyn Client>;
    /// The async session, in async mode.
    fn as_async(&self) -> Option<&Session>;
    /// The blocking session, in sync mode.
    fn as_sync(&self) -> Option<&SyncSession>;
    /// `execute`.
    async fn execute(&self, query: Query, values: Values) -> Result<QueryResult>;
    /// `prepare`.
    async fn prepare(&self, cql: &str) -> Result<Prepared>;
    /// `batch`.
    async fn batch(&self, batch: &Batch) -> Result<QueryResult>;
    /// `page`.
    async fn page(&self, query: Query, values: Values, state: Option<PagingState>) -> Result<Page>;
    /// `stream` / `iter`.
    async fn stream(&self, query: Query, values: Values) -> Box<dyn RowCursor>;
    /// `use_keyspace`.
    async fn use_keyspace(&self, keyspace: &str) -> Result<()>;
    /// `close`.
    async fn close(&self) -> Result<()>;
    /// `trace_within`.
    async fn trace_within(
        &self,
        id: uuid::Uuid,
        wait: std::time::Duration,
    ) -> Result<cqlbridge::Trace>;
}

/// Every row of a stream, in order.
pub async fn collect(
    client: &dyn Client,
    query: impl Into<Query>,
    values: Values,
) -> Result<Vec<Row>> {
    let mut cur = client.stream(query.into(), values).await;
    let mut rows = Vec::new();
    while let Some(r) = cur.next_row().await {
        rows.push(r?);
    }
    Ok(rows)
}

/// Runs a blocking call on Tokio's blocking pool; a panic becomes an error.
pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r,
        Err(e) => Err(Error::new(
            ErrorKind::Other,
            format!("the blocking call panicked: {e}"),
        )),
    }
}

/// The async API.
pub struct AsyncClient(pub Session);

struct AsyncCursor(BoxStream<'static, Result<Row>>);

#[async_trait]
impl RowCursor for AsyncCursor {
    async fn next_row(&mut self) -> Option<Result<Row>> {
        self.0.next().await
    }
}

#[async_trait]
impl Client for AsyncClient {
    fn mode(&self) -> Mode {
        Mode::Async
    }
    fn capabilities(&self) -> Capabilities {
        self.0.capabilities()
    }
    fn is_closed(&self) -> bool {
        self.0.is_closed()
    }
    fn clone_client(&self) -> Arc<dyn Client> {
        Arc::new(AsyncClient(self.0.clone()))
    }
    fn as_async(&self) -> Option<&Session> {
        Some(&self.0)
    }
    fn as_sync(&self) -> Option<&SyncSession> {
        None
    }
    async fn execute(&self, query: Query, values: Values) -> Result<QueryResult> {
        self.0.execute(query, values).await
    }
    async fn prepare(&self, cql: &str) -> Result<Prepared> {
        self.0.prepare(cql).await
    }
    async fn batch(&self, batch: &Batch) -> Result<QueryResult> {
        self.0.batch(batch).await
    }
    async fn page(&self, query: Query, values: Values, state: Option<PagingState>) -> Result<Page> {
        self.0.page(query, values, state).await
    }
    async fn stream(&self, query: Query, values: Values) -> Box<dyn RowCursor> {
        Box::new(AsyncCursor(self.0.stream(query, values)))
    }
    async fn use_keyspace(&self, keyspace: &str) -> Result<()> {
        self.0.use_keyspace(keyspace).await
    }
    async fn close(&self) -> Result<()> {
        self.0.close().await
    }
    async fn trace_within(
        &self,
        id: uuid::Uuid,
        wait: std::time::Duration,
    ) -> Result<cqlbridge::Trace> {
        self.0.trace_within(id, wait).await
    }
}
