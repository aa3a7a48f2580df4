//! Running external programs with a time bound: the one runner of every xtask task.
//!
//! The test bed runs `mvn`, `java`, `openssl`, `keytool` and `sha256sum` through it; the C++
//! driver's provisioning runs `apt-get`, `pip`, `unzip`, `nm`, `readelf`, `patchelf` and `cargo`.
//! Standard library only. Every wait is bounded:
//!
//! - a program still running at its limit is killed and reaped, and the error says so;
//! - its pipes are drained on helper threads ([`pump`]), so a chatty program never blocks on a
//!   full pipe, and once it has ended they are collected for at most [`PIPE_GRACE`] more, so a
//!   grandchild that inherited them and still runs cannot hold xtask.
//!
//! Errors name the step (`what`) and the command line, and quote the tail of what the program
//! printed.

use std::io::{self, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

/// How often a running child is polled.
const POLL: Duration = Duration::from_millis(50);
/// How long the pipes of an ended program are still read (a grandchild may hold them open).
pub(crate) const PIPE_GRACE: Duration = Duration::from_secs(5);
/// How many lines of a failed program's output an error quotes.
const TAIL_LINES: usize = 30;
/// How many characters of a command line a message shows.
const SHOWN_CHARS: usize = 300;

/// What a finished program printed.
#[derive(Debug, Default)]
pub(crate) struct Output {
    /// Its standard output, lossily decoded.
    pub(crate) stdout: String,
    /// Its standard error, lossily decoded.
    pub(crate) stderr: String,
}

impl Output {
    /// The last [`TAIL_LINES`] lines of standard output then standard error, as `":\n…"` to
    /// end a message, or `" (no output)"`.
    fn quoted_tail(&self) -> String {
        let text = format!("{}\n{}", self.stdout.trim_end(), self.stderr.trim_end());
        let text = tail(text.trim(), TAIL_LINES);
        if text.is_empty() {
            " (no output)".into()
        } else {
            format!(":\n{text}")
        }
    }
}

/// Runs `cmd` to completion within `limit`, capturing its output; fails if it cannot start,
/// exceeds the bound (it is then killed) or exits non-zero. `what` names the step in messages.
pub(crate) fn run(cmd: &mut Command, what: &str, limit: Duration) -> Result<Output, String> {
    let (status, out) = run_status(cmd, what, limit)?;
    if status.success() {
        Ok(out)
    } else {
        Err(format!(
            "{what}: `{}` failed ({status}){}",
            describe(cmd),
            out.quoted_tail()
        ))
    }
}

/// Like [`run`], but a non-zero exit is returned to the caller instead of being an error.
pub(crate) fn run_status(
    cmd: &mut Command,
    what: &str,
    limit: Duration,
) -> Result<(ExitStatus, Output), String> {
    run_bounded(cmd, what, limit, PIPE_GRACE)
}

/// Runs `cmd` with its output shown on our standard error (standard output is kept for the
/// `export` lines some tasks print); fails unless it exits 0 within `limit`.
pub(crate) fn show(cmd: &mut Command, what: &str, limit: Duration) -> Result<(), String> {
    let status = show_status(cmd, what, limit)?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what}: `{}` failed ({status}); its output is above",
            describe(cmd)
        ))
    }
}

/// Like [`show`], but a non-zero exit is returned to the caller instead of being an error.
pub(crate) fn show_status(
    cmd: &mut Command,
    what: &str,
    limit: Duration,
) -> Result<ExitStatus, String> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::from(io::stderr()))
        .stderr(Stdio::inherit());
    let mut child = spawn(cmd, what)?;
    match wait_bounded(&mut child, limit) {
        Ok(Some(status)) => Ok(status),
        Ok(None) => Err(format!(
            "{what}: `{}` did not finish within {} and was killed; its output is above",
            describe(cmd),
            seconds(limit)
        )),
        Err(e) => Err(format!("{what}: cannot wait for `{}`: {e}", describe(cmd))),
    }
}

