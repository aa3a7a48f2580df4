//! [`FutureH`]: a libcassandra future awaited without blocking a thread.
//!
//! Awaiting installs a completion callback that sends on a oneshot channel; the callback
//! owns the sender, so it is safe whether or not the Rust side is still waiting. Dropping
//! the Rust future only frees our reference: the request itself goes on inside the driver
//! (libcassandra has no cancellation), and its callback still runs and frees the sender.

use std::ffi::c_void;
use std::ptr::NonNull;

use tokio::sync::oneshot;

use super::handles::{PreparedH, ResultH};
use super::{read_str, sys};

/// An owned `CassFuture`.
pub(crate) struct FutureH(NonNull<sys::CassFuture>);

// SAFETY: libcassandra futures are thread-safe; the handle only moves between threads.
unsafe impl Send for FutureH {}

impl Drop for FutureH {
    fn drop(&mut self) {
        // SAFETY: we own one reference and release it once; the driver keeps its own
        // reference while the request is in flight.
        unsafe { sys::cass_future_free(self.0.as_ptr()) }
    }
}

/// A future that has completed: reading it never blocks.
pub(crate) struct Done(FutureH);

/// What the server added to an error: consistency, replica counts, names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServerDetails {
    /// The consistency of the failed request.
    pub(crate) consistency: sys::CassConsistency,
    /// Replicas that answered (`alive` for an unavailable error).
    pub(crate) received: i32,
    /// Replicas needed.
    pub(crate) required: i32,
    /// The keyspace named by an already-exists error.
    pub(crate) keyspace: Option<String>,
    /// The table named by an already-exists error.
    pub(crate) table: Option<String>,
}

/// A failed future: libcassandra's code and message, and the server's details if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    /// The error code.
    pub(crate) code: sys::CassError,
    /// The driver's message.
    pub(crate) message: String,
    /// Details from the server's error, for server errors.
    pub(crate) details: Option<ServerDetails>,
}

impl Failure {
    /// A failure that did not come from a future (a rejected setter, a null object).
    pub(crate) fn local(code: sys::CassError, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
            details: None,
        }
    }
}

unsafe extern "C" fn on_ready(_future: *mut sys::CassFuture, data: *mut c_void) {
    // SAFETY: `data` is the `Box<Sender>` leaked in `FutureH::ready`; libcassandra calls
    // this exactly once, so the box is reclaimed exactly once. Sending cannot panic.
    let sender = unsafe { Box::from_raw(data.cast::<oneshot::Sender<()>>()) };
    let _ = sender.send(());
}

impl FutureH {
    /// Takes ownership of a future returned by a `cass_session_*` call.
    ///
    /// # Safety
    ///
    /// `raw` must be null or a future the caller owns.
    pub(super) unsafe fn own(raw: *mut sys::CassFuture) -> Option<Self> {
        NonNull::new(raw).map(FutureH)
    }

    fn ptr(&self) -> *mut sys::CassFuture {
        self.0.as_ptr()
    }

    /// Waits, without blocking the thread, until the future completes.
    pub(crate) async fn ready(self) -> Done {
        // SAFETY: valid future.
        if unsafe { sys::cass_future_ready(self.ptr()) } == sys::cass_true {
            return Done(self);
        }
        let (tx, rx) = oneshot::channel::<()>();
        let data = Box::into_raw(Box::new(tx)).cast::<c_void>();
        // SAFETY: valid future; `on_ready` takes ownership of `data` when called (at once
        // if the future already completed).
        let rc = unsafe { sys::cass_future_set_callback(self.ptr(), Some(on_ready), data) };
        if rc != sys::CassError::CASS_OK {
            // SAFETY: the callback was not installed, so `data` is still ours.
            drop(unsafe { Box::from_raw(data.cast::<oneshot::Sender<()>>()) });
            // Fall back to a blocking wait on the blocking pool; the closure owns the
            // future, so it stays valid even if this task is dropped meanwhile.
            return match tokio::task::spawn_blocking(move || {
                // SAFETY: valid future owned by this closure.
                unsafe { sys::cass_future_wait(self.ptr()) };
                self
            })
            .await
            {
                Ok(done) => Done(done),
                Err(join) => std::panic::resume_unwind(join.into_panic()),
            };
        }
        // The sender is never dropped without sending (see `on_ready`).
        let _ = rx.await;
        Done(self)
    }
}

