//! What every case file imports.

#![allow(unused_imports)]

pub use std::sync::Arc;
pub use std::time::{Duration, Instant};

pub use cqlbridge::{
    Batch, BatchKind, Consistency, Error, ErrorKind, Feature, IntoValues, PageSize, PagingState,
    Prepared, Query, QueryResult, Row, SerialConsistency, Statement, Value, Values,
};

pub use crate::ensure;
pub use crate::support::check::{expect_err, fail, show, CaseResult, Context, Failure, Step};
pub use crate::support::client::{collect, Client, Mode};
pub use crate::support::ctx::Ctx;

/// Values from anything [`IntoValues`].
pub fn vals(v: impl IntoValues) -> Values {
    v.into_values()
}

/// A query from CQL text.
pub fn q(cql: impl Into<String>) -> Query {
    Query::from(cql.into())
}

/// Expects an `Unavailable` error that names `cl`.
pub fn expect_unavailable(r: cqlbridge::Result<QueryResult>, cl: Consistency, what: &str) -> Step {
    expect_unavailable_as(r, cl, &[cl], what).map(|_| ())
}

/// Expects an `Unavailable` error for a request sent at `sent` that names one
/// of `named` (the server may report the level it derived, e.g. QUORUM for the
/// Paxos phase of SERIAL); returns the level named.
pub fn expect_unavailable_as(
    r: cqlbridge::Result<QueryResult>,
    sent: Consistency,
    named: &[Consistency],
    what: &str,
) -> Step<Consistency> {
    let e = expect_err(r, what)?;
    match e.kind() {
        ErrorKind::Unavailable { consistency, .. } if named.contains(consistency) => Ok(*consistency),
        ErrorKind::Unavailable { consistency, .. } => Err(fail(format!(
            "{what}: Unavailable names {consistency}, but {sent} was sent (expected one of {named:?}: {})",
            show(&e)
        ))),
        _ => Err(fail(format!("{what}: expected Unavailable at {sent}, got {}", show(&e)))),
    }
}

/// The single row of `r`, or a failure naming `what`.
pub fn one_row<'a>(r: &'a QueryResult, what: &str) -> Step<&'a Row> {
    match r.rows() {
        [row] => Ok(row),
        rows => Err(fail(format!(
            "{what}: expected one row, got {}",
            rows.len()
        ))),
    }
}

/// Elapsed time in whole milliseconds.
pub fn ms(d: Duration) -> u128 {
    d.as_millis()
}
