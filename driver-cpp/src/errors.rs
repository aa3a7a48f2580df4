//! libcassandra's errors as cqlbridge [`Error`]s.
//!
//! Every `CassError` code maps to one [`ErrorKind`]; server details (consistency, replica
//! counts, keyspace and table) come from the error result. The driver's code and message
//! stay reachable as the error's `source()`: a [`CppError`], which is `Send + Sync` (unlike
//! `cassandra_cpp::Error`, which is not, and is not used here).

use std::fmt;

use cqlbridge_driver_api::{Consistency, Error, ErrorKind, TimeoutOp};

use crate::consistency::from_cass_consistency;
use crate::ffi::{error_desc, sys, Failure, ServerDetails};

/// The C++ driver's own error: its numeric code, the code's name and its message.
/// Reach it through [`std::error::Error::source`] on a cqlbridge error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CppError {
    code: u32,
    name: &'static str,
    message: String,
}

impl CppError {
    /// The numeric `CassError` code (e.g. `0x02001000` for `SERVER_UNAVAILABLE`).
    pub fn code(&self) -> u32 {
        self.code
    }

    /// The code's name without the `CASS_ERROR_` prefix (e.g. `SERVER_UNAVAILABLE`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The driver's message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({:#010x}): {}", self.name, self.code, self.message)
    }
}

impl std::error::Error for CppError {}

/// Converts a failure, using `sent` as the consistency when the server named none.
pub(crate) fn from_failure(failure: Failure, sent: Option<Consistency>) -> Error {
    let kind = kind_of(failure.code, failure.details.as_ref(), sent);
    let message = if failure.message.is_empty() {
        error_desc(failure.code)
    } else {
        failure.message
    };
    let source = CppError {
        code: failure.code as u32,
        name: code_name(failure.code),
        message: message.clone(),
    };
    Error::new(kind, format!("{message} [{}]", source.name)).with_source(source)
}

/// A failure of a local call (a setter, an allocation) as an error of `kind`, saying
/// what was being done.
pub(crate) fn local(code: sys::CassError, kind: ErrorKind, what: &str) -> Error {
    let source = CppError {
        code: code as u32,
        name: code_name(code),
        message: error_desc(code),
    };
    Error::new(
        kind,
        format!("{what}: {} [{}]", source.message, source.name),
    )
    .with_source(source)
}

