//! `cargo xtask cpp-driver`: provisions libcassandra (the C++ driver) for the `cpp` backend's
//! tests.
//!
//! Debian has no package for the DataStax/ScyllaDB C++ driver, so the tests use a build that
//! ships on PyPI: the wheel `acsylla==1.2.0` (CPython 3.11, manylinux x86_64) embeds ScyllaDB's
//! fork of the driver (2.16.2) in its extension module and exports the whole C API from it.
//! This is test provisioning, not how users install the driver.
//!
//! The task, idempotent, with everything cached in `$XDG_CACHE_HOME/cqlbridge/cpp-driver`
//! (default `~/.cache/cqlbridge/cpp-driver`):
//!
//! 1. installs `libuv1-dev`, `libssl-dev` (what `cassandra-cpp-sys` links besides
//!    libcassandra), `binutils`, `unzip` and `patchelf` with `apt-get` when missing;
//! 2. finds a shared libpython3.11 (the extension needs its symbols): the `python3.11` or
//!    `python3` on `PATH` when built with `--enable-shared`, else Debian's `libpython3.11`;
//! 3. downloads the wheel with `pip download`, checks the sha256 pinned here and unpacks it;
//! 4. lays out the lib directory `acsylla-1.2.0/lib`: the extension copied as `libcassandra.so`
//!    and patched (below), links to the wheel's own OpenSSL 1.1 and to libpython beside it, and
//!    a marker file that tells `driver-cpp/build.rs` this is the provisioned copy; `lib` at the
//!    top of the cache links to it;
//! 5. checks the result: 645 exported `cass_*` functions, libpython and `$ORIGIN` in its
//!    dynamic section, every dependency found by `ldd`, every `Py*` symbol the extension needs
//!    defined by the chosen libpython;
//! 6. writes the `env` file and prints its `export` lines on standard output (progress goes to
//!    standard error), so both `source ~/.cache/cqlbridge/cpp-driver/env` and
//!    `eval "$(cargo xtask cpp-driver)"` work.
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

mod exec;

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The pinned acsylla release.
const ACSYLLA_VERSION: &str = "1.2.0";
/// The wheel `pip download` fetches for CPython 3.11 on manylinux x86_64.
const WHEEL_FILE: &str =
    "acsylla-1.2.0-cp311-cp311-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl";
/// sha256 of [`WHEEL_FILE`].
const WHEEL_SHA256: &str = "361c55c5344c14b70d491f6416aab2434f2c1abed5c0425f876edb44d35e3396";
/// Size of [`WHEEL_FILE`] in bytes.
const WHEEL_SIZE: u64 = 7_015_668;
/// The extension module, inside the wheel, that embeds the C++ driver.
const EXTENSION: &str = "acsylla/_cython/cyacsylla.cpython-311-x86_64-linux-gnu.so";
/// The wheel's directory of bundled libraries (its OpenSSL 1.1).
const BUNDLED_LIBS: &str = "acsylla.libs";
/// The run path given to the patched copy: its own directory.
const LIB_RPATH: &str = "$ORIGIN";
/// The number of `cass_*` functions the extension exports (the driver's whole C API).
const CASS_FUNCTIONS: usize = 645;
/// The Python the extension was built for.
const PYTHON_VERSION: &str = "3.11";
/// Debian packages needed: what `cassandra-cpp-sys` links, plus the tools used here.
const APT_PACKAGES: &[&str] = &["libuv1-dev", "libssl-dev", "binutils", "unzip", "patchelf"];
/// Marker file in the lib directory; `driver-cpp/build.rs` looks for it.
const MARKER_FILE: &str = "cqlbridge-cpp-driver.txt";

/// Limit for `apt-get` and `pip` runs.
const SLOW: Duration = Duration::from_secs(600);
/// Limit for quick local tools (`nm`, `readelf`, `sha256sum`, ...).
const QUICK: Duration = Duration::from_secs(120);
/// Limit for building and running the smoke example.
const SMOKE: Duration = Duration::from_secs(1200);

