//! [`Counting`]: a driver that passes every call to a real one, records
//! each range request (its token bounds, and whether it continued from a
//! paging state), and can fail range requests after a number of them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use cqlbridge_driver_api::{
    Batch, Capabilities, Driver, Error, ErrorKind, ExecOptions, Prepared, QueryResult, Result,
    Statement, Value, Values,
};

/// One range request: `(start, end, continued from a paging state)`.
pub type Request = (i64, i64, bool);

/// The recording, failing wrapper.
#[derive(Debug)]
pub struct Counting {
    inner: Arc<dyn Driver>,
    requests: Mutex<Vec<Request>>,
    /// Range requests after this many fail with `Overloaded` (transient).
    fail_after: AtomicUsize,
}

impl Counting {
    /// Wraps `inner`; no request fails.
    pub fn new(inner: Arc<dyn Driver>) -> Arc<Self> {
        Arc::new(Counting {
            inner,
            requests: Mutex::new(Vec::new()),
            fail_after: AtomicUsize::new(usize::MAX),
        })
    }

    /// Range requests after the next `n` fail.
    pub fn fail_after(&self, n: usize) {
        let seen = self.requests().len();
        self.fail_after.store(seen + n, Ordering::SeqCst);
    }

    /// Every range request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    /// Records a range request; the error when it must fail.
    fn record(&self, prepared: &Prepared, values: &Values, options: &ExecOptions) -> Result<()> {
        if !prepared.cql().contains("token(") {
            return Ok(());
        }
        let Values::Positional(v) = values else {
            return Ok(());
        };
        let (Some(Value::BigInt(a)), Some(Value::BigInt(b))) = (v.first(), v.get(1)) else {
            return Ok(());
        };
        let mut requests = self.requests.lock().unwrap();
        requests.push((*a, *b, options.paging_state.is_some()));
        if requests.len() > self.fail_after.load(Ordering::SeqCst) {
            return Err(Error::new(ErrorKind::Overloaded, "injected by the test"));
        }
        Ok(())
    }
}

#[async_trait]
impl Driver for Counting {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    fn capabilities(&self) -> Capabilities {
        self.inner.capabilities()
    }

    async fn execute(
        &self,
        statement: &Statement,
        values: &Values,
        options: &ExecOptions,
    ) -> Result<QueryResult> {
        self.inner.execute(statement, values, options).await
    }

    async fn prepare(&self, cql: &str) -> Result<Prepared> {
        self.inner.prepare(cql).await
    }

    async fn execute_prepared(
        &self,
        prepared: &Prepared,
        values: &Values,
        options: &ExecOptions,
    ) -> Result<QueryResult> {
        self.record(prepared, values, options)?;
        self.inner.execute_prepared(prepared, values, options).await
    }

    async fn batch(&self, batch: &Batch, options: &ExecOptions) -> Result<QueryResult> {
        self.inner.batch(batch, options).await
    }

    async fn use_keyspace(&self, keyspace: &str) -> Result<()> {
        self.inner.use_keyspace(keyspace).await
    }

    async fn close(&self) -> Result<()> {
        self.inner.close().await
    }

    fn is_closed(&self) -> bool {
        self.inner.is_closed()
    }
}
