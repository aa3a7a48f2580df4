//! Running external tools (`mvn`, `openssl`, `keytool`, `java`, `sha256sum`) with a time bound.
//!
//! Standard library only: the child's pipes are drained on helper threads (so a chatty tool
//! cannot block on a full pipe) while the caller polls `try_wait` until the bound, and kills the
//! tool when the bound passes.

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// What a finished tool printed.
pub(crate) struct Output {
    /// Its standard output, lossily decoded.
    pub(crate) stdout: String,
    /// Its standard error, lossily decoded.
    pub(crate) stderr: String,
}

/// Runs `cmd` to completion within `limit`; fails if it cannot start, exceeds the bound (it is
/// then killed) or exits non-zero. `what` names the step in error messages.
pub(crate) fn run(cmd: &mut Command, what: &str, limit: Duration) -> Result<Output, String> {
    let (status, out) = run_status(cmd, what, limit)?;
    if status.success() {
        Ok(out)
    } else {
        Err(format!(
            "{what} failed ({status}):\n{}",
            tail(&format!("{}{}", out.stdout, out.stderr), 40)
        ))
    }
}

/// Like [`run`], but a non-zero exit is returned to the caller instead of being an error.
pub(crate) fn run_status(
    cmd: &mut Command,
    what: &str,
    limit: Duration,
) -> Result<(ExitStatus, Output), String> {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!(
                    "{what}: `{program}` is not on PATH ({})",
                    install_hint(&program)
                )
            }
            _ => format!("{what}: cannot start `{program}`: {e}"),
        })?;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = wait_bounded(&mut child, limit);
    let out = Output {
        stdout: join(stdout),
        stderr: join(stderr),
    };
    match status {
        Some(status) => Ok((status, out)),
        None => Err(format!(
            "{what}: `{program}` did not finish within {} s and was killed; its last output:\n{}",
            limit.as_secs(),
            tail(&format!("{}{}", out.stdout, out.stderr), 20)
        )),
    }
}

/// Waits for `child` at most `limit`; on timeout kills and reaps it and returns `None`.
pub(crate) fn wait_bounded(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(50)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

/// The last `lines` lines of `text`.
pub(crate) fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// How to get a missing tool, for the error message.
fn install_hint(program: &str) -> &'static str {
    match program {
        "mvn" => "install Maven, e.g. `apt-get install maven`",
        "java" | "keytool" => {
            "install a JDK 11 or 17, e.g. `apt-get install openjdk-17-jdk-headless`"
        }
        "openssl" => "install OpenSSL, e.g. `apt-get install openssl`",
        _ => "install it",
    }
}

/// Reads a pipe to its end on a helper thread.
fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> Option<JoinHandle<Vec<u8>>> {
    pipe.map(|mut pipe| {
        thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            buf
        })
    })
}

/// Collects what a [`drain`] thread read.
fn join(handle: Option<JoinHandle<Vec<u8>>>) -> String {
    handle
        .and_then(|h| h.join().ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}
