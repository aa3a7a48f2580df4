//! Error mapping, checked on `scylla` error values built by hand.

use std::error::Error as _;
use std::sync::Arc;
use std::time::Duration;

use cqlbridge_driver_api::{Consistency, Error, ErrorKind, TimeoutOp};
use scylla::errors::{
    BadQuery, ConnectionError, ConnectionPoolError, DbError, ExecutionError, MetadataError,
    NewSessionError, OperationType, PrepareError, RequestAttemptError, SerializationError,
    UseKeyspaceError, WriteType,
};
use scylla::statement::Consistency as SC;

use crate::errors::{execution, new_session, prepare, use_keyspace};

fn db(e: DbError) -> ExecutionError {
    ExecutionError::LastAttemptError(RequestAttemptError::DbError(e, "server says no".into()))
}

fn kind(e: DbError) -> ErrorKind {
    execution(db(e)).kind().clone()
}

#[test]
fn server_errors_keep_their_details() {
    assert_eq!(
        kind(DbError::Unavailable {
            consistency: SC::Quorum,
            required: 2,
            alive: 1
        }),
        ErrorKind::Unavailable {
            consistency: Consistency::Quorum,
            required: 2,
            alive: 1
        }
    );
    assert_eq!(
        kind(DbError::ReadTimeout {
            consistency: SC::LocalQuorum,
            received: 1,
            required: 2,
            data_present: false
        }),
        ErrorKind::ServerTimeout {
            op: TimeoutOp::Read,
            consistency: Consistency::LocalQuorum,
            received: 1,
            required: 2
        }
    );
    assert_eq!(
        kind(DbError::WriteTimeout {
            consistency: SC::All,
            received: 0,
            required: 3,
            write_type: WriteType::Simple
        }),
        ErrorKind::ServerTimeout {
            op: TimeoutOp::Write,
            consistency: Consistency::All,
            received: 0,
            required: 3
        }
    );
    assert_eq!(
        kind(DbError::AlreadyExists {
            keyspace: "ks".into(),
            table: "t".into()
        }),
        ErrorKind::AlreadyExists {
            keyspace: "ks".into(),
            table: "t".into()
        }
    );
}

#[test]
fn server_error_codes_map_to_kinds() {
    let cases = [
        (DbError::SyntaxError, ErrorKind::Syntax),
        (DbError::Invalid, ErrorKind::Invalid),
        (DbError::ConfigError, ErrorKind::Invalid),
        (DbError::Unauthorized, ErrorKind::Unauthorized),
        (DbError::AuthenticationError, ErrorKind::Auth),
        (DbError::Overloaded, ErrorKind::Overloaded),
        (DbError::IsBootstrapping, ErrorKind::Overloaded),
        (
            DbError::RateLimitReached {
                op_type: OperationType::Read,
                rejected_by_coordinator: true,
            },
            ErrorKind::Overloaded,
        ),
        (DbError::ProtocolError, ErrorKind::Protocol),
        (DbError::ServerError, ErrorKind::Server),
        (DbError::TruncateError, ErrorKind::Server),
        (DbError::Other(0x9999), ErrorKind::Server),
    ];
    for (db_err, want) in cases {
        assert_eq!(kind(db_err.clone()), want, "{db_err:?}");
    }
}

#[test]
fn the_original_error_is_the_source_and_the_message_is_kept() {
    let e = execution(db(DbError::SyntaxError));
    assert!(e.is_syntax());
    assert!(e.message().contains("server says no"), "{e}");
    let src = e.source().expect("source");
    assert!(src.downcast_ref::<ExecutionError>().is_some());
}

#[test]
fn client_side_failures() {
    let t = execution(ExecutionError::RequestTimeout(Duration::from_millis(5)));
    assert!(t.is_timeout(), "{t}");
    let u = use_keyspace(UseKeyspaceError::RequestTimeout(Duration::from_millis(5)));
    assert!(u.is_timeout());
    let ser = ExecutionError::BadQuery(BadQuery::SerializationError(SerializationError::new(
        std::fmt::Error,
    )));
    assert!(execution(ser).is_type());
    let ours = SerializationError::new(Error::type_error("bind marker `v`: too big"));
    let e = execution(ExecutionError::LastAttemptError(
        RequestAttemptError::SerializationError(ours),
    ));
    assert!(
        e.is_type() && e.message() == "bind marker `v`: too big",
        "{e}"
    );
    let p = prepare(PrepareError::AllAttemptsFailed {
        first_attempt: RequestAttemptError::DbError(DbError::Invalid, "unknown table".into()),
    });
    assert!(p.is_invalid(), "{p}");
    assert!(execution(ExecutionError::EmptyPlan).is_connection());
}

fn broken(io: std::io::Error) -> NewSessionError {
    NewSessionError::MetadataError(MetadataError::ConnectionPoolError(
        ConnectionPoolError::Broken {
            last_connection_error: ConnectionError::IoError(Arc::new(io)),
        },
    ))
}

#[test]
fn connect_failures_tell_tls_from_connection() {
    let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
    assert!(new_session(broken(refused)).is_connection());
    let bad_cert = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
    let tls = std::io::Error::new(std::io::ErrorKind::InvalidData, bad_cert);
    let e = new_session(broken(tls));
    assert!(e.is_tls(), "{e}");
    let timeout = NewSessionError::MetadataError(MetadataError::ConnectionPoolError(
        ConnectionPoolError::Broken {
            last_connection_error: ConnectionError::ConnectTimeout,
        },
    ));
    assert!(new_session(timeout).is_connection());
    let unresolved = NewSessionError::FailedToResolveAnyHostname(vec!["nowhere".into()]);
    assert!(new_session(unresolved).is_connection());
    assert_eq!(
        new_session(NewSessionError::EmptyKnownNodesList).kind(),
        &ErrorKind::Config
    );
}

#[test]
fn a_tls_alert_after_the_handshake_is_tls() {
    // Mutual TLS refused under TLS 1.3: the server's alert arrives when the
    // driver reads its first frame, deep inside a broken-connection error.
    use scylla::errors::{BrokenConnectionError, BrokenConnectionErrorKind, FrameHeaderParseError};
    let alert = rustls::Error::AlertReceived(rustls::AlertDescription::CertificateRequired);
    let io = std::io::Error::new(std::io::ErrorKind::InvalidData, alert);
    let broken = BrokenConnectionError::from(BrokenConnectionErrorKind::FrameHeaderParseError(
        FrameHeaderParseError::HeaderIoError(io),
    ));
    let e = NewSessionError::MetadataError(MetadataError::ConnectionPoolError(
        ConnectionPoolError::Broken {
            last_connection_error: ConnectionError::BrokenConnection(broken.clone()),
        },
    ));
    assert!(new_session(e).is_tls());
    let attempt = execution(ExecutionError::LastAttemptError(
        RequestAttemptError::BrokenConnectionError(broken),
    ));
    assert!(attempt.is_tls(), "{attempt}");
    let plain = BrokenConnectionError::from(BrokenConnectionErrorKind::ChannelError);
    let e = execution(ExecutionError::LastAttemptError(
        RequestAttemptError::BrokenConnectionError(plain),
    ));
    assert!(e.is_connection(), "{e}");
}
