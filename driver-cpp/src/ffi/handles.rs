//! Owning handles for libcassandra objects: each frees its object once, on drop. Their
//! methods live next to what they are for: `config.rs` (cluster, TLS), `request.rs`
//! (statements, batches), `outcome.rs` (prepared statements, results); collections,
//! tuples and user types are built here and written through `sink.rs`.

use std::ptr::NonNull;

use super::sys;
use super::view::DataTypeRef;

/// The outcome of a setter: libcassandra's error code on failure.
pub(crate) type Res = Result<(), sys::CassError>;

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
            pub(super) unsafe fn own(raw: *mut $raw) -> Option<Self> {
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
