//! The lib directory `acsylla-VERSION/lib`: the extension copied as `libcassandra.so` and
//! patched, links to the wheel's OpenSSL and to libpython, the marker file, and the stable
//! link `<cache>/cpp-driver/lib` to it (see the `cpp_driver` module docs for why).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::files::{list_dir, remove, symlink};
use super::pins::{
    ACSYLLA_VERSION, BUNDLED_LIBS, EXTENSION, LIB_RPATH, QUICK, WHEEL_FILE, WHEEL_SHA256,
};
use super::progress::note;
use super::python::PythonLib;
use crate::cache::{cpp_driver_lib_link, CPP_DRIVER_MARKER};
use crate::cmd;

/// The marker file's text for this lib directory.
fn marker_text(python: &PythonLib) -> String {
    format!(
        "# Written by `cargo xtask cpp-driver`: libcassandra.so here is the C++ driver\n\
         # embedded in a Python extension, patched to load the libpython below itself.\n\
         source=acsylla=={ACSYLLA_VERSION} {WHEEL_FILE}\n\
         wheel-sha256={WHEEL_SHA256}\n\
         python={}\n",
        python.file.display()
    )
}

/// Lays out the lib directory beside `wheel_dir` unless it is already as wanted; returns it.
pub(crate) fn ensure_lib_dir(
    wheel_dir: &Path,
    python: &PythonLib,
    force: bool,
) -> Result<PathBuf, String> {
    let release = wheel_dir
        .parent()
        .ok_or("the wheel directory has no parent")?;
    let lib_dir = release.join("lib");
    let marker = lib_dir.join(CPP_DRIVER_MARKER);
    let library = lib_dir.join("libcassandra.so");
    let wanted = marker_text(python);
    if !force && library.is_file() && fs::read_to_string(&marker).is_ok_and(|text| text == wanted) {
        return Ok(lib_dir);
    }
    note(&format!("laying out {}", lib_dir.display()));
    remove(&lib_dir)?;
    fs::create_dir_all(&lib_dir)
        .map_err(|err| format!("cannot create {}: {err}", lib_dir.display()))?;
    let extension = wheel_dir.join(EXTENSION);
    fs::copy(&extension, &library).map_err(|err| {
        format!(
            "cannot copy {} to {}: {err}",
            extension.display(),
            library.display()
        )
    })?;
    // The wheel's OpenSSL, beside libcassandra.so, where its patched run path looks.
    let bundled = wheel_dir.join(BUNDLED_LIBS);
    let relative_bundled = Path::new("../wheel").join(BUNDLED_LIBS);
    for name in list_dir(&bundled)? {
        symlink(&relative_bundled.join(&name), &lib_dir.join(&name))?;
    }
    // libpython under its soname, the name the loader looks for.
    symlink(&python.file, &lib_dir.join(&python.soname))?;
    cmd::run(
        Command::new("patchelf")
            .args(["--set-rpath", LIB_RPATH, "--add-needed", &python.soname])
            .arg(&library),
        "patching libcassandra.so",
        QUICK,
    )?;
    fs::write(&marker, wanted)
        .map_err(|err| format!("cannot write {}: {err}", marker.display()))?;
    Ok(lib_dir)
}

/// Points the stable link under `cache_root` (`<cache_root>/cpp-driver/lib`) at `lib_dir`,
/// relative to the link's directory when `lib_dir` lies inside it.
pub(crate) fn point_current_link(cache_root: &Path, lib_dir: &Path) -> Result<(), String> {
    let link = cpp_driver_lib_link(cache_root);
    let base = link.parent().unwrap_or(cache_root);
    let relative = lib_dir.strip_prefix(base).unwrap_or(lib_dir);
    if fs::read_link(&link).is_ok_and(|target| target == relative) {
        return Ok(());
    }
    remove(&link)?;
    symlink(relative, &link)
}
