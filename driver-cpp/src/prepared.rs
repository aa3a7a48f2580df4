//! [`CppPrepared`]: a statement libcassandra prepared, with its bind markers' names and
//! types; and [`AutoPrepared`], the cache that lets unprepared statements with values be
//! bound by type.
//!
//! Why unprepared statements with values are prepared under the hood: libcassandra
//! encodes a simple statement's values by the Rust type bound, with no knowledge of the
//! column, so `Value::BigInt` for an `int` column, text for `ascii`, a list for a set or
//! a vector would be sent with the wrong encoding (or not at all, for vectors, which
//! need the server's class name). Preparing gives the real types, so every value goes
//! through `coerce` exactly as for a prepared statement and mistakes are `Type` errors
//! naming the marker. The scylla crate does the same for statements with values.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use cqlbridge_driver_api::{ColumnSpec, ColumnType};
use lru::LruCache;

use crate::ffi::PreparedH;
use crate::types::column_type;

/// A prepared statement and its bind markers.
pub(crate) struct CppPrepared {
    raw: PreparedH,
    params: Vec<ColumnSpec>,
}

impl std::fmt::Debug for CppPrepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CppPrepared")
            .field("params", &self.params.len())
            .finish_non_exhaustive()
    }
}

impl CppPrepared {
    /// Reads the bind markers of `raw`.
    pub(crate) fn new(raw: PreparedH) -> Self {
        let mut params = Vec::new();
        while let Some(name) = raw.parameter_name(params.len()) {
            let typ = raw
                .parameter_type(params.len())
                .map(column_type)
                .unwrap_or_else(|| ColumnType::Custom("unknown".into()));
            params.push(ColumnSpec::new(name, typ));
        }
        CppPrepared { raw, params }
    }

    /// The libcassandra object.
    pub(crate) fn raw(&self) -> &PreparedH {
        &self.raw
    }

    /// Names and types of the bind markers, in order.
    pub(crate) fn params(&self) -> &[ColumnSpec] {
        &self.params
    }
}

/// Statements prepared on behalf of unprepared executions, by CQL text (bounded LRU).
#[derive(Debug)]
pub(crate) struct AutoPrepared {
    cache: Mutex<LruCache<String, Arc<CppPrepared>>>,
}

impl AutoPrepared {
    /// A cache holding at most `capacity` statements (at least one).
    pub(crate) fn new(capacity: usize) -> Self {
        AutoPrepared {
            cache: Mutex::new(LruCache::new(
                NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN),
            )),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LruCache<String, Arc<CppPrepared>>> {
        // Each operation is a single LruCache call, so a poisoned lock is still consistent.
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The cached statement for `cql`.
    pub(crate) fn get(&self, cql: &str) -> Option<Arc<CppPrepared>> {
        self.lock().get(cql).cloned()
    }

    /// Caches `prepared` for `cql`.
    pub(crate) fn put(&self, cql: &str, prepared: Arc<CppPrepared>) {
        self.lock().put(cql.to_string(), prepared);
    }

    /// Forgets everything (on close).
    pub(crate) fn clear(&self) {
        self.lock().clear();
    }
}
