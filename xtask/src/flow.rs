//! The composite tasks: `test` (everything CI runs), `demo` (the main job)
//! and `bench`. Each provisions what it needs with the other tasks, runs
//! cargo with the test bed's environment, and stops what it started.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cpp_driver, db};

/// Options shared by the composite tasks.
#[derive(Debug, Default)]
struct Flags {
    /// Skip the C++ backend (no libcassandra provisioning).
    no_cpp: bool,
    /// Leave the test bed running afterwards.
    keep_db: bool,
    /// Arguments after `--`, passed to cargo.
    extra: Vec<String>,
}

fn parse(args: &[String]) -> Result<Flags, String> {
    let mut flags = Flags::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--no-cpp" => flags.no_cpp = true,
            "--keep-db" => flags.keep_db = true,
            "--" => flags.extra = it.by_ref().cloned().collect(),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok(flags)
}

/// Reads `export K=V` lines (values optionally single-quoted) from `path`.
pub(crate) fn read_exports(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("export "))
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.trim_matches(['\'', '"']).to_string()))
        .collect())
}

/// The workspace root (xtask lives one level below it).
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}

/// Runs `cargo <args>` in the workspace with `env` added; fails on a non-zero exit.
pub(crate) fn cargo(
    args: &[&str],
    extra: &[String],
    env: &BTreeMap<String, String>,
) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("xtask: cargo {} {}", args.join(" "), extra.join(" "));
    let status = Command::new(cargo)
        .args(args)
        .args(extra)
        .envs(env)
        .current_dir(workspace())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed ({status})", args.join(" ")))
    }
}

/// Starts the test bed (idempotent) and returns its environment, plus the
/// C++ driver's unless `no_cpp`.
fn provision(no_cpp: bool) -> Result<BTreeMap<String, String>, String> {
    let mut env = BTreeMap::new();
    if !no_cpp {
        cpp_driver::run(&[])?;
        env.extend(read_exports(&cpp_driver::env_file()?)?);
    }
    db::run(&["up".to_string()])?;
    env.extend(read_exports(&db::env_file()?)?);
    Ok(env)
}

/// Stops the test bed unless asked to keep it; reports but does not mask `result`.
fn finish(result: Result<(), String>, keep_db: bool) -> Result<(), String> {
    if !keep_db {
        if let Err(e) = db::run(&["down".to_string()]) {
            eprintln!("xtask: warning: db down failed: {e}");
        }
    }
    result
}

/// `cargo xtask test [--no-cpp] [--keep-db] [-- <cargo test args>]`: provisions
/// libcassandra and the test bed, lints the C++ backend, runs every test of
/// every crate and the conformance suite for every backend, and every bench
/// once in its one-short-round check mode (`cargo test --benches`: it works,
/// not how fast), then stops the test bed if this task started it.
pub(crate) fn test(args: &[String]) -> Result<(), String> {
    let flags = parse(args)?;
    // Leave a test bed that was already running (someone else's) as it was.
    let keep_db = flags.keep_db || db::is_running()?;
    let mut env = provision(flags.no_cpp)?;
    let backends = if flags.no_cpp {
        "scylla,mock"
    } else {
        "scylla,cpp,mock"
    };
    env.insert("CQLBRIDGE_TEST_BACKENDS".into(), backends.into());
    // Every bench once, in its one-short-round check mode.
    let bench_features = if flags.no_cpp {
        "scylla,mock,sync"
    } else {
        "all-drivers"
    };
    let benches = [
        "test",
        "-p",
        "cqlbridge",
        "--benches",
        "--features",
        bench_features,
    ];
    let result = (|| {
        if flags.no_cpp {
            cargo(
                &["test", "--features", "scylla,mock,sync"],
                &flags.extra,
                &env,
            )?;
            cargo(
                &["test", "--workspace", "--exclude", "cqlbridge-driver-cpp"],
                &flags.extra,
                &env,
            )?;
        } else {
            cargo(
                &[
                    "clippy",
                    "-p",
                    "cqlbridge-driver-cpp",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ],
                &[],
                &env,
            )?;
            cargo(
                &["test", "--workspace", "--all-features"],
                &flags.extra,
                &env,
            )?;
        }
        cargo(&benches, &[], &env)
    })();
    finish(result, keep_db)
}

/// `cargo xtask demo [--backend scylla|cpp] [--keep-db]`: the main job — starts
/// the test bed if needed, runs `examples/demo.rs` against it, and stops the
/// test bed again only if this task started it.
pub(crate) fn demo(args: &[String]) -> Result<(), String> {
    let (backend, rest) = match args {
        [flag, b, rest @ ..] if flag == "--backend" => (b.clone(), rest),
        _ => ("scylla".to_string(), args),
    };
    let flags = parse(rest)?;
    let cpp = backend == "cpp";
    // Leave a test bed that was already running as it was.
    let keep_db = flags.keep_db || db::is_running()?;
    let mut env = provision(!cpp)?;
    let test = |k: &str| env.get(k).cloned().unwrap_or_default();
    let app_env = [
        ("CQLBRIDGE_HOSTS", test("CQLBRIDGE_TEST_HOSTS")),
        ("CQLBRIDGE_USER", test("CQLBRIDGE_TEST_USER")),
        ("CQLBRIDGE_PASSWORD", test("CQLBRIDGE_TEST_PASSWORD")),
        ("CQLBRIDGE_BACKEND", backend),
    ];
    env.extend(app_env.map(|(k, v)| (k.to_string(), v)));
    let features = if cpp { "sync,cpp" } else { "sync,scylla" };
    let result = cargo(
        &["run", "--example", "demo", "--features", features],
        &flags.extra,
        &env,
    );
    finish(result, keep_db)
}

/// `cargo xtask bench [--no-cpp] [--keep-db] [-- <criterion args>]`: runs the
/// benches against the test bed, then, when the workload bench wrote new
/// results, the report; `bench --report` writes `docs/benchmarks.md` from
/// the workload bench's results alone, `bench --compare BASELINE` checks
/// them against a baseline (see the `report` module).
pub(crate) fn bench(args: &[String]) -> Result<(), String> {
    match args {
        [flag] if flag == "--report" => return crate::report::report(),
        [flag, baseline] if flag == "--compare" => return crate::report::compare(baseline),
        [flag] if flag == "--compare" => {
            return Err("--compare needs a baseline results file".into())
        }
        _ => {}
    }
    let flags = parse(args)?;
    let keep_db = flags.keep_db || db::is_running()?;
    let env = provision(flags.no_cpp)?;
    let features = if flags.no_cpp {
        "scylla,mock,sync"
    } else {
        "all-drivers"
    };
    let mut extra = vec!["--".to_string()];
    extra.extend(flags.extra.iter().cloned());
    let started = std::time::SystemTime::now();
    let result = cargo(&["bench", "--features", features], &extra, &env)
        .and_then(|()| crate::report::refresh_since(started));
    finish(result, keep_db)
}
