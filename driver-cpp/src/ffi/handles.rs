//! Owning handles for libcassandra objects: each frees its object once, on drop.

use std::os::raw::{c_char, c_int, c_uint};
use std::ptr::NonNull;

use super::sys;
use super::view::{DataTypeRef, RowRef};
use super::{cass_bool, check, read_str};

/// Declares an owning handle `$name` for `$raw`, freed with `$free`.
macro_rules! owned {
    ($(#[$meta:meta])* $name:ident, $raw:ty, $free:path) => {
        $(#[$meta])*
        pub(crate) struct $name(NonNull<$raw>);

        impl $name {
            /// Takes ownership of `raw`; `None` when it is null.
            ///
            /// # Safety
            ///
            /// `raw` must be null or an object the caller owns and nothing else frees.
            unsafe fn own(raw: *mut $raw) -> Option<Self> {
                NonNull::new(raw).map($name)
            }

            /// The raw pointer, valid while `self` lives.
            pub(crate) fn as_ptr(&self) -> *mut $raw {
                self.0.as_ptr()
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({:p})", stringify!($name), self.0)
            }
        }

        impl Drop for $name {
            fn drop(&mut self) {
                // SAFETY: `self` owns the object (see `own`) and drop runs once.
                unsafe { $free(self.0.as_ptr()) }
            }
        }
    };
}

owned!(
    /// A `CassCluster`: the connection settings a session is created from.
    ClusterH, sys::CassCluster, sys::cass_cluster_free
);
owned!(
    /// A `CassSsl`: TLS settings, shared with the cluster by reference count.
    SslH, sys::CassSsl, sys::cass_ssl_free
);
owned!(
    /// A `CassStatement`, simple or bound.
    StatementH, sys::CassStatement, sys::cass_statement_free
);
owned!(
    /// A `CassBatch`.
    BatchH, sys::CassBatch, sys::cass_batch_free
);
owned!(
    /// A `CassPrepared`: immutable and thread-safe.
    PreparedH, sys::CassPrepared, sys::cass_prepared_free
);
owned!(
    /// A `CassResult`: immutable once the future completed.
    ResultH, sys::CassResult, sys::cass_result_free
);
owned!(
    /// A `CassCollection` (list, set or map) being built for binding.
    CollectionH, sys::CassCollection, sys::cass_collection_free
);
owned!(
    /// A `CassTuple` being built for binding.
    TupleH, sys::CassTuple, sys::cass_tuple_free
);
owned!(
    /// A `CassUserType` being built for binding.
    UserTypeH, sys::CassUserType, sys::cass_user_type_free
);

// SAFETY (all of the `Send` impls below): these C objects keep no thread-local state, so
// they may move between threads; the handles are not `Sync`, so no two threads use one at
// the same time.
macro_rules! send {
    ($($name:ident),*) => {$(
        // SAFETY: see the comment above the macro.
        unsafe impl Send for $name {}
    )*};
}
send!(
    ClusterH,
    SslH,
    StatementH,
    BatchH,
    CollectionH,
    TupleH,
    UserTypeH
);

// SAFETY: a prepared statement and a completed result are immutable and documented as
// thread-safe by the C++ driver; only `&self` methods that read are exposed.
unsafe impl Send for PreparedH {}
// SAFETY: as above.
unsafe impl Sync for PreparedH {}
// SAFETY: as above.
unsafe impl Send for ResultH {}
// SAFETY: as above.
unsafe impl Sync for ResultH {}

type Res = Result<(), sys::CassError>;

fn ms(ms: u64) -> c_uint {
    c_uint::try_from(ms).unwrap_or(c_uint::MAX)
}

impl ClusterH {
    /// A cluster with libcassandra's defaults.
    pub(crate) fn new() -> Option<Self> {
        // SAFETY: `cass_cluster_new` returns a new object owned by the caller.
        unsafe { Self::own(sys::cass_cluster_new()) }
    }

    /// Comma-separated hosts (no ports).
    pub(crate) fn set_contact_points(&mut self, hosts: &str) -> Res {
        // SAFETY: valid cluster; the string is read during the call only.
        check(unsafe {
            sys::cass_cluster_set_contact_points_n(
                self.as_ptr(),
                hosts.as_ptr().cast::<c_char>(),
                hosts.len(),
            )
        })
    }

    /// The port of every contact point.
    pub(crate) fn set_port(&mut self, port: u16) -> Res {
        // SAFETY: valid cluster.
        check(unsafe { sys::cass_cluster_set_port(self.as_ptr(), c_int::from(port)) })
    }

    /// Plain-text credentials for `PasswordAuthenticator`.
    pub(crate) fn set_credentials(&mut self, user: &str, password: &str) {
        // SAFETY: valid cluster; both strings are copied during the call.
        unsafe {
            sys::cass_cluster_set_credentials_n(
                self.as_ptr(),
                user.as_ptr().cast::<c_char>(),
                user.len(),
                password.as_ptr().cast::<c_char>(),
                password.len(),
            )
        }
    }

    /// Uses TLS with `ssl` (the cluster takes its own reference).
    pub(crate) fn set_ssl(&mut self, ssl: &SslH) {
        // SAFETY: both valid; the cluster adds a reference to the SSL context.
        unsafe { sys::cass_cluster_set_ssl(self.as_ptr(), ssl.as_ptr()) }
    }

    /// Timeouts in whole milliseconds (callers never pass 0, which means "none").
    pub(crate) fn set_timeouts(&mut self, connect_ms: u64, request_ms: u64) {
        // SAFETY: valid cluster.
        unsafe {
            sys::cass_cluster_set_connect_timeout(self.as_ptr(), ms(connect_ms));
            sys::cass_cluster_set_resolve_timeout(self.as_ptr(), ms(connect_ms));
            sys::cass_cluster_set_request_timeout(self.as_ptr(), ms(request_ms));
        }
    }

    /// DC-aware load balancing with `dc` as the local data center, remote DCs unused.
    pub(crate) fn set_local_dc(&mut self, dc: &str) -> Res {
        // SAFETY: valid cluster; the string is copied during the call.
        check(unsafe {
            sys::cass_cluster_set_load_balance_dc_aware_n(
                self.as_ptr(),
                dc.as_ptr().cast::<c_char>(),
                dc.len(),
                0,
                cass_bool(false),
            )
        })
    }

    /// Never retry on the driver's own: every error reaches the caller as the server sent it.
    pub(crate) fn use_fallthrough_retry_policy(&mut self) {
        // SAFETY: the new policy is owned here; the cluster takes its own reference, so
        // freeing ours afterwards is correct.
        unsafe {
            let policy = sys::cass_retry_policy_fallthrough_new();
            if !policy.is_null() {
                sys::cass_cluster_set_retry_policy(self.as_ptr(), policy);
                sys::cass_retry_policy_free(policy);
            }
        }
    }

    /// Leaves write timestamps to the server unless a statement sets one.
    pub(crate) fn use_server_side_timestamps(&mut self) {
        // SAFETY: as for the retry policy: the cluster keeps its own reference.
        unsafe {
            let generator = sys::cass_timestamp_gen_server_side_new();
            if !generator.is_null() {
                sys::cass_cluster_set_timestamp_gen(self.as_ptr(), generator);
                sys::cass_timestamp_gen_free(generator);
            }
        }
    }
}

impl SslH {
    /// An empty TLS context (verification of the peer certificate on by default).
    pub(crate) fn new() -> Option<Self> {
        // SAFETY: returns a new object owned by the caller.
        unsafe { Self::own(sys::cass_ssl_new()) }
    }

    /// Trusts one PEM certificate.
    pub(crate) fn add_trusted_cert(&mut self, pem: &[u8]) -> Res {
        // SAFETY: valid context; the PEM is parsed during the call.
        check(unsafe {
            sys::cass_ssl_add_trusted_cert_n(
                self.as_ptr(),
                pem.as_ptr().cast::<c_char>(),
                pem.len(),
            )
        })
    }

    /// `CASS_SSL_VERIFY_*` flags.
    pub(crate) fn set_verify_flags(&mut self, flags: c_int) {
        // SAFETY: valid context.
        unsafe { sys::cass_ssl_set_verify_flags(self.as_ptr(), flags) }
    }

    /// The client certificate (PEM).
    pub(crate) fn set_cert(&mut self, pem: &[u8]) -> Res {
        // SAFETY: valid context; parsed during the call.
        check(unsafe {
            sys::cass_ssl_set_cert_n(self.as_ptr(), pem.as_ptr().cast::<c_char>(), pem.len())
        })
    }

    /// The client's unencrypted private key (PEM); no password is passed.
    pub(crate) fn set_private_key(&mut self, pem: &[u8]) -> Res {
        // SAFETY: valid context; parsed during the call; an empty password.
        check(unsafe {
            sys::cass_ssl_set_private_key_n(
                self.as_ptr(),
                pem.as_ptr().cast::<c_char>(),
                pem.len(),
                c"".as_ptr(),
                0,
            )
        })
    }
}

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
}

impl PreparedH {
    /// Takes ownership of a prepared statement from a completed future.
    pub(super) fn from_future(raw: *const sys::CassPrepared) -> Option<Self> {
        // SAFETY: `cass_future_get_prepared` hands the caller a new reference to free.
        unsafe { Self::own(raw.cast_mut()) }
    }

    /// A bound statement for this prepared statement.
    pub(crate) fn bind(&self) -> Option<StatementH> {
        // SAFETY: valid prepared; returns a new statement owned by the caller.
        unsafe { StatementH::own(sys::cass_prepared_bind(self.as_ptr())) }
    }

    /// The name of bind marker `index`, or `None` past the last one.
    pub(crate) fn parameter_name(&self, index: usize) -> Option<String> {
        // SAFETY: valid prepared; the name points into its metadata, read at once.
        unsafe {
            read_str(|ptr, len| sys::cass_prepared_parameter_name(self.as_ptr(), index, ptr, len))
        }
    }

    /// The data type of bind marker `index`.
    pub(crate) fn parameter_type(&self, index: usize) -> Option<DataTypeRef<'_>> {
        // SAFETY: valid prepared; the data type lives as long as it (borrow of `self`).
        unsafe { DataTypeRef::new(sys::cass_prepared_parameter_data_type(self.as_ptr(), index)) }
    }
}

