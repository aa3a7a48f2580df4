//! Test-bed settings, driver construction and per-test keyspaces.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cqlbridge_driver_api::{BackendKind, Config, Session, Statement, TlsConfig};
use cqlbridge_driver_cpp::CppDriver;

/// Where the test bed is and how to log in.
pub(crate) struct Bed {
    /// Plain CQL contact points (`host:port`).
    pub(crate) hosts: Vec<String>,
    /// TLS contact points (client certificate required).
    pub(crate) tls_hosts: Vec<String>,
    /// Superuser name.
    pub(crate) user: String,
    /// Superuser password.
    pub(crate) password: String,
    /// A role without permissions.
    pub(crate) limited: Option<(String, String)>,
    /// Test CA and an unrelated CA (PEM paths).
    pub(crate) ca: String,
    pub(crate) other_ca: String,
    /// Client certificate and key (PEM paths).
    pub(crate) client_cert: String,
    pub(crate) client_key: String,
    /// Nodes running.
    pub(crate) nodes: u32,
}

fn var(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The test bed, or `None` (after a loud notice) when `CQLBRIDGE_TEST_HOSTS` is unset.
pub(crate) fn bed(test: &str) -> Option<Bed> {
    let Ok(hosts) = std::env::var("CQLBRIDGE_TEST_HOSTS") else {
        eprintln!(
            "\n********************************************************************\n\
             SKIPPED {test}: CQLBRIDGE_TEST_HOSTS is not set.\n\
             Start the test bed (`cargo xtask db up`) and\n\
             `source ~/.cache/cqlbridge/testbed.env` to run it.\n\
             ********************************************************************\n"
        );
        return None;
    };
    let tls = var("CQLBRIDGE_TEST_TLS_HOSTS", "127.0.0.1:9142");
    let certs = var("HOME", "/root") + "/.cache/cqlbridge/tls/";
    Some(Bed {
        hosts: list(&hosts),
        tls_hosts: list(&tls),
        user: var("CQLBRIDGE_TEST_USER", "cassandra"),
        password: var("CQLBRIDGE_TEST_PASSWORD", "cassandra"),
        limited: match (
            std::env::var("CQLBRIDGE_TEST_LIMITED_USER"),
            std::env::var("CQLBRIDGE_TEST_LIMITED_PASSWORD"),
        ) {
            (Ok(u), Ok(p)) => Some((u, p)),
            _ => None,
        },
        ca: var("CQLBRIDGE_TEST_CA", &(certs.clone() + "ca.pem")),
        other_ca: var("CQLBRIDGE_TEST_OTHER_CA", &(certs.clone() + "other-ca.pem")),
        client_cert: var(
            "CQLBRIDGE_TEST_CLIENT_CERT",
            &(certs.clone() + "client.pem"),
        ),
        client_key: var("CQLBRIDGE_TEST_CLIENT_KEY", &(certs + "client.key")),
        nodes: var("CQLBRIDGE_TEST_NODES", "1").parse().unwrap_or(1),
    })
}

/// Skips the test (returning) when there is no test bed.
#[macro_export]
macro_rules! bed {
    () => {
        match $crate::common::bed(module_path!()) {
            Some(bed) => bed,
            None => return,
        }
    };
}

impl Bed {
    /// A config for the plain port with the superuser.
    pub(crate) fn config(&self) -> Config {
        Config::new(self.hosts.clone())
            .backend(BackendKind::Cpp)
            .credentials(&self.user, &self.password)
            .connect_timeout(Duration::from_secs(5))
            .request_timeout(Duration::from_secs(20))
    }

    /// A config for the TLS port, with the test CA and the client certificate.
    pub(crate) fn tls_config(&self) -> Config {
        let tls = TlsConfig::new()
            .ca_file(&self.ca)
            .unwrap()
            .client_identity_files(&self.client_cert, &self.client_key)
            .unwrap();
        Config::new(self.tls_hosts.clone())
            .backend(BackendKind::Cpp)
            .credentials(&self.user, &self.password)
            .connect_timeout(Duration::from_secs(5))
            .tls(tls)
    }

    /// A session over a fresh driver.
    pub(crate) async fn session(&self) -> Session {
        session_with(&self.config()).await
    }
}

/// A session over a driver connected with `config`.
pub(crate) async fn session_with(config: &Config) -> Session {
    let driver = CppDriver::connect(config).await.expect("connect");
    Session::with_config(Arc::new(driver), config)
}

/// A keyspace of its own for one test, dropped by [`Keyspace::drop_now`].
pub(crate) struct Keyspace {
    pub(crate) name: String,
}

impl Keyspace {
    /// Creates `cqlb_cpp_<tag>_<unique>` with SimpleStrategy and `rf`.
    pub(crate) async fn create(session: &Session, tag: &str, rf: u32) -> Keyspace {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!("cqlb_cpp_{tag}_{}_{nanos}", std::process::id());
        ddl(
            session,
            &format!(
                "CREATE KEYSPACE {name} WITH replication = \
                 {{'class': 'SimpleStrategy', 'replication_factor': {rf}}}"
            ),
        )
        .await;
        Keyspace { name }
    }

    /// Drops the keyspace.
    pub(crate) async fn drop_now(self, session: &Session) {
        ddl(session, &format!("DROP KEYSPACE IF EXISTS {}", self.name)).await;
    }
}

/// Runs a DDL statement with a generous timeout, panicking on failure.
pub(crate) async fn ddl(session: &Session, cql: &str) {
    session
        .execute(
            Statement::new(cql).with_timeout(Duration::from_secs(60)),
            (),
        )
        .await
        .unwrap_or_else(|e| panic!("{cql}: {e}"));
}
