//! Which backends to test, and where the test bed is.
//!
//! | variable | meaning |
//! |---|---|
//! | `CQLBRIDGE_TEST_BACKENDS` | comma list of `scylla`, `cpp`, `mock`; default: every compiled-in real backend (or `mock` when none is) |
//! | `CQLBRIDGE_TEST_CASES` | optional comma list of case-id prefixes to run (also: runner arguments) |
//! | `CQLBRIDGE_TEST_HOSTS`, `_USER`, `_PASSWORD`, `_TLS_HOSTS`, `_CA`, … | the test bed, read by [`cqlbridge_testbed::TestBed`] (see its `vars` module) |
//!
//! `cargo xtask db up` writes the test bed's variables to
//! `~/.cache/cqlbridge/testbed.env`. With a real backend selected, a
//! malformed one (or one missing where another needs it) fails the setup,
//! naming the variable; an unset `CQLBRIDGE_TEST_HOSTS` fails each real
//! backend's setup with [`NO_TESTBED`].

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::time::Duration;

use cqlbridge::{BackendKind, Config, TlsConfig};
use cqlbridge_testbed::{Identity, TestBed, TestBedError};

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
///
/// `bed` is the test bed; the fields after it are views of it in the shapes
/// the case files read (empty or `None` without a bed).
#[derive(Debug, Clone)]
pub struct Target {
    /// The backends to run, in order.
    pub backends: Vec<BackendKind>,
    /// The test bed, when one is named.
    pub bed: Option<TestBed>,
    /// Plain contact points (`host:port`).
    pub hosts: Vec<String>,
    /// TLS contact points.
    pub tls_hosts: Vec<String>,
    /// Superuser name and password.
    pub user: Option<(String, String)>,
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

fn paths(id: &Identity) -> (PathBuf, PathBuf) {
    (id.cert.clone(), id.key.clone())
}

/// The backends `CQLBRIDGE_TEST_BACKENDS` selects; an unknown or
/// not-compiled backend is an error.
fn selected_backends() -> Result<Vec<BackendKind>, String> {
    let compiled = compiled_backends();
    let Some(v) = var("CQLBRIDGE_TEST_BACKENDS") else {
        let real: Vec<_> = compiled
            .iter()
            .copied()
            .filter(|b| *b != BackendKind::Mock)
            .collect();
        return Ok(if real.is_empty() { compiled } else { real });
    };
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
    Ok(out)
}

impl Target {
    /// Reads the environment: the backends, and the test bed when a real
    /// backend is selected (a mock-only run reads no test bed).
    pub fn from_env() -> Result<Self, String> {
        let backends = selected_backends()?;
        if backends.is_empty() {
            return Err("no backend selected: build with --features scylla, cpp or mock".into());
        }
        let real = backends.iter().any(|b| *b != BackendKind::Mock);
        let bed = if real {
            TestBed::from_env().map_err(|e| e.to_string())?
        } else {
            None
        };
        let tls = bed.as_ref().and_then(|b| b.tls.as_ref());
        Ok(Target {
            hosts: bed.as_ref().map(|b| b.hosts.clone()).unwrap_or_default(),
            tls_hosts: tls.map(|t| t.hosts.clone()).unwrap_or_default(),
            user: bed.as_ref().map(|b| (b.user.clone(), b.password.clone())),
            other_ca: tls.and_then(|t| t.other_ca.clone()),
            client: tls.and_then(|t| t.client.as_ref()).map(paths),
            other_client: tls.and_then(|t| t.other_client.as_ref()).map(paths),
            bed,
            backends,
        })
    }

    /// True when a real (server-backed) backend is selected.
    pub fn needs_server(&self) -> bool {
        self.backends.iter().any(|b| *b != BackendKind::Mock)
    }

    /// The config every case starts from: plain hosts, superuser, short timeouts.
    pub fn base_config(&self, backend: BackendKind) -> Config {
        let c = match &self.bed {
            Some(bed) => bed.config(backend),
            None => Config::new(Vec::<String>::new()).backend(backend),
        };
        c.connect_timeout(Duration::from_secs(10))
            .request_timeout(Duration::from_secs(15))
    }

    /// [`Target::base_config`] logged in as the test bed's role without
    /// permissions (`CQLBRIDGE_TEST_LIMITED_USER` / `_PASSWORD`), or a
    /// message naming the variable when it is unset.
    pub fn limited_config(&self, backend: BackendKind) -> Result<Config, String> {
        let bed = self.bed.as_ref().ok_or(NO_TESTBED)?;
        let role = bed.limited.as_ref().ok_or_else(|| {
            TestBedError::Missing {
                var: cqlbridge_testbed::vars::LIMITED_USER,
                needed_by: "a case that needs a role without permissions",
            }
            .to_string()
        })?;
        Ok(self
            .base_config(backend)
            .credentials(role.user.clone(), role.password.clone()))
    }

    /// The test bed's data center (`CQLBRIDGE_TEST_DATACENTER`), or a
    /// message naming the variable when it is unset.
    pub fn datacenter(&self) -> Result<&str, String> {
        let bed = self.bed.as_ref().ok_or(NO_TESTBED)?;
        bed.datacenter.as_deref().ok_or_else(|| {
            TestBedError::Missing {
                var: cqlbridge_testbed::vars::DATACENTER,
                needed_by: "a case that names the local data center",
            }
            .to_string()
        })
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
    pub fn tls_config(&self) -> Result<TlsConfig, TestBedError> {
        let Some(bed) = &self.bed else {
            return Err(TestBedError::Missing {
                var: cqlbridge_testbed::vars::HOSTS,
                needed_by: "a TLS case",
            });
        };
        bed.require_tls()?.config()
    }
}

/// Case-id filters from `CQLBRIDGE_TEST_CASES` and the runner's arguments.
pub fn case_filters() -> Vec<String> {
    let mut f = list("CQLBRIDGE_TEST_CASES");
    f.extend(std::env::args().skip(1).filter(|a| !a.starts_with('-')));
    f.into_iter().map(|s| s.to_ascii_uppercase()).collect()
}