/// What the command line asked for.
#[derive(Default)]
struct Options {
    /// Download and lay out everything again.
    force: bool,
    /// Afterwards, build and run `driver-cpp`'s `cpp_smoke` example.
    smoke: bool,
}

/// The shared libpython the extension is linked with.
struct PythonLib {
    /// The real file (`…/libpython3.11.so.1.0`).
    file: PathBuf,
    /// Its soname, the name the loader looks for.
    soname: String,
    /// Where it came from, for messages.
    origin: String,
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
    let root = cache_root()?;
    fs::create_dir_all(&root).map_err(|err| format!("cannot create {}: {err}", root.display()))?;
    note(&format!("cache: {}", root.display()));

    ensure_apt_packages(APT_PACKAGES)?;
    let python = find_python_lib()?;
    note(&format!(
        "libpython: {} ({})",
        python.file.display(),
        python.origin
    ));

    let wheel = ensure_wheel(&root, options.force)?;
    let wheel_dir = ensure_unpacked(&root, &wheel, options.force)?;
    let lib_dir = ensure_lib_dir(&wheel_dir, &python, options.force)?;
    verify(&lib_dir, &python)?;
    point_current_link(&root, &lib_dir)?;

    let exports = exports(&lib_dir);
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
        smoke(&lib_dir)?;
    }
    Ok(())
}

/// The `env` file that a successful run writes (its `export` lines).
pub(crate) fn env_file() -> Result<PathBuf, String> {
    Ok(cache_root()?.join("env"))
}

/// Prints a progress line on standard error.
fn note(message: &str) {
    eprintln!("cpp-driver: {message}");
}

