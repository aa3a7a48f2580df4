//! `cargo xtask faults [--keep-db] [--two-down]` (`--two-down`: only the
//! checks with two of three nodes down): the node-loss run of issue 15 on the
//! 3-node test bed (`tests/node_loss`), outside `cargo test` and CI (it
//! kills and restarts real nodes for several minutes).
//!
//! Starts the 3-node bed unless one runs (a running bed of fewer nodes is
//! refused rather than torn down), provisions libcassandra, runs the
//! `node_loss` test binary with the bed's environment and
//! `CQLBRIDGE_XTASK` (this binary, for its `db kill-node` / `start-node`),
//! and stops the bed again if this task started it. The figures land in
//! `target/faults/node_loss.json`.

use crate::{cpp_driver, db, flow};

/// Runs `faults`.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let (mut keep, mut extra) = (false, Vec::new());
    for a in args {
        match a.as_str() {
            "--keep-db" => keep = true,
            "--two-down" => extra = vec!["--".to_string(), "two-down".to_string()],
            other => {
                return Err(format!(
                    "unexpected argument `{other}` (use --keep-db, --two-down)"
                ))
            }
        }
    }
    let was_running = db::is_running()?;
    if was_running && db::running_nodes()? < 3 {
        return Err(
            "a test bed of fewer than 3 nodes is running: `cargo xtask db down` first".into(),
        );
    }
    cpp_driver::run(&[])?;
    let mut env = flow::read_exports(&cpp_driver::env_file()?)?;
    db::run(&["up".to_string(), "--nodes".to_string(), "3".to_string()])?;
    env.extend(flow::read_exports(&db::env_file()?)?);
    let me = std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    env.insert("CQLBRIDGE_XTASK".into(), me.display().to_string());
    let result = flow::cargo(
        &["test", "--test", "node_loss", "--features", "all-drivers"],
        &extra,
        &env,
    );
    if !keep && !was_running {
        if let Err(e) = db::run(&["down".to_string()]) {
            eprintln!("xtask: warning: db down failed: {e}");
        }
    }
    result
}
