//! The [`ClusterH`] settings of which node takes a request and of how a
//! lost connection is re-opened: DC- and rack-aware load balancing, token
//! awareness, the reconnection backoff.

use std::ffi::CString;
use std::os::raw::{c_char, c_uint};

use super::handles::{ClusterH, Res};
use super::{cass_bool, check, sys};

// Declared here because `cassandra-cpp-sys` 1.1 binds the 2.16 header, which
// lacks it; the ScyllaDB build of libcassandra that `cargo xtask cpp-driver`
// provides (2.16.2) and DataStax's 2.17 both export it.
extern "C" {
    fn cass_cluster_set_load_balance_rack_aware(
        cluster: *mut sys::CassCluster,
        local_dc: *const c_char,
        local_rack: *const c_char,
    ) -> sys::CassError;
}

/// A NUL-free copy of `s` for a C call, or `LIB_BAD_PARAMS`.
fn c_string(s: &str) -> Result<CString, sys::CassError> {
    CString::new(s).map_err(|_| sys::CassError::CASS_ERROR_LIB_BAD_PARAMS)
}

impl ClusterH {
    /// DC-aware load balancing with `dc` as the local data center (empty:
    /// the first contact point's), and every node of the other data
    /// centers usable, whatever the consistency, when `allow_remote` (as
    /// the scylla crate's failover does).
    pub(crate) fn set_dc_aware(&mut self, dc: &str, allow_remote: bool) -> Res {
        let remote_hosts: c_uint = if allow_remote { c_uint::MAX } else { 0 };
        // SAFETY: valid cluster; the string is copied during the call.
        check(unsafe {
            sys::cass_cluster_set_load_balance_dc_aware_n(
                self.as_ptr(),
                dc.as_ptr().cast::<c_char>(),
                dc.len(),
                remote_hosts,
                cass_bool(allow_remote),
            )
        })
    }

    /// Rack-aware load balancing: the nodes of `rack` in `dc` first, then
    /// the rest of `dc`.
    pub(crate) fn set_rack_aware(&mut self, dc: &str, rack: &str) -> Res {
        let (dc, rack) = (c_string(dc)?, c_string(rack)?);
        // SAFETY: valid cluster; both strings are NUL-terminated and copied
        // during the call.
        check(unsafe {
            cass_cluster_set_load_balance_rack_aware(self.as_ptr(), dc.as_ptr(), rack.as_ptr())
        })
    }

    /// Token-aware routing on or off.
    pub(crate) fn set_token_aware(&mut self, on: bool) {
        // SAFETY: valid cluster.
        unsafe { sys::cass_cluster_set_token_aware_routing(self.as_ptr(), cass_bool(on)) }
    }

    /// Exponential reconnection backoff from `base_ms` doubling to `max_ms`.
    pub(crate) fn set_exponential_reconnect(&mut self, base_ms: u64, max_ms: u64) -> Res {
        // SAFETY: valid cluster.
        check(unsafe {
            sys::cass_cluster_set_exponential_reconnect(self.as_ptr(), base_ms, max_ms)
        })
    }
}
