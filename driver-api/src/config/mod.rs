//! [`Config`]: where to connect, as whom, over what, and the session defaults.
//!
//! Build it in code, from a `cql://` URL ([`Config::from_url`]) or from the
//! environment ([`Config::from_env`]). The password is a [`Secret`]: `Debug`
//! and `Display` never print it.

mod balancing;
mod levels;
mod policies;
mod profiles;
mod reconnect;
mod secret;
mod speculative;
mod tls;
mod url;

pub use balancing::LoadBalancing;
pub use policies::RetryPolicy;
pub use reconnect::ReconnectPolicy;
pub use secret::Secret;
pub use speculative::{SpeculativePolicy, MAX_SPECULATIVE_ATTEMPTS};
pub use tls::TlsConfig;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use crate::consistency::{Consistency, SerialConsistency};
use crate::error::{Error, Result};
use crate::options::ExecOptions;
use crate::paging::PageSize;

/// Which backend a [`Config`] asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum BackendKind {
    /// The native Rust `scylla` crate.
    #[default]
    Scylla,
    /// The DataStax/ScyllaDB C++ driver through `cassandra-cpp`.
    Cpp,
    /// The in-memory fake, for unit tests.
    Mock,
}

impl BackendKind {
    /// The backend's name as used in config and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            BackendKind::Scylla => "scylla",
            BackendKind::Cpp => "cpp",
            BackendKind::Mock => "mock",
        }
    }
}

impl fmt::Display for BackendKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for BackendKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "scylla" | "rust" | "native" => Ok(BackendKind::Scylla),
            "cpp" | "c++" | "cassandra-cpp" => Ok(BackendKind::Cpp),
            "mock" | "fake" => Ok(BackendKind::Mock),
            other => Err(Error::config(format!(
                "unknown backend `{other}` (expected scylla, cpp or mock)"
            ))),
        }
    }
}

/// A username and password for `PasswordAuthenticator`.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The role name.
    pub username: String,
    /// The password, never printed.
    pub password: Secret,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &self.password)
            .finish()
    }
}

/// Connection settings and session defaults.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Config {
    /// The backend to use.
    pub backend: BackendKind,
    /// Hosts to contact first: `host` or `host:port`.
    pub contact_points: Vec<String>,
    /// The port for contact points without one.
    pub port: u16,
    /// Keyspace to `USE` after connecting.
    pub keyspace: Option<String>,
    /// Local data center, for DC-aware load balancing.
    pub local_dc: Option<String>,
    /// Credentials, if the cluster requires authentication.
    pub credentials: Option<Credentials>,
    /// TLS settings; `None` means plaintext.
    pub tls: Option<TlsConfig>,
    /// Bound on establishing a connection.
    pub connect_timeout: Duration,
    /// Default per-request timeout.
    pub request_timeout: Duration,
    /// Default consistency.
    pub consistency: Consistency,
    /// Default serial consistency.
    pub serial_consistency: SerialConsistency,
    /// Default page size.
    pub page_size: PageSize,
    /// How many prepared statements the session caches.
    pub prepared_cache_size: usize,
    /// Execution profiles by name (see [`Config::profile`]).
    pub profiles: BTreeMap<String, ExecOptions>,
    /// Whether request spans carry the CQL text (`db.query.text`); off by
    /// default (see [`Config::trace_statement_text`]).
    pub trace_statement_text: bool,
    /// What the session retries (URL: `retry=default|never`).
    pub retry: RetryPolicy,
    /// Extra attempts at slow idempotent requests; off when `None`.
    pub speculative: Option<SpeculativePolicy>,
    /// Which nodes take requests (with [`Config::local_dc`]).
    pub load_balancing: LoadBalancing,
    /// The backoff between reconnection attempts to a lost node; the
    /// backend's own when `None`.
    pub reconnect: Option<ReconnectPolicy>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            backend: BackendKind::default(),
            contact_points: vec!["127.0.0.1".into()],
            port: 9042,
            keyspace: None,
            local_dc: None,
            credentials: None,
            tls: None,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(12),
            consistency: Consistency::LocalQuorum,
            serial_consistency: SerialConsistency::Serial,
            page_size: PageSize::Rows(5000),
            prepared_cache_size: 512,
            profiles: BTreeMap::new(),
            retry: RetryPolicy::Default,
            speculative: None,
            load_balancing: LoadBalancing::default(),
            reconnect: None,
            trace_statement_text: false,
        }
    }
}

impl Config {
    /// Defaults with `contact_points`.
    pub fn new<S: Into<String>>(contact_points: impl IntoIterator<Item = S>) -> Self {
        Config {
            contact_points: contact_points.into_iter().map(Into::into).collect(),
            ..Config::default()
        }
    }

    /// Sets the backend.
    pub fn backend(mut self, b: BackendKind) -> Self {
        self.backend = b;
        self
    }

    /// Sets the default port.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Sets the keyspace to use.
    pub fn keyspace(mut self, ks: impl Into<String>) -> Self {
        self.keyspace = Some(ks.into());
        self
    }

    /// Sets the local data center.
    pub fn local_dc(mut self, dc: impl Into<String>) -> Self {
        self.local_dc = Some(dc.into());
        self
    }

    /// Sets username and password.
    pub fn credentials(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials = Some(Credentials {
            username: user.into(),
            password: Secret::new(password),
        });
        self
    }

