//! The scan against the real test bed, on both backends (scylla and cpp):
//! every row exactly once at concurrency 1 and 16, shards, chosen columns
//! and progress (`exact`); the blocking form (`blocking`); resume after a
//! stop, after a kill (the checkpoint file as it was) and after a page that
//! failed every retry, with no finished range read again (`resume`); a
//! child process killed with SIGKILL mid-scan and resumed (`kill`); the
//! throttle (`throttle`); and every bad input's typed error (`bad_input`).
//!
//! Most tables are small (20,000 rows over 5,000 partitions); the
//! issue's full figure, 200,000 rows over 50,000 partitions at concurrency
//! 1 and 16, is `large_table` (about a minute per backend), and the
//! throttle reads 56,000 rows at 5,000 rows/s for 10 s.
//!
//! The cpp half needs the feature `test-cpp` (libcassandra): CI's
//! `--all-features` turns it on; `cargo test -p cqlbridge-scan --features
//! sync` runs the scylla half alone. Without a test bed every
//! test FAILS, as the conformance suite does for a real backend.

mod support;

#[path = "scan/bad_input.rs"]
mod bad_input;
#[path = "scan/blocking.rs"]
mod blocking;
#[path = "scan/exact.rs"]
mod exact;
#[path = "scan/kill.rs"]
mod kill;
#[path = "scan/resume.rs"]
mod resume;
#[path = "scan/throttle.rs"]
mod throttle;

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
    every_row_exactly_once => exact::every_row_exactly_once,
    resume_reads_exactly_the_rest => resume::resume_reads_exactly_the_rest,
    killed_process_resumes => kill::killed_process_resumes,
    throttle_holds_the_rate => throttle::throttle_holds_the_rate,
    bad_input_fails_before_any_work => bad_input::bad_input_fails_before_any_work,
}

#[test]
fn blocking_scan_scylla() {
    blocking::blocking_scan(Scylla);
}

#[cfg(feature = "test-cpp")]
#[test]
fn blocking_scan_cpp() {
    blocking::blocking_scan(Cpp);
}

mod large_table {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn scylla() {
        bounded(exact::large_table(Scylla)).await;
    }

    #[cfg(feature = "test-cpp")]
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn cpp() {
        bounded(exact::large_table(Cpp)).await;
    }
}

/// The child process of `killed_process_resumes`, not a test on its own:
/// it scans only when started by that test (which sets its variable).
#[test]
#[ignore = "the child process of killed_process_resumes, which runs it"]
fn kill_child() {
    kill::kill_child();
}
