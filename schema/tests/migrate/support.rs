//! What the migration tests share: sessions on either backend, a keyspace
//! per test, a folder of migration files per test, and reads of the state.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use cqlbridge_driver_api::{BackendKind, Driver, Session, Statement};
use cqlbridge_driver_scylla::ScyllaDriver;
use cqlbridge_schema::migrate::{AppliedRecord, Migrator, MigratorBuilder, Status};
use cqlbridge_testbed::Keyspace;
use cqlbridge_testbed::TestBed;

/// A session of `backend` on the bed; no bed fails the test.
pub(crate) async fn session(backend: BackendKind) -> Session {
    let bed = match TestBed::from_env() {
        Ok(Some(bed)) => bed,
        Ok(None) => panic!(
            "no test bed: CQLBRIDGE_TEST_HOSTS is unset (source ~/.cache/cqlbridge/testbed.env)"
        ),
        Err(e) => panic!("{e}"),
    };
    let config = bed.config(backend);
    let driver: Arc<dyn Driver> = match backend {
        BackendKind::Scylla => Arc::new(ScyllaDriver::connect(&config).await.expect("connect")),
        #[cfg(feature = "test-cpp")]
        BackendKind::Cpp => Arc::new(
            cqlbridge_driver_cpp::CppDriver::connect(&config)
                .await
                .expect("connect"),
        ),
        other => panic!("no real backend {other}"),
    };
    Session::with_config(driver, &config)
}

/// A fresh keyspace for `tag`.
pub(crate) async fn keyspace(session: &Session, tag: &str) -> String {
    Keyspace::create(session, tag, 1)
        .await
        .expect("create keyspace")
        .name
}

/// Drops `ks`.
pub(crate) async fn drop_keyspace(session: &Session, ks: &str) {
    let _ = cqlbridge_testbed::ddl(session, &format!("DROP KEYSPACE IF EXISTS {ks}")).await;
}

/// A fresh, empty folder for test `tag`.
pub(crate) fn folder(tag: &str, backend: BackendKind) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "cqlbridge-migrate-{}-{tag}-{backend}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Writes `dir/name.cql`.
pub(crate) fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(format!("{name}.cql")), text).expect("write a migration");
}

/// A migrator builder on `dir` and `ks`, with short bounds.
pub(crate) fn builder(dir: &Path, ks: &str) -> MigratorBuilder {
    Migrator::builder()
        .dir(dir)
        .keyspace(ks)
        .lock_ttl(Duration::from_secs(10))
        .lock_wait(Duration::from_secs(60))
}

/// The records of the state table of `ks`.
pub(crate) async fn records(migrator: &Migrator, session: &Session) -> Vec<AppliedRecord> {
    migrator
        .status(session)
        .await
        .expect("status")
        .entries
        .into_iter()
        .filter_map(|e| e.record)
        .collect()
}

/// `(name, done, total, complete)` of each record.
pub(crate) fn summary(records: &[AppliedRecord]) -> Vec<(String, usize, usize, bool)> {
    records
        .iter()
        .map(|r| {
            (
                r.name.clone(),
                r.statements_done,
                r.statements_total,
                r.applied_at.is_some(),
            )
        })
        .collect()
}

/// The `n` of the counter row `id` of `ks.hits`.
pub(crate) async fn hits(session: &Session, ks: &str, id: i32) -> i64 {
    let r = session
        .execute(
            Statement::new(format!("SELECT n FROM {ks}.hits WHERE id = ?")),
            (id,),
        )
        .await
        .expect("read hits");
    r.first_row().map_or(0, |row| row.get::<i64>(0).expect("n"))
}

/// The status of `migrator`.
pub(crate) async fn status(migrator: &Migrator, session: &Session) -> Status {
    migrator.status(session).await.expect("status")
}
