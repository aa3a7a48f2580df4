//! [`connect`]: a [`Client`] of either mode, for a config.

use std::sync::Arc;

use cqlbridge::{Config, Result};

use super::client::{blocking, AsyncClient, Client, Mode};
use super::sync_client::SyncClient;

/// Connects a client of `mode` with `config`.
pub async fn connect(mode: Mode, config: &Config) -> Result<Arc<dyn Client>> {
    match mode {
        Mode::Async => Ok(Arc::new(AsyncClient(cqlbridge::connect(config).await?))),
        Mode::Sync => {
            let config = config.clone();
            let s = blocking(move || cqlbridge::connect_blocking(&config)).await?;
            Ok(Arc::new(SyncClient(s)))
        }
    }
}
