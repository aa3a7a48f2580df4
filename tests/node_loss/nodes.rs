//! The test bed's nodes down and up, through the xtask binary that started
//! this run (`CQLBRIDGE_XTASK`): `db kill-node`, `db start-node`.

use std::process::Command;
use std::time::Instant;

/// Runs `xtask db <args>`; its stderr passes through. The xtask bounds
/// each command itself (a start by its per-node start limit).
pub(crate) fn db(args: &[&str]) -> Result<(), String> {
    let xtask = std::env::var("CQLBRIDGE_XTASK").map_err(|_| {
        "CQLBRIDGE_XTASK is unset: run this through `cargo xtask faults`".to_string()
    })?;
    let t = Instant::now();
    let status = Command::new(&xtask)
        .arg("db")
        .args(args)
        .status()
        .map_err(|e| format!("cannot run {xtask}: {e}"))?;
    eprintln!(
        "node-loss: `db {}` took {:.1} s",
        args.join(" "),
        t.elapsed().as_secs_f64()
    );
    if status.success() {
        Ok(())
    } else {
        Err(format!("`xtask db {}` failed ({status})", args.join(" ")))
    }
}
