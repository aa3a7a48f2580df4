//! `db status` and `db logs`, and `nodetool`.
//!
//! `status` checks, per running node: the pid and its memory; that plain CQL answers with
//! the test role; that auth is on (STARTUP is answered with AUTHENTICATE naming
//! PasswordAuthenticator, and a wrong password is rejected); that TLS works end to end (CQL over
//! `openssl s_client` with the test CA and client certificate, IP SAN checked), and that the
//! TLS port rejects a client without a certificate, one trusting another CA, and one whose
//! certificate another CA signed. Then it
//! prints `nodetool status`. It exits non-zero if no node runs or any check fails.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::config;
use super::cql::{Conn, TlsClient, ONE};
use super::fetch::{self, CASSANDRA_VERSION};
use super::layout::{show, Layout, Node};
use super::process;
use super::roles::{self, TEST_USER};
use super::tls::TlsFiles;
use crate::cmd;

/// Runs `db status`.
pub(crate) fn run(layout: &Layout) -> Result<(), String> {
    let running = process::find_running(layout);
    if running.is_empty() {
        return Err(format!(
            "the test bed is not running (no node process under {}); start it with `cargo xtask db up`",
            show(&layout.nodes_dir())
        ));
    }
    println!(
        "Cassandra {CASSANDRA_VERSION} test bed, {} node(s), cache {}",
        running.len(),
        show(&layout.root)
    );
    let tls = TlsFiles {
        dir: layout.tls_dir(),
    };
    let mut failures = Vec::new();
    for r in &running {
        let rss =
            process::rss_kib(r.pid).map_or("?".into(), |k| format!("{:.0} MiB", k as f64 / 1024.0));
        println!(
            "{} {}  pid {}  RSS {rss}  JMX 127.0.0.1:{}",
            r.node.name(),
            r.node.ip(),
            r.pid,
            r.node.jmx_port()
        );
        for (label, check) in [
            ("CQL ", check_plain(&r.node)),
            ("auth", check_auth(&r.node)),
            ("TLS ", check_tls(&r.node, &tls)),
        ] {
            match check {
                Ok(text) => println!("  {label}  ok: {text}"),
                Err(text) => {
                    println!("  {label}  FAILED: {text}");
                    failures.push(format!("{} {}", r.node.name(), label.trim()));
                }
            }
        }
    }
    for node in layout.all_nodes() {
        let pid = process::recorded_pid(&node);
        if let Some(pid) = pid.filter(|_| !running.iter().any(|r| r.node.index == node.index)) {
            println!(
                "{} {}  NOT RUNNING (pid file says {pid})",
                node.name(),
                node.ip()
            );
            failures.push(format!("{} not running", node.name()));
        }
    }
    println!(
        "nodetool status (JMX 127.0.0.1:{}):",
        running[0].node.jmx_port()
    );
    match nodetool(layout, &running[0].node, &["status"]) {
        Ok(out) => println!("{out}"),
        Err(e) => {
            println!("  FAILED: {e}");
            failures.push("nodetool".into());
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("status checks failed: {}", failures.join(", ")))
    }
}

/// Plain CQL: login as the test role, read the version and the peers.
fn check_plain(node: &Node) -> Result<String, String> {
    let mut conn = roles::login(node.cql_addr(), TEST_USER).map_err(|e| e.to_string())?;
    let version = first_value(&mut conn, "SELECT release_version FROM system.local")?;
    let peers = conn
        .query("SELECT peer FROM system.peers", ONE)
        .map_err(|e| e.to_string())?
        .rows
        .len();
    Ok(format!(
        "{} answers as `{}` (release_version {version}, {peers} peer(s))",
        node.cql_addr(),
        TEST_USER.0
    ))
}

/// Auth: the server demands a login and rejects a wrong password.
fn check_auth(node: &Node) -> Result<String, String> {
    let mut conn = Conn::plain(node.cql_addr()).map_err(|e| e.to_string())?;
    let authenticator = conn
        .startup()
        .map_err(|e| e.to_string())?
        .ok_or("the server accepted STARTUP without authentication")?;
    match roles::login(node.cql_addr(), (TEST_USER.0, "wrong-password")) {
        Ok(_) => Err("a wrong password was accepted".into()),
        Err(_) => Ok(format!("{authenticator}; wrong password rejected")),
    }
}