/// [`run_status`] with the pipe grace as a parameter.
fn run_bounded(
    cmd: &mut Command,
    what: &str,
    limit: Duration,
    grace: Duration,
) -> Result<(ExitStatus, Output), String> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = spawn(cmd, what)?;
    let stdout = child.stdout.take().map(pump);
    let stderr = child.stderr.take().map(pump);
    let status = wait_bounded(&mut child, limit);
    let deadline = Instant::now() + grace;
    let out = Output {
        stdout: collect(stdout, deadline),
        stderr: collect(stderr, deadline),
    };
    match status {
        Ok(Some(status)) => Ok((status, out)),
        Ok(None) => Err(format!(
            "{what}: `{}` did not finish within {} and was killed; its last output{}",
            describe(cmd),
            seconds(limit),
            out.quoted_tail()
        )),
        Err(e) => Err(format!("{what}: cannot wait for `{}`: {e}", describe(cmd))),
    }
}

/// Starts `cmd`, saying which program is missing and how to get it when it cannot.
fn spawn(cmd: &mut Command, what: &str) -> Result<Child, String> {
    cmd.spawn().map_err(|e| {
        let program = cmd.get_program().to_string_lossy().into_owned();
        if e.kind() == io::ErrorKind::NotFound {
            format!(
                "{what}: `{program}` is not on PATH ({})",
                install_hint(&program)
            )
        } else {
            format!("{what}: cannot start `{}`: {e}", describe(cmd))
        }
    })
}

/// Waits for `child` at most `limit`; on timeout (or a failed wait) kills and reaps it and
/// returns `Ok(None)` (or the error).
fn wait_bounded(child: &mut Child, limit: Duration) -> io::Result<Option<ExitStatus>> {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(Some(status)),
            Ok(None) if Instant::now() < deadline => thread::sleep(POLL),
            outcome => {
                let _ = child.kill();
                let _ = child.wait();
                return outcome.map(|_| None);
            }
        }
    }
}

/// Forwards everything `pipe` yields to a channel, from a helper thread; the channel
/// disconnects at the pipe's end.
pub(crate) fn pump<R: Read + Send + 'static>(mut pipe: R) -> Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        loop {
            match pipe.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if tx.send(buf[..n].to_vec()).is_err() {
                        break;
                    }
                }
            }
        }
    });
    rx
}

