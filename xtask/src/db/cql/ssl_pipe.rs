//! TLS for the test bed's client through an `openssl s_client` child: its stdin and stdout
//! carry the plaintext, and it checks the certificate chain and the IP SAN the way an
//! independent client would.

use std::io::{self, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use super::error::CqlError;
use crate::cmd::pump;

/// A TLS connection through an `openssl s_client` child: its stdin and stdout carry the
/// plaintext. Reads time out through a reader thread; the child is killed on drop.
pub(crate) struct SslPipe {
    /// The `openssl s_client` process.
    child: Child,
    /// Its standard input: plaintext to send.
    stdin: ChildStdin,
    /// Its standard output, as read by a [`pump`]: plaintext received.
    chunks: Receiver<Vec<u8>>,
    /// Received bytes not yet returned by `read`.
    pending: Vec<u8>,
    /// Its standard error, as read by a [`pump`]: the diagnostics.
    stderr: Receiver<Vec<u8>>,
    /// The bound on each read.
    timeout: Duration,
}

impl SslPipe {
    /// Starts `cmd` (an `openssl s_client` command line); each read waits at most `timeout`.
    pub(crate) fn spawn(mut cmd: Command, timeout: Duration) -> Result<Self, CqlError> {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| CqlError::Io(format!("cannot start openssl s_client: {e}")))?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            return Err(CqlError::Io("openssl s_client pipes missing".into()));
        };
        Ok(Self {
            child,
            stdin,
            chunks: pump(stdout),
            pending: Vec::new(),
            stderr: pump(stderr),
            timeout,
        })
    }

    /// What s_client said on stderr so far, for error messages.
    fn diagnostics(&mut self) -> String {
        let _ = self.child.try_wait();
        thread::sleep(Duration::from_millis(100));
        let mut text = Vec::new();
        while let Ok(chunk) = self.stderr.try_recv() {
            text.extend(chunk);
        }
        let text = String::from_utf8_lossy(&text);
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        lines[lines.len().saturating_sub(3)..].join(" | ")
    }
}

impl Read for SslPipe {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pending.is_empty() {
            match self.chunks.recv_timeout(self.timeout) {
                Ok(chunk) => self.pending = chunk,
                Err(RecvTimeoutError::Timeout) => {
                    return Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "TLS read timed out",
                    ))
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let why = self.diagnostics();
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        format!("TLS connection closed (openssl: {why})"),
                    ));
                }
            }
        }
        let n = out.len().min(self.pending.len());
        out[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}

impl Write for SslPipe {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stdin.write(buf).map_err(|e| {
            let why = self.diagnostics();
            io::Error::new(
                e.kind(),
                format!("TLS connection closed: {e} (openssl: {why})"),
            )
        })
    }
    fn flush(&mut self) -> io::Result<()> {
        self.stdin.flush()
    }
}

impl Drop for SslPipe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
