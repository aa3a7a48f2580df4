//! The row both derive benches decode (`derive.rs` without I/O,
//! `derive_page.rs` against the test bed): five columns, one nullable.

use cqlbridge::FromRow;

/// A user row as `#[derive(FromRow)]` decodes it, by column name.
#[derive(Debug, FromRow)]
#[allow(dead_code, reason = "`derive` only decodes the fields")]
pub(crate) struct User {
    /// `id bigint`.
    pub(crate) id: i64,
    /// `name text`.
    pub(crate) name: String,
    /// `email text`, null for some rows.
    pub(crate) email: Option<String>,
    /// `age int`.
    pub(crate) age: i32,
    /// `score double`.
    pub(crate) score: f64,
}
