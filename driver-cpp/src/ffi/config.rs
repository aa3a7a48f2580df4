//! Methods of the connection-setting handles: [`ClusterH`] and [`SslH`].

use std::os::raw::{c_char, c_int, c_uint};

use super::handles::{ClusterH, Res, SslH};
use super::{check, sys};

/// Milliseconds as libcassandra's `unsigned int`, saturating.
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
            );
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
