//! Migrations against the real test bed, on both backends (scylla, and
//! cpp with the feature `test-cpp`): resume after a failed statement
//! (`resume`), tampered files and rollbacks (`refusals`), the lock
//! (`lock`: a dead runner's lock, two runners at once), the dry run, and a
//! code migration's backfill that resumes without rereading (`backfill`).
//! Without a test bed every test FAILS. Each test has a keyspace of its own.

mod migrate {
    pub(crate) mod backfill;
    pub(crate) mod lock;
    pub(crate) mod refusals;
    pub(crate) mod resume;
    pub(crate) mod support;
}

#[cfg(feature = "test-cpp")]
use cqlbridge_driver_api::BackendKind::Cpp;
use cqlbridge_driver_api::BackendKind::Scylla;

/// The longest any one check may take (each call inside has its own bound).
const CHECK_LIMIT: std::time::Duration = std::time::Duration::from_secs(300);

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
    schema_agreement_is_reached => migrate::resume::schema_agreement_is_reached,
    failed_statement_resumes_at_the_next => migrate::resume::failed_statement_resumes_at_the_next,
    dry_run_executes_nothing => migrate::resume::dry_run_executes_nothing,
    tampered_file_is_refused => migrate::refusals::tampered_file_is_refused,
    rollback_needs_down => migrate::refusals::rollback_needs_down,
    dead_runners_lock_expires => migrate::lock::dead_runners_lock_expires,
    two_runners_apply_once => migrate::lock::two_runners_apply_once,
    backfill_resumes_where_it_stopped => migrate::backfill::backfill_resumes_where_it_stopped,
}

/// The blocking form agrees too, over the bridge.
#[cfg(feature = "sync")]
#[test]
fn blocking_schema_agreement_scylla() {
    let bed = cqlbridge_testbed::TestBed::from_env()
        .expect("test bed vars")
        .expect("no test bed: source ~/.cache/cqlbridge/testbed.env");
    let config = bed.config(Scylla);
    let session = cqlbridge_sync_bridge::SyncSession::new(move || async move {
        let driver = cqlbridge_driver_scylla::ScyllaDriver::connect(&config).await?;
        Ok(cqlbridge_driver_api::Session::with_config(
            std::sync::Arc::new(driver),
            &config,
        ))
    })
    .expect("connect");
    session
        .await_schema_agreement(std::time::Duration::ZERO)
        .expect("agreement read once");
    session.close().expect("close");
}
