//! The only place that touches libcassandra's C API.
//!
//! Everything above this module is safe Rust: it sees owning handles (freed on drop),
//! borrowed views of values and data types that cannot outlive what they borrow from, and
//! plain Rust data for errors. Each `unsafe` block says why it is sound in a `// SAFETY:`
//! comment; the general rules it relies on, from the C++ driver's documentation:
//!
//! - objects returned by `*_new`, `cass_future_get_*` and `cass_prepared_bind` are owned by
//!   the caller and freed exactly once with the matching `*_free`;
//! - `CassSession`, `CassPrepared`, `CassFuture` and a finished `CassResult` are thread-safe;
//!   statements, batches, collections, tuples and user types have no thread affinity (they
//!   may move between threads) but must not be used from two threads at once;
//! - a statement or batch can be freed as soon as it has been handed to
//!   `cass_session_execute*` (the request keeps its own reference);
//! - pointers read out of a result, row, value or data type stay valid while that owner
//!   lives; an iterator's current item stays valid only until the iterator moves on.

#![allow(unsafe_code)]

mod balancing;
mod config;
mod future;
mod handles;
mod log;
mod outcome;
mod request;
mod session;
mod sink;
mod view;

pub(crate) use cassandra_cpp_sys as sys;

pub(crate) use future::{Failure, FutureH, ServerDetails};
pub(crate) use handles::{
    BatchH, ClusterH, CollectionH, PreparedH, ResultH, SslH, StatementH, TupleH, UserTypeH,
};
pub(crate) use log::init_logging;
pub(crate) use session::SessionH;
pub(crate) use sink::Sink;
pub(crate) use view::{DataTypeRef, ValueRef};

use std::os::raw::c_char;

/// The description libcassandra gives for an error code (`cass_error_desc`).
pub(crate) fn error_desc(code: sys::CassError) -> String {
    // SAFETY: `cass_error_desc` returns a pointer to a static NUL-terminated string for
    // every code (an "unknown error" text for codes it does not know).
    let ptr = unsafe { sys::cass_error_desc(code) };
    if ptr.is_null() {
        return String::from("unknown error");
    }
    // SAFETY: non-null, NUL-terminated and static (see above).
    unsafe { std::ffi::CStr::from_ptr(ptr) }
        .to_string_lossy()
        .into_owned()
}

/// `Ok` for `CASS_OK`, else the code.
pub(crate) fn check(code: sys::CassError) -> Result<(), sys::CassError> {
    if code == sys::CassError::CASS_OK {
        Ok(())
    } else {
        Err(code)
    }
}

/// Reads a string that `fill` returns through (pointer, length) out-parameters.
///
/// # Safety
///
/// `fill` must, when it returns `CASS_OK`, leave in its out-parameters a pointer to at
/// least `length` readable bytes that stay valid until this function returns.
unsafe fn read_str(
    fill: impl FnOnce(*mut *const c_char, *mut usize) -> sys::CassError,
) -> Option<String> {
    let mut ptr: *const c_char = std::ptr::null();
    let mut len: usize = 0;
    if fill(&mut ptr, &mut len) != sys::CassError::CASS_OK {
        return None;
    }
    if ptr.is_null() || len == 0 {
        return Some(String::new());
    }
    // SAFETY: guaranteed by the caller's contract above.
    let bytes = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) };
    Some(String::from_utf8_lossy(bytes).into_owned())
}

/// The bool libcassandra expects.
fn cass_bool(yes: bool) -> sys::cass_bool_t {
    if yes {
        sys::cass_bool_t::cass_true
    } else {
        sys::cass_bool_t::cass_false
    }
}
