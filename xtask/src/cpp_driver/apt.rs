//! The Debian packages the provisioning needs, installed with `apt-get` when missing.

use std::env;
use std::process::Command;

use super::pins::{QUICK, SLOW};
use super::progress::note;
use crate::cmd;

/// Installs the Debian `packages` that are missing, updating the package lists only when
/// `apt-get` does not know one of them.
pub(crate) fn ensure_packages(packages: &[&str]) -> Result<(), String> {
    if !has_program("dpkg-query") {
        note(
            "no dpkg-query: not a Debian system, so install libuv and the OpenSSL headers yourself",
        );
        return Ok(());
    }
    let mut missing = Vec::new();
    for package in packages {
        let (status, out) = cmd::run_status(
            Command::new("dpkg-query").args(["-W", "-f=${Status}", package]),
            "asking dpkg whether a package is installed",
            QUICK,
        )?;
        if !(status.success() && out.stdout.trim() == "install ok installed") {
            missing.push(*package);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(" ");
    if !is_root()? {
        return Err(format!(
            "Debian packages missing: {list}; install them (`sudo apt-get install -y {list}`) \
             or run this as root"
        ));
    }
    let mut known = true;
    for package in &missing {
        let (status, _) = cmd::run_status(
            Command::new("apt-cache").args(["show", package]),
            "asking apt whether it knows a package",
            QUICK,
        )?;
        known &= status.success();
    }
    if !known {
        note("updating the package lists (apt-get update)");
        cmd::show(apt_get().arg("update"), "updating the package lists", SLOW)?;
    }
    note(&format!("installing {list}"));
    cmd::show(
        apt_get().args(["install", "-y"]).args(&missing),
        "installing Debian packages",
        SLOW,
    )
}

/// An `apt-get` that never asks questions.
fn apt_get() -> Command {
    let mut cmd = Command::new("apt-get");
    cmd.env("DEBIAN_FRONTEND", "noninteractive");
    cmd
}

/// Whether we run as root.
fn is_root() -> Result<bool, String> {
    let out = cmd::run(Command::new("id").arg("-u"), "asking who we are", QUICK)?;
    Ok(out.stdout.trim() == "0")
}

/// Whether `program` is on `PATH`.
fn has_program(program: &str) -> bool {
    env::var_os("PATH")
        .is_some_and(|path| env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}
