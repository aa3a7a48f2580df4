//! Smoke tests of what only the cpp backend promises, against the test bed
//! (`cargo xtask db up`, then `source ~/.cache/cqlbridge/testbed.env`).
//!
//! What every backend must do is the conformance suite's (`tests/conformance`):
//! connecting, auth, TLS, consistency, paging, types, results, batches, LWT,
//! errors, timeouts and close are proven there, for both backends, async and
//! sync. These tests cover what this backend adds over libcassandra and the
//! suite does not check: requests really go through libcassandra, closing and
//! dropping keep libcassandra's blocking calls off the async threads, the
//! statements it prepares under the hood follow the keyspace, the result kinds
//! libcassandra hides are inferred in their harder cases, and errors keep
//! libcassandra's code and name the table.
//!
//! Without a test bed (`CQLBRIDGE_TEST_HOSTS` unset) each test prints a
//! SKIPPED line, counted, and returns.

mod common;

mod connect;
mod errors;
mod results;
