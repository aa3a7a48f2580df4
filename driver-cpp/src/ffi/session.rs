//! [`SessionH`]: the libcassandra session, and the one thing about it that needs care —
//! freeing it may block until the driver's I/O threads stop, so it never happens on an
//! async worker thread.

use std::os::raw::c_char;
use std::ptr::NonNull;

use super::future::FutureH;
use super::handles::{BatchH, ClusterH, StatementH};
use super::sys;

/// An owned `CassSession` (thread-safe: every method takes `&self`).
pub(crate) struct SessionH(NonNull<sys::CassSession>);

// SAFETY: the C++ driver documents `CassSession` as thread-safe for all the calls used
// here (execute, prepare, close); only `Drop`/`free_blocking` free it, once.
unsafe impl Send for SessionH {}
// SAFETY: as above.
unsafe impl Sync for SessionH {}

/// A session pointer on its way to being freed on another thread.
struct Doomed(NonNull<sys::CassSession>);
// SAFETY: the session is thread-safe and no longer used by anyone else.
unsafe impl Send for Doomed {}

impl Doomed {
    fn free(self) {
        // SAFETY: the last owner handed it over; freed once. Blocks while the driver
        // closes the session if it is still connected.
        unsafe { sys::cass_session_free(self.0.as_ptr()) }
    }
}

/// Wraps a future returned by a session call.
fn future(raw: *mut sys::CassFuture) -> Option<FutureH> {
    // SAFETY: every `cass_session_*` call returns a new future owned by the caller.
    unsafe { FutureH::own(raw) }
}

impl SessionH {
    /// A new, unconnected session.
    pub(crate) fn new() -> Option<Self> {
        // SAFETY: returns a new object owned by the caller.
        NonNull::new(unsafe { sys::cass_session_new() }).map(SessionH)
    }

    fn ptr(&self) -> *mut sys::CassSession {
        self.0.as_ptr()
    }

    /// Starts connecting with `cluster`'s settings (copied by the session), using
    /// `keyspace` if given.
    pub(crate) fn connect(&self, cluster: &ClusterH, keyspace: Option<&str>) -> Option<FutureH> {
        // SAFETY: both live; the keyspace string is copied during the call.
        future(unsafe {
            match keyspace {
                Some(ks) => sys::cass_session_connect_keyspace_n(
                    self.ptr(),
                    cluster.as_ptr(),
                    ks.as_ptr().cast::<c_char>(),
                    ks.len(),
                ),
                None => sys::cass_session_connect(self.ptr(), cluster.as_ptr()),
            }
        })
    }

    /// Starts executing `statement`; it may be freed as soon as this returns.
    pub(crate) fn execute(&self, statement: &StatementH) -> Option<FutureH> {
        // SAFETY: both live; the request keeps its own reference to the statement.
        future(unsafe { sys::cass_session_execute(self.ptr(), statement.as_ptr()) })
    }

    /// Starts executing `batch`; it may be freed as soon as this returns.
    pub(crate) fn execute_batch(&self, batch: &BatchH) -> Option<FutureH> {
        // SAFETY: both live; the request keeps its own reference to the batch.
        future(unsafe { sys::cass_session_execute_batch(self.ptr(), batch.as_ptr()) })
    }

    /// Starts preparing `cql`.
    pub(crate) fn prepare(&self, cql: &str) -> Option<FutureH> {
        // SAFETY: live session; the query is copied during the call.
        future(unsafe {
            sys::cass_session_prepare_n(self.ptr(), cql.as_ptr().cast::<c_char>(), cql.len())
        })
    }

    /// Starts closing the session (without blocking).
    pub(crate) fn close(&self) -> Option<FutureH> {
        // SAFETY: live session.
        future(unsafe { sys::cass_session_close(self.ptr()) })
    }

    /// Frees the session on this thread. Call it on a blocking-capable thread.
    pub(crate) fn free_blocking(self) {
        let doomed = Doomed(self.0);
        std::mem::forget(self);
        doomed.free();
    }
}

impl Drop for SessionH {
    /// Frees the session. Inside a Tokio runtime the (possibly blocking) free runs on a
    /// short-lived thread of its own, so no async worker is ever blocked; outside one it
    /// runs here.
    fn drop(&mut self) {
        let doomed = Doomed(self.0);
        if tokio::runtime::Handle::try_current().is_err() {
            doomed.free();
            return;
        }
        let spawned = std::thread::Builder::new()
            .name("cqlbridge-cpp-close".into())
            .spawn(move || doomed.free());
        if let Err(err) = spawned {
            tracing::error!(
                "cqlbridge-cpp: cannot start a thread to free a C++ driver session ({err}); \
                 leaking it rather than blocking an async worker"
            );
        }
    }
}