impl ResultH {
    /// Takes ownership of a result from a completed future.
    pub(super) fn from_future(raw: *const sys::CassResult) -> Option<Self> {
        // SAFETY: `cass_future_get_result` hands the caller a new reference to free.
        unsafe { Self::own(raw.cast_mut()) }
    }

    /// Columns per row (0 for a result without rows).
    pub(crate) fn column_count(&self) -> usize {
        // SAFETY: valid result.
        unsafe { sys::cass_result_column_count(self.as_ptr()) }
    }

    /// Rows in this page.
    pub(crate) fn row_count(&self) -> usize {
        // SAFETY: valid result.
        unsafe { sys::cass_result_row_count(self.as_ptr()) }
    }

    /// The name of column `index`.
    pub(crate) fn column_name(&self, index: usize) -> Option<String> {
        // SAFETY: valid result; the name points into its metadata, read at once.
        unsafe { read_str(|ptr, len| sys::cass_result_column_name(self.as_ptr(), index, ptr, len)) }
    }

    /// The data type of column `index`.
    pub(crate) fn column_type(&self, index: usize) -> Option<DataTypeRef<'_>> {
        // SAFETY: valid result; the data type lives as long as the result.
        unsafe { DataTypeRef::new(sys::cass_result_column_data_type(self.as_ptr(), index)) }
    }

    /// The raw paging state when more pages follow, else `None`.
    pub(crate) fn paging_state(&self) -> Option<Vec<u8>> {
        // SAFETY: valid result.
        if unsafe { sys::cass_result_has_more_pages(self.as_ptr()) } != sys::cass_true {
            return None;
        }
        let mut ptr: *const c_char = std::ptr::null();
        let mut len = 0usize;
        // SAFETY: valid result; on success the token points into the result.
        let rc = unsafe { sys::cass_result_paging_state_token(self.as_ptr(), &mut ptr, &mut len) };
        if rc != sys::CassError::CASS_OK || ptr.is_null() || len == 0 {
            return None;
        }
        // SAFETY: `len` bytes at `ptr`, owned by the live result; copied at once.
        Some(unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) }.to_vec())
    }

    /// Calls `each` with every row, in order; stops at the first error.
    pub(crate) fn for_each_row<E>(
        &self,
        mut each: impl FnMut(RowRef<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        // SAFETY: valid result; the iterator is freed below, before the result.
        let iter = unsafe { sys::cass_iterator_from_result(self.as_ptr()) };
        if iter.is_null() {
            return Ok(());
        }
        let outcome = (|| {
            // SAFETY: `iter` is a live result iterator.
            while unsafe { sys::cass_iterator_next(iter) } == sys::cass_true {
                // SAFETY: the current row is valid until the next call to `next`, and
                // `RowRef` cannot escape the closure call.
                if let Some(row) = unsafe { RowRef::new(sys::cass_iterator_get_row(iter)) } {
                    each(row)?;
                }
            }
            Ok(())
        })();
        // SAFETY: created above, freed once.
        unsafe { sys::cass_iterator_free(iter) };
        outcome
    }
}

impl CollectionH {
    /// An empty collection of data type `typ` (a list, set or map type).
    pub(crate) fn new(typ: DataTypeRef<'_>, items: usize) -> Option<Self> {
        // SAFETY: valid data type; returns a new object owned by the caller.
        unsafe { Self::own(sys::cass_collection_new_from_data_type(typ.as_ptr(), items)) }
    }
}

impl TupleH {
    /// An empty tuple of data type `typ`.
    pub(crate) fn new(typ: DataTypeRef<'_>) -> Option<Self> {
        // SAFETY: valid data type; returns a new object owned by the caller.
        unsafe { Self::own(sys::cass_tuple_new_from_data_type(typ.as_ptr())) }
    }
}

impl UserTypeH {
    /// An empty user-type value of data type `typ`.
    pub(crate) fn new(typ: DataTypeRef<'_>) -> Option<Self> {
        // SAFETY: valid data type; returns a new object owned by the caller.
        unsafe { Self::own(sys::cass_user_type_new_from_data_type(typ.as_ptr())) }
    }
}