/// The kind for `code`, with the server's details where the kind carries them.
pub(crate) fn kind_of(
    code: sys::CassError,
    details: Option<&ServerDetails>,
    sent: Option<Consistency>,
) -> ErrorKind {
    use sys::CassError as C;
    let consistency = || {
        details
            .and_then(|d| from_cass_consistency(d.consistency))
            .or(sent)
            .unwrap_or(Consistency::One)
    };
    let (received, required) = details.map_or((0, 0), |d| (d.received, d.required));
    match code {
        C::CASS_ERROR_LIB_REQUEST_TIMED_OUT => ErrorKind::Timeout,
        C::CASS_ERROR_SERVER_READ_TIMEOUT | C::CASS_ERROR_SERVER_WRITE_TIMEOUT => {
            ErrorKind::ServerTimeout {
                op: if code == C::CASS_ERROR_SERVER_READ_TIMEOUT {
                    TimeoutOp::Read
                } else {
                    TimeoutOp::Write
                },
                consistency: consistency(),
                received,
                required,
            }
        }
        C::CASS_ERROR_SERVER_UNAVAILABLE => ErrorKind::Unavailable {
            consistency: consistency(),
            required,
            alive: received,
        },
        C::CASS_ERROR_SERVER_SYNTAX_ERROR => ErrorKind::Syntax,
        C::CASS_ERROR_SERVER_INVALID_QUERY | C::CASS_ERROR_SERVER_CONFIG_ERROR => {
            ErrorKind::Invalid
        }
        C::CASS_ERROR_SERVER_ALREADY_EXISTS => ErrorKind::AlreadyExists {
            keyspace: details.and_then(|d| d.keyspace.clone()).unwrap_or_default(),
            table: details.and_then(|d| d.table.clone()).unwrap_or_default(),
        },
        C::CASS_ERROR_SERVER_UNAUTHORIZED => ErrorKind::Unauthorized,
        C::CASS_ERROR_SERVER_BAD_CREDENTIALS => ErrorKind::Auth,
        C::CASS_ERROR_SERVER_OVERLOADED | C::CASS_ERROR_SERVER_IS_BOOTSTRAPPING => {
            ErrorKind::Overloaded
        }
        C::CASS_ERROR_SERVER_PROTOCOL_ERROR => ErrorKind::Protocol,
        C::CASS_ERROR_SERVER_SERVER_ERROR
        | C::CASS_ERROR_SERVER_TRUNCATE_ERROR
        | C::CASS_ERROR_SERVER_READ_FAILURE
        | C::CASS_ERROR_SERVER_WRITE_FAILURE
        | C::CASS_ERROR_SERVER_FUNCTION_FAILURE
        | C::CASS_ERROR_SERVER_UNPREPARED => ErrorKind::Server,
        C::CASS_ERROR_SSL_INVALID_CERT
        | C::CASS_ERROR_SSL_INVALID_PRIVATE_KEY
        | C::CASS_ERROR_SSL_NO_PEER_CERT
        | C::CASS_ERROR_SSL_INVALID_PEER_CERT
        | C::CASS_ERROR_SSL_IDENTITY_MISMATCH
        | C::CASS_ERROR_SSL_PROTOCOL_ERROR
        | C::CASS_ERROR_SSL_CLOSED => ErrorKind::Tls,
        C::CASS_ERROR_LIB_NO_HOSTS_AVAILABLE
        | C::CASS_ERROR_LIB_UNABLE_TO_CONNECT
        | C::CASS_ERROR_LIB_WRITE_ERROR
        | C::CASS_ERROR_LIB_HOST_RESOLUTION
        | C::CASS_ERROR_LIB_NO_STREAMS
        | C::CASS_ERROR_LIB_REQUEST_QUEUE_FULL
        | C::CASS_ERROR_LIB_NO_AVAILABLE_IO_THREAD
        | C::CASS_ERROR_LIB_UNABLE_TO_CLOSE
        | C::CASS_ERROR_LIB_UNABLE_TO_DETERMINE_PROTOCOL => ErrorKind::Connection,
        C::CASS_ERROR_LIB_INVALID_VALUE_TYPE
        | C::CASS_ERROR_LIB_INVALID_CUSTOM_TYPE
        | C::CASS_ERROR_LIB_NULL_VALUE => ErrorKind::Type,
        C::CASS_ERROR_LIB_BAD_PARAMS
        | C::CASS_ERROR_LIB_INVALID_ITEM_COUNT
        | C::CASS_ERROR_LIB_INDEX_OUT_OF_BOUNDS
        | C::CASS_ERROR_LIB_NAME_DOES_NOT_EXIST
        | C::CASS_ERROR_LIB_PARAMETER_UNSET
        | C::CASS_ERROR_LIB_INVALID_STATEMENT_TYPE
        | C::CASS_ERROR_LIB_MESSAGE_ENCODE
        | C::CASS_ERROR_LIB_UNABLE_TO_SET_KEYSPACE
        | C::CASS_ERROR_LIB_EXECUTION_PROFILE_INVALID => ErrorKind::Invalid,
        C::CASS_ERROR_LIB_UNEXPECTED_RESPONSE
        | C::CASS_ERROR_LIB_INVALID_DATA
        | C::CASS_ERROR_LIB_NOT_ENOUGH_DATA => ErrorKind::Protocol,
        C::CASS_OK
        | C::CASS_ERROR_LIB_UNABLE_TO_INIT
        | C::CASS_ERROR_LIB_CALLBACK_ALREADY_SET
        | C::CASS_ERROR_LIB_NOT_IMPLEMENTED
        | C::CASS_ERROR_LIB_NO_PAGING_STATE
        | C::CASS_ERROR_LIB_INVALID_ERROR_RESULT_TYPE
        | C::CASS_ERROR_LIB_INVALID_FUTURE_TYPE
        | C::CASS_ERROR_LIB_INTERNAL_ERROR
        | C::CASS_ERROR_LIB_INVALID_STATE
        | C::CASS_ERROR_LIB_NO_CUSTOM_PAYLOAD
        | C::CASS_ERROR_LIB_NO_TRACING_ID
        | C::CASS_ERROR_LAST_ENTRY => ErrorKind::Other,
    }
}