    /// Turns TLS on with these settings.
    pub fn tls(mut self, tls: TlsConfig) -> Self {
        self.tls = Some(tls);
        self
    }

    /// Sets the connect timeout.
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = t;
        self
    }

    /// Sets the default request timeout.
    pub fn request_timeout(mut self, t: Duration) -> Self {
        self.request_timeout = t;
        self
    }

    /// Sets the default consistency.
    pub fn consistency(mut self, c: Consistency) -> Self {
        self.consistency = c;
        self
    }

    /// Sets the default serial consistency.
    pub fn serial_consistency(mut self, c: SerialConsistency) -> Self {
        self.serial_consistency = c;
        self
    }

    /// Sets the default page size.
    pub fn page_size(mut self, p: PageSize) -> Self {
        self.page_size = p;
        self
    }

    /// Sets the prepared-statement cache capacity.
    pub fn prepared_cache_size(mut self, n: usize) -> Self {
        self.prepared_cache_size = n;
        self
    }

    /// Records each statement's CQL text in its request's `tracing` span
    /// (`db.query.text`). Off by default: the text can hold literals a log
    /// should not keep. Bound values are never recorded.
    pub fn trace_statement_text(mut self, yes: bool) -> Self {
        self.trace_statement_text = yes;
        self
    }

    /// The contact points as `host:port` strings (IPv6 hosts bracketed).
    pub fn contact_addresses(&self) -> Vec<String> {
        self.contact_points
            .iter()
            .map(|h| url::with_port(h, self.port))
            .collect()
    }

    /// The session defaults this config implies, every field set except
    /// paging state, idempotence and timestamp.
    pub fn default_options(&self) -> ExecOptions {
        ExecOptions::new()
            .consistency(self.consistency)
            .serial_consistency(self.serial_consistency)
            .timeout(self.request_timeout)
            .page_size(self.page_size)
    }

    /// Checks the config is usable, with a message for each problem.
    pub fn validate(&self) -> Result<()> {
        if self.contact_points.is_empty() {
            return Err(Error::config("no contact points given"));
        }
        if self.contact_points.iter().any(|h| h.trim().is_empty()) {
            return Err(Error::config("a contact point is empty"));
        }
        if self.connect_timeout.is_zero() || self.request_timeout.is_zero() {
            return Err(Error::config("timeouts must be longer than zero"));
        }
        if self.prepared_cache_size == 0 {
            return Err(Error::config(
                "the prepared cache must hold at least one statement",
            ));
        }
        if let Some(ks) = &self.keyspace {
            if ks.is_empty() || !ks.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(Error::config(format!(
                    "keyspace name `{ks}` must be letters, digits and underscores"
                )));
            }
        }
        if let Some(s) = &self.speculative {
            s.validate()?;
        }
        self.load_balancing.validate(self.local_dc.as_deref())?;
        if let Some(r) = &self.reconnect {
            r.validate()?;
        }
        self.validate_profiles()
    }

    /// Parses a `cql://` URL; see [`Config::from_url`](Config::from_url) docs in `url.rs`.
    pub fn from_url(url: &str) -> Result<Self> {
        url::parse(url)
    }

    /// Reads `CQLBRIDGE_URL` if set, else the individual variables
    /// `CQLBRIDGE_HOSTS`, `CQLBRIDGE_USER`, `CQLBRIDGE_PASSWORD`, `CQLBRIDGE_KEYSPACE`,
    /// `CQLBRIDGE_BACKEND`, `CQLBRIDGE_CA`, `CQLBRIDGE_CLIENT_CERT`, `CQLBRIDGE_CLIENT_KEY`,
    /// and `CQLBRIDGE_PROFILES` (execution profiles: `NAME.OPTION=VALUE` pairs
    /// joined by `&`, e.g. `analytics.consistency=ONE&analytics.timeout_ms=60000`).
    pub fn from_env() -> Result<Self> {
        Self::from_env_with(|name| std::env::var(name).ok())
    }

    /// [`Config::from_env`] with a custom variable lookup (for tests).
    pub fn from_env_with(var: impl Fn(&str) -> Option<String>) -> Result<Self> {
        if let Some(u) = var("CQLBRIDGE_URL") {
            return Self::from_url(&u);
        }
        let mut c = Config::default();
        if let Some(h) = var("CQLBRIDGE_HOSTS") {
            c.contact_points = h.split(',').map(|s| s.trim().to_string()).collect();
        }
        if let Some(b) = var("CQLBRIDGE_BACKEND") {
            c.backend = b.parse()?;
        }
        if let Some(k) = var("CQLBRIDGE_KEYSPACE") {
            c.keyspace = Some(k);
        }
        if let Some(u) = var("CQLBRIDGE_USER") {
            let p = var("CQLBRIDGE_PASSWORD").unwrap_or_default();
            c = c.credentials(u, p);
        }
        let (ca, cert, key) = (
            var("CQLBRIDGE_CA"),
            var("CQLBRIDGE_CLIENT_CERT"),
            var("CQLBRIDGE_CLIENT_KEY"),
        );
        if ca.is_some() || cert.is_some() || key.is_some() {
            c.tls = Some(TlsConfig::from_files(ca, cert, key)?);
        }
        if let Some(spec) = var("CQLBRIDGE_PROFILES") {
            c.set_profiles_from(&spec)?;
        }
        c.validate()?;
        Ok(c)
    }
}

#[cfg(test)]
mod tests;
