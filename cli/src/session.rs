//! The configuration from `--url` or the environment, and the session.

use cqlbridge::{BackendKind, Config, SyncSession};

use crate::args::{Backend, Cli};
use crate::failure::Failure;

/// The configuration: `--url` if given, else the `CQLBRIDGE_*` environment;
/// `--backend` overrides the backend of either.
pub(crate) fn config(cli: &Cli) -> Result<Config, Failure> {
    let config = match &cli.url {
        Some(url) => Config::from_url(url),
        None => Config::from_env(),
    };
    let mut config = config.map_err(|e| Failure::usage(e.to_string()))?;
    if let Some(b) = cli.backend {
        config.backend = match b {
            Backend::Scylla => BackendKind::Scylla,
            Backend::Cpp => BackendKind::Cpp,
        };
    }
    Ok(config)
}

/// A blocking session on the configured cluster.
pub(crate) fn connect(cli: &Cli) -> Result<SyncSession, Failure> {
    let config = config(cli)?;
    cqlbridge::connect_blocking(&config).map_err(|e| Failure::driver("cannot connect", &e))
}
