//! Run-time backend selection: [`connect`] builds the backend that
//! [`Config::backend`] names, or returns a `Config` error when that backend's
//! cargo feature is not compiled in.

use std::sync::Arc;

use cqlbridge_driver_api::{BackendKind, Config, Driver, Error, Result, Session};

/// The error for a backend whose feature is off.
#[allow(dead_code)] // unused when every backend feature is on
fn not_compiled(kind: BackendKind) -> Error {
    Error::config(format!(
        "backend `{kind}` is not compiled in: enable the cqlbridge feature `{kind}`"
    ))
}

/// Connects the backend named by `config.backend` and returns it as a driver.
pub async fn connect_driver(config: &Config) -> Result<Arc<dyn Driver>> {
    config.validate()?;
    match config.backend {
        #[cfg(feature = "scylla")]
        BackendKind::Scylla => Ok(Arc::new(
            cqlbridge_driver_scylla::ScyllaDriver::connect(config).await?,
        )),
        #[cfg(feature = "cpp")]
        BackendKind::Cpp => Ok(Arc::new(
            cqlbridge_driver_cpp::CppDriver::connect(config).await?,
        )),
        #[cfg(feature = "mock")]
        BackendKind::Mock => Ok(Arc::new(cqlbridge_driver_mock::FakeDriver::new())),
        #[allow(unreachable_patterns)]
        other => Err(not_compiled(other)),
    }
}

/// Connects the backend named by `config.backend` and opens a [`Session`]
/// with the config's defaults.
pub async fn connect(config: &Config) -> Result<Session> {
    let driver = connect_driver(config).await?;
    Ok(Session::with_config(driver, config))
}

/// Connects like [`connect`], but returns a blocking
/// [`SyncSession`](cqlbridge_sync_bridge::SyncSession) whose backend lives on
/// its own background runtime thread.
#[cfg(feature = "sync")]
pub fn connect_blocking(config: &Config) -> Result<cqlbridge_sync_bridge::SyncSession> {
    let config = config.clone();
    cqlbridge_sync_bridge::SyncSession::new(move || async move { connect(&config).await })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_backend_that_is_not_compiled_in_is_a_config_error() {
        #[cfg(not(feature = "cpp"))]
        {
            let err = connect(&Config::default().backend(BackendKind::Cpp))
                .await
                .unwrap_err();
            assert_eq!(err.kind(), &cqlbridge_driver_api::ErrorKind::Config);
            assert!(err.to_string().contains("feature `cpp`"), "{err}");
        }
        #[cfg(not(feature = "mock"))]
        {
            let err = connect(&Config::default().backend(BackendKind::Mock))
                .await
                .unwrap_err();
            assert!(err.to_string().contains("feature `mock`"), "{err}");
        }
    }

    #[tokio::test]
    async fn an_invalid_config_is_rejected_before_connecting() {
        let err = connect(&Config::new(Vec::<String>::new()))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), &cqlbridge_driver_api::ErrorKind::Config);
    }
}
