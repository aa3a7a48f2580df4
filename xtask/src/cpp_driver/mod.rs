//! `cargo xtask cpp-driver`: provisions libcassandra (the C++ driver) for the `cpp` backend's
//! tests.
//!
//! Debian has no package for the DataStax/ScyllaDB C++ driver, so the tests use a build that
//! ships on PyPI: the wheel `acsylla==1.2.0` (CPython 3.11, manylinux x86_64) embeds ScyllaDB's
//! fork of the driver (2.16.2) in its extension module and exports the whole C API from it.
//! This is test provisioning, not how users install the driver.
//!
//! The task, idempotent, with everything cached in `<cache>/cpp-driver` (default
//! `~/.cache/cqlbridge/cpp-driver`; `<cache>` by the rule of the `cache` module, which
//! `driver-cpp/build.rs` follows too), one module per job:
//!
//! 1. `apt`: installs `libuv1-dev`, `libssl-dev` (what `cassandra-cpp-sys` links besides
//!    libcassandra), `binutils`, `unzip` and `patchelf` with `apt-get` when missing;
//! 2. `python`: finds a shared libpython3.11 (the extension needs its symbols): the
//!    `python3.11` or `python3` on `PATH` when built with `--enable-shared`, else Debian's
//!    `libpython3.11`;
//! 3. `wheel`: downloads the wheel with `pip download`, checks the sha256 pinned in `pins` and
//!    unpacks it;
//! 4. `layout`: lays out the lib directory `acsylla-1.2.0/lib`: the extension copied as
//!    `libcassandra.so` and patched (below), links to the wheel's own OpenSSL 1.1 and to
//!    libpython beside it, and a marker file that tells `driver-cpp/build.rs` this is the
//!    provisioned copy; `lib` at the top of `<cache>/cpp-driver` links to it;
//! 5. `checks`: checks the result: 645 exported `cass_*` functions, libpython and `$ORIGIN` in
//!    its dynamic section, every dependency found by `ldd`, every `Py*` symbol the extension
//!    needs defined by the chosen libpython;
//! 6. `env`: writes the `env` file and prints its `export` lines on standard output (progress
//!    goes to standard error, see `progress`), so both
//!    `source ~/.cache/cqlbridge/cpp-driver/env` and `eval "$(cargo xtask cpp-driver)"` work;
//! 7. `smoke`, with `--smoke`: builds and runs driver-cpp's `cpp_smoke` example.
//!
//! Every program runs through the bounded runner of the `cmd` module.
//!
//! # Why patch, and not `-Wl,--no-as-needed -lpython3.11`
//!
//! The extension uses libpython's symbols without listing libpython as `NEEDED` (Python
//! loads it first). Linking `-lpython3.11` into each binary does not work with cargo: rustc
//! links with `--as-needed`, and no object file of ours refers to libpython, so both rust-lld
//! (rustc's default linker on x86_64 Linux) and GNU ld drop it; the `-as-needed` modifier of
//! `rustc-link-lib` is nightly-only, and `rustc-link-arg` does not reach the binaries of
//! dependent crates. So the copy is patched once with `patchelf`: `--add-needed` makes
//! libpython its own dependency and `--set-rpath '$ORIGIN'` makes it find that and the bundled
//! OpenSSL in its own directory, wherever the directory is. Only `libcassandra.so` itself must
//! be found: through `LD_LIBRARY_PATH` from the `env` file, or the loader path cargo sets for
//! `cargo run` and `cargo test` (see `driver-cpp/build.rs`).

mod apt;
mod checks;
mod env;
mod files;
mod layout;
mod pins;
mod progress;
mod python;
mod smoke;
mod wheel;

use std::fs;
use std::path::PathBuf;

use crate::cache::{self, cpp_driver_dir};
use pins::APT_PACKAGES;
use progress::note;

/// What the command line asked for.
#[derive(Debug, Default)]
struct Options {
    /// Download and lay out everything again.
    force: bool,
    /// Afterwards, build and run `driver-cpp`'s `cpp_smoke` example.
    smoke: bool,
}

/// Runs `cargo xtask cpp-driver [--force] [--smoke]`.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let mut options = Options::default();
    for arg in args {
        match arg.as_str() {
            "--force" => options.force = true,
            "--smoke" => options.smoke = true,
            "-h" | "--help" => {
                eprintln!("{}", usage());
                return Ok(());
            }
            other => {
                return Err(format!(
                    "cpp-driver: unknown argument `{other}`\n{}",
                    usage()
                ))
            }
        }
    }
    if !(cfg!(target_os = "linux") && cfg!(target_arch = "x86_64")) {
        return Err(
            "cpp-driver: the provisioned build is for Linux x86_64 only; elsewhere \
                    install the DataStax or ScyllaDB C++ driver and set CASSANDRA_CPP_LIB_DIR"
                .into(),
        );
    }
    provision(&options).map_err(|err| format!("cpp-driver: {err}"))
}

/// The help text.
fn usage() -> String {
    "usage: cargo xtask cpp-driver [--force] [--smoke]\n\
     Provisions libcassandra for the cpp backend's tests (from the acsylla==1.2.0 wheel) in\n\
     ~/.cache/cqlbridge/cpp-driver and prints the environment builds need as export lines.\n  \
     --force  download and lay out everything again\n  \
     --smoke  then build and run driver-cpp's cpp_smoke example against 127.0.0.1:9042"
        .into()
}

/// Does the work described in the module docs.
fn provision(options: &Options) -> Result<(), String> {
    let cache_root = cache::root()?;
    let root = cpp_driver_dir(&cache_root);
    fs::create_dir_all(&root).map_err(|err| format!("cannot create {}: {err}", root.display()))?;
    note(&format!("cache: {}", root.display()));

    apt::ensure_packages(APT_PACKAGES)?;
    let python = python::find()?;
    note(&format!(
        "libpython: {} ({})",
        python.file.display(),
        python.origin
    ));

    let wheel = wheel::ensure(&root, options.force)?;
    let wheel_dir = wheel::ensure_unpacked(&root, &wheel, options.force)?;
    let lib_dir = layout::ensure_lib_dir(&wheel_dir, &python, options.force)?;
    checks::verify(&lib_dir, &python)?;
    layout::point_current_link(&cache_root, &lib_dir)?;

    let exports = env::exports(&lib_dir);
    let env_file = root.join("env");
    fs::write(&env_file, &exports)
        .map_err(|err| format!("cannot write {}: {err}", env_file.display()))?;
    note(&format!(
        "ready: libcassandra.so in {}; environment written to {}",
        lib_dir.display(),
        env_file.display()
    ));
    print!("{exports}");

    if options.smoke {
        smoke::run(&lib_dir)?;
    }
    Ok(())
}

/// The `env` file that a successful run writes (its `export` lines).
pub(crate) fn env_file() -> Result<PathBuf, String> {
    Ok(cpp_driver_dir(&cache::root()?).join("env"))
}
