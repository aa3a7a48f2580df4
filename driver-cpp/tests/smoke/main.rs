//! Smoke tests of the cpp backend against the real test bed (`cargo xtask db up`).
//!
//! They read the target from the environment written by the test bed
//! (`source ~/.cache/cqlbridge/testbed.env`): `CQLBRIDGE_TEST_HOSTS` and friends. When
//! `CQLBRIDGE_TEST_HOSTS` is unset every test prints a loud SKIPPED notice and returns;
//! that is the only reason a test is skipped.

mod common;

mod batch_lwt;
mod connect;
mod consistency;
mod errors;
mod paging;
mod results;
mod types;
