//! Finds libcassandra (the DataStax/ScyllaDB C++ driver) for `cassandra-cpp-sys`.
//!
//! `cassandra-cpp-sys` only says `-l cassandra` (plus ssl, crypto, uv, stdc++) and adds a few
//! system directories; it reads `CASSANDRA_SYS_LIB_PATH` when its own build script is
//! *compiled*, so that variable is unreliable. This script adds the search path instead,
//! looking in order at:
//!
//! 1. `CASSANDRA_CPP_LIB_DIR`: a directory holding `libcassandra.so`;
//! 2. `pkg-config cassandra`: a regular install of the C++ driver;
//! 3. the copy `cargo xtask cpp-driver` provisions for tests, `<cache>/cpp-driver/lib`, where
//!    `<cache>` is `$CQLBRIDGE_CACHE_DIR`, else `$XDG_CACHE_HOME/cqlbridge`, else
//!    `~/.cache/cqlbridge`: the rule xtask follows, from the one file both include
//!    (`cache_dir.rs`, beside this script; xtask includes the same file).
//!
//! Search paths given with `cargo:rustc-link-search` reach the link of every binary that
//! depends on this crate, so other crates' tests link too. If none finds the library the build
//! stops with a message saying what is missing and how to get it.
//!
//! The test copy is a Python extension module (acsylla's `cyacsylla…so`) that needs
//! libpython; `cargo xtask cpp-driver` patches it to load libpython itself (see
//! `xtask/src/cpp_driver/mod.rs` for why linking `-lpython3.11` here cannot work), so nothing
//! special is linked for it.
//!
//! At run time the libraries must be found by the dynamic loader. Cargo puts link-search
//! directories that lie inside the target directory on the loader path of `cargo run` and
//! `cargo test`, so the script links the libraries into `OUT_DIR/cpp-libs` and adds that
//! directory as well. Binaries started by hand need `LD_LIBRARY_PATH` (the `env` file written by
//! `cargo xtask cpp-driver` sets it) or a system install.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{self, Command};

/// Variable naming a directory that holds `libcassandra.so`.
const LIB_DIR_VAR: &str = "CASSANDRA_CPP_LIB_DIR";

// The cache rule shared with xtask: `cache_root_from`, `cpp_driver_lib_link`, `CACHE_VARS`
// and `CPP_DRIVER_MARKER`, the marker file `cargo xtask cpp-driver` writes into the directory
// it provisions.
/// The shared rule, in a module of its own: it names `std::path` in full, as it must where
/// nothing is imported.
mod cache_dir {
    include!("cache_dir.rs");
}
use cache_dir::{cache_root_from, cpp_driver_lib_link, CACHE_VARS, CPP_DRIVER_MARKER};

/// Where libcassandra was found, and what else the link needs.
struct Found {
    /// How it was found, for the build log.
    how: String,
    /// Directories to pass to the linker.
    search_dirs: Vec<PathBuf>,
    /// The directory holding `libcassandra.so`, when known.
    lib_dir: Option<PathBuf>,
    /// Whether it is the copy `cargo xtask cpp-driver` provisioned (its marker file is there).
    provisioned: bool,
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=cache_dir.rs");
    let pkg_config_vars = [
        "PKG_CONFIG",
        "PKG_CONFIG_PATH",
        "PKG_CONFIG_LIBDIR",
        "PKG_CONFIG_SYSROOT_DIR",
    ];
    for var in [LIB_DIR_VAR]
        .into_iter()
        .chain(pkg_config_vars)
        .chain(CACHE_VARS)
    {
        println!("cargo:rerun-if-env-changed={var}");
    }
    match find().and_then(|found| emit(&found)) {
        Ok(()) => {}
        Err(message) => {
            eprintln!("\nerror: cqlbridge-driver-cpp: {message}\n");
            process::exit(1);
        }
    }
}

/// Looks for libcassandra in the places the module docs list, in order.
fn find() -> Result<Found, String> {
    if let Some(dir) = env::var_os(LIB_DIR_VAR).filter(|dir| !dir.is_empty()) {
        let dir = PathBuf::from(dir);
        return from_dir(&dir, format!("{LIB_DIR_VAR}={}", dir.display())).map_err(|why| {
            format!(
                "{LIB_DIR_VAR} is set but {why}.\n\
                 Point it at the directory holding libcassandra.so, or unset it to use \
                 pkg-config or the copy `cargo xtask cpp-driver` provisions."
            )
        });
    }
    let pkg_config_note = match from_pkg_config() {
        Ok(found) => return Ok(found),
        Err(note) => note,
    };
    let provisioned = provisioned_dir();
    if let Some(dir) = provisioned.as_deref().filter(|dir| dir.exists()) {
        let how = format!(
            "the copy `cargo xtask cpp-driver` provisioned ({})",
            dir.display()
        );
        return from_dir(dir, how).map_err(|why| {
            format!("{why}.\nRe-run `cargo xtask cpp-driver` to provision it again.")
        });
    }
    Err(format!(
        "libcassandra (the DataStax/ScyllaDB C++ driver, needed by the `cpp` backend) was not \
         found.\n  - {LIB_DIR_VAR} is not set;\n  - {pkg_config_note};\n  - no copy provisioned \
         by `cargo xtask cpp-driver`{}.\n\
         Fix it one of these ways:\n  \
         * for tests and development: run `cargo xtask cpp-driver` (Debian/Ubuntu x86_64; \
         fetches a pinned build from PyPI), then build again;\n  \
         * install the C++ driver (its `cassandra.pc` makes pkg-config find it), or set \
         {LIB_DIR_VAR} to the directory holding libcassandra.so.\n\
         Builds without the `cpp` feature do not need it.",
        provisioned
            .map(|dir| format!(" (looked in {})", dir.display()))
            .unwrap_or_default()
    ))
}

