//! # cqlbridge
//!
//! One API for CQL databases (Apache Cassandra, ScyllaDB) over several
//! drivers, async or blocking.
//!
//! - [`Session`]: the async API, for Tokio services.
//! - `SyncSession` (feature `sync`): the same API, blocking, for
//!   applications without an async runtime.
//! - Backends, chosen at compile time by feature and at run time by
//!   [`Config::backend`]: the native Rust `scylla` crate, the C++ driver
//!   (libcassandra) through `cassandra-cpp-sys`, and an in-memory fake for unit tests.
//!
//! # Feature flags
//!
//! | feature       | default | what it adds |
//! |---------------|---------|--------------|
//! | `scylla`      | yes     | the native Rust backend ([`ScyllaDriver`]) |
//! | `cpp`         | no      | the C++ driver backend (`CppDriver`; needs libcassandra) |
//! | `mock`        | no      | `FakeDriver` and `MockDriver` for unit tests |
//! | `sync`        | no      | the blocking `SyncSession` |
//! | `scan`        | no      | full-table scans by token range (`scan`; with `sync`, `scan_blocking` too) |
//! | `metrics`     | no      | `Session::metrics` also exported through the `metrics` crate's facade |
//! | `all-drivers` | no      | all of the above (CI) |
//!
//! # Examples
//!
//! ```no_run
//! # async fn demo() -> cqlbridge::Result<()> {
//! let config = cqlbridge::Config::from_url("cql://cassandra:cassandra@127.0.0.1/shop")?;
//! let session = cqlbridge::connect(&config).await?;
//! let result = session.execute("SELECT release_version FROM system.local", ()).await?;
//! let version: String = result.first_row().unwrap().get(0)?;
//! println!("server {version}");
//! session.close().await?;
//! # Ok(()) }
//! ```

mod connect;

pub use connect::{connect, connect_driver};

#[cfg(feature = "sync")]
pub use connect::connect_blocking;

// Sessions and the backend contract.
pub use cqlbridge_driver_api::{Capabilities, Driver, Feature, Session};

// Configuration.
pub use cqlbridge_driver_api::{
    BackendKind, Config, Credentials, LoadBalancing, ReconnectPolicy, RetryPolicy, Secret,
    SpeculativePolicy, TlsConfig, MAX_SPECULATIVE_ATTEMPTS,
};

// Statements, options and batches.
pub use cqlbridge_driver_api::{
    Batch, BatchKind, Consistency, ExecOptions, PageSize, PagingState, Prepared, Query, QueryRef,
    SerialConsistency, Statement,
};

// Values bound and rows read.
pub use cqlbridge_driver_api::{
    ColumnIndex, ColumnSpec, ColumnType, CqlDate, CqlDecimal, CqlDuration, CqlTime, CqlTimestamp,
    CqlVarint, FromRow, FromValue, IntoValue, IntoValues, UdtValue, Value, Values,
};

// Results.
/// Rows decoded straight into a `#[derive(FromRow)]` struct:
/// [`Session::execute_as`] gives a [`TypedPage`].
pub use cqlbridge_driver_api::{decode, DecodeRow, TypedPage};
pub use cqlbridge_driver_api::{Page, QueryResult, Row, SchemaChange};
/// Server-side traces: [`Session::trace`] reads one.
pub use cqlbridge_driver_api::{Trace, TraceEvent, DEFAULT_TRACE_WAIT};

// Request metrics and observers.
pub use cqlbridge_driver_api::{
    Latency, MetricsSnapshot, RequestInfo, RequestKind, RequestMetrics, RequestObserver,
    RequestOutcome,
};

// Errors.
pub use cqlbridge_driver_api::{Error, ErrorKind, Result, TimeoutOp};

/// The blocking API: the session, its builder (startup, wait and drop bounds), its row
/// iterator, and the default bounds.
#[cfg(feature = "sync")]
pub use cqlbridge_sync_bridge::{
    BridgeTimings, RowIter, SyncSession, SyncSessionBuilder, DEFAULT_DROP_TIMEOUT,
    DEFAULT_FALLBACK_TIMEOUT, DEFAULT_STARTUP_TIMEOUT, DEFAULT_WAIT_MARGIN,
};

/// The native Rust backend over the `scylla` crate.
#[cfg(feature = "scylla")]
pub use cqlbridge_driver_scylla::ScyllaDriver;

/// The C++ driver backend over libcassandra (through `cassandra-cpp-sys`).
#[cfg(feature = "cpp")]
pub use cqlbridge_driver_cpp::CppDriver;

/// The `scylla` backend: its driver, its name, and the `scylla` crate's error types
/// that its errors carry as [`source()`](std::error::Error::source).
#[cfg(feature = "scylla")]
pub mod scylla {
    pub use cqlbridge_driver_scylla::{scylla_errors, ScyllaDriver, NAME};
}

/// The C++ driver backend: its driver, its name, and its own error type [`cpp::CppError`]
/// (libcassandra's code and message), which its errors carry as
/// [`source()`](std::error::Error::source).
#[cfg(feature = "cpp")]
pub mod cpp {
    pub use cqlbridge_driver_cpp::{CppDriver, CppError, NAME};
}

/// Full-table scans by token range: parallel, in bounded memory, resumable
/// from a checkpoint, throttled and shardable across processes (see
/// [`scan::scan`], and `scan::scan_blocking` with the `sync` feature).
#[cfg(feature = "scan")]
pub mod scan {
    pub use cqlbridge_scan::*;
}

/// Schema introspection from `system_schema`, CQL DDL rendering and parsing,
/// schema diff, and versioned migrations ([`schema::migrate`]).
#[cfg(feature = "schema")]
pub mod schema {
    pub use cqlbridge_schema::*;
}

#[cfg(feature = "derive")]
#[doc(hidden)]
pub use cqlbridge_driver_api::__derive;
/// Derive macros for rows, bound values and user-defined types.
#[cfg(feature = "derive")]
pub use cqlbridge_macros::*;

/// Test doubles: the scripted [`mock::FakeDriver`] and the mockall [`mock::MockDriver`].
#[cfg(feature = "mock")]
pub mod mock {
    pub use cqlbridge_driver_mock::{
        mock_driver, Call, CqlPattern, FakeDriver, MockDriver, Op, RuleBuilder, BATCH_CQL,
        FAKE_BACKEND, MOCK_BACKEND,
    };
}
