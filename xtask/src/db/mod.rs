//! `cargo xtask db up | down | status | logs | env | stop-node | kill-node | start-node`: a
//! real Apache Cassandra for the tests.
//!
//! - **What runs.** Apache Cassandra 5.0.9 (`org.apache.cassandra:cassandra-all:5.0.9` and its
//!   runtime dependencies, fetched with Maven from Maven Central and verified against pinned
//!   hashes; see `fetch`), on the machine's Java 17, 1 GiB heap per node, listening on loopback
//!   only. Everything lives under `~/.cache/cqlbridge/` (see `layout`).
//! - **Nodes.** `up` starts one node on 127.0.0.1; `up --nodes 3` starts 127.0.0.1, .2, .3 in one
//!   cluster (seed 127.0.0.1), JMX on 127.0.0.1:7199, 7299, 7399.
//! - **Ports.** Plain CQL on 9042; TLS-only CQL with a required client certificate on 9142
//!   (why not one shared port: see `config`).
//! - **Auth.** PasswordAuthenticator + CassandraAuthorizer; roles `cassandra`/`cassandra`,
//!   `cqlbridge`/`cqlbridge-pass` (superuser) and `cqlbridge_limited`/`cqlbridge-limited-pass`
//!   (see `roles`).
//! - **Tests** read `CQLBRIDGE_TEST_*` variables: `db env` prints them, `up` prints them and
//!   writes `~/.cache/cqlbridge/testbed.env` (see `env`).
//! - **Stopping.** `down` stops only processes it can prove are the test bed's (pid file and
//!   command line), waits, kills if needed, and removes their data; logs stay for `db logs`
//!   until the next `up`.
//! - **One node down.** `stop-node N`, `kill-node N` and `start-node N
//!   [--auth-read-consistency CL]` take one node of a running bed down and back (see `node`).
//! - **Sharing.** `up` and `down` take a lock file, so concurrent callers queue instead of
//!   racing (see `lock`).

mod config;
mod cql;
mod env;
mod fetch;
mod layout;
mod lock;
mod node;
mod process;
mod roles;
mod status;
mod tls;
mod up;

use std::fs;
use std::time::Duration;

use layout::{show, Layout, MAX_NODES};

/// How long `down` waits for nodes to drain after SIGTERM before SIGKILL.
const STOP_GRACE: Duration = Duration::from_secs(45);

/// Dispatches `cargo xtask db <args>`.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let layout = Layout::from_env()?;
    let (sub, rest) =
        match args.split_first() {
            Some((sub, rest)) => (sub.as_str(), rest),
            None => return Err(
                "usage: cargo xtask db up [--nodes N] | down | status | logs [--lines N] | env \
                 | stop-node N | kill-node N | start-node N [--auth-read-consistency CL]"
                    .into(),
            ),
        };
    match sub {
        "up" => {
            let nodes = number_flag(rest, "--nodes", 1)?;
            if !(1..=usize::from(MAX_NODES)).contains(&nodes) {
                return Err(format!("--nodes must be 1 to {MAX_NODES}, not {nodes}"));
            }
            let _lock = lock::acquire(&layout)?;
            up::run(&layout, nodes as u8)
        }
        "down" => {
            no_flags(rest)?;
            let _lock = lock::acquire(&layout)?;
            down(&layout)
        }
        "status" => {
            no_flags(rest)?;
            status::run(&layout)
        }
        "logs" => status::logs(&layout, number_flag(rest, "--lines", 50)?),
        "env" => {
            no_flags(rest)?;
            print_env(&layout)
        }
        "stop-node" | "kill-node" => {
            let (index, rest) = node_index(rest)?;
            no_flags(rest)?;
            let _lock = lock::acquire(&layout)?;
            node::stop(&layout, index, sub == "kill-node")
        }
        "start-node" => {
            let (index, rest) = node_index(rest)?;
            let auth_read = match rest {
                [] => None,
                [flag, cl] if flag == "--auth-read-consistency" => Some(cl.to_ascii_uppercase()),
                [other, ..] => return Err(format!("unexpected argument `{other}`")),
            };
            let _lock = lock::acquire(&layout)?;
            node::start(&layout, index, auth_read.as_deref())
        }
        other => Err(format!(
            "unknown `db` command `{other}`; use up [--nodes N], down, status, logs [--lines N], \
             env, stop-node N, kill-node N or start-node N"
        )),
    }
}

/// The env file `up` writes (`export` lines for the tests).
pub(crate) fn env_file() -> Result<std::path::PathBuf, String> {
    Ok(Layout::from_env()?.env_file())
}

/// True when a test bed node started by `up` is running.
pub(crate) fn is_running() -> Result<bool, String> {
    Ok(!process::find_running(&Layout::from_env()?).is_empty())
}

/// How many test bed nodes run now.
pub(crate) fn running_nodes() -> Result<usize, String> {
    Ok(process::find_running(&Layout::from_env()?).len())
}

/// Runs `db down`.
fn down(layout: &Layout) -> Result<(), String> {
    let mut running = process::find_running(layout);
    if running.is_empty() {
        eprintln!("no test bed process is running");
    } else {
        for r in &running {
            eprintln!("{}: stopping pid {} ...", r.node.name(), r.pid);
        }
        process::stop(&mut running, STOP_GRACE)?;
        eprintln!("stopped {} node(s)", running.len());
    }
    for node in layout.all_nodes() {
        fetch::remove_dir(&node.data_dir())?;
        fetch::remove_dir(&node.conf_dir())?;
        let _ = fs::remove_file(node.pid_file());
    }
    let _ = fs::remove_file(layout.env_file());
    let left = process::find_running(layout);
    if !left.is_empty() {
        return Err(format!("{} test bed process(es) still running", left.len()));
    }
    eprintln!(
        "data removed; logs kept under {} until the next `up`",
        show(&layout.nodes_dir())
    );
    Ok(())
}

/// Runs `db env`: the exports of the running test bed (or of a 1-node one, with a note).
fn print_env(layout: &Layout) -> Result<(), String> {
    let running = process::find_running(layout);
    let nodes = running.iter().map(|r| r.node.index).max().unwrap_or(1);
    if running.is_empty() {
        eprintln!(
            "note: the test bed is not running; these are the values `cargo xtask db up` would use"
        );
    }
    print!("{}", env::exports(layout, nodes));
    Ok(())
}

/// Parses an optional `--name N` / `--name=N` flag; rejects anything else.
fn number_flag(args: &[String], name: &str, default: usize) -> Result<usize, String> {
    let mut value = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let raw = if arg == name {
            it.next().ok_or(format!("{name} needs a value"))?.clone()
        } else if let Some(v) = arg.strip_prefix(&format!("{name}=")) {
            v.to_string()
        } else {
            return Err(format!("unexpected argument `{arg}`"));
        };
        value = Some(
            raw.parse()
                .map_err(|_| format!("{name}: `{raw}` is not a number"))?,
        );
    }
    Ok(value.unwrap_or(default))
}

/// The node number that starts `args`, and the rest.
fn node_index(args: &[String]) -> Result<(usize, &[String]), String> {
    let (first, rest) = args.split_first().ok_or("which node? (1 to 3)")?;
    let n = first
        .parse()
        .map_err(|_| format!("`{first}` is not a node number"))?;
    Ok((n, rest))
}

/// Rejects any argument.
fn no_flags(args: &[String]) -> Result<(), String> {
    match args.first() {
        Some(arg) => Err(format!("unexpected argument `{arg}`")),
        None => Ok(()),
    }
}
