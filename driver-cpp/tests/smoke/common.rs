//! The cpp backend over the test bed: configs and sessions.

use std::sync::Arc;

use cqlbridge_driver_api::{BackendKind, Config, Session};
use cqlbridge_driver_cpp::CppDriver;
use cqlbridge_testbed::TestBed;

/// The test bed's plain config for this backend.
pub(crate) fn config(bed: &TestBed) -> Config {
    bed.config(BackendKind::Cpp)
}

/// A session over a cpp driver connected with `config`.
pub(crate) async fn session_with(config: &Config) -> Session {
    let driver = CppDriver::connect(config)
        .await
        .unwrap_or_else(|e| panic!("connect: {e}"));
    Session::with_config(Arc::new(driver), config)
}

/// A session on the test bed's plain port.
pub(crate) async fn session(bed: &TestBed) -> Session {
    session_with(&config(bed)).await
}
