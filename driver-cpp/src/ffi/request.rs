//! Methods of the request handles: [`StatementH`] and [`BatchH`].

use std::os::raw::c_char;

use super::handles::{BatchH, Res, StatementH};
use super::{cass_bool, check, sys};

impl StatementH {
    /// A simple (unprepared) statement without bind markers.
    pub(crate) fn simple(cql: &str) -> Option<Self> {
        // SAFETY: the query is copied; the new statement is owned by the caller.
        unsafe {
            Self::own(sys::cass_statement_new_n(
                cql.as_ptr().cast::<c_char>(),
                cql.len(),
                0,
            ))
        }
    }

    /// Consistency level.
    pub(crate) fn set_consistency(&mut self, c: sys::CassConsistency) -> Res {
        // SAFETY: valid statement.
        check(unsafe { sys::cass_statement_set_consistency(self.as_ptr(), c) })
    }

    /// Serial consistency level.
    pub(crate) fn set_serial_consistency(&mut self, c: sys::CassConsistency) -> Res {
        // SAFETY: valid statement.
        check(unsafe { sys::cass_statement_set_serial_consistency(self.as_ptr(), c) })
    }

    /// Rows per page; -1 turns paging off.
    pub(crate) fn set_paging_size(&mut self, rows: i32) -> Res {
        // SAFETY: valid statement.
        check(unsafe { sys::cass_statement_set_paging_size(self.as_ptr(), rows) })
    }

    /// Resumes from raw paging-state bytes.
    pub(crate) fn set_paging_state(&mut self, state: &[u8]) -> Res {
        // SAFETY: valid statement; the bytes are copied during the call.
        check(unsafe {
            sys::cass_statement_set_paging_state_token(
                self.as_ptr(),
                state.as_ptr().cast::<c_char>(),
                state.len(),
            )
        })
    }

    /// Write timestamp in microseconds.
    pub(crate) fn set_timestamp(&mut self, micros: i64) -> Res {
        // SAFETY: valid statement.
        check(unsafe { sys::cass_statement_set_timestamp(self.as_ptr(), micros) })
    }

    /// Request timeout in milliseconds (never 0 here: 0 would mean "no timeout").
    pub(crate) fn set_request_timeout(&mut self, ms: u64) -> Res {
        // SAFETY: valid statement.
        check(unsafe { sys::cass_statement_set_request_timeout(self.as_ptr(), ms.max(1)) })
    }

    /// Whether the statement may be retried safely.
    pub(crate) fn set_idempotent(&mut self, yes: bool) -> Res {
        // SAFETY: valid statement.
        check(unsafe { sys::cass_statement_set_is_idempotent(self.as_ptr(), cass_bool(yes)) })
    }

    /// Whether the server traces the request.
    pub(crate) fn set_tracing(&mut self, yes: bool) -> Res {
        // SAFETY: valid statement.
        check(unsafe { sys::cass_statement_set_tracing(self.as_ptr(), cass_bool(yes)) })
    }
}

impl BatchH {
    /// An empty batch.
    pub(crate) fn new(kind: sys::CassBatchType) -> Option<Self> {
        // SAFETY: returns a new object owned by the caller.
        unsafe { Self::own(sys::cass_batch_new(kind)) }
    }

    /// Adds a statement (the batch keeps its own reference).
    pub(crate) fn add(&mut self, statement: &StatementH) -> Res {
        // SAFETY: both valid; the batch references the statement, which we may then free.
        check(unsafe { sys::cass_batch_add_statement(self.as_ptr(), statement.as_ptr()) })
    }

    /// Consistency level.
    pub(crate) fn set_consistency(&mut self, c: sys::CassConsistency) -> Res {
        // SAFETY: valid batch.
        check(unsafe { sys::cass_batch_set_consistency(self.as_ptr(), c) })
    }

    /// Serial consistency level.
    pub(crate) fn set_serial_consistency(&mut self, c: sys::CassConsistency) -> Res {
        // SAFETY: valid batch.
        check(unsafe { sys::cass_batch_set_serial_consistency(self.as_ptr(), c) })
    }

    /// Write timestamp in microseconds.
    pub(crate) fn set_timestamp(&mut self, micros: i64) -> Res {
        // SAFETY: valid batch.
        check(unsafe { sys::cass_batch_set_timestamp(self.as_ptr(), micros) })
    }

    /// Request timeout in milliseconds (never 0).
    pub(crate) fn set_request_timeout(&mut self, ms: u64) -> Res {
        // SAFETY: valid batch.
        check(unsafe { sys::cass_batch_set_request_timeout(self.as_ptr(), ms.max(1)) })
    }

    /// Whether the batch may be retried safely.
    pub(crate) fn set_idempotent(&mut self, yes: bool) -> Res {
        // SAFETY: valid batch.
        check(unsafe { sys::cass_batch_set_is_idempotent(self.as_ptr(), cass_bool(yes)) })
    }

    /// Whether the server traces the batch.
    pub(crate) fn set_tracing(&mut self, yes: bool) -> Res {
        // SAFETY: valid batch.
        check(unsafe { sys::cass_batch_set_tracing(self.as_ptr(), cass_bool(yes)) })
    }
}
