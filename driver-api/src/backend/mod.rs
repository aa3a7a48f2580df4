//! The backend kit: what every [`Driver`](crate::Driver) implementation
//! needs, written once. Not for applications (the `cqlbridge` facade does
//! not show it); for backend authors:
//!
//! - [`ResolvedOptions`]: a request's [`ExecOptions`](crate::ExecOptions)
//!   over the config's defaults, every field set and checked.
//! - [`bounded`] and [`TIMEOUT_GRACE`]: the outer bound on a call;
//!   [`connect_bound`] and [`close_bound`] on connecting and closing;
//!   [`millis`], a timeout in whole milliseconds.
//! - [`StatementCache`]: the bounded LRU cache of prepared statements.
//! - [`check_batch`] and [`handle`]: checks made once; [`in_batch`], the
//!   error of one statement of a batch.
//! - [`Before`] and [`result_kind`] over [`schema_inference`]: the kind of
//!   a result without rows, for client libraries that hide it.
//! - [`coerce()`]: a value fitted to the CQL type of its bind marker.
//! - [`async_trait`](macro@async_trait): the one `async_trait` the
//!   [`Driver`](crate::Driver) trait is written with.

mod bound;
mod cache;
mod checks;
mod coerce;
mod resolved;
mod result_kind;
pub mod schema_inference;

pub use bound::{
    bounded, close_bound, connect_bound, millis, CLOSE_GRACE, CONNECT_TRIES_COUNTED, TIMEOUT_GRACE,
};
pub use cache::StatementCache;
pub use checks::{check_batch, check_policies, handle, in_batch};
pub use coerce::coerce;
pub use resolved::ResolvedOptions;
pub use result_kind::{result_kind, Before};

/// Re-exported so backends name the same `async_trait` as the trait.
pub use async_trait::async_trait;