/// `$XDG_CACHE_HOME/cqlbridge/cpp-driver`, or `~/.cache/cqlbridge/cpp-driver`.
///
/// `driver-cpp/build.rs` computes the same path to find the provisioned copy by default.
fn cache_root() -> Result<PathBuf, String> {
    let cache = env::var_os("XDG_CACHE_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .ok_or("neither XDG_CACHE_HOME nor HOME is set")?;
    Ok(cache.join("cqlbridge").join("cpp-driver"))
}

/// Installs the Debian `packages` that are missing, updating the package lists only when
/// `apt-get` does not know one of them.
fn ensure_apt_packages(packages: &[&str]) -> Result<(), String> {
    if !has_program("dpkg-query") {
        note(
            "no dpkg-query: not a Debian system, so install libuv and the OpenSSL headers yourself",
        );
        return Ok(());
    }
    let mut missing = Vec::new();
    for package in packages {
        let (status, out) = exec::capture_status(
            Command::new("dpkg-query").args(["-W", "-f=${Status}", package]),
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
        let (status, _) =
            exec::capture_status(Command::new("apt-cache").args(["show", package]), QUICK)?;
        known &= status.success();
    }
    if !known {
        note("updating the package lists (apt-get update)");
        exec::show(apt_get().arg("update"), SLOW)?;
    }
    note(&format!("installing {list}"));
    exec::show(apt_get().args(["install", "-y"]).args(&missing), SLOW)
}

/// An `apt-get` that never asks questions.
fn apt_get() -> Command {
    let mut cmd = Command::new("apt-get");
    cmd.env("DEBIAN_FRONTEND", "noninteractive");
    cmd
}

/// Whether we run as root.
fn is_root() -> Result<bool, String> {
    let out = exec::capture(Command::new("id").arg("-u"), QUICK)?;
    Ok(out.stdout.trim() == "0")
}

/// Whether `program` is on `PATH`.
fn has_program(program: &str) -> bool {
    env::var_os("PATH").is_some_and(|path| {
        env::split_paths(&path).any(|dir| {
            let candidate = dir.join(program);
            candidate.is_file()
        })
    })
}

/// Finds a shared libpython3.11: from a Python 3.11 on `PATH` built with `--enable-shared`,
/// else from Debian's `libpython3.11` package (installed if need be).
fn find_python_lib() -> Result<PythonLib, String> {
    const PROBE: &str = "import sys, sysconfig\n\
        print('%d.%d' % sys.version_info[:2])\n\
        print(sysconfig.get_config_var('LIBDIR') or '')\n\
        print(sysconfig.get_config_var('INSTSONAME') or '')\n\
        print(sysconfig.get_config_var('Py_ENABLE_SHARED') or 0)";
    let mut tried = Vec::new();
    for program in ["python3.11", "python3"] {
        let probe = exec::capture_status(Command::new(program).args(["-c", PROBE]), QUICK);
        let out = match probe {
            Ok((status, out)) if status.success() => out.stdout,
            Ok((status, out)) => {
                tried.push(format!("{program}: exited {status}: {}", out.stderr.trim()));
                continue;
            }
            Err(err) => {
                tried.push(err);
                continue;
            }
        };
        let lines: Vec<&str> = out.lines().map(str::trim).collect();
        let [version, libdir, soname, shared] = lines[..] else {
            tried.push(format!("{program}: unexpected answer {out:?}"));
            continue;
        };
        if version != PYTHON_VERSION {
            tried.push(format!("{program} is Python {version}"));
            continue;
        }
        let file = Path::new(libdir).join(soname);
        if shared != "1" || soname.is_empty() || !file.is_file() {
            tried.push(format!(
                "{program} (Python {version}) has no shared libpython ({} missing; only a \
                 static library?)",
                file.display()
            ));
            continue;
        }
        return Ok(PythonLib {
            file,
            soname: soname.to_string(),
            origin: format!("{program}'s LIBDIR"),
        });
    }
    let soname = format!("libpython{PYTHON_VERSION}.so.1.0");
    let debian = Path::new("/usr/lib/x86_64-linux-gnu").join(&soname);
    if !debian.is_file() {
        note(&format!(
            "no shared libpython{PYTHON_VERSION} on PATH ({}); trying Debian's package",
            tried.join("; ")
        ));
        ensure_apt_packages(&["libpython3.11"]).map_err(|err| {
            format!(
                "no shared libpython{PYTHON_VERSION} found ({}), and {err}",
                tried.join("; ")
            )
        })?;
    }
    if !debian.is_file() {
        return Err(format!(
            "no shared libpython{PYTHON_VERSION}: {} is missing after installing libpython3.11",
            debian.display()
        ));
    }
    Ok(PythonLib {
        file: debian,
        soname,
        origin: "Debian package libpython3.11".into(),
    })
}

/// Returns the verified wheel in `root/downloads`, downloading it with pip when needed.
fn ensure_wheel(root: &Path, force: bool) -> Result<PathBuf, String> {
    let downloads = root.join("downloads");
    let wheel = downloads.join(WHEEL_FILE);
    if !force && wheel.is_file() {
        match check_wheel(&wheel) {
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
    let result = download_wheel(&staging).and_then(|fetched| {
        check_wheel(&fetched)?;
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
fn download_wheel(dir: &Path) -> Result<PathBuf, String> {
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
    exec::show(&mut pip, SLOW).map_err(|err| {
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
fn check_wheel(wheel: &Path) -> Result<(), String> {
    let size = fs::metadata(wheel)
        .map_err(|err| format!("cannot read {}: {err}", wheel.display()))?
        .len();
    if size != WHEEL_SIZE {
        return Err(format!(
            "{} is {size} bytes, expected {WHEEL_SIZE}",
            wheel.display()
        ));
    }
    let out = exec::capture(Command::new("sha256sum").arg(wheel), QUICK)?;
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
fn ensure_unpacked(root: &Path, wheel: &Path, force: bool) -> Result<PathBuf, String> {
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
    exec::capture(
        Command::new("unzip")
            .args(["-q", "-o"])
            .arg(wheel)
            .arg("-d")
            .arg(&staging),
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

/// Lays out the lib directory (see the module docs) unless it is already as wanted.
fn ensure_lib_dir(wheel_dir: &Path, python: &PythonLib, force: bool) -> Result<PathBuf, String> {
    let release = wheel_dir
        .parent()
        .ok_or("the wheel directory has no parent")?;
    let lib_dir = release.join("lib");
    let marker = lib_dir.join(MARKER_FILE);
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
    exec::capture(
        Command::new("patchelf")
            .args(["--set-rpath", LIB_RPATH, "--add-needed", &python.soname])
            .arg(&library),
        QUICK,
    )?;
    fs::write(&marker, wanted)
        .map_err(|err| format!("cannot write {}: {err}", marker.display()))?;
    Ok(lib_dir)
}

/// The names of the entries of `dir`.
fn list_dir(dir: &Path) -> Result<Vec<String>, String> {
    let entries =
        fs::read_dir(dir).map_err(|err| format!("cannot list {}: {err}", dir.display()))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|err| format!("cannot list {}: {err}", dir.display()))?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names)
}

/// Checks the laid-out library: its exports, its dynamic section, its dependencies and the
/// Python symbols it needs.
fn verify(lib_dir: &Path, python: &PythonLib) -> Result<(), String> {
    let library = lib_dir.join("libcassandra.so");

    let defined = exec::capture(
        Command::new("nm")
            .args(["-D", "--defined-only"])
            .arg(&library),
        QUICK,
    )?;
    let cass_functions = defined
        .stdout
        .lines()
        .filter(|line| line.contains(" T cass_"))
        .count();
    if cass_functions != CASS_FUNCTIONS {
        return Err(format!(
            "{} exports {cass_functions} cass_* functions, expected {CASS_FUNCTIONS}",
            library.display()
        ));
    }

    let dynamic = elf_dynamic(&library)?;
    let has = |tag: &str, value: &str| {
        dynamic
            .iter()
            .any(|(found_tag, found)| found_tag == tag && found == value)
    };
    let has_run_path = has("RUNPATH", LIB_RPATH) || has("RPATH", LIB_RPATH);
    if !has("NEEDED", &python.soname) || !has_run_path {
        return Err(format!(
            "{} is not patched as expected (NEEDED {} and run path {LIB_RPATH}); run \
             `cargo xtask cpp-driver --force`",
            library.display(),
            python.soname
        ));
    }

    // No LD_LIBRARY_PATH: the patched run path alone must find every dependency.
    let ldd = exec::capture(
        Command::new("ldd")
            .arg(&library)
            .env_remove("LD_LIBRARY_PATH"),
        QUICK,
    )?;
    let unresolved: Vec<&str> = ldd
        .stdout
        .lines()
        .filter(|line| line.contains("not found"))
        .map(str::trim)
        .collect();
    if !unresolved.is_empty() {
        return Err(format!(
            "libraries needed by {} are missing: {}",
            library.display(),
            unresolved.join(", ")
        ));
    }

    let undefined = exec::capture(
        Command::new("nm")
            .args(["-D", "--undefined-only"])
            .arg(&library),
        QUICK,
    )?;
    let python_defined = exec::capture(
        Command::new("nm")
            .args(["-D", "--defined-only"])
            .arg(&python.file),
        QUICK,
    )?;
    let offered: std::collections::HashSet<&str> = python_defined
        .stdout
        .lines()
        .filter_map(|line| line.split_whitespace().nth(2))
        .collect();
    let wanted: Vec<&str> = undefined
        .stdout
        .lines()
        .filter_map(|line| line.split_whitespace().last())
        .filter(|symbol| symbol.starts_with("Py") || symbol.starts_with("_Py"))
        .collect();
    let lacking: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|symbol| !offered.contains(symbol))
        .collect();
    if !lacking.is_empty() {
        return Err(format!(
            "{} lacks {} of the {} Python symbols the extension needs (not Python \
             {PYTHON_VERSION}?): {}",
            python.file.display(),
            lacking.len(),
            wanted.len(),
            lacking.join(" ")
        ));
    }
    note(&format!(
        "verified: {cass_functions} cass_* functions, dependencies resolved, {} Python symbols \
         provided",
        wanted.len()
    ));
    Ok(())
}

/// The `(TAG, value)` pairs of `library`'s dynamic section that name something: `NEEDED`,
/// `SONAME`, `RPATH`, `RUNPATH`.
fn elf_dynamic(library: &Path) -> Result<Vec<(String, String)>, String> {
    let out = exec::capture(Command::new("readelf").arg("-d").arg(library), QUICK)?;
    Ok(out
        .stdout
        .lines()
        .filter_map(|line| {
            let tag = line.get(line.find('(')? + 1..line.find(')')?)?;
            let value = line.get(line.find('[')? + 1..line.rfind(']')?)?;
            Some((tag.to_string(), value.to_string()))
        })
        .collect())
}

/// Points `root/lib` at `lib_dir`, the stable path `driver-cpp/build.rs` looks at by default.
fn point_current_link(root: &Path, lib_dir: &Path) -> Result<(), String> {
    let link = root.join("lib");
    let relative = lib_dir.strip_prefix(root).unwrap_or(lib_dir);
    if fs::read_link(&link).is_ok_and(|target| target == relative) {
        return Ok(());
    }
    remove(&link)?;
    symlink(relative, &link)
}

/// The environment builds and test runs need, as `export` lines.
///
/// `CASSANDRA_SYS_LIB_PATH` is left out on purpose: `cassandra-cpp-sys` reads it with
/// `option_env!` when its build script is compiled, so setting it in some shells and not in
/// others rebuilds that chain each time, and `driver-cpp/build.rs` adds the same search path.
fn exports(lib_dir: &Path) -> String {
    let dir = shell_quote(&lib_dir.to_string_lossy());
    format!(
        "# libcassandra for cqlbridge's cpp backend, from `cargo xtask cpp-driver`.\n\
         export CASSANDRA_CPP_LIB_DIR={dir}\n\
         export LD_LIBRARY_PATH={dir}\"${{LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}}\"\n"
    )
}

/// `text` as one single-quoted shell word.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Builds and runs `driver-cpp`'s `cpp_smoke` example with the provisioned library.
fn smoke(lib_dir: &Path) -> Result<(), String> {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("xtask has no parent directory")?;
    note("building and running driver-cpp's cpp_smoke example");
    let mut cmd = Command::new(cargo);
    cmd.current_dir(workspace)
        .args([
            "run",
            "--quiet",
            "-p",
            "cqlbridge-driver-cpp",
            "--example",
            "cpp_smoke",
        ])
        .env("CASSANDRA_CPP_LIB_DIR", lib_dir);
    let status = exec::show_status(&mut cmd, SMOKE)?;
    match status.code() {
        Some(0) => note("smoke: a server answered through libcassandra"),
        Some(2) => note("smoke: libcassandra loaded and works; it could not connect (no server?)"),
        _ => return Err(format!("the cpp_smoke example failed ({status})")),
    }
    Ok(())
}

/// Creates the symbolic link `link` pointing at `target`.
fn symlink(target: &Path, link: &Path) -> Result<(), String> {
    #[cfg(unix)]
    let result = std::os::unix::fs::symlink(target, link);
    #[cfg(not(unix))]
    let result: std::io::Result<()> = Err(std::io::ErrorKind::Unsupported.into());
    result.map_err(|err| {
        format!(
            "cannot link {} to {}: {err}",
            link.display(),
            target.display()
        )
    })
}

/// Removes a file, link or directory tree if it exists.
fn remove(path: &Path) -> Result<(), String> {
    let result = match fs::symlink_metadata(path) {
        Err(_) => return Ok(()),
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
    };
    result.map_err(|err| format!("cannot remove {}: {err}", path.display()))
}
