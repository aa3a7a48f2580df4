//! Runs each example in `examples/` on both backends (scylla and cpp) against
//! the test bed and checks what it printed: its `outcome KEY = VALUE` lines
//! (see `examples/common/mod.rs`), then, through a session of the same
//! backend, that it dropped its keyspace.
//!
//! The example binaries are the ones cargo built next to this test
//! (`target/<profile>/examples/NAME`): `cargo test --features all-drivers`
//! builds them; `--test examples` alone does not, so then run
//! `cargo build --examples --features all-drivers` first. A binary missing, or
//! older than its source, fails the test with that advice.
//!
//! The test bed's `CQLBRIDGE_TEST_*` variables are mapped onto the examples'
//! `CQLBRIDGE_HOSTS` / `CQLBRIDGE_USER` / `CQLBRIDGE_PASSWORD` (as
//! `cargo xtask demo` does). Without a test bed every test FAILS, as the
//! conformance suite does for a real backend. Each example run is killed after
//! [`runner::CHILD_LIMIT`].

#[path = "examples/checks.rs"]
mod checks;
#[path = "examples/runner.rs"]
mod runner;

use runner::for_each_backend;

#[test]
fn ttl_sessions() {
    for_each_backend("ttl_sessions", checks::ttl_sessions);
}

#[test]
fn realtime_counters() {
    for_each_backend("realtime_counters", checks::realtime_counters);
}

#[test]
fn lwt_registry() {
    for_each_backend("lwt_registry", checks::lwt_registry);
}

#[test]
fn batch_importer() {
    for_each_backend("batch_importer", checks::batch_importer);
}

#[test]
fn collections_tags() {
    for_each_backend("collections_tags", checks::collections_tags);
}

#[test]
fn materialized_views() {
    for_each_backend("materialized_views", checks::materialized_views);
}

#[test]
fn vector_search() {
    for_each_backend("vector_search", checks::vector_search);
}

#[test]
fn timeseries_iot() {
    for_each_backend("timeseries_iot", checks::timeseries_iot);
}

#[test]
fn argus_tracker() {
    for_each_backend("argus_tracker", checks::argus_tracker);
}

#[test]
fn slow_query_log() {
    for_each_backend("slow_query_log", checks::slow_query_log);
}
