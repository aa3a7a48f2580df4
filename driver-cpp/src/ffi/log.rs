//! Routes libcassandra's log messages to `tracing` (target `cqlbridge_driver_cpp::libcassandra`)
//! instead of its default of printing to standard error.

use std::ffi::{c_void, CStr};
use std::sync::Once;

use super::sys;

static INIT: Once = Once::new();

/// Installs the log callback once per process, before the first session is created
/// (libcassandra requires that order). Messages at warning level and above are forwarded.
pub(crate) fn init_logging() {
    INIT.call_once(|| {
        // SAFETY: called once, before any session exists (every session is created after
        // this returns); `on_log` is a valid callback for the life of the process.
        unsafe {
            sys::cass_log_set_level(sys::CassLogLevel::CASS_LOG_WARN);
            sys::cass_log_set_callback(Some(on_log), std::ptr::null_mut());
        }
    });
}

unsafe extern "C" fn on_log(message: *const sys::CassLogMessage, _data: *mut c_void) {
    if message.is_null() {
        return;
    }
    // SAFETY: libcassandra passes a valid message for the duration of the call.
    let message = unsafe { &*message };
    let bytes: Vec<u8> = message.message.iter().map(|&c| c as u8).collect();
    let text = CStr::from_bytes_until_nul(&bytes)
        .map(|c| c.to_string_lossy().into_owned())
        .unwrap_or_else(|_| String::from_utf8_lossy(&bytes).into_owned());
    // Never unwind into C: a panicking subscriber is contained here.
    let _ = std::panic::catch_unwind(|| match message.severity {
        sys::CassLogLevel::CASS_LOG_CRITICAL | sys::CassLogLevel::CASS_LOG_ERROR => {
            tracing::error!(target: "cqlbridge_driver_cpp::libcassandra", "{text}");
        }
        sys::CassLogLevel::CASS_LOG_WARN => {
            tracing::warn!(target: "cqlbridge_driver_cpp::libcassandra", "{text}");
        }
        _ => tracing::debug!(target: "cqlbridge_driver_cpp::libcassandra", "{text}"),
    });
}
