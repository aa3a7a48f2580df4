//! Fetching one page of a range, with the bounded, exponential retries of
//! [`RetryPolicy`].

use std::sync::atomic::{AtomicU64, Ordering};

use cqlbridge_driver_api::{Page, PagingState, Query, Value, Values};

use crate::error::{ScanError, ScanResult};
use crate::options::RetryPolicy;
use crate::source::Source;
use crate::token::TokenRange;

/// The two prepared range queries of a scan.
#[derive(Debug, Clone)]
pub(crate) struct RangeQueries {
    /// `token > ? AND token <= ?`.
    pub(crate) open: Query,
    /// `token >= ? AND token <= ?`, for the range from `i64::MIN`.
    pub(crate) from_min: Query,
}

impl RangeQueries {
    /// The query and bound values of `range`.
    fn of(&self, range: TokenRange) -> (Query, Values) {
        let query = if range.includes_start() {
            &self.from_min
        } else {
            &self.open
        };
        let values = Values::Positional(vec![Value::BigInt(range.start), Value::BigInt(range.end)]);
        (query.clone(), values)
    }
}

/// Fetches the page of `range` that `state` points at, retrying transient
/// errors as `retry` says; every attempt counts in `requests`.
pub(crate) async fn fetch_page(
    source: &dyn Source,
    queries: &RangeQueries,
    range: TokenRange,
    state: Option<PagingState>,
    retry: &RetryPolicy,
    requests: &AtomicU64,
) -> ScanResult<Page> {
    let (query, values) = queries.of(range);
    let mut attempt = 1;
    loop {
        requests.fetch_add(1, Ordering::Relaxed);
        match source
            .page(query.clone(), values.clone(), state.clone())
            .await
        {
            Ok(page) => return Ok(page),
            Err(e) if e.is_transient() && attempt < retry.attempts => {
                tokio::time::sleep(retry.backoff(attempt)).await;
                attempt += 1;
            }
            Err(source) => {
                return Err(ScanError::PageFailed {
                    range,
                    attempts: attempt,
                    source,
                })
            }
        }
    }
}
