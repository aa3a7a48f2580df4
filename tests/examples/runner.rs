//! Spawning one example binary on one backend, bounded in time, and reading
//! its `outcome` lines; then checking through a session of that backend that
//! the example dropped its keyspace.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use cqlbridge::{BackendKind, Capabilities, Statement};
use cqlbridge_testbed::child::{run_bounded, Finished};
use cqlbridge_testbed::TestBed;

/// How long one example run may take before it is killed and the test fails.
pub(crate) const CHILD_LIMIT: Duration = Duration::from_secs(120);

/// The backends every example runs on.
pub(crate) const BACKENDS: [BackendKind; 2] = [BackendKind::Scylla, BackendKind::Cpp];

/// What one run of an example printed, and on which backend.
#[derive(Debug)]
pub(crate) struct Run {
    /// The backend it ran on.
    pub(crate) backend: BackendKind,
    /// Everything it wrote to stdout.
    pub(crate) stdout: String,
    /// Everything it wrote to stderr.
    pub(crate) stderr: String,
    /// Its `outcome KEY = VALUE` lines.
    pub(crate) outcomes: BTreeMap<String, String>,
    /// What the backend supports, read from a session of the same backend.
    pub(crate) capabilities: Capabilities,
}

impl Run {
    /// The outcome `key`; a missing one fails the test, showing the output.
    pub(crate) fn get(&self, key: &str) -> &str {
        match self.outcomes.get(key) {
            Some(v) => v,
            None => panic!(
                "[{}] no `outcome {key}` line in:\n{}\nstderr:\n{}",
                self.backend, self.stdout, self.stderr
            ),
        }
    }

    /// The outcome `key` as an integer.
    pub(crate) fn int(&self, key: &str) -> i64 {
        let v = self.get(key);
        v.parse()
            .unwrap_or_else(|_| panic!("[{}] outcome {key} = {v} is not an integer", self.backend))
    }

    /// Asserts the outcome `key` is `want`.
    pub(crate) fn expect(&self, key: &str, want: &str) {
        assert_eq!(self.get(key), want, "[{}] outcome {key}", self.backend);
    }
}

/// The test bed, or a failing test: no test bed is a failure, not a skip.
pub(crate) fn bed() -> TestBed {
    match TestBed::from_env() {
        Ok(Some(bed)) => bed,
        Ok(None) => panic!(
            "no test bed: CQLBRIDGE_TEST_HOSTS is unset. Run `cargo xtask db up` and \
             source ~/.cache/cqlbridge/testbed.env (the examples need a real cluster)"
        ),
        Err(e) => panic!("{e}"),
    }
}

/// Runs example `name` on every backend in [`BACKENDS`] and hands each run to
/// `check`; a failure on one backend does not stop the other from running,
/// and the test fails naming every backend that failed.
pub(crate) fn for_each_backend(name: &str, check: fn(&Run)) {
    let bed = bed();
    let binary = binary(name);
    let mut failed = Vec::new();
    for backend in BACKENDS {
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
            check(&run(&binary, backend, &bed));
        }));
        let secs = started.elapsed().as_secs_f64();
        match outcome {
            Ok(()) => eprintln!("{name} on {backend}: ok in {secs:.1} s"),
            Err(_) => {
                eprintln!("{name} on {backend}: FAILED after {secs:.1} s (see the panic above)");
                failed.push(backend.as_str());
            }
        }
    }
    assert!(failed.is_empty(), "{name} failed on {failed:?}");
}

/// `target/<profile>/examples/NAME`, next to this test's `deps/` directory;
/// missing or older than its sources fails the test with what to run.
fn binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test binary lives in target/<profile>/deps");
    let path = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let advice = "run `cargo build --examples --features all-drivers` (or `cargo test \
                  --features all-drivers` without `--test`, which builds the examples)";
    let Ok(built) = std::fs::metadata(&path).and_then(|m| m.modified()) else {
        panic!("example binary {} is missing: {advice}", path.display());
    };
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for source in [src.join(format!("{name}.rs")), src.join("common/mod.rs")] {
        let changed = std::fs::metadata(&source)
            .and_then(|m| m.modified())
            .unwrap_or(SystemTime::UNIX_EPOCH);
        assert!(
            changed <= built,
            "example binary {} is older than {}: {advice}",
            path.display(),
            source.display()
        );
    }
    path
}

/// One run of the example at `binary` on `backend`, which must exit 0.
fn run(binary: &Path, backend: BackendKind, bed: &TestBed) -> Run {
    let mut cmd = bed.app_command(binary);
    cmd.args(["--backend", backend.as_str()]);
    let Finished {
        status,
        stdout,
        stderr,
    } = run_bounded(cmd, None, CHILD_LIMIT);
    let name = binary.display();
    match status {
        None => panic!(
            "[{backend}] {name} still running after {CHILD_LIMIT:?}: killed.\nstdout:\n{stdout}\nstderr:\n{stderr}"
        ),
        Some(s) if !s.success() => {
            panic!("[{backend}] {name} exited with {s}.\nstdout:\n{stdout}\nstderr:\n{stderr}")
        }
        Some(_) => {}
    }
    let outcomes = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("outcome "))
        .filter_map(|l| l.split_once(" = "))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let keyspace = stdout
        .lines()
        .find_map(|l| l.strip_prefix("keyspace: "))
        .map(str::trim)
        .unwrap_or_else(|| {
            panic!("[{backend}] {name} printed no `keyspace: NAME` line:\n{stdout}")
        });
    let capabilities = after_run(bed, backend, keyspace);
    Run {
        backend,
        stdout,
        stderr,
        outcomes,
        capabilities,
    }
}

/// Connects `backend` to the bed: checks the example's `keyspace` is gone,
/// and returns the backend's capabilities.
fn after_run(bed: &TestBed, backend: BackendKind, ks: &str) -> Capabilities {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    rt.block_on(async {
        let session = cqlbridge::connect(&bed.config(backend))
            .await
            .unwrap_or_else(|e| panic!("[{backend}] cannot connect to check the keyspace: {e}"));
        let query = Statement::new(
            "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?",
        );
        let left = session
            .execute(query, (ks,))
            .await
            .unwrap_or_else(|e| panic!("[{backend}] reading system_schema: {e}"));
        assert!(
            left.rows().is_empty(),
            "[{backend}] keyspace {ks} was left behind"
        );
        let caps = session.capabilities();
        let _ = session.close().await;
        caps
    })
}
