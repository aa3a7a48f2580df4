//! What the scan tests share: the test bed (its absence FAILS the test, as
//! in the conformance suite), sessions on either backend, the fixture
//! tables, and a driver that counts (and can fail) range requests.

#![allow(dead_code, unreachable_pub)]

pub mod counting;
pub mod fixture;

use std::sync::Arc;

use cqlbridge_driver_api::{BackendKind, Config, Driver, Session};
use cqlbridge_driver_scylla::ScyllaDriver;
use cqlbridge_testbed::TestBed;

/// The test bed; without one the test fails, naming how to set it.
pub fn bed() -> TestBed {
    match TestBed::from_env() {
        Ok(Some(bed)) => bed,
        Ok(None) => panic!(
            "no test bed: CQLBRIDGE_TEST_HOSTS is unset. Run `cargo xtask db up` and \
             `source ~/.cache/cqlbridge/testbed.env` (the scan tests need a real cluster)"
        ),
        Err(e) => panic!("{e}"),
    }
}

/// The config of `backend` on the bed.
pub fn config(backend: BackendKind) -> Config {
    bed().config(backend)
}

/// A connected driver of `backend`.
pub async fn driver(config: &Config) -> Arc<dyn Driver> {
    let connected: cqlbridge_driver_api::Result<Arc<dyn Driver>> = match config.backend {
        BackendKind::Scylla => ScyllaDriver::connect(config)
            .await
            .map(|d| Arc::new(d) as _),
        #[cfg(feature = "test-cpp")]
        BackendKind::Cpp => cqlbridge_driver_cpp::CppDriver::connect(config)
            .await
            .map(|d| Arc::new(d) as _),
        other => panic!("no real backend {other}"),
    };
    connected.unwrap_or_else(|e| panic!("connect {}: {e}", config.backend))
}

/// A session of `backend` on the bed.
pub async fn session(backend: BackendKind) -> Session {
    let config = config(backend);
    Session::with_config(driver(&config).await, &config)
}

/// A fresh, absent path for a checkpoint file of test `tag`.
pub fn checkpoint_path(tag: &str, backend: BackendKind) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cqlbridge-scan-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{tag}-{backend}.json"));
    let _ = std::fs::remove_file(&path);
    path
}
