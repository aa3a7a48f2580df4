//! The cqlbridge test bed as the tests and benches see it: the
//! `CQLBRIDGE_TEST_*` variables that `cargo xtask db up` writes to
//! `~/.cache/cqlbridge/testbed.env` (see `xtask/src/db/env.rs` and
//! `testbed/README.md`), read in one place into one typed [`TestBed`], and
//! the [`Config`](cqlbridge_driver_api::Config)s built from it.
//!
//! ```no_run
//! use cqlbridge_driver_api::BackendKind;
//! use cqlbridge_testbed::TestBed;
//!
//! match TestBed::from_env() {
//!     Ok(Some(bed)) => {
//!         let config = bed.config(BackendKind::Scylla);
//!         # let _ = config;
//!     }
//!     Ok(None) => { /* not configured: report a skip (counted) or fail, never pass */ }
//!     Err(e) => panic!("{e}"), // a malformed variable, named in the message
//! }
//! ```
//!
//! [`TestBed::from_env`] returns `Ok(None)` only when `CQLBRIDGE_TEST_HOSTS`
//! is unset or empty; once it is set, every variable the bed needs must be
//! set and well-formed, or the result is a [`TestBedError`] naming the
//! variable. [`TestBed::from_vars`] parses from any lookup (a map, in the
//! unit tests), never the process environment. [`TestBed::for_test`] is the
//! form for `#[test]`s: the bed, or a loud SKIPPED notice.
//!
//! [`child`] runs a cqlbridge program as a bounded child process
//! configured from the bed. [`Keyspace`] is a throw-away keyspace for a test on the bed, [`ddl`] a
//! schema statement with a bound a busy node can meet.

mod bed;
pub mod child;
mod config;
mod error;
mod keyspace;
mod parse;
pub mod vars;

#[cfg(test)]
mod tests;

pub use bed::{Identity, Role, TestBed, Tls};
pub use error::TestBedError;
pub use keyspace::{ddl, Keyspace, DDL_TIMEOUT};