/// Checks that `dir` holds libcassandra and notes whether it is the provisioned copy.
fn from_dir(dir: &Path, how: String) -> Result<Found, String> {
    if !dir.is_dir() {
        return Err(format!("{} is not a directory", dir.display()));
    }
    if !dir.join("libcassandra.so").exists() {
        return Err(format!("{} holds no libcassandra.so", dir.display()));
    }
    let marker = dir.join(CPP_DRIVER_MARKER);
    println!("cargo:rerun-if-changed={}", marker.display());
    Ok(Found {
        how,
        search_dirs: vec![dir.to_path_buf()],
        lib_dir: Some(dir.to_path_buf()),
        provisioned: marker.is_file(),
    })
}

/// Asks `pkg-config` for the `cassandra` package; on failure, says why in a short note.
fn from_pkg_config() -> Result<Found, String> {
    let program = env::var("PKG_CONFIG").unwrap_or_else(|_| "pkg-config".to_string());
    let output = Command::new(&program)
        .args(["--libs-only-L", "cassandra"])
        .output()
        .map_err(|err| format!("`{program}` could not be run ({err})"))?;
    if !output.status.success() {
        return Err(format!("`{program} cassandra` does not know the package"));
    }
    let flags = String::from_utf8_lossy(&output.stdout);
    let search_dirs: Vec<PathBuf> = flags
        .split_whitespace()
        .filter_map(|flag| flag.strip_prefix("-L"))
        .map(PathBuf::from)
        .collect();
    let lib_dir = Command::new(&program)
        .args(["--variable=libdir", "cassandra"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
        .filter(|dir| dir.join("libcassandra.so").exists());
    Ok(Found {
        how: format!("`{program} cassandra`"),
        search_dirs,
        lib_dir,
        provisioned: false,
    })
}

/// The lib directory `cargo xtask cpp-driver` provisions, by the rule both follow.
fn provisioned_dir() -> Option<PathBuf> {
    let link = cpp_driver_lib_link(&cache_root_from(env::var_os)?);
    // `lib` links to the versioned directory: name the real one in search paths and logs.
    Some(fs::canonicalize(&link).unwrap_or(link))
}

/// Prints the cargo instructions for what was found.
fn emit(found: &Found) -> Result<(), String> {
    println!(
        "cargo:warning=cqlbridge-driver-cpp: libcassandra from {}",
        found.how
    );
    for dir in &found.search_dirs {
        println!("cargo:rustc-link-search=native={}", dir.display());
    }
    if let Some(lib_dir) = &found.lib_dir {
        println!(
            "cargo:rerun-if-changed={}",
            lib_dir.join("libcassandra.so").display()
        );
        if let Some(exposed) = expose_to_cargo(lib_dir, found.provisioned)? {
            println!("cargo:rustc-link-search=native={}", exposed.display());
        }
    }
    Ok(())
}

/// Links the shared libraries of `lib_dir` into `OUT_DIR/cpp-libs`, which lies inside the
/// target directory, so that `cargo run` and `cargo test` put it on the loader path. For the
/// provisioned directory that is every library in it (libcassandra, its OpenSSL, libpython:
/// libcassandra's run path is `$ORIGIN`, which the loader may take from the link's path);
/// for another install only `libcassandra.so*`.
fn expose_to_cargo(lib_dir: &Path, provisioned: bool) -> Result<Option<PathBuf>, String> {
    #[cfg(unix)]
    {
        let out_dir = PathBuf::from(env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
        let exposed = out_dir.join("cpp-libs");
        if exposed.exists() {
            fs::remove_dir_all(&exposed)
                .map_err(|err| format!("cannot clear {}: {err}", exposed.display()))?;
        }
        fs::create_dir_all(&exposed)
            .map_err(|err| format!("cannot create {}: {err}", exposed.display()))?;
        let entries = fs::read_dir(lib_dir)
            .map_err(|err| format!("cannot list {}: {err}", lib_dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|err| format!("cannot list {}: {err}", lib_dir.display()))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let wanted = if provisioned {
                name.starts_with("lib") && name.contains(".so")
            } else {
                name.starts_with("libcassandra.so")
            };
            if wanted {
                let link = exposed.join(name);
                std::os::unix::fs::symlink(entry.path(), &link)
                    .map_err(|err| format!("cannot create {}: {err}", link.display()))?;
            }
        }
        Ok(Some(exposed))
    }
    #[cfg(not(unix))]
    {
        let _ = (lib_dir, provisioned);
        Ok(None)
    }
}
