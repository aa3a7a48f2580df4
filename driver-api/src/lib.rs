//! The cqlbridge contract: the object-safe [`Driver`] trait every backend
//! implements, the async [`Session`] over it, and the backend-neutral types
//! that cross it — [`Value`], [`Row`], [`QueryResult`], [`ExecOptions`],
//! [`Config`], [`Capabilities`] and [`Error`].
//!
//! No backend type appears here, and nothing here does I/O: backends convert
//! at their edge. For backend authors, [`backend`] holds the kit every
//! backend shares: options resolution, the call bound, the prepared-statement
//! cache, the checks made once, and the inference of the `SchemaChange` and
//! `SetKeyspace` results that some client libraries hide.
//!
//! # Feature flags
//!
//! | feature   | default | what it adds |
//! |-----------|---------|--------------|
//! | `chrono`  | yes     | `chrono` conversions for `date`, `time`, `timestamp` |
//! | `mockall` | no      | `MockDriver`, a mockall mock of [`Driver`] |
//! | `metrics` | no      | [`Session::metrics`] exported through the `metrics` crate's facade |

#[macro_use]
mod setters;

#[doc(hidden)]
#[path = "derive_support.rs"]
pub mod __derive;
pub mod backend;
mod batch;
mod capabilities;
mod column;
mod config;
mod consistency;
mod convert;
pub mod decode;
mod driver;
mod error;
mod from_row;
mod metrics;
mod observer;
mod options;
mod paging;
mod query_ref;
mod result;
mod row;
mod session;
mod statement;
mod value;
mod values;

pub use batch::{Batch, BatchKind};
pub use capabilities::{Capabilities, Feature};
pub use column::{ColumnSpec, ColumnType};
pub use config::{
    BackendKind, Config, Credentials, LoadBalancing, ReconnectPolicy, RetryPolicy, Secret,
    SpeculativePolicy, TlsConfig, MAX_SPECULATIVE_ATTEMPTS,
};
pub use consistency::{Consistency, SerialConsistency};
pub use convert::{FromValue, IntoValue};
pub use decode::{DecodeRow, TypedPage};
pub use driver::Driver;
#[cfg(feature = "mockall")]
pub use driver::MockDriver;
pub use error::{Error, ErrorKind, Result, TimeoutOp};
pub use from_row::FromRow;
pub use metrics::{Latency, MetricsSnapshot, RequestMetrics};
pub use observer::{RequestInfo, RequestKind, RequestObserver, RequestOutcome};
pub use options::ExecOptions;
pub use paging::{PageSize, PagingState};
pub use query_ref::QueryRef;
pub use result::{Page, QueryResult, SchemaChange};
pub use row::{ColumnIndex, Row};
pub use session::Session;
pub use session::{Trace, TraceEvent, DEFAULT_TRACE_WAIT};
pub use statement::{Prepared, Query, Statement};
pub use value::{
    CqlDate, CqlDecimal, CqlDuration, CqlTime, CqlTimestamp, CqlVarint, UdtValue, Value,
};
pub use values::{IntoValues, Values};
