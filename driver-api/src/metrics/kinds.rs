//! A stable name and a dense index for every [`ErrorKind`], so that error
//! counts can live in a fixed array of atomics and be reported by name.

use crate::error::ErrorKind;

/// How many kinds [`ErrorKind`] has: the length of a per-kind counter array.
pub(crate) const KIND_COUNT: usize = 18;

/// Every kind's name, at its [`index`].
pub(crate) const KIND_NAMES: [&str; KIND_COUNT] = [
    "connection",
    "tls",
    "auth",
    "timeout",
    "server_timeout",
    "unavailable",
    "syntax",
    "invalid",
    "already_exists",
    "unauthorized",
    "overloaded",
    "type",
    "unsupported",
    "closed",
    "config",
    "protocol",
    "server",
    "other",
];

/// The position of `kind` in [`KIND_NAMES`].
pub(crate) fn index(kind: &ErrorKind) -> usize {
    match kind {
        ErrorKind::Connection => 0,
        ErrorKind::Tls => 1,
        ErrorKind::Auth => 2,
        ErrorKind::Timeout => 3,
        ErrorKind::ServerTimeout { .. } => 4,
        ErrorKind::Unavailable { .. } => 5,
        ErrorKind::Syntax => 6,
        ErrorKind::Invalid => 7,
        ErrorKind::AlreadyExists { .. } => 8,
        ErrorKind::Unauthorized => 9,
        ErrorKind::Overloaded => 10,
        ErrorKind::Type => 11,
        ErrorKind::Unsupported { .. } => 12,
        ErrorKind::Closed => 13,
        ErrorKind::Config => 14,
        ErrorKind::Protocol => 15,
        ErrorKind::Server => 16,
        ErrorKind::Other => 17,
    }
}

impl ErrorKind {
    /// The kind's stable snake-case name, without its details: `"timeout"`,
    /// `"unavailable"`, `"server_timeout"`, … The key of
    /// [`RequestMetrics::errors_by_kind`](crate::RequestMetrics::errors_by_kind)
    /// and the `error.type` of a request's tracing span.
    pub fn name(&self) -> &'static str {
        KIND_NAMES[index(self)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consistency::Consistency;

    #[test]
    fn every_kind_has_its_own_name() {
        let kinds = [
            ErrorKind::Connection,
            ErrorKind::Tls,
            ErrorKind::Auth,
            ErrorKind::Timeout,
            ErrorKind::ServerTimeout {
                op: crate::error::TimeoutOp::Read,
                consistency: Consistency::One,
                received: 0,
                required: 1,
            },
            ErrorKind::Unavailable {
                consistency: Consistency::All,
                required: 3,
                alive: 1,
            },
            ErrorKind::Syntax,
            ErrorKind::Invalid,
            ErrorKind::AlreadyExists {
                keyspace: "ks".into(),
                table: String::new(),
            },
            ErrorKind::Unauthorized,
            ErrorKind::Overloaded,
            ErrorKind::Type,
            ErrorKind::Unsupported {
                backend: "b".into(),
                feature: "f".into(),
            },
            ErrorKind::Closed,
            ErrorKind::Config,
            ErrorKind::Protocol,
            ErrorKind::Server,
            ErrorKind::Other,
        ];
        for (i, k) in kinds.iter().enumerate() {
            assert_eq!(index(k), i, "{k:?}");
        }
        assert_eq!(ErrorKind::Timeout.name(), "timeout");
        let mut names = KIND_NAMES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), KIND_COUNT);
    }
}
