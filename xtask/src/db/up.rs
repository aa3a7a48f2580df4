//! `db up`: fetch, certificates, configuration, start the nodes one by one, create roles.
//!
//! Idempotent: a test bed already running with the requested node count that answers CQL is
//! reported and left alone. Nodes start in order (node 1 is the seed); each must answer CQL
//! (which a joining node does only after bootstrap) and appear with its tokens in the seed's
//! `system.peers` before the next starts. Every wait is bounded ([`START_LIMIT`] per node,
//! `CQLBRIDGE_TESTBED_START_TIMEOUT` seconds overrides); on failure the log tail is printed
//! and the nodes this run started are stopped again.

use std::fs;
use std::net::{SocketAddr, TcpListener};
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use super::config;
use super::cql::{Conn, ONE};
use super::env;
use super::fetch::{self, remove_dir, CASSANDRA_VERSION};
use super::layout::{show, Layout, Node, STORAGE_PORT};
use super::process::{self, Running};
use super::roles::{self, DEFAULT_USER, TEST_USER};
use super::status;
use super::tls;
use crate::cmd;

/// The default bound on one node's start.
const START_LIMIT: Duration = Duration::from_secs(180);

/// Runs `db up --nodes <nodes>`.
pub(crate) fn run(layout: &Layout, nodes: u8) -> Result<(), String> {
    let started = Instant::now();
    let running = process::find_running(layout);
    if !running.is_empty() {
        return already_running(layout, nodes, &running);
    }
    clear_stale(layout)?;
    check_java()?;
    let lib = fetch::ensure(layout)?;
    let tls = tls::ensure(layout)?;
    let wanted: Vec<Node> = (1..=nodes).map(|i| layout.node(i)).collect();
    check_ports_free(&wanted)?;

    let limit = start_limit();
    let mut started_nodes: Vec<Running> = Vec::new();
    let result = (|| {
        for node in &wanted {
            let t = Instant::now();
            config::write_node(node, &tls)?;
            eprintln!(
                "{}: starting Cassandra {CASSANDRA_VERSION} on {} (JMX 127.0.0.1:{}) ...",
                node.name(),
                node.cql_addr(),
                node.jmx_port()
            );
            started_nodes.push(process::spawn(node, &lib)?);
            let me = started_nodes.last_mut().ok_or("no node")?;
            wait_ready(me, limit, 0, DEFAULT_USER)?;
            if node.index > 1 {
                wait_joined(&wanted[0], node.index, limit)?;
            }
            eprintln!(
                "{}: up, pid {}, answers CQL ({:.1} s)",
                node.name(),
                me.pid,
                t.elapsed().as_secs_f64()
            );
        }
        let seed = wanted[0].cql_addr();
        let all: Vec<SocketAddr> = wanted.iter().map(Node::cql_addr).collect();
        roles::ensure(seed, &all)?;
        eprintln!("roles: cassandra, cqlbridge (superuser), cqlbridge_limited ready");
        Ok::<(), String>(())
    })();
    if let Err(e) = result {
        if let Some(last) = started_nodes.last() {
            eprintln!("--- last 50 lines of {} ---", show(&last.node.system_log()));
            eprintln!("{}", status::log_tail(&last.node, 50));
        }
        eprintln!("stopping the nodes this run started ...");
        if let Err(stop_err) = process::stop(&mut started_nodes, Duration::from_secs(30)) {
            eprintln!("{stop_err}");
        }
        for r in &started_nodes {
            let _ = fs::remove_file(r.node.pid_file());
        }
        return Err(e);
    }

    env::write_file(layout, nodes)?;
    if nodes > 1 {
        eprintln!("{}", status::nodetool(layout, &wanted[0], &["status"])?);
    }
    eprintln!(
        "test bed up: {nodes} node(s), Cassandra {CASSANDRA_VERSION}, in {:.1} s; env in {}",
        started.elapsed().as_secs_f64(),
        show(&layout.env_file())
    );
    print!("{}", env::exports(layout, nodes));
    Ok(())
}

/// The answer when processes of the test bed already run.
fn already_running(layout: &Layout, nodes: u8, running: &[Running]) -> Result<(), String> {
    let indexes: Vec<u8> = running.iter().map(|r| r.node.index).collect();
    let expected: Vec<u8> = (1..=nodes).collect();
    if indexes != expected {
        return Err(format!(
            "a test bed with node(s) {indexes:?} is running, not the {nodes} node(s) asked for; \
             run `cargo xtask db down` first"
        ));
    }
    for r in running {
        roles::login(r.node.cql_addr(), TEST_USER)
            .and_then(|mut c| c.query("SELECT release_version FROM system.local", ONE))
            .map_err(|e| {
                format!(
                    "{} (pid {}) runs but does not answer CQL ({e}); see `cargo xtask db logs`, \
                     or `cargo xtask db down` and up again",
                    r.node.name(),
                    r.pid
                )
            })?;
    }
    eprintln!("test bed already up ({nodes} node(s)); nothing to do");
    env::write_file(layout, nodes)?;
    print!("{}", env::exports(layout, nodes));
    Ok(())
}