impl Done {
    /// The failure, if the future failed.
    pub(crate) fn failure(&self) -> Option<Failure> {
        let ptr = self.0.ptr();
        // SAFETY: the future has completed, so this does not block.
        let code = unsafe { sys::cass_future_error_code(ptr) };
        if code == sys::CassError::CASS_OK {
            return None;
        }
        // SAFETY: the message points into the future, which lives until we return.
        let message = unsafe {
            read_str(|p, l| {
                sys::cass_future_error_message(ptr, p, l);
                sys::CassError::CASS_OK
            })
        }
        .unwrap_or_default();
        // SAFETY: completed future; the error result (if any) is ours to free.
        let details = unsafe { server_details(sys::cass_future_get_error_result(ptr)) };
        Some(Failure {
            code,
            message,
            details,
        })
    }

    /// The server's trace id, when the request was traced.
    pub(crate) fn tracing_id(&self) -> Option<sys::CassUuid> {
        let mut id = sys::CassUuid {
            time_and_version: 0,
            clock_seq_and_node: 0,
        };
        // SAFETY: the future has completed; `id` is a valid place to write to.
        let code = unsafe { sys::cass_future_tracing_id(self.0.ptr(), &mut id) };
        (code == sys::CassError::CASS_OK).then_some(id)
    }

    /// Success without a value (connect, close).
    pub(crate) fn unit(self) -> Result<(), Failure> {
        self.failure().map_or(Ok(()), Err)
    }

    /// The result of an execute.
    pub(crate) fn result(self) -> Result<ResultH, Failure> {
        if let Some(failure) = self.failure() {
            return Err(failure);
        }
        // SAFETY: completed successfully; the result is a new reference we own.
        ResultH::from_future(unsafe { sys::cass_future_get_result(self.0.ptr()) }).ok_or_else(
            || {
                Failure::local(
                    sys::CassError::CASS_ERROR_LIB_NULL_VALUE,
                    "the C++ driver returned no result",
                )
            },
        )
    }

    /// The prepared statement of a prepare.
    pub(crate) fn prepared(self) -> Result<PreparedH, Failure> {
        if let Some(failure) = self.failure() {
            return Err(failure);
        }
        // SAFETY: completed successfully; the prepared statement is a new reference we own.
        PreparedH::from_future(unsafe { sys::cass_future_get_prepared(self.0.ptr()) }).ok_or_else(
            || {
                Failure::local(
                    sys::CassError::CASS_ERROR_LIB_NULL_VALUE,
                    "the C++ driver returned no prepared statement",
                )
            },
        )
    }
}

/// Copies the server's error details and frees the error result.
///
/// # Safety
///
/// `raw` must be null or an error result owned by the caller.
unsafe fn server_details(raw: *const sys::CassErrorResult) -> Option<ServerDetails> {
    if raw.is_null() {
        return None;
    }
    // SAFETY: `raw` is a live error result (caller's contract); strings are copied.
    let details = unsafe {
        ServerDetails {
            consistency: sys::cass_error_result_consistency(raw),
            received: sys::cass_error_result_responses_received(raw),
            required: sys::cass_error_result_responses_required(raw),
            keyspace: read_str(|p, l| sys::cass_error_result_keyspace(raw, p, l)),
            table: read_str(|p, l| sys::cass_error_result_table(raw, p, l)),
        }
    };
    // SAFETY: owned by us, freed once.
    unsafe { sys::cass_error_result_free(raw) };
    Some(details)
}
