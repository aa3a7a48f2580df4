//! What a CQL exchange of the test bed's client can fail with.

use std::io;

/// What a CQL exchange can fail with.
#[derive(Debug)]
pub(crate) enum CqlError {
    /// Connecting, reading or writing failed, or the peer closed the connection.
    Io(String),
    /// The server answered with an ERROR frame.
    Server {
        /// The protocol error code (0x0100 = bad credentials).
        code: i32,
        /// The server's message.
        message: String,
    },
    /// The server's answer was not what the protocol allows here.
    Protocol(String),
}

impl std::fmt::Display for CqlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Io(m) => write!(f, "I/O: {m}"),
            Self::Server { code, message } => write!(f, "server error 0x{code:04x}: {message}"),
            Self::Protocol(m) => write!(f, "protocol: {m}"),
        }
    }
}

impl From<io::Error> for CqlError {
    fn from(e: io::Error) -> Self {
        Self::Io(e.to_string())
    }
}

/// Maps an unexpected end of stream to a clear message.
#[allow(
    clippy::needless_pass_by_value,
    reason = "used as `map_err(closed)`, which hands over the error"
)]
pub(crate) fn closed(e: io::Error) -> CqlError {
    if e.kind() == io::ErrorKind::UnexpectedEof && e.get_ref().is_none() {
        CqlError::Io("the server closed the connection".into())
    } else {
        CqlError::Io(e.to_string())
    }
}