/// Removes what a previous run left: pid files of dead nodes, data, logs, the env file.
fn clear_stale(layout: &Layout) -> Result<(), String> {
    for node in layout.all_nodes() {
        if node.dir.exists() {
            remove_dir(&node.dir)?;
        }
    }
    let _ = fs::remove_file(layout.env_file());
    Ok(())
}

/// Fails unless `java` is a JDK that Cassandra 5.0 supports (11 or 17).
fn check_java() -> Result<(), String> {
    let out = cmd::run(
        Command::new("java").arg("-version"),
        "java -version",
        Duration::from_secs(30),
    )?;
    let text = format!("{}{}", out.stderr, out.stdout);
    let major = text
        .split('"')
        .nth(1)
        .and_then(|v| v.split('.').next())
        .and_then(|m| m.parse::<u32>().ok())
        .ok_or_else(|| format!("cannot read the Java version from: {}", text.trim()))?;
    match major {
        11 | 17 => Ok(()),
        _ => Err(format!(
            "Cassandra {CASSANDRA_VERSION} runs on Java 11 or 17; `java` on PATH is Java {major} \
             (set PATH or JAVA_HOME's bin first)"
        )),
    }
}

/// Fails with a clear message if another program holds a port a node needs.
fn check_ports_free(nodes: &[Node]) -> Result<(), String> {
    for node in nodes {
        let ports = [
            SocketAddr::from((node.ip(), STORAGE_PORT)),
            node.cql_addr(),
            node.tls_addr(),
            SocketAddr::from(([127, 0, 0, 1], node.jmx_port())),
        ];
        for addr in ports {
            TcpListener::bind(addr).map_err(|e| {
                format!(
                    "{}: {addr} is not free ({e}); something else listens there",
                    node.name()
                )
            })?;
        }
    }
    Ok(())
}

/// The per-node start bound.
pub(crate) fn start_limit() -> Duration {
    std::env::var("CQLBRIDGE_TESTBED_START_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(Duration::from_secs)
        .unwrap_or(START_LIMIT)
}

/// Waits until the node logs "Startup complete" (after byte `log_from` of its
/// `system.log`, so a restart does not read the last start's line) and a
/// login as `role` runs a query.
pub(crate) fn wait_ready(
    r: &mut Running,
    limit: Duration,
    log_from: usize,
    role: (&str, &str),
) -> Result<(), String> {
    let deadline = Instant::now() + limit;
    let mut last;
    loop {
        if let Some(child) = r.child.as_mut() {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!(
                    "{} exited during startup ({status}); stdout: {}",
                    r.node.name(),
                    cmd::tail(
                        &fs::read_to_string(r.node.stdout_log()).unwrap_or_default(),
                        10
                    )
                ));
            }
        }
        let log = fs::read(r.node.system_log()).unwrap_or_default();
        let fresh = log.get(log_from..).unwrap_or_default();
        if String::from_utf8_lossy(fresh).contains("Startup complete") {
            match roles::login(r.node.cql_addr(), role)
                .and_then(|mut c| c.query("SELECT release_version FROM system.local", ONE))
            {
                Ok(_) => return Ok(()),
                Err(e) => last = e.to_string(),
            }
        } else {
            last = "no \"Startup complete\" in system.log yet".into();
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "{} did not answer CQL within {} s (last: {last})",
                r.node.name(),
                limit.as_secs()
            ));
        }
        thread::sleep(Duration::from_millis(500));
    }
}

/// Waits until the seed lists `count - 1` peers, each with tokens (state NORMAL).
fn wait_joined(seed: &Node, count: u8, limit: Duration) -> Result<(), String> {
    let deadline = Instant::now() + limit;
    let want = usize::from(count) - 1;
    let mut last;
    loop {
        let got = roles::login(seed.cql_addr(), DEFAULT_USER)
            .and_then(|mut c: Conn| c.query("SELECT peer, tokens FROM system.peers", ONE));
        match got {
            Ok(rows) => {
                let joined = rows
                    .rows
                    .iter()
                    .filter(|row| row.get(1).is_some_and(Option::is_some))
                    .count();
                if joined >= want {
                    return Ok(());
                }
                last = format!("{joined} of {want} peers joined");
            }
            Err(e) => last = e.to_string(),
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "the seed does not see {want} joined peer(s) within {} s ({last})",
                limit.as_secs()
            ));
        }
        thread::sleep(Duration::from_millis(500));
    }
}
