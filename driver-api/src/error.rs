//! The error taxonomy shared by every backend.
//!
//! [`Error`] is opaque: callers branch on [`Error::kind`] (a `#[non_exhaustive]`
//! [`ErrorKind`] that carries the server's details, such as the consistency of an
//! `Unavailable`) or on the `is_*` helpers. The backend's own error stays
//! reachable through [`std::error::Error::source`], but its type is not part of
//! the stable API.

use std::fmt;

use crate::consistency::Consistency;

/// A `Result` whose error is the cqlbridge [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Which operation a server-side timeout interrupted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeoutOp {
    /// A read did not get enough replica answers in time.
    Read,
    /// A write did not get enough replica acknowledgements in time.
    Write,
}

/// What went wrong, with the details a caller can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// No connection could be made or kept (refused, reset, no host reachable).
    Connection,
    /// The TLS handshake failed (unknown CA, wrong peer identity, bad certificate).
    Tls,
    /// The server rejected the credentials, or demanded credentials that were not given.
    Auth,
    /// The client gave up waiting: the statement's timeout elapsed.
    Timeout,
    /// The coordinator timed out waiting for replicas.
    ServerTimeout {
        /// Read or write.
        op: TimeoutOp,
        /// The consistency level of the request.
        consistency: Consistency,
        /// Replicas that answered.
        received: i32,
        /// Replicas the consistency level needed.
        required: i32,
    },
    /// Not enough replicas were alive to even try the request.
    Unavailable {
        /// The consistency level of the request.
        consistency: Consistency,
        /// Replicas the consistency level needed.
        required: i32,
        /// Replicas known to be alive.
        alive: i32,
    },
    /// The CQL text does not parse.
    Syntax,
    /// The request is well formed but invalid (unknown table, wrong bind count, …).
    Invalid,
    /// A keyspace or table that a DDL statement creates already exists.
    AlreadyExists {
        /// The keyspace named by the server.
        keyspace: String,
        /// The table named by the server; empty when a keyspace already exists.
        table: String,
    },
    /// The authenticated role lacks a permission.
    Unauthorized,
    /// The server is overloaded or bootstrapping and refused the request.
    Overloaded,
    /// A value did not fit the CQL type it was bound to or read from.
    Type,
    /// The backend does not support a feature the request asked for.
    Unsupported {
        /// The backend's name.
        backend: String,
        /// The feature that is missing.
        feature: String,
    },
    /// The session was closed before or during the call.
    Closed,
    /// The configuration is invalid, or names a backend that is not compiled in.
    Config,
    /// The server or driver broke the protocol.
    Protocol,
    /// A server error that has no more precise kind (its code is in the message).
    Server,
    /// Anything else.
    Other,
}

type Source = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The error of every cqlbridge operation.
///
/// Build one with a constructor such as [`Error::timeout`] or [`Error::new`];
/// inspect it with [`Error::kind`] or the `is_*` helpers.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    message: String,
    source: Option<Source>,
}

