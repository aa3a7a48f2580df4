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
    let e = expect_err(r, what)?;
    match e.kind() {
        ErrorKind::Unavailable { consistency, .. } if *consistency == cl => Ok(()),
        ErrorKind::Unavailable { consistency, .. } => {
            Err(fail(format!("{what}: Unavailable names {consistency}, but {cl} was sent ({})", show(&e))))
        }
        _ => Err(fail(format!("{what}: expected Unavailable at {cl}, got {}", show(&e)))),
    }
}

/// The single row of `r`, or a failure naming `what`.
pub fn one_row<'a>(r: &'a QueryResult, what: &str) -> Step<&'a Row> {
    match r.rows() {
        [row] => Ok(row),
        rows => Err(fail(format!("{what}: expected one row, got {}", rows.len()))),
    }
}

/// Elapsed time in whole milliseconds.
pub fn ms(d: Duration) -> u128 {
    d.as_millis()
}
