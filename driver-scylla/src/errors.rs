//! Every `scylla` error → our [`Error`], with the original kept as `source()`.
//!
//! The mapping follows the error's structure (execution → attempt → server
//! error; session → pool → connection → setup request), and looks for a
//! rustls error anywhere in the chain (including inside `io::Error`s, whose
//! `source()` skips the wrapped error) to tell TLS failures apart.

use std::error::Error as StdError;

use cqlbridge_driver_api::{Error, ErrorKind, TimeoutOp};
use scylla::errors::{
    BadQuery, BrokenConnectionError, BrokenConnectionErrorKind, ConnectionError,
    ConnectionPoolError, ConnectionSetupRequestError, ConnectionSetupRequestErrorKind, DbError,
    ExecutionError, FrameHeaderParseError, IntoRowsResultError, NewSessionError, PrepareError,
    RequestAttemptError, TlsError, UseKeyspaceError,
};
use scylla::serialize::SerializationError;

use crate::consistency::from_scylla;

/// Builds our error of `kind`, with `source` attached.
fn wrap<E>(kind: ErrorKind, message: String, source: E) -> Error
where
    E: StdError + Send + Sync + 'static,
{
    Error::new(kind, message).with_source(source)
}

/// An execution error (query, execute, batch).
pub(crate) fn execution(e: ExecutionError) -> Error {
    let kind = execution_kind(&e);
    if let Some(ours) = own_error(&e) {
        return ours;
    }
    wrap(kind, e.to_string(), e)
}

fn execution_kind(e: &ExecutionError) -> ErrorKind {
    match e {
        ExecutionError::BadQuery(BadQuery::SerializationError(_)) => ErrorKind::Type,
        ExecutionError::BadQuery(_) => ErrorKind::Invalid,
        ExecutionError::EmptyPlan => ErrorKind::Connection,
        ExecutionError::PrepareError(p) => prepare_kind(p),
        ExecutionError::ConnectionPoolError(p) => pool_kind(p),
        ExecutionError::LastAttemptError(a) => attempt_kind(a),
        ExecutionError::RequestTimeout(_) => ErrorKind::Timeout,
        ExecutionError::UseKeyspaceError(u) => use_keyspace_kind(u),
        ExecutionError::SchemaAgreementError(_) | ExecutionError::MetadataError(_) => {
            ErrorKind::Server
        }
        _ => ErrorKind::Other,
    }
}

/// Our own error, if serialization of our values failed with one.
fn own_error(e: &ExecutionError) -> Option<Error> {
    let ser = match e {
        ExecutionError::BadQuery(BadQuery::SerializationError(s)) => s,
        ExecutionError::LastAttemptError(RequestAttemptError::SerializationError(s)) => s,
        _ => return None,
    };
    ours_within(ser, e.clone())
}

/// Our own error inside `ser`, as it was, with `source` attached.
fn ours_within<E>(ser: &SerializationError, source: E) -> Option<Error>
where
    E: StdError + Send + Sync + 'static,
{
    let ours = ser.downcast_ref::<Error>()?;
    Some(wrap(
        ours.kind().clone(),
        ours.message().to_string(),
        source,
    ))
}

/// Values that could not be bound to a prepared statement: our own error as
/// it was (a value that does not fit its marker names the marker), anything
/// else a `Type` error.
pub(crate) fn serialization(e: SerializationError) -> Error {
    match ours_within(&e, e.clone()) {
        Some(ours) => ours,
        None => wrap(ErrorKind::Type, format!("cannot bind the values: {e}"), e),
    }
}

/// A prepare error.
pub(crate) fn prepare(e: PrepareError) -> Error {
    wrap(prepare_kind(&e), e.to_string(), e)
}

fn prepare_kind(e: &PrepareError) -> ErrorKind {
    match e {
        PrepareError::ConnectionPoolError(p) => pool_kind(p),
        PrepareError::AllAttemptsFailed { first_attempt } => attempt_kind(first_attempt),
        _ => ErrorKind::Server,
    }
}

