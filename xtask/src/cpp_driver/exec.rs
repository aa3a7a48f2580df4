//! Running external programs with a deadline, for `cargo xtask cpp-driver`.
//!
//! Every wait is bounded: a program still running at its deadline is killed and reported.

use std::io::{self, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How often a running child is polled.
const POLL: Duration = Duration::from_millis(50);

/// What a finished program printed.
pub(super) struct Captured {
    /// Its standard output, lossily decoded.
    pub(super) stdout: String,
    /// Its standard error, lossily decoded.
    pub(super) stderr: String,
}

/// Runs `cmd`, capturing its output, and fails unless it exits 0 within `limit`.
pub(super) fn capture(cmd: &mut Command, limit: Duration) -> Result<Captured, String> {
    let (status, captured) = capture_status(cmd, limit)?;
    if status.success() {
        Ok(captured)
    } else {
        Err(format!(
            "`{}` failed ({status}){}",
            describe(cmd),
            tail(&captured.stderr)
        ))
    }
}

/// Runs `cmd`, capturing its output, within `limit`; a non-zero exit is returned, not an error.
pub(super) fn capture_status(
    cmd: &mut Command,
    limit: Duration,
) -> Result<(ExitStatus, Captured), String> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = spawn(cmd)?;
    let stdout = child.stdout.take().map(reader);
    let stderr = child.stderr.take().map(reader);
    // On a timeout the readers are left behind: a grandchild may still hold the pipes open.
    let status = wait(&mut child, cmd, limit)?;
    let stdout = stdout.map(join).unwrap_or_default();
    let stderr = stderr.map(join).unwrap_or_default();
    Ok((status, Captured { stdout, stderr }))
}

/// Runs `cmd` with its output shown on our standard error (standard output is kept for the
/// `export` lines), and fails unless it exits 0 within `limit`.
pub(super) fn show(cmd: &mut Command, limit: Duration) -> Result<(), String> {
    let status = show_status(cmd, limit)?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(cmd)))
    }
}

/// Like [`show`], but returns the exit status instead of failing on a non-zero one.
pub(super) fn show_status(cmd: &mut Command, limit: Duration) -> Result<ExitStatus, String> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::from(io::stderr()))
        .stderr(Stdio::inherit());
    let mut child = spawn(cmd)?;
    wait(&mut child, cmd, limit)
}

/// The command line of `cmd`, for messages.
pub(super) fn describe(cmd: &Command) -> String {
    let mut text = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Starts `cmd`, saying which program is missing when it cannot.
fn spawn(cmd: &mut Command) -> Result<Child, String> {
    cmd.spawn().map_err(|err| {
        if err.kind() == io::ErrorKind::NotFound {
            format!(
                "`{}` is not installed (needed to run `{}`)",
                cmd.get_program().to_string_lossy(),
                describe(cmd)
            )
        } else {
            format!("cannot run `{}`: {err}", describe(cmd))
        }
    })
}

/// Waits for `child` at most `limit`, killing it when the time is up.
fn wait(child: &mut Child, cmd: &Command, limit: Duration) -> Result<ExitStatus, String> {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "`{}` did not finish within {} s and was stopped",
                    describe(cmd),
                    limit.as_secs()
                ));
            }
            Ok(None) => thread::sleep(POLL),
            Err(err) => return Err(format!("cannot wait for `{}`: {err}", describe(cmd))),
        }
    }
}

/// Reads a pipe to its end on its own thread, so that a chatty child never blocks.
fn reader(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// The text a [`reader`] collected.
fn join(handle: thread::JoinHandle<String>) -> String {
    handle.join().unwrap_or_default()
}

/// The last lines of a program's standard error, to quote in a message.
fn tail(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.trim_end().lines().collect();
    if lines.is_empty() {
        return String::new();
    }
    let start = lines.len().saturating_sub(12);
    format!(":\n{}", lines[start..].join("\n"))
}