/// What a [`pump`] channel yields until the pipe ends or `deadline` passes, lossily decoded.
fn collect(chunks: Option<Receiver<Vec<u8>>>, deadline: Instant) -> String {
    let mut bytes = Vec::new();
    if let Some(chunks) = chunks {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match chunks.recv_timeout(left) {
                Ok(chunk) => bytes.extend(chunk),
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {
                    bytes.extend(chunks.try_iter().flatten());
                    break;
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `limit` in seconds, for messages: `600 s`, `0.3 s`.
fn seconds(limit: Duration) -> String {
    if limit.subsec_millis() == 0 {
        format!("{} s", limit.as_secs())
    } else {
        format!("{:.1} s", limit.as_secs_f64())
    }
}

/// The last `lines` lines of `text`.
pub(crate) fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// The command line of `cmd` for messages: arguments with spaces quoted, cut after
/// [`SHOWN_CHARS`] characters.
pub(crate) fn describe(cmd: &Command) -> String {
    let words = std::iter::once(cmd.get_program()).chain(cmd.get_args());
    let mut text = words
        .map(|word| {
            let word = word.to_string_lossy();
            if word.is_empty() || word.contains(char::is_whitespace) {
                format!("'{word}'")
            } else {
                word.into_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    if let Some((cut, _)) = text.char_indices().nth(SHOWN_CHARS) {
        text.truncate(cut);
        text.push('…');
    }
    text
}

/// How to get a missing program, for the error message.
fn install_hint(program: &str) -> &'static str {
    match program {
        "mvn" => "install Maven, e.g. `apt-get install maven`",
        "java" | "keytool" => {
            "install a JDK 11 or 17, e.g. `apt-get install openjdk-17-jdk-headless`"
        }
        "openssl" => "install OpenSSL, e.g. `apt-get install openssl`",
        "nm" | "readelf" => "install binutils, e.g. `apt-get install binutils`",
        "patchelf" => "install patchelf, e.g. `apt-get install patchelf`",
        "unzip" => "install unzip, e.g. `apt-get install unzip`",
        "python3" | "python3.11" => "install Python 3 with pip, e.g. `apt-get install python3-pip`",
        _ => "install it",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A generous bound for scripts that end at once.
    const LIMIT: Duration = Duration::from_secs(30);

    fn sh(script: &str) -> Command {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", script]);
        cmd
    }

    #[test]
    fn captures_both_streams() {
        let out = run(&mut sh("echo out; echo err >&2"), "echo", LIMIT).unwrap();
        assert_eq!(out.stdout, "out\n");
        assert_eq!(out.stderr, "err\n");
    }

    #[test]
    fn a_failure_names_the_step_the_command_and_the_output_tail() {
        let script = "echo first; echo last >&2; exit 3";
        let err = run(&mut sh(script), "the step", LIMIT).unwrap_err();
        assert!(err.starts_with("the step: `sh -c 'echo first;"), "{err}");
        assert!(err.contains("exit status: 3"), "{err}");
        assert!(err.ends_with(":\nfirst\nlast"), "{err}");
    }

    #[test]
    fn a_non_zero_exit_is_returned_by_run_status() {
        let (status, out) =
            run_status(&mut sh("echo x; exit 2"), "s", Duration::from_secs(30)).expect("it ran");
        assert_eq!(status.code(), Some(2));
        assert_eq!(out.stdout, "x\n");
    }

    #[test]
    fn an_overrun_is_killed_and_reported_within_the_bound() {
        let started = Instant::now();
        let err = run_bounded(
            &mut sh("echo started; exec sleep 30"),
            "sleeping",
            Duration::from_millis(300),
            Duration::from_millis(200),
        )
        .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(10), "{err}");
        assert!(
            err.contains("did not finish within 0.3 s and was killed"),
            "{err}"
        );
        assert!(err.ends_with(":\nstarted"), "{err}");
    }

    #[test]
    fn a_grandchild_holding_the_pipes_does_not_hold_the_caller() {
        let started = Instant::now();
        let (status, out) = run_bounded(
            &mut sh("sleep 3 & echo done"),
            "background",
            LIMIT,
            Duration::from_millis(200),
        )
        .expect("it ran");
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(status.success());
        assert_eq!(out.stdout, "done\n");
    }

    #[test]
    fn a_missing_program_is_named() {
        let err = run(
            &mut Command::new("cqlbridge-no-such-program"),
            "probing",
            Duration::from_secs(5),
        )
        .unwrap_err();
        assert_eq!(
            err,
            "probing: `cqlbridge-no-such-program` is not on PATH (install it)"
        );
    }

    #[test]
    fn show_reports_a_failure() {
        let err = show(&mut sh("exit 4"), "shown", LIMIT).unwrap_err();
        assert!(err.starts_with("shown: `sh -c 'exit 4'` failed"), "{err}");
    }

    #[test]
    fn tail_and_describe() {
        assert_eq!(tail("a\nb\nc", 2), "b\nc");
        assert_eq!(tail("a", 5), "a");
        let mut cmd = Command::new("x");
        cmd.args(["-a", "two words", ""]);
        assert_eq!(describe(&cmd), "x -a 'two words' ''");
        let long = "y".repeat(SHOWN_CHARS + 10);
        assert!(describe(&Command::new(&long)).ends_with('…'));
    }
}
