//! The acsylla wheel: downloaded with pip, checked against the pinned size and sha256, and
//! unpacked, each step skipped when its result is already in the cache.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::files::remove;
use super::pins::{
    ACSYLLA_VERSION, EXTENSION, PYTHON_VERSION, QUICK, SLOW, WHEEL_FILE, WHEEL_SHA256, WHEEL_SIZE,
};
use super::progress::note;
use crate::cmd;

/// Returns the verified wheel in `root/downloads`, downloading it with pip when needed.
pub(crate) fn ensure(root: &Path, force: bool) -> Result<PathBuf, String> {
    let downloads = root.join("downloads");
    let wheel = downloads.join(WHEEL_FILE);
    if !force && wheel.is_file() {
        match check(&wheel) {
            Ok(()) => {
                note(&format!("wheel present and verified: {WHEEL_FILE}"));
                return Ok(wheel);
            }
            Err(err) => note(&format!("cached wheel rejected, downloading again: {err}")),
        }
    }
    let staging = downloads.join(format!("staging-{}", std::process::id()));
    remove(&staging)?;
    fs::create_dir_all(&staging)
        .map_err(|err| format!("cannot create {}: {err}", staging.display()))?;
    let result = download(&staging).and_then(|fetched| {
        check(&fetched)?;
        fs::rename(&fetched, &wheel).map_err(|err| {
            format!(
                "cannot move {} to {}: {err}",
                fetched.display(),
                wheel.display()
            )
        })
    });
    remove(&staging)?;
    result?;
    note(&format!("wheel downloaded and verified: {WHEEL_FILE}"));
    Ok(wheel)
}

/// Runs `pip download` for the pinned wheel into `dir`; pip itself checks the pinned hash.
fn download(dir: &Path) -> Result<PathBuf, String> {
    let requirements = dir.join("requirements.txt");
    fs::write(
        &requirements,
        format!("acsylla=={ACSYLLA_VERSION} --hash=sha256:{WHEEL_SHA256}\n"),
    )
    .map_err(|err| format!("cannot write {}: {err}", requirements.display()))?;
    note(&format!("downloading acsylla=={ACSYLLA_VERSION} with pip"));
    let mut pip = Command::new("python3");
    pip.args(["-m", "pip", "download", "--no-deps", "--only-binary=:all:"])
        .args(["--python-version", PYTHON_VERSION, "--implementation", "cp"])
        .args(["--abi", "cp311", "--platform", "manylinux_2_28_x86_64"])
        .args(["--require-hashes", "--disable-pip-version-check", "-d"])
        .arg(dir)
        .arg("-r")
        .arg(&requirements);
    cmd::show(&mut pip, "downloading the acsylla wheel", SLOW).map_err(|err| {
        format!("{err}\n(pip must reach PyPI; the wheel is {WHEEL_FILE}, sha256 {WHEEL_SHA256})")
    })?;
    let wheel = dir.join(WHEEL_FILE);
    if wheel.is_file() {
        Ok(wheel)
    } else {
        Err(format!("pip finished but {} is not there", wheel.display()))
    }
}

/// Checks the wheel's size and sha256 against the pinned values.
fn check(wheel: &Path) -> Result<(), String> {
    let size = fs::metadata(wheel)
        .map_err(|err| format!("cannot read {}: {err}", wheel.display()))?
        .len();
    if size != WHEEL_SIZE {
        return Err(format!(
            "{} is {size} bytes, expected {WHEEL_SIZE}",
            wheel.display()
        ));
    }
    let out = cmd::run(
        Command::new("sha256sum").arg(wheel),
        "hashing the wheel",
        QUICK,
    )?;
    let digest = out.stdout.split_whitespace().next().unwrap_or_default();
    if digest != WHEEL_SHA256 {
        return Err(format!(
            "{} has sha256 {digest}, expected {WHEEL_SHA256}",
            wheel.display()
        ));
    }
    Ok(())
}

/// Unpacks the wheel into `root/acsylla-VERSION/wheel` unless already done; returns that
/// directory.
pub(crate) fn ensure_unpacked(root: &Path, wheel: &Path, force: bool) -> Result<PathBuf, String> {
    let release = root.join(format!("acsylla-{ACSYLLA_VERSION}"));
    let target = release.join("wheel");
    let stamp = target.join(".unpacked");
    if !force
        && fs::read_to_string(&stamp).is_ok_and(|text| text.trim() == WHEEL_SHA256)
        && target.join(EXTENSION).is_file()
    {
        return Ok(target);
    }
    fs::create_dir_all(&release)
        .map_err(|err| format!("cannot create {}: {err}", release.display()))?;
    let staging = release.join(format!("unpacking-{}", std::process::id()));
    remove(&staging)?;
    note(&format!("unpacking into {}", target.display()));
    cmd::run(
        Command::new("unzip")
            .args(["-q", "-o"])
            .arg(wheel)
            .arg("-d")
            .arg(&staging),
        "unpacking the wheel",
        QUICK,
    )?;
    fs::write(staging.join(".unpacked"), format!("{WHEEL_SHA256}\n"))
        .map_err(|err| format!("cannot write into {}: {err}", staging.display()))?;
    remove(&target)?;
    fs::rename(&staging, &target).map_err(|err| {
        format!(
            "cannot move {} to {}: {err}",
            staging.display(),
            target.display()
        )
    })?;
    Ok(target)
}