/// A `USE` error.
pub(crate) fn use_keyspace(e: UseKeyspaceError) -> Error {
    wrap(use_keyspace_kind(&e), e.to_string(), e)
}

fn use_keyspace_kind(e: &UseKeyspaceError) -> ErrorKind {
    match e {
        UseKeyspaceError::BadKeyspaceName(_) => ErrorKind::Invalid,
        UseKeyspaceError::RequestError(a) => attempt_kind(a),
        UseKeyspaceError::RequestTimeout(_) => ErrorKind::Timeout,
        _ => ErrorKind::Invalid,
    }
}

/// A failure to create the session.
pub(crate) fn new_session(e: NewSessionError) -> Error {
    let kind = match &e {
        NewSessionError::FailedToResolveAnyHostname(_) => ErrorKind::Connection,
        NewSessionError::EmptyKnownNodesList | NewSessionError::IllegalConfig(_) => {
            ErrorKind::Config
        }
        NewSessionError::MetadataError(scylla::errors::MetadataError::ConnectionPoolError(p)) => {
            pool_kind(p)
        }
        NewSessionError::UseKeyspaceError(u) => use_keyspace_kind(u),
        _ => chain_kind(&e, ErrorKind::Connection),
    };
    wrap(kind, e.to_string(), e)
}

/// Rows that could not be read from a result.
pub(crate) fn into_rows(e: IntoRowsResultError) -> Error {
    wrap(ErrorKind::Protocol, e.to_string(), e)
}

fn pool_kind(p: &ConnectionPoolError) -> ErrorKind {
    match p {
        ConnectionPoolError::Broken {
            last_connection_error,
        } => connection_kind(last_connection_error),
        _ => ErrorKind::Connection,
    }
}

fn connection_kind(c: &ConnectionError) -> ErrorKind {
    match c {
        ConnectionError::ConnectionSetupRequestError(s) => match s.get_error() {
            ConnectionSetupRequestErrorKind::DbError(db, _) => match db {
                DbError::AuthenticationError => ErrorKind::Auth,
                other => db_kind(other),
            },
            ConnectionSetupRequestErrorKind::MissingAuthentication
            | ConnectionSetupRequestErrorKind::StartAuthSessionError(_)
            | ConnectionSetupRequestErrorKind::AuthChallengeEvaluationError(_)
            | ConnectionSetupRequestErrorKind::AuthFinishError(_) => ErrorKind::Auth,
            _ => chain_kind(c, ErrorKind::Connection),
        },
        ConnectionError::UseKeyspaceError(u) => use_keyspace_kind(u),
        _ => chain_kind(c, ErrorKind::Connection),
    }
}

fn attempt_kind(a: &RequestAttemptError) -> ErrorKind {
    match a {
        RequestAttemptError::SerializationError(_) => ErrorKind::Type,
        RequestAttemptError::DbError(db, _) => db_kind(db),
        RequestAttemptError::BrokenConnectionError(b) => chain_kind(b, ErrorKind::Connection),
        RequestAttemptError::UnableToAllocStreamId => ErrorKind::Connection,
        _ => ErrorKind::Protocol,
    }
}

