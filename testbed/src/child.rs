//! Running a cqlbridge program (an example, the `cqlbridge` binary) as a
//! child process against the test bed: its configuration from the bed
//! alone, its output read whole, its run bounded in time.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::TestBed;

/// The variables of an application's own configuration (`Config::from_env`),
/// cleared in every child so that only what the test sets reaches it.
pub const APP_VARS: [&str; 9] = [
    "CQLBRIDGE_URL",
    "CQLBRIDGE_HOSTS",
    "CQLBRIDGE_USER",
    "CQLBRIDGE_PASSWORD",
    "CQLBRIDGE_KEYSPACE",
    "CQLBRIDGE_BACKEND",
    "CQLBRIDGE_CA",
    "CQLBRIDGE_CLIENT_CERT",
    "CQLBRIDGE_CLIENT_KEY",
];

/// `program` with none of [`APP_VARS`] in its environment.
pub fn clean_command(program: impl AsRef<OsStr>) -> Command {
    let mut cmd = Command::new(program);
    for var in APP_VARS {
        cmd.env_remove(var);
    }
    cmd
}

impl TestBed {
    /// `program` configured for this bed as an application would be:
    /// `CQLBRIDGE_HOSTS`, `_USER` and `_PASSWORD` from the bed, nothing else.
    pub fn app_command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut cmd = clean_command(program);
        cmd.env("CQLBRIDGE_HOSTS", self.hosts.join(","))
            .env("CQLBRIDGE_USER", &self.user)
            .env("CQLBRIDGE_PASSWORD", &self.password);
        cmd
    }
}

/// How a bounded run ended, and everything it printed.
#[derive(Debug)]
pub struct Finished {
    /// Its exit status; `None` when it outlived its limit and was killed.
    pub status: Option<ExitStatus>,
    /// Everything on stdout.
    pub stdout: String,
    /// Everything on stderr.
    pub stderr: String,
}

/// Runs `cmd` with piped stdout and stderr (read to the end on threads of
/// their own) and `stdin` on its standard input (none: `/dev/null`); kills
/// it once `limit` has passed.
///
/// # Panics
///
/// When the program cannot be started: a test has nothing to check then.
pub fn run_bounded(mut cmd: Command, stdin: Option<&str>, limit: Duration) -> Finished {
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {:?}: {e}", cmd.get_program()));
    let writer = stdin.map(|text| {
        let mut input = child.stdin.take().expect("piped stdin");
        let text = text.to_string();
        std::thread::spawn(move || {
            let _ = input.write_all(text.as_bytes());
        })
    });
    let (out, err) = (drain(child.stdout.take()), drain(child.stderr.take()));
    let status = wait_bounded(&mut child, limit);
    if let Some(writer) = writer {
        let _ = writer.join();
    }
    Finished {
        status,
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
    }
}

/// Reads a child's pipe to the end on a thread of its own.
fn drain(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<String> {
    let mut pipe = pipe.expect("a piped stream");
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Waits for `child` at most `limit`; kills it after that.
fn wait_bounded(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("try_wait on a child") {
            return Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
