//! The test PKI: generated once with `openssl` and `keytool`, cached in `<root>/tls/`.
//!
//! | file | what |
//! |---|---|
//! | `ca.pem`, `ca.key` | the test CA (RSA 2048, 10 years) |
//! | `server.pem`, `server.key` | server cert by the test CA; SAN IP 127.0.0.1, .2, .3, DNS localhost |
//! | `server.p12` | the server key + chain as Cassandra's PKCS#12 keystore |
//! | `truststore.p12` | the test CA as Cassandra's PKCS#12 truststore (verifies client certs) |
//! | `client.pem`, `client.key` | client cert by the test CA (CN `cqlbridge`), key unencrypted PKCS#8 PEM |
//! | `other-ca.pem`, `other-ca.key` | an unrelated CA, for negative tests |
//! | `other-client.pem`, `other-client.key` | a client cert by the other CA, for negative tests |
//!
//! Keys are unencrypted; the stores' password is [`STORE_PASSWORD`]. Test material only.
//! The set is regenerated whole (in a staging directory, then renamed) when a file is missing
//! or a certificate expires within 30 days.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::fetch::remove_dir;
use super::layout::{show, Layout};
use crate::cmd;

/// The password of `server.p12` and `truststore.p12`.
pub(crate) const STORE_PASSWORD: &str = "cqlbridge";

/// The bound on each `openssl` / `keytool` step.
const STEP_LIMIT: Duration = Duration::from_secs(60);

/// Paths of the generated files.
#[derive(Clone, Debug)]
pub(crate) struct TlsFiles {
    /// The directory holding them.
    pub(crate) dir: PathBuf,
}

impl TlsFiles {
    /// A file of the set by name.
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
    /// The test CA certificate (PEM).
    pub(crate) fn ca(&self) -> PathBuf {
        self.path("ca.pem")
    }
    /// The unrelated CA certificate (PEM).
    pub(crate) fn other_ca(&self) -> PathBuf {
        self.path("other-ca.pem")
    }
    /// The client certificate signed by the test CA (PEM).
    pub(crate) fn client_cert(&self) -> PathBuf {
        self.path("client.pem")
    }
    /// The client key (PKCS#8 PEM, unencrypted).
    pub(crate) fn client_key(&self) -> PathBuf {
        self.path("client.key")
    }
    /// The client certificate signed by the other CA (PEM).
    pub(crate) fn other_client_cert(&self) -> PathBuf {
        self.path("other-client.pem")
    }
    /// The key of [`Self::other_client_cert`].
    pub(crate) fn other_client_key(&self) -> PathBuf {
        self.path("other-client.key")
    }
    /// Cassandra's keystore.
    pub(crate) fn keystore(&self) -> PathBuf {
        self.path("server.p12")
    }
    /// Cassandra's truststore.
    pub(crate) fn truststore(&self) -> PathBuf {
        self.path("truststore.p12")
    }
}

/// Every file the set must contain.
const FILES: [&str; 12] = [
    "ca.pem",
    "ca.key",
    "server.pem",
    "server.key",
    "server.p12",
    "truststore.p12",
    "client.pem",
    "client.key",
    "other-ca.pem",
    "other-ca.key",
    "other-client.pem",
    "other-client.key",
];

/// The certificates whose expiry is checked.
const CERTS: [&str; 5] = [
    "ca.pem",
    "server.pem",
    "client.pem",
    "other-ca.pem",
    "other-client.pem",
];

/// Extension sections used when signing, one per kind of certificate.
const EXTENSIONS: &str = "\
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, IP:127.0.0.2, IP:127.0.0.3, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
";

/// Returns the test PKI, generating it if needed.
pub(crate) fn ensure(layout: &Layout) -> Result<TlsFiles, String> {
    let files = TlsFiles {
        dir: layout.tls_dir(),
    };
    if is_complete(&files.dir) {
        eprintln!(
            "tls: test CA and certificates cached in {}",
            show(&files.dir)
        );
        return Ok(files);
    }
    let staging = layout.root.join("tls.partial");
    remove_dir(&staging)?;
    fs::create_dir_all(&staging).map_err(|e| format!("cannot create {}: {e}", show(&staging)))?;
    generate(&staging)?;
    remove_dir(&files.dir)?;
    fs::rename(&staging, &files.dir)
        .map_err(|e| format!("cannot move {} into place: {e}", show(&staging)))?;
    eprintln!(
        "tls: generated a test CA and certificates in {}",
        show(&files.dir)
    );
    Ok(files)
}

