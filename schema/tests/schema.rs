//! Introspection, describe and diff against the real test bed, on both
//! backends (scylla and cpp): the round trip of a schema using every
//! feature (`round_trip`) and one live keyspace diffed against ten edited
//! schema files (`diff_cases`).
//!
//! The cpp half needs the feature `test-cpp` (libcassandra); `cargo test
//! -p cqlbridge-schema --features sync` runs the scylla half alone.
//! Without a test bed every test FAILS.

mod support;

#[path = "schema/diff_cases.rs"]
mod diff_cases;
#[path = "schema/round_trip.rs"]
mod round_trip;

#[cfg(feature = "test-cpp")]
use cqlbridge_driver_api::BackendKind::Cpp;
use cqlbridge_driver_api::BackendKind::Scylla;

/// The longest any one check may take (each call inside has its own bound).
const CHECK_LIMIT: std::time::Duration = std::time::Duration::from_secs(300);

/// Runs `check`, failing when it takes longer than [`CHECK_LIMIT`].
async fn bounded(check: impl std::future::Future<Output = ()>) {
    tokio::time::timeout(CHECK_LIMIT, check)
        .await
        .unwrap_or_else(|_| panic!("the check took longer than {CHECK_LIMIT:?}"));
}

macro_rules! on_both_backends {
    ($($name:ident => $check:path),* $(,)?) => {
        $(
            mod $name {
                use super::*;

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn scylla() {
                    bounded($check(Scylla)).await;
                }

                #[cfg(feature = "test-cpp")]
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn cpp() {
                    bounded($check(Cpp)).await;
                }
            }
        )*
    };
}

on_both_backends! {
    round_trip_gives_an_equal_description => round_trip::round_trip,
    ten_schema_files_give_their_change_lists => diff_cases::diff_cases,
}

#[test]
fn blocking_introspection_equals_async_scylla() {
    round_trip::blocking_equals_async(Scylla);
}

#[cfg(feature = "test-cpp")]
#[test]
fn blocking_introspection_equals_async_cpp() {
    round_trip::blocking_equals_async(Cpp);
}
