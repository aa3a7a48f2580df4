//! [`FakeCluster`]: a scripted one-table cluster behind the mock
//! `FakeDriver`, for engine tests without a server. Table `ks.t` has a
//! `bigint` partition key `k` whose token is `k` itself, so a test can put
//! rows on any token (`i64::MIN` and range bounds included); range queries
//! are paged by the request's page size, with the offset as paging state.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use cqlbridge_driver_api::{
    ColumnSpec, ColumnType, Config, Error, ErrorKind, Page, PageSize, PagingState, QueryResult,
    Result, RetryPolicy, Row, Session, Value, Values,
};
use cqlbridge_driver_mock::{Call, CqlPattern, FakeDriver};

/// The scripted cluster.
#[derive(Debug, Default)]
pub(super) struct FakeCluster {
    pub(super) partitioner: String,
    /// The node's tokens.
    pub(super) ring: Vec<i64>,
    /// The rows' tokens (= keys).
    pub(super) keys: Vec<i64>,
    /// Errors the next range requests fail with, in order.
    pub(super) failures: Mutex<VecDeque<ErrorKind>>,
    /// Range requests received.
    pub(super) range_calls: AtomicUsize,
}

fn rows(
    columns: &[(&str, ColumnType)],
    values: Vec<Vec<Value>>,
    next: Option<u64>,
) -> Result<QueryResult> {
    let columns: Arc<[ColumnSpec]> = columns
        .iter()
        .map(|(n, t)| ColumnSpec::new(*n, t.clone()))
        .collect();
    let rows = values
        .into_iter()
        .map(|v| Row::new(columns.clone(), v))
        .collect::<Result<_>>()?;
    let paging_state = next
        .map(|n| PagingState::from_bytes(n.to_be_bytes().to_vec()))
        .transpose()?;
    Ok(QueryResult::Rows(Page {
        columns,
        rows,
        paging_state,
    }))
}

fn text(values: &Values, i: usize) -> String {
    match values {
        Values::Positional(v) => match v.get(i) {
            Some(Value::Text(s)) => s.clone(),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

impl FakeCluster {
    /// A Murmur3 cluster with `ring` tokens and rows on `keys`.
    pub(super) fn new(ring: Vec<i64>, keys: Vec<i64>) -> Self {
        FakeCluster {
            partitioner: crate::ring::MURMUR3.into(),
            ring,
            keys,
            ..Self::default()
        }
    }

    /// A session over a fake driver answering as this cluster.
    pub(super) fn session(self: &Arc<Self>) -> (Session, FakeDriver) {
        let fake = FakeDriver::new();
        let cluster = self.clone();
        fake.when(CqlPattern::Any)
            .with(move |call| cluster.reply(call));
        // The scan's own retries are under test: the session retries nothing.
        let config = Config::default()
            .page_size(PageSize::Rows(5000))
            .retry_policy(RetryPolicy::Never);
        (Session::with_config(Arc::new(fake.clone()), &config), fake)
    }

    fn reply(&self, call: &Call) -> Result<QueryResult> {
        let cql = call.cql.as_str();
        if cql.contains("system_schema.keyspaces") {
            let found = text(&call.values, 0) == "ks";
            let values = if found {
                vec![vec![Value::Text("ks".into())]]
            } else {
                vec![]
            };
            return rows(&[("keyspace_name", ColumnType::Text)], values, None);
        }
        if cql.contains("system_schema.columns") {
            let found = text(&call.values, 1) == "t";
            let col = |n: &str, k: &str, p| {
                vec![Value::Text(n.into()), Value::Text(k.into()), Value::Int(p)]
            };
            let values = if found {
                vec![col("k", "partition_key", 0), col("v", "regular", -1)]
            } else {
                vec![]
            };
            let spec = [
                ("column_name", ColumnType::Text),
                ("kind", ColumnType::Text),
                ("position", ColumnType::Int),
            ];
            return rows(&spec, values, None);
        }
        let tokens = || ColumnType::Set(Box::new(ColumnType::Text));
        if cql.contains("system.local") {
            let ring = self
                .ring
                .iter()
                .map(|t| Value::Text(t.to_string()))
                .collect();
            let values = vec![vec![
                Value::Text(self.partitioner.clone()),
                Value::Uuid(uuid::Uuid::from_u128(1)),
                Value::Set(ring),
            ]];
            let spec = [
                ("partitioner", ColumnType::Text),
                ("host_id", ColumnType::Uuid),
                ("tokens", tokens()),
            ];
            return rows(&spec, values, None);
        }
        if cql.contains("system.peers") {
            let spec = [("host_id", ColumnType::Uuid), ("tokens", tokens())];
            return rows(&spec, vec![], None);
        }
        if cql.contains("token(") {
            return self.range(call);
        }
        Err(Error::invalid(format!(
            "the fake cluster does not know {cql}"
        )))
    }

    fn range(&self, call: &Call) -> Result<QueryResult> {
        self.range_calls.fetch_add(1, Ordering::SeqCst);
        if let Some(kind) = self.failures.lock().unwrap().pop_front() {
            return Err(Error::new(kind, "injected"));
        }
        let Values::Positional(v) = &call.values else {
            return Err(Error::invalid("no bounds"));
        };
        let (Some(Value::BigInt(a)), Some(Value::BigInt(b))) = (v.first(), v.get(1)) else {
            return Err(Error::invalid("bounds are not bigints"));
        };
        let from_min = call.cql.contains(">=");
        let mut hits: Vec<i64> = self
            .keys
            .iter()
            .copied()
            .filter(|&k| (if from_min { k >= *a } else { k > *a }) && k <= *b)
            .collect();
        hits.sort_unstable();
        let offset = match &call.options.paging_state {
            Some(s) => {
                u64::from_be_bytes(s.as_bytes().try_into().expect("an 8-byte offset")) as usize
            }
            None => 0,
        };
        let size = call
            .options
            .page_size
            .and_then(PageSize::as_i32)
            .unwrap_or(i32::MAX) as usize;
        let end = (offset + size).min(hits.len());
        let next = (end < hits.len()).then_some(end as u64);
        let values = hits[offset..end]
            .iter()
            .map(|&k| vec![Value::BigInt(k), Value::Text(format!("v{k}"))])
            .collect();
        rows(
            &[("k", ColumnType::BigInt), ("v", ColumnType::Text)],
            values,
            next,
        )
    }
}