/// True if every file exists and no certificate expires within 30 days.
fn is_complete(dir: &Path) -> bool {
    FILES.iter().all(|f| dir.join(f).is_file())
        && CERTS.iter().all(|cert| {
            cmd::run(
                Command::new("openssl")
                    .args(["x509", "-noout", "-checkend", "2592000", "-in"])
                    .arg(dir.join(cert)),
                "openssl x509 -checkend",
                STEP_LIMIT,
            )
            .is_ok()
        })
}

/// Generates the whole set into `dir`.
fn generate(dir: &Path) -> Result<(), String> {
    fs::write(dir.join("extensions.cnf"), EXTENSIONS)
        .map_err(|e| format!("cannot write extensions.cnf: {e}"))?;
    let ssl = |args: &[&str], what: &str| -> Result<(), String> {
        cmd::run(
            Command::new("openssl").current_dir(dir).args(args),
            what,
            STEP_LIMIT,
        )
        .map(drop)
    };
    let key = |name: &str| -> Result<(), String> {
        ssl(
            &[
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-out",
                name,
            ],
            &format!("openssl genpkey {name}"),
        )
    };
    // `signer` None = self-signed.
    let cert = |name: &str, subject: &str, section: &str, signer: Option<&str>| {
        key(&format!("{name}.key"))?;
        let csr = format!("{name}.csr");
        let own_key = format!("{name}.key");
        ssl(
            &[
                "req", "-new", "-key", &own_key, "-subj", subject, "-out", &csr,
            ],
            &format!("openssl req {name}"),
        )?;
        let serial = serial();
        let out = format!("{name}.pem");
        let mut args = vec![
            "x509",
            "-req",
            "-sha256",
            "-days",
            "3650",
            "-in",
            &csr,
            "-extfile",
            "extensions.cnf",
            "-extensions",
            section,
            "-set_serial",
            &serial,
            "-out",
            &out,
        ];
        let (ca_cert, ca_key) = signer
            .map(|ca| (format!("{ca}.pem"), format!("{ca}.key")))
            .unwrap_or_default();
        if signer.is_some() {
            args.extend(["-CA", &ca_cert, "-CAkey", &ca_key]);
        } else {
            args.extend(["-signkey", &own_key]);
        }
        ssl(&args, &format!("openssl x509 {name}"))?;
        fs::remove_file(dir.join(&csr)).map_err(|e| format!("cannot remove {csr}: {e}"))
    };
    cert("ca", "/O=cqlbridge tests/CN=cqlbridge test CA", "ca", None)?;
    cert(
        "server",
        "/O=cqlbridge tests/CN=127.0.0.1",
        "server",
        Some("ca"),
    )?;
    cert(
        "client",
        "/O=cqlbridge tests/CN=cqlbridge",
        "client",
        Some("ca"),
    )?;
    cert("other-ca", "/O=unrelated/CN=unrelated test CA", "ca", None)?;
    cert(
        "other-client",
        "/O=unrelated/CN=cqlbridge",
        "client",
        Some("other-ca"),
    )?;

    let pass = format!("pass:{STORE_PASSWORD}");
    ssl(
        &[
            "pkcs12",
            "-export",
            "-in",
            "server.pem",
            "-inkey",
            "server.key",
            "-certfile",
            "ca.pem",
            "-name",
            "cassandra",
            "-out",
            "server.p12",
            "-passout",
            &pass,
        ],
        "openssl pkcs12 (keystore)",
    )?;
    cmd::run(
        Command::new("keytool").current_dir(dir).args([
            "-importcert",
            "-noprompt",
            "-alias",
            "cqlbridge-test-ca",
            "-file",
            "ca.pem",
            "-keystore",
            "truststore.p12",
            "-storetype",
            "PKCS12",
            "-storepass",
            STORE_PASSWORD,
        ]),
        "keytool -importcert (truststore)",
        STEP_LIMIT,
    )?;
    // Java must read both stores; fail here rather than in Cassandra's log.
    for store in ["server.p12", "truststore.p12"] {
        cmd::run(
            Command::new("keytool").current_dir(dir).args([
                "-list",
                "-keystore",
                store,
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD,
            ]),
            &format!("keytool -list {store}"),
            STEP_LIMIT,
        )?;
    }
    for (purpose, cert) in [("sslserver", "server.pem"), ("sslclient", "client.pem")] {
        ssl(
            &["verify", "-CAfile", "ca.pem", "-purpose", purpose, cert],
            &format!("openssl verify {cert}"),
        )?;
    }
    Ok(())
}

/// A fresh positive serial number for a certificate.
fn serial() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(1);
    format!("0x{:x}", nanos & 0x7fff_ffff_ffff_ffff_ffff)
}
