//! TLS for libcassandra (its own OpenSSL): trusted CAs, the client identity for mutual
//! TLS, and the verify flags — the peer certificate always, its identity (the IP address
//! connected to, against the certificate's IP SANs) when `verify_peer_identity` is set.
//!
//! The private key is passed with an empty password (the wrapper's `set_private_key` would
//! pass the key as the password): only unencrypted keys work, and an encrypted one is
//! rejected here with a `Config` error rather than failing later in the handshake.

use std::os::raw::c_int;

use cqlbridge_driver_api::{Error, ErrorKind, Result, TlsConfig};

use crate::errors::local;
use crate::ffi::{sys, SslH};

/// Where system CA bundles usually live, for a config without its own CA.
const SYSTEM_BUNDLES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/ssl/cert.pem",
];

/// The `CASS_SSL_VERIFY_*` flags for `tls`.
pub(crate) fn verify_flags(tls: &TlsConfig) -> c_int {
    let mut flags = sys::CassSslVerifyFlags::CASS_SSL_VERIFY_PEER_CERT as c_int;
    if tls.verify_peer_identity {
        flags |= sys::CassSslVerifyFlags::CASS_SSL_VERIFY_PEER_IDENTITY as c_int;
    }
    flags
}

/// Each `CERTIFICATE` block of a PEM bundle (libcassandra reads one per call).
pub(crate) fn certificates(pem: &[u8]) -> Vec<&[u8]> {
    const BEGIN: &[u8] = b"-----BEGIN CERTIFICATE-----";
    const END: &[u8] = b"-----END CERTIFICATE-----";
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let mut out = Vec::new();
    let mut rest = pem;
    while let Some(start) = find(rest, BEGIN) {
        let Some(end) = find(&rest[start..], END) else {
            break;
        };
        let stop = start + end + END.len();
        out.push(&rest[start..stop]);
        rest = &rest[stop..];
    }
    out
}

fn system_roots() -> Result<Vec<u8>> {
    let from_env = std::env::var("SSL_CERT_FILE").ok();
    let candidates = from_env
        .iter()
        .map(String::as_str)
        .chain(SYSTEM_BUNDLES.iter().copied());
    for path in candidates {
        if let Ok(bytes) = std::fs::read(path) {
            if !certificates(&bytes).is_empty() {
                return Ok(bytes);
            }
        }
    }
    Err(Error::config(
        "TLS without a CA: no system CA bundle found (set SSL_CERT_FILE or give the CA PEM)",
    ))
}

/// libcassandra's TLS context for `tls`.
pub(crate) fn build(tls: &TlsConfig) -> Result<SslH> {
    let identity = match (&tls.client_cert_pem, &tls.client_key_pem) {
        (Some(_), Some(key)) if key.windows(9).any(|w| w == b"ENCRYPTED") => {
            return Err(Error::config(
                "the client key is encrypted: the cpp backend passes no key password, \
                 so give an unencrypted PKCS#8 or PKCS#1 key",
            ));
        }
        (Some(cert), Some(key)) => Some((cert, key)),
        (None, None) => None,
        _ => {
            return Err(Error::config(
                "mutual TLS needs both a client certificate and its key",
            ))
        }
    };
    let mut ssl = SslH::new().ok_or_else(|| {
        Error::new(
            ErrorKind::Tls,
            "libcassandra could not create a TLS context",
        )
    })?;
    let roots = match &tls.ca_pem {
        Some(pem) => pem.clone(),
        None => system_roots()?,
    };
    let certs = certificates(&roots);
    if certs.is_empty() {
        return Err(Error::config("the CA PEM holds no CERTIFICATE block"));
    }
    for cert in certs {
        ssl.add_trusted_cert(cert)
            .map_err(|code| local(code, ErrorKind::Config, "the CA certificate was rejected"))?;
    }
    ssl.set_verify_flags(verify_flags(tls));
    if let Some((cert, key)) = identity {
        ssl.set_cert(cert).map_err(|code| {
            local(
                code,
                ErrorKind::Config,
                "the client certificate was rejected",
            )
        })?;
        ssl.set_private_key(key)
            .map_err(|code| local(code, ErrorKind::Config, "the client key was rejected"))?;
    }
    Ok(ssl)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_follow_peer_identity() {
        let on = verify_flags(&TlsConfig::new());
        assert_eq!(on, 1 | 2);
        let off = verify_flags(&TlsConfig::new().verify_peer_identity(false));
        assert_eq!(off, 1);
    }

    #[test]
    fn bundles_split_into_certificates() {
        let pem = b"junk\n-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n\
                    -----BEGIN CERTIFICATE-----\nBBB\n-----END CERTIFICATE-----\n";
        let certs = certificates(pem);
        assert_eq!(certs.len(), 2);
        assert!(certs[1].windows(3).any(|w| w == b"BBB"));
        assert!(certificates(b"-----BEGIN CERTIFICATE-----\nunterminated").is_empty());
    }

    #[test]
    fn bad_tls_settings_are_config_errors_before_connecting() {
        let encrypted = TlsConfig::new()
            .ca_pem(b"-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----".to_vec())
            .client_identity(
                b"cert".to_vec(),
                b"-----BEGIN ENCRYPTED PRIVATE KEY-----".to_vec(),
            );
        let e = build(&encrypted).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::Config, "{e}");
        let no_block = TlsConfig::new().ca_pem(b"not a pem".to_vec());
        assert_eq!(build(&no_block).unwrap_err().kind(), &ErrorKind::Config);
    }
}