/// The kind of a server error: the details callers act on are kept.
pub(crate) fn db_kind(db: &DbError) -> ErrorKind {
    match db {
        DbError::SyntaxError => ErrorKind::Syntax,
        DbError::Invalid | DbError::ConfigError => ErrorKind::Invalid,
        DbError::AlreadyExists { keyspace, table } => ErrorKind::AlreadyExists {
            keyspace: keyspace.clone(),
            table: table.clone(),
        },
        DbError::AuthenticationError => ErrorKind::Auth,
        DbError::Unauthorized => ErrorKind::Unauthorized,
        DbError::Unavailable {
            consistency,
            required,
            alive,
        } => ErrorKind::Unavailable {
            consistency: from_scylla(*consistency),
            required: *required,
            alive: *alive,
        },
        DbError::Overloaded | DbError::IsBootstrapping | DbError::RateLimitReached { .. } => {
            ErrorKind::Overloaded
        }
        DbError::ReadTimeout {
            consistency,
            received,
            required,
            ..
        } => ErrorKind::ServerTimeout {
            op: TimeoutOp::Read,
            consistency: from_scylla(*consistency),
            received: *received,
            required: *required,
        },
        DbError::WriteTimeout {
            consistency,
            received,
            required,
            ..
        } => ErrorKind::ServerTimeout {
            op: TimeoutOp::Write,
            consistency: from_scylla(*consistency),
            received: *received,
            required: *required,
        },
        DbError::ProtocolError => ErrorKind::Protocol,
        _ => ErrorKind::Server,
    }
}

/// `Tls` when a TLS error is anywhere in the chain, else `fallback`.
fn chain_kind(e: &(dyn StdError + 'static), fallback: ErrorKind) -> ErrorKind {
    if has_tls(e) {
        ErrorKind::Tls
    } else {
        fallback
    }
}

/// True when `e` or any error it wraps comes from TLS.
///
/// Follows `source()`, and also the wrappers that hide their cause from it:
/// `io::Error` (its `source()` skips the wrapped error), the crate's
/// connection, pool, setup-request and broken-connection errors, and frame
/// header read errors (where a TLS alert received after the handshake lands).
pub(crate) fn has_tls(e: &(dyn StdError + 'static)) -> bool {
    tls_in(e, 0)
}

fn tls_in(e: &(dyn StdError + 'static), depth: usize) -> bool {
    if depth > 24 {
        return false;
    }
    if e.is::<rustls::Error>() || e.is::<TlsError>() {
        return true;
    }
    let hidden = hidden_cause(e);
    hidden.is_some_and(|h| tls_in(h, depth + 1)) || e.source().is_some_and(|s| tls_in(s, depth + 1))
}

/// The cause a wrapper holds but does not report as `source()`.
fn hidden_cause<'a>(e: &'a (dyn StdError + 'static)) -> Option<&'a (dyn StdError + 'static)> {
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        return io.get_ref().map(|r| r as &(dyn StdError + 'static));
    }
    if let Some(b) = e.downcast_ref::<BrokenConnectionError>() {
        if let Some(k) = b.downcast_ref::<BrokenConnectionErrorKind>() {
            return Some(k);
        }
        return b.downcast_ref::<std::io::Error>().map(|io| io as _);
    }
    if let Some(k) = e.downcast_ref::<BrokenConnectionErrorKind>() {
        return match k {
            BrokenConnectionErrorKind::FrameHeaderParseError(f) => Some(f),
            BrokenConnectionErrorKind::WriteError(io) => Some(io),
            BrokenConnectionErrorKind::KeepaliveRequestError(inner) => Some(inner.as_ref()),
            _ => None,
        };
    }
    if let Some(f) = e.downcast_ref::<FrameHeaderParseError>() {
        return match f {
            FrameHeaderParseError::HeaderIoError(io)
            | FrameHeaderParseError::BodyChunkIoError(_, io) => Some(io),
            _ => None,
        };
    }
    if let Some(s) = e.downcast_ref::<ConnectionSetupRequestError>() {
        return match s.get_error() {
            ConnectionSetupRequestErrorKind::BrokenConnection(b) => Some(b),
            _ => None,
        };
    }
    if let Some(c) = e.downcast_ref::<ConnectionError>() {
        return match c {
            ConnectionError::IoError(io) => Some(io.as_ref()),
            ConnectionError::BrokenConnection(b) => Some(b),
            ConnectionError::ConnectionSetupRequestError(s) => Some(s),
            _ => None,
        };
    }
    if let Some(ConnectionPoolError::Broken {
        last_connection_error,
    }) = e.downcast_ref::<ConnectionPoolError>()
    {
        return Some(last_connection_error);
    }
    None
}
