//! Batches: ours → a `scylla` batch. Statements with values are prepared
//! (cached) so each value is checked against its marker; statements without
//! values go as text.

use cqlbridge_driver_api::{Batch, BatchKind, Error, Query, QueryResult, Result};
use scylla::client::session::Session;
use scylla::statement::batch::{Batch as SBatch, BatchType};
use scylla::statement::unprepared::Statement as SStatement;

use crate::driver::ScyllaDriver;
use crate::exec;
use crate::options::{Configure, Resolved};
use crate::values::{bind, BoundRow};

fn kind(k: BatchKind) -> BatchType {
    match k {
        BatchKind::Logged => BatchType::Logged,
        BatchKind::Unlogged => BatchType::Unlogged,
        BatchKind::Counter => BatchType::Counter,
    }
}

/// Prefixes an error with the statement's position in the batch.
fn at(i: usize, e: Error) -> Error {
    let msg = format!("batch statement {i}: {}", e.message());
    Error::new(e.kind().clone(), msg).with_source(e)
}

/// Builds and runs `batch` with the resolved options.
pub(crate) async fn run(
    driver: &ScyllaDriver,
    session: &Session,
    batch: &Batch,
    r: &Resolved,
) -> Result<QueryResult> {
    if batch.is_empty() {
        return Err(Error::invalid("a batch needs at least one statement"));
    }
    let mut sb = SBatch::new(kind(batch.kind()));
    let mut rows: Vec<BoundRow> = Vec::with_capacity(batch.len());
    for (i, (query, values)) in batch.items().iter().enumerate() {
        let prepared = match query {
            Query::Statement(s) if values.is_empty() => {
                sb.append_statement(SStatement::new(s.cql()));
                rows.push(BoundRow::default());
                continue;
            }
            Query::Statement(s) => driver
                .prepare_cached(session, s.cql(), r.timeout)
                .await
                .map_err(|e| at(i, e))?,
            Query::Prepared(p) => p.clone(),
        };
        let handle = crate::prepared::handle(&prepared).map_err(|e| at(i, e))?;
        rows.push(bind(values, prepared.bind_markers()).map_err(|e| at(i, e))?);
        sb.append_statement(handle.statement.clone());
    }
    sb.configure(r);
    let result = session
        .batch(&sb, &rows)
        .await
        .map_err(crate::errors::execution)?;
    exec::finish(driver, session, result, None, exec::Answer::plain(None))
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

    #[test]
    fn errors_name_the_statement_position() {
        let e = at(2, Error::type_error("bind marker `v`: too big"));
        assert!(e.is_type());
        assert_eq!(e.message(), "batch statement 2: bind marker `v`: too big");
    }
}
