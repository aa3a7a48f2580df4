//! Starting and stopping node JVMs, and knowing which processes are ours.
//!
//! A node's JVM runs detached in its own process group (a Ctrl-C at the terminal does not reach
//! it), its output in `logs/stdout.log`, its pid in `cassandra.pid`. A pid counts as ours only
//! while `/proc/<pid>/cmdline` still names that node's `cassandra.yaml`, so a recycled pid is
//! never signalled. Signals are sent with `kill(1)` (the crate forbids `unsafe`).

use std::fs::{self, File};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::config;
use super::layout::{show, Layout, Node};

/// A started node: its pid and, when started by this process, its handle.
pub(crate) struct Running {
    /// The node.
    pub(crate) node: Node,
    /// The JVM's pid.
    pub(crate) pid: u32,
    /// The handle if this process spawned it (to notice an early exit and to reap it).
    pub(crate) child: Option<Child>,
}

/// Starts `node`'s JVM from the jars in `lib` and records its pid.
pub(crate) fn spawn(node: &Node, lib: &Path) -> Result<Running, String> {
    let log = File::create(node.stdout_log())
        .map_err(|e| format!("cannot create {}: {e}", show(&node.stdout_log())))?;
    let err = log
        .try_clone()
        .map_err(|e| format!("cannot share {}: {e}", show(&node.stdout_log())))?;
    let child = Command::new("java")
        .args(config::node_jvm_args(node, lib))
        .current_dir(&node.dir)
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(err)
        .process_group(0)
        .spawn()
        .map_err(|e| format!("{}: cannot start java: {e}", node.name()))?;
    let pid = child.id();
    fs::write(node.pid_file(), format!("{pid}\n"))
        .map_err(|e| format!("cannot write {}: {e}", show(&node.pid_file())))?;
    Ok(Running {
        node: node.clone(),
        pid,
        child: Some(child),
    })
}

/// The pid recorded for `node`, if any.
pub(crate) fn recorded_pid(node: &Node) -> Option<u32> {
    fs::read_to_string(node.pid_file())
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// True if `pid` is a live (not zombie) process running `node`'s configuration.
pub(crate) fn is_ours(pid: u32, node: &Node) -> bool {
    alive(pid)
        && fs::read(format!("/proc/{pid}/cmdline"))
            .map(|cmd| {
                let needle = format!("-Dcassandra.config=file://{}", show(&node.yaml()));
                cmd.split(|b| *b == 0).any(|arg| arg == needle.as_bytes())
            })
            .unwrap_or(false)
}

/// True if `pid` exists and is not a zombie.
pub(crate) fn alive(pid: u32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the parenthesised command name.
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}

/// Every live process of the test bed: by pid file, plus any JVM whose command line names a
/// node's `cassandra.yaml` (a pid file lost to a crash must not leave a node behind).
pub(crate) fn find_running(layout: &Layout) -> Vec<Running> {
    let mut found: Vec<Running> = Vec::new();
    for node in layout.all_nodes() {
        if let Some(pid) = recorded_pid(&node).filter(|pid| is_ours(*pid, &node)) {
            found.push(Running {
                node,
                pid,
                child: None,
            });
        }
    }
    let Ok(entries) = fs::read_dir("/proc") else {
        return found;
    };
    for pid in entries.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok()) {
        if found.iter().any(|r| r.pid == pid) {
            continue;
        }
        if let Some(node) = layout.all_nodes().into_iter().find(|n| is_ours(pid, n)) {
            found.push(Running {
                node,
                pid,
                child: None,
            });
        }
    }
    found.sort_by_key(|r| r.node.index);
    found
}

/// Resident memory of `pid` in KiB, from `/proc/<pid>/status`.
pub(crate) fn rss_kib(pid: u32) -> Option<u64> {
    fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

/// Stops the given processes: SIGTERM (Cassandra drains and exits), up to `grace`, then
/// SIGKILL for those left, up to 10 s more. Fails if any survives.
pub(crate) fn stop(running: &mut [Running], grace: Duration) -> Result<(), String> {
    for r in running.iter() {
        signal(r.pid, "TERM");
    }
    if !wait_gone(running, grace) {
        for r in running.iter_mut() {
            if !still_there(r) {
                continue;
            }
            eprintln!(
                "{}: still running after {} s; sending SIGKILL",
                r.node.name(),
                grace.as_secs()
            );
            signal(r.pid, "KILL");
        }
        if !wait_gone(running, Duration::from_secs(10)) {
            let mut left = Vec::new();
            for r in running.iter_mut() {
                if still_there(r) {
                    left.push(format!("{} (pid {})", r.node.name(), r.pid));
                }
            }
            return Err(format!("could not stop {}", left.join(", ")));
        }
    }
    Ok(())
}

/// Sends `kill -<sig> <pid>`; a process already gone is fine.
pub(crate) fn signal(pid: u32, sig: &str) {
    let _ = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(pid.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// True while `r` runs; reaps it when it is our child.
fn still_there(r: &mut Running) -> bool {
    if let Some(child) = r.child.as_mut() {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
    }
    alive(r.pid)
}

/// Polls until every process is gone or `limit` passes; true if all are gone.
pub(crate) fn wait_gone(running: &mut [Running], limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if !running.iter_mut().any(still_there) {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        thread::sleep(Duration::from_millis(200));
    }
}