/// TLS: CQL over TLS with the test CA and client cert; no cert and another CA rejected.
fn check_tls(node: &Node, tls: &TlsFiles) -> Result<String, String> {
    let addr = node.tls_addr();
    let good = TlsClient {
        ca: tls.ca(),
        identity: Some((tls.client_cert(), tls.client_key())),
    };
    let mut conn = Conn::tls(addr, &good)
        .map_err(|e| format!("{addr} with the test CA and client cert: {e}"))?;
    conn.login(TEST_USER.0, TEST_USER.1)
        .map_err(|e| format!("{addr} with the test CA and client cert: {e}"))?;
    let version = first_value(&mut conn, "SELECT release_version FROM system.local")?;
    let no_cert = TlsClient {
        ca: tls.ca(),
        identity: None,
    };
    let other_ca = TlsClient {
        ca: tls.other_ca(),
        identity: Some((tls.client_cert(), tls.client_key())),
    };
    let other_client = TlsClient {
        ca: tls.ca(),
        identity: Some((tls.other_client_cert(), tls.other_client_key())),
    };
    for (what, client) in [
        ("without a client cert", no_cert),
        ("trusting another CA", other_ca),
        ("with a client cert by another CA", other_client),
    ] {
        let attempt = Conn::tls(addr, &client).and_then(|mut c| c.login(TEST_USER.0, TEST_USER.1));
        if attempt.is_ok() {
            return Err(format!("{addr} accepted a client {what}"));
        }
    }
    Ok(format!(
        "{addr} mutual TLS, CQL answers (release_version {version}); \
         rejected: no client cert, other CA, client cert by other CA"
    ))
}

/// The first column of the first row of `cql`.
fn first_value(conn: &mut Conn, cql: &str) -> Result<String, String> {
    conn.query(cql, ONE)
        .map_err(|e| e.to_string())?
        .rows
        .first()
        .and_then(|row| row.first().cloned().flatten())
        .ok_or_else(|| format!("`{cql}` returned nothing"))
}

/// Runs `nodetool <args>` against `node`'s JMX port; returns its output.
pub(crate) fn nodetool(layout: &Layout, node: &Node, args: &[&str]) -> Result<String, String> {
    let lib = layout.cassandra_dir(CASSANDRA_VERSION).join("lib");
    if !lib.is_dir() {
        fetch::ensure(layout)?;
    }
    let logback = layout.root.join("tools-logback.xml");
    fs::write(&logback, config::TOOLS_LOGBACK)
        .map_err(|e| format!("cannot write {}: {e}", show(&logback)))?;
    let out = cmd::run(
        Command::new("java")
            .args(config::tool_jvm_args(&lib, &logback))
            .arg("org.apache.cassandra.tools.NodeTool")
            .args(["-h", "127.0.0.1", "-p", &node.jmx_port().to_string()])
            .args(args),
        &format!("nodetool {}", args.join(" ")),
        Duration::from_secs(120),
    )?;
    Ok(out.stdout.trim_end().to_string())
}

/// Runs `db logs --lines <lines>`.
pub(crate) fn logs(layout: &Layout, lines: usize) -> Result<(), String> {
    let mut any = false;
    for node in layout.all_nodes() {
        if !node.system_log().is_file() && !node.stdout_log().is_file() {
            continue;
        }
        any = true;
        for path in [node.system_log(), node.stdout_log()] {
            let text = fs::read_to_string(&path).unwrap_or_default();
            if text.trim().is_empty() {
                continue;
            }
            println!("==> {} <==", show(&path));
            println!("{}", cmd::tail(&text, lines));
        }
    }
    if any {
        Ok(())
    } else {
        Err(format!("no node logs under {}", show(&layout.nodes_dir())))
    }
}

/// The last `lines` lines of the node's system.log, or of its stdout.log if that is empty.
pub(crate) fn log_tail(node: &Node, lines: usize) -> String {
    let read = |p: &Path| fs::read_to_string(p).unwrap_or_default();
    let log = read(&node.system_log());
    let text = if log.trim().is_empty() {
        read(&node.stdout_log())
    } else {
        log
    };
    cmd::tail(&text, lines)
}
