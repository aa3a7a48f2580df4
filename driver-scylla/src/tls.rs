//! TLS: our [`TlsConfig`] → a `rustls` 0.23 `ClientConfig` for the `scylla`
//! crate.
//!
//! The `scylla` crate connects with `ServerName::IpAddress(node_ip)` for
//! every node, so rustls' standard WebPKI verifier already checks the node's
//! certificate against the IP the driver connected to (an IP SAN). With
//! `verify_peer_identity == false` a verifier that accepts a name mismatch but
//! still checks the chain, validity and signatures is used instead.

use std::sync::Arc;

use cqlbridge_driver_api::{Error, ErrorKind, Result, TlsConfig};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};

fn tls_err(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Config, message)
}

/// The crypto provider: aws-lc-rs, which `scylla`'s rustls pulls in anyway.
fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// Every certificate in a PEM bundle; none at all is an error.
pub(crate) fn certs(pem: &[u8], what: &str) -> Result<Vec<CertificateDer<'static>>> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| tls_err(format!("cannot parse the {what} PEM: {e}")).with_source(e))?;
    if certs.is_empty() {
        return Err(tls_err(format!("the {what} PEM holds no certificate")));
    }
    Ok(certs)
}

fn roots(tls: &TlsConfig) -> Result<RootCertStore> {
    let mut roots = RootCertStore::empty();
    match &tls.ca_pem {
        Some(pem) => {
            for cert in certs(pem, "CA certificate")? {
                roots.add(cert).map_err(|e| {
                    tls_err(format!("the CA certificate is not usable: {e}")).with_source(e)
                })?;
            }
        }
        None => {
            let found = rustls_native_certs::load_native_certs();
            let (added, _) = roots.add_parsable_certificates(found.certs);
            if added == 0 {
                return Err(tls_err(
                    "TLS without a CA needs system root certificates, and none were found",
                ));
            }
        }
    }
    Ok(roots)
}

/// The `rustls` client configuration for `tls`.
pub(crate) fn client_config(tls: &TlsConfig) -> Result<Arc<ClientConfig>> {
    let provider = provider();
    let roots = Arc::new(roots(tls)?);
    let webpki = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
        .build()
        .map_err(|e| {
            tls_err(format!("cannot build the certificate verifier: {e}")).with_source(e)
        })?;
    let verifier: Arc<dyn ServerCertVerifier> = if tls.verify_peer_identity {
        webpki
    } else {
        Arc::new(ChainOnly(webpki))
    };
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_err(format!("no usable TLS versions: {e}")).with_source(e))?
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    let config = match (&tls.client_cert_pem, &tls.client_key_pem) {
        (Some(cert), Some(key)) => {
            let chain = certs(cert, "client certificate")?;
            let key = PrivateKeyDer::from_pem_slice(key).map_err(|e| {
                tls_err(format!("cannot parse the client key PEM: {e}")).with_source(e)
            })?;
            builder.with_client_auth_cert(chain, key).map_err(|e| {
                tls_err(format!("the client certificate and key do not fit: {e}")).with_source(e)
            })?
        }
        (None, None) => builder.with_no_client_auth(),
        _ => {
            return Err(tls_err(
                "mutual TLS needs both a client certificate and its key",
            ))
        }
    };
    Ok(Arc::new(config))
}

/// Checks the chain, validity period and signatures like WebPKI, but accepts
/// a certificate that does not name the node (`verify_peer_identity = false`).
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}
