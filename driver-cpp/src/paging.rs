//! Paging with raw paging-state bytes.
//!
//! The state comes out of a result as the server's own bytes
//! (`cass_result_paging_state_token`, only when `cass_result_has_more_pages`) and goes back
//! in with `cass_statement_set_paging_state_token`. Nothing is kept in the driver: the
//! bytes alone resume a scan, in this session or another one, for the same statement and
//! values. libcassandra checks nothing about them; the server rejects a state that does
//! not belong to the statement.

use cqlbridge_driver_api::{ErrorKind, PagingState, Result};

use crate::errors::local;
use crate::ffi::{ResultH, StatementH};

/// The state leading to the next page, `None` on the last page.
pub(crate) fn next_state(result: &ResultH) -> Result<Option<PagingState>> {
    result
        .paging_state()
        .map(PagingState::from_bytes)
        .transpose()
}

/// Makes `statement` resume from `state`.
pub(crate) fn resume(statement: &mut StatementH, state: &PagingState) -> Result<()> {
    statement
        .set_paging_state(state.as_bytes())
        .map_err(|code| local(code, ErrorKind::Invalid, "cannot set the paging state"))
}