/// The name of `code` without the `CASS_ERROR_` prefix.
pub(crate) fn code_name(code: sys::CassError) -> &'static str {
    use sys::CassError as C;
    match code {
        C::CASS_OK => "OK",
        C::CASS_ERROR_LIB_BAD_PARAMS => "LIB_BAD_PARAMS",
        C::CASS_ERROR_LIB_NO_STREAMS => "LIB_NO_STREAMS",
        C::CASS_ERROR_LIB_UNABLE_TO_INIT => "LIB_UNABLE_TO_INIT",
        C::CASS_ERROR_LIB_MESSAGE_ENCODE => "LIB_MESSAGE_ENCODE",
        C::CASS_ERROR_LIB_HOST_RESOLUTION => "LIB_HOST_RESOLUTION",
        C::CASS_ERROR_LIB_UNEXPECTED_RESPONSE => "LIB_UNEXPECTED_RESPONSE",
        C::CASS_ERROR_LIB_REQUEST_QUEUE_FULL => "LIB_REQUEST_QUEUE_FULL",
        C::CASS_ERROR_LIB_NO_AVAILABLE_IO_THREAD => "LIB_NO_AVAILABLE_IO_THREAD",
        C::CASS_ERROR_LIB_WRITE_ERROR => "LIB_WRITE_ERROR",
        C::CASS_ERROR_LIB_NO_HOSTS_AVAILABLE => "LIB_NO_HOSTS_AVAILABLE",
        C::CASS_ERROR_LIB_INDEX_OUT_OF_BOUNDS => "LIB_INDEX_OUT_OF_BOUNDS",
        C::CASS_ERROR_LIB_INVALID_ITEM_COUNT => "LIB_INVALID_ITEM_COUNT",
        C::CASS_ERROR_LIB_INVALID_VALUE_TYPE => "LIB_INVALID_VALUE_TYPE",
        C::CASS_ERROR_LIB_REQUEST_TIMED_OUT => "LIB_REQUEST_TIMED_OUT",
        C::CASS_ERROR_LIB_UNABLE_TO_SET_KEYSPACE => "LIB_UNABLE_TO_SET_KEYSPACE",
        C::CASS_ERROR_LIB_CALLBACK_ALREADY_SET => "LIB_CALLBACK_ALREADY_SET",
        C::CASS_ERROR_LIB_INVALID_STATEMENT_TYPE => "LIB_INVALID_STATEMENT_TYPE",
        C::CASS_ERROR_LIB_NAME_DOES_NOT_EXIST => "LIB_NAME_DOES_NOT_EXIST",
        C::CASS_ERROR_LIB_UNABLE_TO_DETERMINE_PROTOCOL => "LIB_UNABLE_TO_DETERMINE_PROTOCOL",
        C::CASS_ERROR_LIB_NULL_VALUE => "LIB_NULL_VALUE",
        C::CASS_ERROR_LIB_NOT_IMPLEMENTED => "LIB_NOT_IMPLEMENTED",
        C::CASS_ERROR_LIB_UNABLE_TO_CONNECT => "LIB_UNABLE_TO_CONNECT",
        C::CASS_ERROR_LIB_UNABLE_TO_CLOSE => "LIB_UNABLE_TO_CLOSE",
        C::CASS_ERROR_LIB_NO_PAGING_STATE => "LIB_NO_PAGING_STATE",
        C::CASS_ERROR_LIB_PARAMETER_UNSET => "LIB_PARAMETER_UNSET",
        C::CASS_ERROR_LIB_INVALID_ERROR_RESULT_TYPE => "LIB_INVALID_ERROR_RESULT_TYPE",
        C::CASS_ERROR_LIB_INVALID_FUTURE_TYPE => "LIB_INVALID_FUTURE_TYPE",
        C::CASS_ERROR_LIB_INTERNAL_ERROR => "LIB_INTERNAL_ERROR",
        C::CASS_ERROR_LIB_INVALID_CUSTOM_TYPE => "LIB_INVALID_CUSTOM_TYPE",
        C::CASS_ERROR_LIB_INVALID_DATA => "LIB_INVALID_DATA",
        C::CASS_ERROR_LIB_NOT_ENOUGH_DATA => "LIB_NOT_ENOUGH_DATA",
        C::CASS_ERROR_LIB_INVALID_STATE => "LIB_INVALID_STATE",
        C::CASS_ERROR_LIB_NO_CUSTOM_PAYLOAD => "LIB_NO_CUSTOM_PAYLOAD",
        C::CASS_ERROR_LIB_EXECUTION_PROFILE_INVALID => "LIB_EXECUTION_PROFILE_INVALID",
        C::CASS_ERROR_LIB_NO_TRACING_ID => "LIB_NO_TRACING_ID",
        C::CASS_ERROR_SERVER_SERVER_ERROR => "SERVER_SERVER_ERROR",
        C::CASS_ERROR_SERVER_PROTOCOL_ERROR => "SERVER_PROTOCOL_ERROR",
        C::CASS_ERROR_SERVER_BAD_CREDENTIALS => "SERVER_BAD_CREDENTIALS",
        C::CASS_ERROR_SERVER_UNAVAILABLE => "SERVER_UNAVAILABLE",
        C::CASS_ERROR_SERVER_OVERLOADED => "SERVER_OVERLOADED",
        C::CASS_ERROR_SERVER_IS_BOOTSTRAPPING => "SERVER_IS_BOOTSTRAPPING",
        C::CASS_ERROR_SERVER_TRUNCATE_ERROR => "SERVER_TRUNCATE_ERROR",
        C::CASS_ERROR_SERVER_WRITE_TIMEOUT => "SERVER_WRITE_TIMEOUT",
        C::CASS_ERROR_SERVER_READ_TIMEOUT => "SERVER_READ_TIMEOUT",
        C::CASS_ERROR_SERVER_READ_FAILURE => "SERVER_READ_FAILURE",
        C::CASS_ERROR_SERVER_FUNCTION_FAILURE => "SERVER_FUNCTION_FAILURE",
        C::CASS_ERROR_SERVER_WRITE_FAILURE => "SERVER_WRITE_FAILURE",
        C::CASS_ERROR_SERVER_SYNTAX_ERROR => "SERVER_SYNTAX_ERROR",
        C::CASS_ERROR_SERVER_UNAUTHORIZED => "SERVER_UNAUTHORIZED",
        C::CASS_ERROR_SERVER_INVALID_QUERY => "SERVER_INVALID_QUERY",
        C::CASS_ERROR_SERVER_CONFIG_ERROR => "SERVER_CONFIG_ERROR",
        C::CASS_ERROR_SERVER_ALREADY_EXISTS => "SERVER_ALREADY_EXISTS",
        C::CASS_ERROR_SERVER_UNPREPARED => "SERVER_UNPREPARED",
        C::CASS_ERROR_SSL_INVALID_CERT => "SSL_INVALID_CERT",
        C::CASS_ERROR_SSL_INVALID_PRIVATE_KEY => "SSL_INVALID_PRIVATE_KEY",
        C::CASS_ERROR_SSL_NO_PEER_CERT => "SSL_NO_PEER_CERT",
        C::CASS_ERROR_SSL_INVALID_PEER_CERT => "SSL_INVALID_PEER_CERT",
        C::CASS_ERROR_SSL_IDENTITY_MISMATCH => "SSL_IDENTITY_MISMATCH",
        C::CASS_ERROR_SSL_PROTOCOL_ERROR => "SSL_PROTOCOL_ERROR",
        C::CASS_ERROR_SSL_CLOSED => "SSL_CLOSED",
        C::CASS_ERROR_LAST_ENTRY => "LAST_ENTRY",
    }
}

#[cfg(test)]
#[path = "errors_tests.rs"]
mod tests;
