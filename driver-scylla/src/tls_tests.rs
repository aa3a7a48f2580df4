//! TLS configuration from PEM, proven by in-memory handshakes against a
//! rustls server with throw-away certificates: chain, IP identity (the way
//! the `scylla` crate names nodes), `verify_peer_identity = false`, and
//! mutual TLS.

use std::net::IpAddr;
use std::sync::Arc;

use cqlbridge_driver_api::{ErrorKind, TlsConfig};
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::server::WebPkiClientVerifier;
use rustls::{ClientConfig, ClientConnection, RootCertStore, ServerConfig, ServerConnection};

use crate::tls::client_config;

struct Ca {
    pem: String,
    issuer: Issuer<'static, KeyPair>,
}

fn ca(name: &str) -> Ca {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    let key = KeyPair::generate().unwrap();
    let cert = params.self_signed(&key).unwrap();
    Ca {
        pem: cert.pem(),
        issuer: Issuer::new(params, key),
    }
}

/// A leaf certificate for `sans`, signed by `ca`: (cert PEM, key PEM).
fn leaf(ca: &Ca, sans: &[&str]) -> (String, String) {
    let params =
        CertificateParams::new(sans.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
    let key = KeyPair::generate().unwrap();
    let cert = params.signed_by(&key, &ca.issuer).unwrap();
    (cert.pem(), key.serialize_pem())
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// A server presenting `cert`; with `client_ca`, it requires a client
/// certificate signed by that CA.
fn server(cert: &(String, String), client_ca: Option<&Ca>) -> Arc<ServerConfig> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert.0.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_slice(cert.1.as_bytes()).unwrap();
    let b = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .unwrap();
    let b = match client_ca {
        None => b.with_no_client_auth(),
        Some(ca) => {
            let mut roots = RootCertStore::empty();
            for c in CertificateDer::pem_slice_iter(ca.pem.as_bytes()) {
                roots.add(c.unwrap()).unwrap();
            }
            let v = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider())
                .build()
                .unwrap();
            b.with_client_cert_verifier(v)
        }
    };
    Arc::new(b.with_single_cert(chain, key).unwrap())
}

fn pump(from: &mut dyn FnMut(&mut Vec<u8>), to: &mut dyn FnMut(&[u8])) {
    let mut buf = Vec::new();
    from(&mut buf);
    if !buf.is_empty() {
        to(&buf);
    }
}

/// Runs a handshake to a node at `ip`, as the `scylla` crate names it.
fn handshake(
    client: Arc<ClientConfig>,
    server: Arc<ServerConfig>,
    ip: &str,
) -> Result<(), rustls::Error> {
    let ip: IpAddr = ip.parse().unwrap();
    let mut c = ClientConnection::new(client, ServerName::IpAddress(ip.into()))?;
    let mut s = ServerConnection::new(server)?;
    for _ in 0..32 {
        let mut c_err = None;
        let mut s_err = None;
        pump(
            &mut |buf| {
                while c.wants_write() {
                    c.write_tls(buf).unwrap();
                }
            },
            &mut |bytes| {
                s.read_tls(&mut &bytes[..]).unwrap();
                s_err = s.process_new_packets().err();
            },
        );
        pump(
            &mut |buf| {
                while s.wants_write() {
                    s.write_tls(buf).unwrap();
                }
            },
            &mut |bytes| {
                c.read_tls(&mut &bytes[..]).unwrap();
                c_err = c.process_new_packets().err();
            },
        );
        if let Some(e) = c_err.or(s_err) {
            return Err(e);
        }
        if !c.is_handshaking() && !s.is_handshaking() {
            return Ok(());
        }
    }
    panic!("handshake did not finish");
}

fn client(tls: &TlsConfig) -> Arc<ClientConfig> {
    client_config(tls).unwrap()
}

#[test]
fn the_right_ca_and_ip_pass_and_another_ip_or_ca_fails() {
    let ca1 = ca("test CA");
    let node = leaf(&ca1, &["127.0.0.1"]);
    let srv = server(&node, None);
    let good = client(&TlsConfig::new().ca_pem(ca1.pem));
    handshake(good.clone(), srv.clone(), "127.0.0.1").unwrap();
    let e = handshake(good, srv.clone(), "127.0.0.2").unwrap_err();
    assert!(matches!(e, rustls::Error::InvalidCertificate(_)), "{e:?}");
    let other = client(&TlsConfig::new().ca_pem(ca("other CA").pem));
    let e = handshake(other, srv, "127.0.0.1").unwrap_err();
    assert!(matches!(e, rustls::Error::InvalidCertificate(_)), "{e:?}");
}

#[test]
fn without_identity_check_a_name_mismatch_passes_but_a_foreign_chain_does_not() {
    let ca1 = ca("test CA");
    let node = leaf(&ca1, &["10.9.9.9"]);
    let srv = server(&node, None);
    let lax = client(&TlsConfig::new().ca_pem(ca1.pem).verify_peer_identity(false));
    handshake(lax, srv.clone(), "127.0.0.1").unwrap();
    let lax_other = client(
        &TlsConfig::new()
            .ca_pem(ca("other").pem)
            .verify_peer_identity(false),
    );
    assert!(handshake(lax_other, srv, "127.0.0.1").is_err());
}

#[test]
fn mutual_tls_presents_the_client_certificate() {
    let ca1 = ca("test CA");
    let node = leaf(&ca1, &["127.0.0.1"]);
    let srv = server(&node, Some(&ca1));
    let (cert, key) = leaf(&ca1, &["client.example"]);
    let with_id = client(
        &TlsConfig::new()
            .ca_pem(ca1.pem.clone())
            .client_identity(cert, key),
    );
    handshake(with_id, srv.clone(), "127.0.0.1").unwrap();
    let without = client(&TlsConfig::new().ca_pem(ca1.pem.clone()));
    assert!(handshake(without, srv.clone(), "127.0.0.1").is_err());
    let stranger = leaf(&ca("other"), &["client.example"]);
    let foreign = client(
        &TlsConfig::new()
            .ca_pem(ca1.pem)
            .client_identity(stranger.0, stranger.1),
    );
    assert!(handshake(foreign, srv, "127.0.0.1").is_err());
}

#[test]
fn bad_pem_is_a_config_error() {
    let ca1 = ca("test CA");
    let cases = [
        TlsConfig::new().ca_pem(b"no pem here".to_vec()),
        TlsConfig::new()
            .ca_pem(b"-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n".to_vec()),
        TlsConfig {
            client_cert_pem: Some(leaf(&ca1, &["c"]).0.into_bytes()),
            ..TlsConfig::new().ca_pem(ca1.pem.clone())
        },
        TlsConfig::new()
            .ca_pem(ca1.pem.clone())
            .client_identity(leaf(&ca1, &["c"]).0, "not a key"),
    ];
    for tls in cases {
        let e = client_config(&tls).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::Config, "{tls:?}: {e}");
    }
}
