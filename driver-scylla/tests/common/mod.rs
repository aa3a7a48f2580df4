//! Shared helpers for the crate's smoke tests against a real Cassandra.
//!
//! A test is skipped only when `CQLBRIDGE_TEST_HOSTS` is unset, and then says
//! so loudly; every other missing setting is a failure.
#![allow(dead_code, unreachable_pub)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use cqlbridge_driver_api::{Config, Session, TlsConfig};
use cqlbridge_driver_scylla::ScyllaDriver;

/// Where the test bed is.
#[derive(Debug, Clone)]
pub struct Bed {
    pub hosts: Vec<String>,
    pub tls_hosts: Vec<String>,
    pub user: String,
    pub password: String,
    pub ca: String,
    pub other_ca: String,
    pub client_cert: String,
    pub client_key: String,
    pub nodes: usize,
}

fn var(name: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| panic!("{name} is not set (source ~/.cache/cqlbridge/testbed.env)"))
}

fn list(name: &str) -> Vec<String> {
    var(name).split(',').map(|s| s.trim().to_string()).collect()
}

/// The test bed, or `None` (after a loud SKIPPED line) when none is named.
pub fn bed(test: &str) -> Option<Bed> {
    if std::env::var("CQLBRIDGE_TEST_HOSTS").map_or(true, |v| v.trim().is_empty()) {
        // Written to the raw stderr handle, which the test harness does not
        // capture, so the skip is visible in every run.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: no test bed (CQLBRIDGE_TEST_HOSTS is unset): {test}"
        );
        return None;
    }
    Some(Bed {
        hosts: list("CQLBRIDGE_TEST_HOSTS"),
        tls_hosts: list("CQLBRIDGE_TEST_TLS_HOSTS"),
        user: var("CQLBRIDGE_TEST_USER"),
        password: var("CQLBRIDGE_TEST_PASSWORD"),
        ca: var("CQLBRIDGE_TEST_CA"),
        other_ca: var("CQLBRIDGE_TEST_OTHER_CA"),
        client_cert: var("CQLBRIDGE_TEST_CLIENT_CERT"),
        client_key: var("CQLBRIDGE_TEST_CLIENT_KEY"),
        nodes: std::env::var("CQLBRIDGE_TEST_NODES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1),
    })
}

/// `let Some(bed) = bed_or_skip!() else { return };`
#[macro_export]
macro_rules! bed_or_skip {
    () => {
        common::bed(concat!(module_path!(), " line ", line!()))
    };
}

impl Bed {
    /// Plain connection with the superuser.
    pub fn config(&self) -> Config {
        Config::new(self.hosts.clone()).credentials(self.user.clone(), self.password.clone())
    }

    /// TLS with the test CA and the client identity (the TLS port needs one).
    pub fn tls_config(&self) -> Config {
        let tls = TlsConfig::new()
            .ca_file(&self.ca)
            .unwrap()
            .client_identity_files(&self.client_cert, &self.client_key)
            .unwrap();
        Config::new(self.tls_hosts.clone())
            .credentials(self.user.clone(), self.password.clone())
            .tls(tls)
    }

    /// A connected session for `config`.
    pub async fn session_for(&self, config: &Config) -> Session {
        let driver = ScyllaDriver::connect(config)
            .await
            .unwrap_or_else(|e| panic!("connect failed: {e}"));
        Session::with_config(Arc::new(driver), config)
    }

    /// A connected plain session.
    pub async fn session(&self) -> Session {
        self.session_for(&self.config()).await
    }
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A fresh keyspace name for this test process.
pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Creates a keyspace with replication factor `rf` and returns its name.
pub async fn keyspace(s: &Session, prefix: &str, rf: usize) -> String {
    let ks = unique(prefix);
    s.execute(
        format!(
            "CREATE KEYSPACE {ks} WITH replication = \
             {{'class': 'SimpleStrategy', 'replication_factor': {rf}}}"
        ),
        (),
    )
    .await
    .unwrap_or_else(|e| panic!("create keyspace {ks}: {e}"));
    ks
}

/// Drops a keyspace (best effort: the test's own asserts come first).
pub async fn drop_keyspace(s: &Session, ks: &str) {
    if let Err(e) = s.execute(format!("DROP KEYSPACE IF EXISTS {ks}"), ()).await {
        eprintln!("warning: drop keyspace {ks}: {e}");
    }
}
