//! The cqlbridge backend over the DataStax/ScyllaDB C++ driver (libcassandra ≥ 2.16),
//! through the FFI layer of `cassandra-cpp` 3.x (`cassandra-cpp-sys`).
//!
//! [`CppDriver`] implements [`Driver`](cqlbridge_driver_api::Driver); use it through
//! `cqlbridge::connect` with `backend = cpp`, or wrap it in a `Session` yourself.
//!
//! # Building
//!
//! The crate links libcassandra. `build.rs` finds it through `CASSANDRA_CPP_LIB_DIR`,
//! then `pkg-config cassandra`, then the copy `cargo xtask cpp-driver` provisions for the
//! project's tests, and stops with a message naming what is missing otherwise.
//!
//! # Why the C API and not cassandra-cpp's safe wrapper
//!
//! The wrapper keeps its raw handles private and has no way to: inspect the data types
//! of bind markers and result columns (needed to bind by type and to read `vector`),
//! bind `duration` or custom values, set a batch's request timeout, or close a session
//! without blocking the calling thread. Its error type is also `!Sync`. So this crate
//! calls the same C API directly; all of that code, and all `unsafe`, is in `src/ffi/`.
//!
//! # Behaviour worth knowing
//!
//! - **Options**: consistency, serial consistency, timeout (whole ms, rounded up, never
//!   0), page size (`Unpaged` is -1), paging state, idempotence and timestamp are set on
//!   every statement and batch from the options passed in, falling back to the `Config`
//!   defaults — never to libcassandra's (LOCAL_ONE, 12 s, unpaged).
//! - **Values**: unprepared statements *with values* are prepared under the hood (cached
//!   by CQL text), so values are checked against the real column types exactly as for
//!   prepared statements; a value that does not fit is a `Type` error naming the marker.
//!   `duration`, `varint`, `decimal` and `vector<T, N>` are decoded from the raw bytes.
//!   An empty value of a fixed-width type (Cassandra allows an `int` of zero bytes) reads
//!   as `Null`.
//! - **Results**: libcassandra's C API does not expose the result kind (it consumes
//!   `SCHEMA_CHANGE` and `SET_KEYSPACE` results and hands back an empty one), so, as the
//!   scylla backend does, this one infers `SchemaChange` and `SetKeyspace` from the
//!   statement text with
//!   [`schema_inference`](cqlbridge_driver_api::backend::schema_inference), using the keyspace it
//!   tracks (from `Config::keyspace`, `use_keyspace` and `USE`); a
//!   `CREATE … IF NOT EXISTS` / `DROP … IF EXISTS` on a keyspace, table, view or type
//!   first asks `system_schema` whether the object exists, so a no-op reads as `Void`, as
//!   the server answers. `Prepared::result_columns` is empty, and result columns carry no
//!   keyspace or table name: the C API exposes neither.
//! - **Errors**: every `CassError` code maps to an `ErrorKind`; the driver's code and
//!   message stay reachable as a [`CppError`] through `source()`. The fall-through retry
//!   policy is used, so errors arrive as the server sent them: with libcassandra's default
//!   policy an `Unavailable` is retried on the next host and, when none is left, surfaces
//!   as `LIB_NO_HOSTS_AVAILABLE` ("All hosts in current policy attempted…"), a connection
//!   error that no longer names the consistency.
//! - **Timeouts and cancellation**: a timed-out or dropped call does not cancel the
//!   request inside libcassandra; a write may still be applied by the server. Batches
//!   carry the timeout natively and are also bounded at this layer.
//! - **Closing**: `close()` closes the session asynchronously and frees it on the
//!   blocking pool (freeing can block until libcassandra's threads stop); a session
//!   dropped without `close()` is freed on a short-lived thread of its own. After
//!   `close()` every call fails with `Closed`; closing twice is fine.
//! - **TLS**: CA PEM (every certificate of a bundle), client certificate and
//!   *unencrypted* key for mutual TLS, peer certificate always verified, peer identity
//!   (IP address against the certificate's IP SANs) when `verify_peer_identity`.

mod batch;
mod capabilities;
mod cells;
mod connect;
mod consistency;
mod decode;
mod driver;
mod errors;
mod exec;
mod ffi;
mod keyspace;
mod options;
mod paging;
mod prepared;
mod results;
mod rows;
mod tls;
mod types;
mod values;

pub use capabilities::NAME;
pub use driver::CppDriver;
pub use errors::CppError;
