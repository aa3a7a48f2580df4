//! [`TlsConfig`]: the CA to trust, an optional client identity, and whether
//! to check the server's identity. PEM bytes are loaded when configured, so a
//! missing file is a `Config` error at once, not at connect time.

use std::fmt;
use std::path::Path;

use crate::error::{Error, Result};

/// TLS settings for client connections.
#[derive(Clone, PartialEq, Eq)]
pub struct TlsConfig {
    /// PEM of the CA certificate(s) to trust; `None` uses the backend's
    /// system roots where it has them.
    pub ca_pem: Option<Vec<u8>>,
    /// PEM of the client certificate chain, for mutual TLS.
    pub client_cert_pem: Option<Vec<u8>>,
    /// PEM of the client's private key (unencrypted PKCS#8 or PKCS#1).
    pub client_key_pem: Option<Vec<u8>>,
    /// Check that the server's certificate names the address connected to
    /// (IP SAN or DNS name). On by default.
    pub verify_peer_identity: bool,
}

impl Default for TlsConfig {
    fn default() -> Self {
        TlsConfig {
            ca_pem: None,
            client_cert_pem: None,
            client_key_pem: None,
            verify_peer_identity: true,
        }
    }
}

fn read_pem(what: &str, path: &Path) -> Result<Vec<u8>> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::config(format!("cannot read {what} `{}`: {e}", path.display())))?;
    if !bytes.windows(10).any(|w| w == b"-----BEGIN") {
        return Err(Error::config(format!(
            "{what} `{}` is not PEM (no -----BEGIN line)",
            path.display()
        )));
    }
    Ok(bytes)
}

impl TlsConfig {
    /// TLS with system roots and peer identity checks.
    pub fn new() -> Self {
        Self::default()
    }

    /// Trusts the CA in this PEM.
    pub fn ca_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.ca_pem = Some(pem.into());
        self
    }

    /// Trusts the CA in this PEM file.
    pub fn ca_file(self, path: impl AsRef<Path>) -> Result<Self> {
        Ok(self.ca_pem(read_pem("CA certificate", path.as_ref())?))
    }

    /// Presents this certificate and key (PEM) for mutual TLS.
    pub fn client_identity(mut self, cert: impl Into<Vec<u8>>, key: impl Into<Vec<u8>>) -> Self {
        self.client_cert_pem = Some(cert.into());
        self.client_key_pem = Some(key.into());
        self
    }

    /// Presents the certificate and key in these PEM files.
    pub fn client_identity_files(
        self,
        cert: impl AsRef<Path>,
        key: impl AsRef<Path>,
    ) -> Result<Self> {
        let cert = read_pem("client certificate", cert.as_ref())?;
        let key = read_pem("client key", key.as_ref())?;
        Ok(self.client_identity(cert, key))
    }

    /// TLS from optional PEM file paths, as given in a URL or the environment:
    /// `cert` and `key` must come together.
    pub fn from_files(
        ca: Option<String>,
        cert: Option<String>,
        key: Option<String>,
    ) -> Result<Self> {
        let mut tls = TlsConfig::new();
        if let Some(ca) = ca {
            tls = tls.ca_file(ca)?;
        }
        match (cert, key) {
            (Some(cert), Some(key)) => tls.client_identity_files(cert, key),
            (None, None) => Ok(tls),
            _ => Err(Error::config(
                "a client certificate and its key must be given together",
            )),
        }
    }

    /// Turns the server identity check on or off.
    pub fn verify_peer_identity(mut self, yes: bool) -> Self {
        self.verify_peer_identity = yes;
        self
    }
}

impl fmt::Debug for TlsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsConfig")
            .field("ca_pem", &self.ca_pem.as_ref().map(|p| p.len()))
            .field(
                "client_cert_pem",
                &self.client_cert_pem.as_ref().map(|p| p.len()),
            )
            .field(
                "client_key_pem",
                &self.client_key_pem.as_ref().map(|_| "***"),
            )
            .field("verify_peer_identity", &self.verify_peer_identity)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_or_non_pem_files_are_config_errors() {
        let e = TlsConfig::new().ca_file("/nonexistent/ca.pem").unwrap_err();
        assert_eq!(e.kind(), &crate::ErrorKind::Config);
        let dir = std::env::temp_dir().join(format!("cqlb-tls-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("not.pem");
        std::fs::write(&f, b"hello").unwrap();
        assert!(TlsConfig::new()
            .ca_file(&f)
            .unwrap_err()
            .to_string()
            .contains("not PEM"));
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn debug_hides_the_private_key() {
        let t = TlsConfig::new().client_identity(b"CERT".to_vec(), b"SUPER-SECRET-KEY".to_vec());
        let dbg = format!("{t:?}");
        assert!(!dbg.contains("SUPER-SECRET"), "{dbg}");
    }
}
