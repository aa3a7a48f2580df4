//! Unit tests of the error mapping: every family of `CassError` codes, with server details.

use super::*;
use sys::CassError as C;

fn details(consistency: sys::CassConsistency, received: i32, required: i32) -> ServerDetails {
    ServerDetails {
        consistency,
        received,
        required,
        keyspace: None,
        table: None,
    }
}

#[test]
fn unavailable_and_server_timeouts_carry_the_servers_numbers() {
    let d = details(sys::CassConsistency::CASS_CONSISTENCY_QUORUM, 1, 2);
    assert_eq!(
        kind_of(
            C::CASS_ERROR_SERVER_UNAVAILABLE,
            Some(&d),
            Some(Consistency::One)
        ),
        ErrorKind::Unavailable {
            consistency: Consistency::Quorum,
            required: 2,
            alive: 1
        }
    );
    assert_eq!(
        kind_of(C::CASS_ERROR_SERVER_WRITE_TIMEOUT, Some(&d), None),
        ErrorKind::ServerTimeout {
            op: TimeoutOp::Write,
            consistency: Consistency::Quorum,
            received: 1,
            required: 2
        }
    );
    let unknown = details(sys::CassConsistency::CASS_CONSISTENCY_UNKNOWN, 0, 1);
    assert!(
        matches!(
            kind_of(
                C::CASS_ERROR_SERVER_READ_TIMEOUT,
                Some(&unknown),
                Some(Consistency::All)
            ),
            ErrorKind::ServerTimeout {
                op: TimeoutOp::Read,
                consistency: Consistency::All,
                ..
            }
        ),
        "falls back to the consistency sent"
    );
}

#[test]
fn every_family_has_its_kind() {
    let cases = [
        (C::CASS_ERROR_LIB_REQUEST_TIMED_OUT, ErrorKind::Timeout),
        (C::CASS_ERROR_SERVER_SYNTAX_ERROR, ErrorKind::Syntax),
        (C::CASS_ERROR_SERVER_INVALID_QUERY, ErrorKind::Invalid),
        (C::CASS_ERROR_SERVER_UNAUTHORIZED, ErrorKind::Unauthorized),
        (C::CASS_ERROR_SERVER_BAD_CREDENTIALS, ErrorKind::Auth),
        (C::CASS_ERROR_SERVER_OVERLOADED, ErrorKind::Overloaded),
        (C::CASS_ERROR_SERVER_IS_BOOTSTRAPPING, ErrorKind::Overloaded),
        (C::CASS_ERROR_SERVER_PROTOCOL_ERROR, ErrorKind::Protocol),
        (C::CASS_ERROR_SERVER_WRITE_FAILURE, ErrorKind::Server),
        (C::CASS_ERROR_SSL_INVALID_PEER_CERT, ErrorKind::Tls),
        (C::CASS_ERROR_SSL_IDENTITY_MISMATCH, ErrorKind::Tls),
        (C::CASS_ERROR_LIB_NO_HOSTS_AVAILABLE, ErrorKind::Connection),
        (C::CASS_ERROR_LIB_UNABLE_TO_CONNECT, ErrorKind::Connection),
        (C::CASS_ERROR_LIB_INVALID_VALUE_TYPE, ErrorKind::Type),
        (C::CASS_ERROR_LIB_BAD_PARAMS, ErrorKind::Invalid),
        (C::CASS_ERROR_LIB_INVALID_DATA, ErrorKind::Protocol),
        (C::CASS_ERROR_LIB_INTERNAL_ERROR, ErrorKind::Other),
    ];
    for (code, kind) in cases {
        assert_eq!(kind_of(code, None, None), kind, "{}", code_name(code));
    }
}

#[test]
fn already_exists_names_keyspace_and_table() {
    let d = ServerDetails {
        keyspace: Some("ks".into()),
        table: Some("t".into()),
        ..details(sys::CassConsistency::CASS_CONSISTENCY_UNKNOWN, 0, 0)
    };
    assert_eq!(
        kind_of(C::CASS_ERROR_SERVER_ALREADY_EXISTS, Some(&d), None),
        ErrorKind::AlreadyExists {
            keyspace: "ks".into(),
            table: "t".into()
        }
    );
}

#[test]
fn code_and_message_survive_as_the_source() {
    let failure = Failure {
        code: C::CASS_ERROR_SERVER_SYNTAX_ERROR,
        message: "line 1:0 no viable alternative".into(),
        details: None,
    };
    let e = from_failure(failure, None);
    assert!(e.is_syntax());
    assert!(e.to_string().contains("no viable alternative"), "{e}");
    assert!(e.to_string().contains("SERVER_SYNTAX_ERROR"), "{e}");
    let src = std::error::Error::source(&e)
        .unwrap()
        .downcast_ref::<CppError>()
        .unwrap();
    assert_eq!(src.code(), 0x0200_2000);
    assert_eq!(src.name(), "SERVER_SYNTAX_ERROR");
    assert_eq!(src.message(), "line 1:0 no viable alternative");
}

#[test]
fn an_empty_message_falls_back_to_the_codes_description() {
    let e = from_failure(Failure::local(C::CASS_ERROR_LIB_NULL_VALUE, ""), None);
    assert!(e.is_type());
    assert!(e.message().len() > "[LIB_NULL_VALUE]".len(), "{e}");
    let l = local(C::CASS_ERROR_LIB_BAD_PARAMS, ErrorKind::Config, "setting x");
    assert!(
        l.to_string().contains("setting x") && l.to_string().contains("LIB_BAD_PARAMS"),
        "{l}"
    );
}