impl Error {
    /// An error of `kind` with a message a person can act on.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                source: None,
            }),
        }
    }

    /// Attaches the underlying (backend) error, reachable through `source()`.
    pub fn with_source(mut self, source: impl Into<Source>) -> Self {
        self.inner.source = Some(source.into());
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The human-readable message, without the kind prefix.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// A client-side timeout.
    pub fn timeout(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Timeout, message)
    }

    /// The session is closed.
    pub fn closed() -> Self {
        Self::new(ErrorKind::Closed, "the session is closed")
    }

    /// A value did not fit its CQL type.
    pub fn type_error(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Type, message)
    }

    /// An invalid configuration.
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }

    /// An invalid request, caught before or by the server.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Invalid, message)
    }

    /// A prepared statement made by the `prepared_by` backend, handed to
    /// `backend`, which cannot run it: an `Invalid` error.
    pub fn foreign_prepared(prepared_by: &str, backend: &str) -> Self {
        Self::invalid(format!(
            "statement was prepared by the {prepared_by} backend, not {backend}"
        ))
    }

    /// `backend` does not support `feature`.
    pub fn unsupported(backend: impl Into<String>, feature: impl Into<String>) -> Self {
        let (backend, feature) = (backend.into(), feature.into());
        let message = format!("the {backend} backend does not support {feature}");
        Self::new(ErrorKind::Unsupported { backend, feature }, message)
    }

    /// True for a client-side timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self.kind(), ErrorKind::Timeout)
    }

    /// True for a coordinator-side read or write timeout.
    pub fn is_server_timeout(&self) -> bool {
        matches!(self.kind(), ErrorKind::ServerTimeout { .. })
    }

    /// True when not enough replicas were alive.
    pub fn is_unavailable(&self) -> bool {
        matches!(self.kind(), ErrorKind::Unavailable { .. })
    }

    /// True when the session is closed.
    pub fn is_closed(&self) -> bool {
        matches!(self.kind(), ErrorKind::Closed)
    }

    /// True for an authentication failure.
    pub fn is_auth(&self) -> bool {
        matches!(self.kind(), ErrorKind::Auth)
    }

    /// True for a TLS failure.
    pub fn is_tls(&self) -> bool {
        matches!(self.kind(), ErrorKind::Tls)
    }

    /// True for a connection failure.
    pub fn is_connection(&self) -> bool {
        matches!(self.kind(), ErrorKind::Connection)
    }

    /// True for a value that did not fit its type.
    pub fn is_type(&self) -> bool {
        matches!(self.kind(), ErrorKind::Type)
    }

    /// True when the backend does not support what was asked.
    pub fn is_unsupported(&self) -> bool {
        matches!(self.kind(), ErrorKind::Unsupported { .. })
    }

    /// True for a CQL syntax error.
    pub fn is_syntax(&self) -> bool {
        matches!(self.kind(), ErrorKind::Syntax)
    }

    /// True for an invalid request.
    pub fn is_invalid(&self) -> bool {
        matches!(self.kind(), ErrorKind::Invalid)
    }

    /// Whether retrying the same request may succeed (timeouts, unavailable,
    /// overloaded, lost connections). Whether a retry is *safe* also depends on
    /// the statement being idempotent.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::Timeout
                | ErrorKind::ServerTimeout { .. }
                | ErrorKind::Unavailable { .. }
                | ErrorKind::Overloaded
                | ErrorKind::Connection
        )
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.inner.kind)
            .field("message", &self.inner.message);
        if let Some(source) = &self.inner.source {
            d.field("source", source);
        }
        d.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            kind_label(&self.inner.kind),
            self.inner.message
        )
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

fn kind_label(kind: &ErrorKind) -> String {
    match kind {
        ErrorKind::Connection => "connection error".into(),
        ErrorKind::Tls => "TLS error".into(),
        ErrorKind::Auth => "authentication failed".into(),
        ErrorKind::Timeout => "client timeout".into(),
        ErrorKind::ServerTimeout {
            op,
            consistency,
            received,
            required,
        } => format!(
            "server {} timeout at {consistency} ({received} of {required} replicas answered)",
            match op {
                TimeoutOp::Read => "read",
                TimeoutOp::Write => "write",
            }
        ),
        ErrorKind::Unavailable {
            consistency,
            required,
            alive,
        } => format!("unavailable at {consistency} ({alive} replicas alive, {required} required)"),
        ErrorKind::Syntax => "CQL syntax error".into(),
        ErrorKind::Invalid => "invalid request".into(),
        ErrorKind::AlreadyExists { .. } => "already exists".into(),
        ErrorKind::Unauthorized => "unauthorized".into(),
        ErrorKind::Overloaded => "server overloaded".into(),
        ErrorKind::Type => "type error".into(),
        ErrorKind::Unsupported { .. } => "unsupported".into(),
        ErrorKind::Closed => "closed".into(),
        ErrorKind::Config => "configuration error".into(),
        ErrorKind::Protocol => "protocol error".into(),
        ErrorKind::Server => "server error".into(),
        ErrorKind::Other => "error".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_kind_and_the_details() {
        let e = Error::new(
            ErrorKind::Unavailable {
                consistency: Consistency::Quorum,
                required: 2,
                alive: 1,
            },
            "Cannot achieve consistency level QUORUM",
        );
        let text = e.to_string();
        assert!(text.contains("QUORUM"), "{text}");
        assert!(text.contains("1 replicas alive, 2 required"), "{text}");
        assert!(e.is_unavailable() && e.is_transient() && !e.is_timeout());
    }

    #[test]
    fn source_is_reachable() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let e = Error::new(ErrorKind::Connection, "cannot connect").with_source(io);
        let src = std::error::Error::source(&e).expect("source");
        assert!(src.downcast_ref::<std::io::Error>().is_some());
    }

    #[test]
    fn unsupported_names_backend_and_feature() {
        let e = Error::unsupported("cpp", "batch timeout");
        assert_eq!(
            e.kind(),
            &ErrorKind::Unsupported {
                backend: "cpp".into(),
                feature: "batch timeout".into()
            }
        );
        assert!(e
            .to_string()
            .contains("cpp backend does not support batch timeout"));
    }

    #[test]
    fn error_is_send_sync_static() {
        fn check<T: Send + Sync + 'static>() {}
        check::<Error>();
    }
}
