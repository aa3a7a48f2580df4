//! Batches: ours → a `scylla` batch. Statements with values are prepared
//! (cached) so each value is checked against its marker; statements without
//! values go as text.

use cqlbridge_driver_api::backend::{in_batch, StatementCache};
use cqlbridge_driver_api::{Batch, BatchKind, Prepared, Query, QueryResult, Result};
use scylla::client::session::Session;
use scylla::statement::batch::{Batch as SBatch, BatchType};
use scylla::statement::unprepared::Statement as SStatement;

use crate::exec::prepare_cached;
use crate::options::{Configure, Settings};
use crate::prepared::handle;
use crate::results;
use crate::values::{bind, BoundRow};

fn kind(k: BatchKind) -> BatchType {
    match k {
        BatchKind::Logged => BatchType::Logged,
        BatchKind::Unlogged => BatchType::Unlogged,
        BatchKind::Counter => BatchType::Counter,
    }
}

/// Builds and runs `batch` (not empty: [`Session`](cqlbridge_driver_api::Session)
/// checks that) with the settings `s`; statements with values are prepared
/// through `cache`, configured with `defaults`.
pub(crate) async fn run(
    session: &Session,
    cache: &StatementCache<Prepared>,
    batch: &Batch,
    s: &Settings,
    defaults: Option<&Settings>,
) -> Result<QueryResult> {
    let mut sb = SBatch::new(kind(batch.kind()));
    let mut rows: Vec<BoundRow<'_>> = Vec::with_capacity(batch.len());
    for (i, (query, values)) in batch.items().iter().enumerate() {
        let prepared = match query {
            Query::Statement(st) if values.is_empty() => {
                sb.append_statement(SStatement::new(st.cql()));
                rows.push(BoundRow::default());
                continue;
            }
            Query::Statement(st) => prepare_cached(session, cache, st.cql(), s.timeout, defaults)
                .await
                .map_err(|e| in_batch(i, e))?,
            Query::Prepared(p) => p.clone(),
        };
        let handle = handle(&prepared).map_err(|e| in_batch(i, e))?;
        rows.push(bind(values, prepared.bind_markers()).map_err(|e| in_batch(i, e))?);
        sb.append_statement(handle.statement.clone());
    }
    sb.configure(s);
    let result = session
        .batch(&sb, &rows)
        .await
        .map_err(crate::errors::execution)?;
    results::plain(result, None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_kinds_map_one_to_one() {
        assert_eq!(kind(BatchKind::Logged), BatchType::Logged);
        assert_eq!(kind(BatchKind::Unlogged), BatchType::Unlogged);
        assert_eq!(kind(BatchKind::Counter), BatchType::Counter);
    }
}
