//! Which backends to test, and where the test bed is.
//!
//! | variable | meaning |
//! |---|---|
//! | `CQLBRIDGE_TEST_BACKENDS` | comma list of `scylla`, `cpp`, `mock`; default: every compiled-in real backend (or `mock` when none is) |
//! | `CQLBRIDGE_TEST_HOSTS` | plain CQL contact points, `127.0.0.1:9042[,…]` |
//! | `CQLBRIDGE_TEST_USER`, `CQLBRIDGE_TEST_PASSWORD` | a superuser role |
//! | `CQLBRIDGE_TEST_TLS_HOSTS` | TLS contact points (the test bed requires a client certificate there) |
//! | `CQLBRIDGE_TEST_CA`, `CQLBRIDGE_TEST_OTHER_CA` | the test CA and an unrelated CA (PEM files) |
//! | `CQLBRIDGE_TEST_CLIENT_CERT`, `CQLBRIDGE_TEST_CLIENT_KEY` | a client identity signed by the test CA |
//! | `CQLBRIDGE_TEST_OTHER_CLIENT_CERT`, `CQLBRIDGE_TEST_OTHER_CLIENT_KEY` | one signed by the other CA |
//! | `CQLBRIDGE_TEST_CASES` | optional comma list of case-id prefixes to run (also: runner arguments) |
//!
//! `cargo xtask db up` writes all of them to `~/.cache/cqlbridge/testbed.env`.

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::time::Duration;

use cqlbridge::{BackendKind, Config, TlsConfig};

/// The message when a real backend is selected but no test bed is named.
pub const NO_TESTBED: &str = "no test bed: run `cargo xtask db up` and source \
     ~/.cache/cqlbridge/testbed.env (CQLBRIDGE_TEST_HOSTS is unset)";

/// The backends compiled into this test binary.
pub fn compiled_backends() -> Vec<BackendKind> {
    let mut v = Vec::new();
    if cfg!(feature = "scylla") {
        v.push(BackendKind::Scylla);
    }
    if cfg!(feature = "cpp") {
        v.push(BackendKind::Cpp);
    }
    if cfg!(feature = "mock") {
        v.push(BackendKind::Mock);
    }
    v
}

/// Where and what to test, read once from the environment.
#[derive(Debug, Clone)]
pub struct Target {
    /// The backends to run, in order.
    pub backends: Vec<BackendKind>,
    /// Plain contact points (`host:port`), if a test bed is named.
    pub hosts: Vec<String>,
    /// TLS contact points.
    pub tls_hosts: Vec<String>,
    /// Superuser name and password.
    pub user: Option<(String, String)>,
    /// The test CA.
    pub ca: Option<PathBuf>,
    /// An unrelated CA.
    pub other_ca: Option<PathBuf>,
    /// Client certificate and key signed by the test CA.
    pub client: Option<(PathBuf, PathBuf)>,
    /// Client certificate and key signed by the other CA.
    pub other_client: Option<(PathBuf, PathBuf)>,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn list(name: &str) -> Vec<String> {
    var(name)
        .map(|v| {
            v.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn pair(a: &str, b: &str) -> Option<(PathBuf, PathBuf)> {
    Some((var(a)?.into(), var(b)?.into()))
}

impl Target {
    /// Reads the environment; an unknown or not-compiled backend is an error.
    pub fn from_env() -> Result<Self, String> {
        let compiled = compiled_backends();
        let backends = match var("CQLBRIDGE_TEST_BACKENDS") {
            None => {
                let real: Vec<_> = compiled
                    .iter()
                    .copied()
                    .filter(|b| *b != BackendKind::Mock)
                    .collect();
                if real.is_empty() {
                    compiled.clone()
                } else {
                    real
                }
            }
            Some(v) => {
                let mut out = Vec::new();
                for name in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let b: BackendKind = name
                        .parse()
                        .map_err(|e| format!("CQLBRIDGE_TEST_BACKENDS: {e}"))?;
                    if !compiled.contains(&b) {
                        return Err(format!(
                            "CQLBRIDGE_TEST_BACKENDS names `{b}`, but this binary was built without \
                             the `{b}` feature (built with: {compiled:?})"
                        ));
                    }
                    if !out.contains(&b) {
                        out.push(b);
                    }
                }
                out
            }
        };
        if backends.is_empty() {
            return Err("no backend selected: build with --features scylla, cpp or mock".into());
        }
        Ok(Target {
            backends,
            hosts: list("CQLBRIDGE_TEST_HOSTS"),
            tls_hosts: list("CQLBRIDGE_TEST_TLS_HOSTS"),
            user: var("CQLBRIDGE_TEST_USER")
                .map(|u| (u, var("CQLBRIDGE_TEST_PASSWORD").unwrap_or_default())),
            ca: var("CQLBRIDGE_TEST_CA").map(Into::into),
            other_ca: var("CQLBRIDGE_TEST_OTHER_CA").map(Into::into),
            client: pair("CQLBRIDGE_TEST_CLIENT_CERT", "CQLBRIDGE_TEST_CLIENT_KEY"),
            other_client: pair(
                "CQLBRIDGE_TEST_OTHER_CLIENT_CERT",
                "CQLBRIDGE_TEST_OTHER_CLIENT_KEY",
            ),
        })
    }

    /// True when a real (server-backed) backend is selected.
    pub fn needs_server(&self) -> bool {
        self.backends.iter().any(|b| *b != BackendKind::Mock)
    }

    /// The config every case starts from: plain hosts, superuser, short timeouts.
    pub fn base_config(&self, backend: BackendKind) -> Config {
        let mut c = Config::new(self.hosts.clone())
            .backend(backend)
            .connect_timeout(Duration::from_secs(10))
            .request_timeout(Duration::from_secs(15));
        if let Some((u, p)) = &self.user {
            c = c.credentials(u.clone(), p.clone());
        }
        c
    }

    /// The first plain host as a socket address (for the proxy's upstream).
    pub fn first_host_addr(&self) -> Result<SocketAddr, String> {
        let h = self.hosts.first().ok_or(NO_TESTBED)?;
        let with_port = if h.contains(':') {
            h.clone()
        } else {
            format!("{h}:9042")
        };
        with_port
            .to_socket_addrs()
            .map_err(|e| format!("cannot resolve {with_port}: {e}"))?
            .next()
            .ok_or_else(|| format!("{with_port} resolves to nothing"))
    }

    /// A TLS config trusting the test CA, with the test client identity.
    pub fn tls_config(&self) -> Result<TlsConfig, String> {
        let ca = self.ca.as_ref().ok_or("CQLBRIDGE_TEST_CA is not set")?;
        let mut t = TlsConfig::new().ca_file(ca).map_err(|e| e.to_string())?;
        if let Some((cert, key)) = &self.client {
            t = t
                .client_identity_files(cert, key)
                .map_err(|e| e.to_string())?;
        }
        Ok(t)
    }
}

/// Case-id filters from `CQLBRIDGE_TEST_CASES` and the runner's arguments.
pub fn case_filters() -> Vec<String> {
    let mut f = list("CQLBRIDGE_TEST_CASES");
    f.extend(std::env::args().skip(1).filter(|a| !a.starts_with('-')));
    f.into_iter().map(|s| s.to_ascii_uppercase()).collect()
}
