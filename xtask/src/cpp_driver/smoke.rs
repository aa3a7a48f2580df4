//! `cargo xtask cpp-driver --smoke`: builds and runs driver-cpp's `cpp_smoke` example with the
//! provisioned library.

use std::env;
use std::path::Path;
use std::process::Command;

use super::pins::SMOKE;
use super::progress::note;
use crate::cmd;

/// Builds and runs the `cpp_smoke` example with libcassandra from `lib_dir`. Exit 0 is a
/// server answering, 2 a library that loads but finds no server; anything else fails.
pub(crate) fn run(lib_dir: &Path) -> Result<(), String> {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("xtask has no parent directory")?;
    note("building and running driver-cpp's cpp_smoke example");
    let mut cargo = Command::new(cargo);
    cargo
        .current_dir(workspace)
        .args(["run", "--quiet", "-p", "cqlbridge-driver-cpp"])
        .args(["--example", "cpp_smoke"])
        .env("CASSANDRA_CPP_LIB_DIR", lib_dir);
    let status = cmd::show_status(&mut cargo, "the cpp_smoke example", SMOKE)?;
    match status.code() {
        Some(0) => note("smoke: a server answered through libcassandra"),
        Some(2) => note("smoke: libcassandra loaded and works; it could not connect (no server?)"),
        _ => return Err(format!("the cpp_smoke example failed ({status})")),
    }
    Ok(())
}
