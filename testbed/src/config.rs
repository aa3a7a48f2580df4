//! The [`Config`]s the tests and benches connect with, built from a
//! [`TestBed`]: plain with the superuser, TLS with the test CA and client
//! identity, and the role without permissions.

use std::path::Path;
use std::time::Duration;

use cqlbridge_driver_api::{BackendKind, Config, TlsConfig};

use crate::bed::{TestBed, Tls};
use crate::error::TestBedError;
use crate::vars;

impl TestBed {
    /// The connect timeout of every config built here: a loaded machine can
    /// take seconds to open the first connection.
    pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

    /// The plain contact points, the superuser, `backend` and
    /// [`TestBed::CONNECT_TIMEOUT`]; every other setting is the config's
    /// default, for the caller to set.
    pub fn config(&self, backend: BackendKind) -> Config {
        Config::new(self.hosts.clone())
            .backend(backend)
            .credentials(self.user.clone(), self.password.clone())
            .connect_timeout(Self::CONNECT_TIMEOUT)
    }

    /// The TLS side, or an error when [`vars::TLS_HOSTS`] is unset.
    pub fn require_tls(&self) -> Result<&Tls, TestBedError> {
        self.tls.as_ref().ok_or(TestBedError::Missing {
            var: vars::TLS_HOSTS,
            needed_by: "a TLS connection",
        })
    }

    /// [`TestBed::config`] on the TLS contact points, with [`Tls::config`].
    pub fn tls_config(&self, backend: BackendKind) -> Result<Config, TestBedError> {
        let tls = self.require_tls()?;
        let mut config = self.config(backend).tls(tls.config()?);
        config.contact_points.clone_from(&tls.hosts);
        Ok(config)
    }

    /// [`TestBed::config`] logged in as the role without permissions, or an
    /// error when [`vars::LIMITED_USER`] is unset.
    pub fn limited_config(&self, backend: BackendKind) -> Result<Config, TestBedError> {
        let role = self.limited.as_ref().ok_or(TestBedError::Missing {
            var: vars::LIMITED_USER,
            needed_by: "a connection without permissions",
        })?;
        Ok(self
            .config(backend)
            .credentials(role.user.clone(), role.password.clone()))
    }
}

impl Tls {
    /// TLS trusting the test CA, presenting the client identity when one is
    /// named; the files are read now, and a file that cannot be read (or is
    /// not PEM) is an error naming its variable.
    pub fn config(&self) -> Result<TlsConfig, TestBedError> {
        let tls = TlsConfig::new().ca_pem(pem(vars::CA, &self.ca)?);
        Ok(match &self.client {
            Some(id) => tls.client_identity(
                pem(vars::CLIENT_CERT, &id.cert)?,
                pem(vars::CLIENT_KEY, &id.key)?,
            ),
            None => tls,
        })
    }
}

/// The PEM file `path` names, which `var` named.
fn pem(var: &'static str, path: &Path) -> Result<Vec<u8>, TestBedError> {
    let file = |reason: String| TestBedError::File {
        var,
        path: path.to_path_buf(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| file(e.to_string()))?;
    if !bytes.windows(10).any(|w| w == b"-----BEGIN") {
        return Err(file("not PEM (no -----BEGIN line)".into()));
    }
    Ok(bytes)
}
