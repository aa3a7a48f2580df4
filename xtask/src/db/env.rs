//! The environment variables the test suite reads, and `<root>/testbed.env`.
//!
//! | variable | value |
//! |---|---|
//! | `CQLBRIDGE_TEST_HOSTS` | plain CQL contact points, `127.0.0.1:9042[,127.0.0.2:9042,…]` |
//! | `CQLBRIDGE_TEST_TLS_HOSTS` | TLS contact points, `127.0.0.1:9142[,…]`; a client certificate is required |
//! | `CQLBRIDGE_TEST_TLS_REQUIRES_CLIENT_CERT` | `1`: the TLS port rejects clients without a certificate |
//! | `CQLBRIDGE_TEST_USER`, `CQLBRIDGE_TEST_PASSWORD` | `cqlbridge` / `cqlbridge-pass` (superuser) |
//! | `CQLBRIDGE_TEST_LIMITED_USER`, `CQLBRIDGE_TEST_LIMITED_PASSWORD` | a role without permissions |
//! | `CQLBRIDGE_TEST_CA` | the test CA (PEM) that signed the server and client certs |
//! | `CQLBRIDGE_TEST_OTHER_CA` | an unrelated CA (PEM), for negative tests |
//! | `CQLBRIDGE_TEST_CLIENT_CERT`, `CQLBRIDGE_TEST_CLIENT_KEY` | client cert (PEM) and unencrypted PKCS#8 key |
//! | `CQLBRIDGE_TEST_OTHER_CLIENT_CERT`, `CQLBRIDGE_TEST_OTHER_CLIENT_KEY` | a client cert by the other CA |
//! | `CQLBRIDGE_TEST_NODES` | how many nodes run |
//! | `CQLBRIDGE_TEST_DATACENTER` | the data center name (`datacenter1`) |
//! | `CQLBRIDGE_TEST_CASSANDRA_VERSION` | `5.0.9` |

use std::fs;

use super::config::DATACENTER;
use super::fetch::CASSANDRA_VERSION;
use super::layout::{show, Layout, NATIVE_PORT, TLS_PORT};
use super::roles::{LIMITED_USER, TEST_USER};
use super::tls::TlsFiles;

/// The variables for a test bed of `nodes` nodes, in print order.
pub(crate) fn vars(layout: &Layout, nodes: u8) -> Vec<(&'static str, String)> {
    let tls = TlsFiles {
        dir: layout.tls_dir(),
    };
    let hosts = |port: u16| {
        (1..=nodes)
            .map(|i| format!("127.0.0.{i}:{port}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    vec![
        ("CQLBRIDGE_TEST_HOSTS", hosts(NATIVE_PORT)),
        ("CQLBRIDGE_TEST_TLS_HOSTS", hosts(TLS_PORT)),
        ("CQLBRIDGE_TEST_TLS_REQUIRES_CLIENT_CERT", "1".into()),
        ("CQLBRIDGE_TEST_USER", TEST_USER.0.into()),
        ("CQLBRIDGE_TEST_PASSWORD", TEST_USER.1.into()),
        ("CQLBRIDGE_TEST_LIMITED_USER", LIMITED_USER.0.into()),
        ("CQLBRIDGE_TEST_LIMITED_PASSWORD", LIMITED_USER.1.into()),
        ("CQLBRIDGE_TEST_CA", show(&tls.ca())),
        ("CQLBRIDGE_TEST_OTHER_CA", show(&tls.other_ca())),
        ("CQLBRIDGE_TEST_CLIENT_CERT", show(&tls.client_cert())),
        ("CQLBRIDGE_TEST_CLIENT_KEY", show(&tls.client_key())),
        (
            "CQLBRIDGE_TEST_OTHER_CLIENT_CERT",
            show(&tls.other_client_cert()),
        ),
        (
            "CQLBRIDGE_TEST_OTHER_CLIENT_KEY",
            show(&tls.other_client_key()),
        ),
        ("CQLBRIDGE_TEST_NODES", nodes.to_string()),
        ("CQLBRIDGE_TEST_DATACENTER", DATACENTER.into()),
        ("CQLBRIDGE_TEST_CASSANDRA_VERSION", CASSANDRA_VERSION.into()),
    ]
}

/// The variables as shell `export` lines.
pub(crate) fn exports(layout: &Layout, nodes: u8) -> String {
    vars(layout, nodes)
        .into_iter()
        .map(|(k, v)| format!("export {k}={}\n", quote(&v)))
        .collect()
}

/// Writes `<root>/testbed.env`.
pub(crate) fn write_file(layout: &Layout, nodes: u8) -> Result<(), String> {
    let text = format!(
        "# cqlbridge test bed ({nodes} node(s)), written by `cargo xtask db up`; removed by `db down`.\n{}",
        exports(layout, nodes)
    );
    let path = layout.env_file();
    fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", show(&path)))
}

/// Single-quotes `v` for a POSIX shell when it holds anything but safe characters.
fn quote(v: &str) -> String {
    if v.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-:,+=@".contains(c))
    {
        v.to_string()
    } else {
        format!("'{}'", v.replace('\'', r"'\''"))
    }
}
