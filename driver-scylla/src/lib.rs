//! cqlbridge's native Rust backend: a [`Driver`](cqlbridge_driver_api::Driver)
//! over the [`scylla`](https://docs.rs/scylla) crate 1.x, with TLS through
//! rustls 0.23 (no OpenSSL).
//!
//! ```no_run
//! # async fn demo() -> cqlbridge_driver_api::Result<()> {
//! use cqlbridge_driver_api::{Config, Session};
//! use cqlbridge_driver_scylla::ScyllaDriver;
//! use std::sync::Arc;
//!
//! let config = Config::new(["127.0.0.1"]).credentials("cassandra", "cassandra");
//! let session = Session::with_config(Arc::new(ScyllaDriver::connect(&config).await?), &config);
//! let version: String = session
//!     .execute("SELECT release_version FROM system.local", ())
//!     .await?
//!     .first_row()
//!     .expect("one row")
//!     .get(0)?;
//! # Ok(()) }
//! ```
//!
//! # What the crate does not expose, and how this backend copes
//!
//! - `scylla` 1.x's public `QueryResult` drops `SCHEMA_CHANGE` and
//!   `SET_KEYSPACE` results. The backend recovers them from the statement
//!   text with [`schema_inference`](cqlbridge_driver_api::backend::schema_inference)
//!   (shared with the cpp backend), using the keyspace the crate recorded for
//!   `USE`; a `CREATE … IF NOT EXISTS` / `DROP … IF EXISTS` on a
//!   keyspace, table, view or type first asks `system_schema` whether the
//!   object exists, so a no-op reads as `Void`, as the server answers.
//! - The crate names every node by IP for TLS (`ServerName::IpAddress`), so
//!   rustls' WebPKI verifier checks the node's IP SAN; with
//!   `verify_peer_identity = false` only the chain is checked.
//! - CQL text bound with values is prepared once (bounded LRU cache, cleared
//!   when the keyspace changes) instead of the crate's re-prepare on every
//!   call, so values are coerced against the server's bind-marker types.
//! - The crate's request timeout bounds one request, but not what it does
//!   after some replies: it waits for schema agreement after DDL and
//!   switches every connection after `USE`. DDL, `USE`, batches, preparing
//!   and text that must be prepared first therefore run under a bound of
//!   our own; a plain request has only the crate's timer. So the backend
//!   reports itself [`self_bounded`](cqlbridge_driver_api::Capabilities::self_bounded),
//!   and `Session` adds no second timer to each call.
//! - Rows of a prepared statement share the column specs it was prepared
//!   with while the server's reply has the same columns, and a prepared
//!   write (no result columns) runs unpaged.

mod batch;
mod capabilities;
mod cells;
mod connect;
mod consistency;
mod decode;
mod driver;
mod errors;
mod exec;
mod options;
mod paging;
mod prepared;
mod results;
mod rows;
mod slots;
mod tls;
mod types;
mod values;
mod values_exact;

#[cfg(test)]
mod errors_tests;
#[cfg(test)]
mod tls_tests;
#[cfg(test)]
mod values_fuzz;
#[cfg(test)]
mod values_tests;

pub use capabilities::NAME;
pub use driver::ScyllaDriver;

/// Connects a [`ScyllaDriver`] for `config` and wraps it in a
/// [`Session`](cqlbridge_driver_api::Session) with `config`'s defaults.
pub async fn connect(
    config: &cqlbridge_driver_api::Config,
) -> cqlbridge_driver_api::Result<cqlbridge_driver_api::Session> {
    let driver = ScyllaDriver::connect(config).await?;
    Ok(cqlbridge_driver_api::Session::with_config(
        std::sync::Arc::new(driver),
        config,
    ))
}

/// The `scylla` crate's error types. An [`Error`](cqlbridge_driver_api::Error)
/// this backend returns carries the crate's error as its
/// [`source()`](std::error::Error::source), which downcasts to one of these
/// (for example `ExecutionError` or `NewSessionError`).
pub use scylla::errors as scylla_errors;
