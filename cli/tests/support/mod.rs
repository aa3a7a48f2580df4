//! Spawning the built `cqlbridge` binary against the test bed, bounded in
//! time, and a keyspace per test that is dropped when the test ends.

use std::process::Command;
use std::time::{Duration, Instant};

use cqlbridge_testbed::child::{clean_command, run_bounded, Finished};
use cqlbridge_testbed::TestBed;

/// How long one run of the binary may take before it is killed and the test fails.
pub(crate) const CHILD_LIMIT: Duration = Duration::from_secs(60);

/// The backends every test runs on.
pub(crate) const BACKENDS: [&str; 2] = ["scylla", "cpp"];

/// What one run printed, and how it ended.
#[derive(Debug)]
pub(crate) struct Output {
    /// Its exit code.
    pub(crate) code: i32,
    /// Everything on stdout.
    pub(crate) stdout: String,
    /// Everything on stderr.
    pub(crate) stderr: String,
}

impl Output {
    /// Asserts the exit code is `want`, showing the output if not.
    pub(crate) fn expect_code(&self, want: i32) -> &Self {
        assert_eq!(
            self.code, want,
            "exit code; stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts neither stream holds a control character other than a newline
    /// (both are pipes, not terminals).
    pub(crate) fn expect_no_control_characters(&self) -> &Self {
        for (name, s) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            let bad = s.chars().find(|c| c.is_control() && *c != '\n');
            assert!(bad.is_none(), "{name} holds {bad:?}: {s:?}");
        }
        self
    }
}

/// The test bed, or a failing test: no test bed is a failure, not a skip.
pub(crate) fn bed() -> TestBed {
    match TestBed::from_env() {
        Ok(Some(bed)) => bed,
        Ok(None) => panic!(
            "no test bed: CQLBRIDGE_TEST_HOSTS is unset. Run `cargo xtask db up` and \
             source ~/.cache/cqlbridge/testbed.env (the CLI tests need a real cluster)"
        ),
        Err(e) => panic!("{e}"),
    }
}

/// Runs `cqlbridge --backend BACKEND ARGS…` with the test bed's hosts and
/// credentials in its environment and `stdin` on its standard input.
pub(crate) fn run(bed: &TestBed, backend: &str, args: &[&str], stdin: &str) -> Output {
    let mut cmd = bed.app_command(env!("CARGO_BIN_EXE_cqlbridge"));
    cmd.args(["--backend", backend]).args(args);
    spawn(cmd, stdin)
}

/// Runs `cqlbridge ARGS…` with none of its configuration in the environment.
pub(crate) fn run_bare(args: &[&str]) -> Output {
    let mut cmd = clean_command(env!("CARGO_BIN_EXE_cqlbridge"));
    cmd.args(args);
    spawn(cmd, "")
}

/// Runs `cmd` with `stdin` on its standard input, at most [`CHILD_LIMIT`].
fn spawn(cmd: Command, stdin: &str) -> Output {
    let Finished {
        status,
        stdout,
        stderr,
    } = run_bounded(cmd, Some(stdin), CHILD_LIMIT);
    let Some(status) = status else {
        panic!("cqlbridge still running after {CHILD_LIMIT:?}: killed.\nstdout:\n{stdout}\nstderr:\n{stderr}");
    };
    let code = status
        .code()
        .unwrap_or_else(|| panic!("cqlbridge ended by a signal: {status}\nstderr:\n{stderr}"));
    Output {
        code,
        stdout,
        stderr,
    }
}

/// A keyspace of the test's own, created through `cqlbridge exec` and
/// dropped the same way when the value is dropped (the test passed or not).
pub(crate) struct Keyspace<'a> {
    /// Its name.
    pub(crate) name: String,
    bed: &'a TestBed,
    backend: &'a str,
}

impl<'a> Keyspace<'a> {
    /// Creates keyspace `cli_<test>_<backend>_<pid>`, replication factor 1.
    pub(crate) fn create(bed: &'a TestBed, backend: &'a str, test: &str) -> Self {
        let name = format!("cli_{test}_{backend}_{}", std::process::id());
        let ddl = format!(
            "DROP KEYSPACE IF EXISTS {name};\nCREATE KEYSPACE {name} WITH replication = \
             {{'class': 'SimpleStrategy', 'replication_factor': 1}};"
        );
        run(bed, backend, &["exec", "-f", "-"], &ddl).expect_code(0);
        Keyspace { name, bed, backend }
    }
}

impl Drop for Keyspace<'_> {
    fn drop(&mut self) {
        let ddl = format!("DROP KEYSPACE IF EXISTS {};", self.name);
        let out = run(self.bed, self.backend, &["exec", "-f", "-"], &ddl);
        if out.code != 0 && !std::thread::panicking() {
            panic!("cannot drop keyspace {}: {}", self.name, out.stderr);
        }
    }
}

/// Runs `check` on every backend; a failure on one does not stop the other,
/// and the test fails naming every backend that failed.
pub(crate) fn for_each_backend(test: &str, check: impl Fn(&TestBed, &str)) {
    let bed = bed();
    let mut failed = Vec::new();
    for backend in BACKENDS {
        let started = Instant::now();
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&bed, backend)));
        let secs = started.elapsed().as_secs_f64();
        match outcome {
            Ok(()) => eprintln!("{test} on {backend}: ok in {secs:.1} s"),
            Err(_) => {
                eprintln!("{test} on {backend}: FAILED after {secs:.1} s (see the panic above)");
                failed.push(backend);
            }
        }
    }
    assert!(failed.is_empty(), "{test} failed on {failed:?}");
}
