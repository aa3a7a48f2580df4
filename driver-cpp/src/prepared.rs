//! [`CppPrepared`]: a statement libcassandra prepared, with its bind markers' names and
//! types, the handle inside a [`Prepared`] of this backend; text with values is prepared
//! under the hood (cached, see `exec::prepare_cached`) so that it is bound by type.
//!
//! Why unprepared statements with values are prepared under the hood: libcassandra
//! encodes a simple statement's values by the Rust type bound, with no knowledge of the
//! column, so `Value::BigInt` for an `int` column, text for `ascii`, a list for a set or
//! a vector would be sent with the wrong encoding (or not at all, for vectors, which
//! need the server's class name). Preparing gives the real types, so every value goes
//! through `coerce` exactly as for a prepared statement and mistakes are `Type` errors
//! naming the marker. The scylla crate does the same for statements with values.

use std::sync::Arc;

use cqlbridge_driver_api::backend;
use cqlbridge_driver_api::{ColumnSpec, ColumnType, Prepared, Result};

use crate::capabilities::NAME;
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

/// The handle inside one of our prepared statements.
pub(crate) fn handle(p: &Prepared) -> Result<&Arc<CppPrepared>> {
    backend::handle::<Arc<CppPrepared>>(p, NAME)
}
