//! `db stop-node N`, `db kill-node N`, `db start-node N`: one node of a
//! running test bed down and back, for the fault run (`cargo xtask faults`)
//! and for trying things by hand.
//!
//! - `stop-node` sends SIGTERM (Cassandra drains and exits), SIGKILL after
//!   the grace `down` uses; `kill-node` sends SIGKILL at once, as a crash.
//!   Both keep the node's data and configuration.
//! - `start-node` starts the node again on its data and waits, bounded as
//!   `up` is, until it logs "Startup complete" anew and answers a query as
//!   the suite's role. `--auth-read-consistency CL` first sets the node's
//!   `auth_read_consistency_level` (Cassandra's default, `LOCAL_QUORUM`,
//!   otherwise): with two of three nodes down, role lookups at that level
//!   fail and refuse every request, ONE included, so the fault run restarts
//!   the last node with `ONE` to reach the data path (see `faults`).

use std::fs;
use std::time::{Duration, Instant};

use super::fetch;
use super::layout::{show, Layout, Node};
use super::process::{self, Running};
use super::roles::TEST_USER;
use super::up;
use super::STOP_GRACE;

/// The yaml key `--auth-read-consistency` sets.
const AUTH_READ_KEY: &str = "auth_read_consistency_level";

/// How long a killed node's process may take to disappear.
const KILL_WAIT: Duration = Duration::from_secs(10);

/// The node `index` of the bed, which `up` must have configured.
fn configured(layout: &Layout, index: usize) -> Result<Node, String> {
    let count = layout.all_nodes().len();
    let i = u8::try_from(index)
        .ok()
        .filter(|i| (1..=count).contains(&usize::from(*i)))
        .ok_or(format!("node must be 1 to {count}, not {index}"))?;
    let node = layout.node(i);
    if !node.yaml().exists() {
        return Err(format!(
            "{} is not part of the test bed ({} missing): run `cargo xtask db up --nodes 3`",
            node.name(),
            show(&node.yaml())
        ));
    }
    Ok(node)
}

/// The running process of `node`, if any.
fn running(layout: &Layout, node: &Node) -> Option<Running> {
    process::find_running(layout)
        .into_iter()
        .find(|r| r.node.index == node.index)
}

/// Runs `stop-node` (`kill`: false) or `kill-node` (`kill`: true).
pub(crate) fn stop(layout: &Layout, index: usize, kill: bool) -> Result<(), String> {
    let node = configured(layout, index)?;
    let Some(r) = running(layout, &node) else {
        eprintln!("{}: not running", node.name());
        return Ok(());
    };
    let t = Instant::now();
    let mut all = [r];
    if kill {
        process::signal(all[0].pid, "KILL");
        if !process::wait_gone(&mut all, KILL_WAIT) {
            return Err(format!(
                "{}: still running {KILL_WAIT:?} after SIGKILL",
                node.name()
            ));
        }
    } else {
        process::stop(&mut all, STOP_GRACE)?;
    }
    eprintln!(
        "{}: pid {} {} ({:.1} s); data kept",
        node.name(),
        all[0].pid,
        if kill { "killed" } else { "stopped" },
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `yaml` with `key: value` set (`None`: the key removed).
fn set_key(yaml: &str, key: &str, value: Option<&str>) -> String {
    let mut out: String = yaml
        .lines()
        .filter(|l| !l.starts_with(&format!("{key}:")))
        .map(|l| format!("{l}\n"))
        .collect();
    if let Some(v) = value {
        out.push_str(&format!("{key}: {v}\n"));
    }
    out
}

/// Runs `start-node`.
pub(crate) fn start(layout: &Layout, index: usize, auth_read: Option<&str>) -> Result<(), String> {
    let node = configured(layout, index)?;
    if let Some(r) = running(layout, &node) {
        return Err(format!("{}: already running (pid {})", node.name(), r.pid));
    }
    if let Some(cl) = auth_read {
        let ok = [
            "ONE",
            "TWO",
            "QUORUM",
            "LOCAL_ONE",
            "LOCAL_QUORUM",
            "EACH_QUORUM",
            "ALL",
        ];
        if !ok.contains(&cl) {
            return Err(format!(
                "--auth-read-consistency: `{cl}` is not one of {ok:?}"
            ));
        }
    }
    let yaml = fs::read_to_string(node.yaml())
        .map_err(|e| format!("cannot read {}: {e}", show(&node.yaml())))?;
    fs::write(node.yaml(), set_key(&yaml, AUTH_READ_KEY, auth_read))
        .map_err(|e| format!("cannot write {}: {e}", show(&node.yaml())))?;
    let lib = fetch::ensure(layout)?;
    let log_from = fs::metadata(node.system_log()).map_or(0, |m| m.len() as usize);
    let t = Instant::now();
    let mut r = process::spawn(&node, &lib)?;
    // The JVM outlives this command (own process group); forget the handle.
    let result = up::wait_ready(&mut r, up::start_limit(), log_from, TEST_USER);
    r.child = None;
    result?;
    eprintln!(
        "{}: up again, pid {}, answers CQL ({:.1} s){}",
        node.name(),
        r.pid,
        t.elapsed().as_secs_f64(),
        auth_read.map_or(String::new(), |cl| format!(", {AUTH_READ_KEY}: {cl}"))
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_set_once_and_removed() {
        let y = "a: 1\nauth_read_consistency_level: QUORUM\nb: 2\n";
        assert_eq!(
            set_key(y, AUTH_READ_KEY, Some("ONE")),
            "a: 1\nb: 2\nauth_read_consistency_level: ONE\n"
        );
        assert_eq!(set_key(y, AUTH_READ_KEY, None), "a: 1\nb: 2\n");
    }
}
