//! The handle inside a [`Prepared`] made by this backend: the crate's
//! prepared statement, and what its text tells once, at prepare time.

use cqlbridge_driver_api::backend::{self, schema_inference};
use cqlbridge_driver_api::{PagingState, Prepared, Result};
use scylla::statement::prepared::PreparedStatement;

use crate::capabilities::NAME;

/// Our handle for one `scylla` prepared statement.
#[derive(Debug)]
pub(crate) struct ScyllaPrepared {
    /// The crate's statement, configured with the session defaults.
    pub(crate) statement: PreparedStatement,
    /// The text may be DDL or `USE` ([`schema_inference::may_classify`]):
    /// its result is inferred after it runs, and the crate may wait for
    /// schema agreement or switch keyspaces after the reply, outside its
    /// request timeout, so such a statement runs under our own bound.
    pub(crate) may_classify: bool,
    /// The server described result columns at prepare time (a `SELECT`);
    /// a write has none, and runs unpaged: paging a write only adds a
    /// page size and a paging state to parse.
    pub(crate) returns_rows: bool,
}

impl ScyllaPrepared {
    /// Wraps `statement`, prepared from `cql`.
    pub(crate) fn new(statement: PreparedStatement, cql: &str) -> Self {
        ScyllaPrepared {
            returns_rows: statement.get_current_result_set_col_specs().get().len() > 0,
            may_classify: schema_inference::may_classify(cql),
            statement,
        }
    }

    /// The page size to run with: the resolved one, except for a write
    /// without a paging state of the caller's, which runs unpaged.
    pub(crate) fn page_size(
        &self,
        resolved: Option<i32>,
        state: Option<&PagingState>,
    ) -> Option<i32> {
        page_size(self.returns_rows, resolved, state)
    }
}

/// See [`ScyllaPrepared::page_size`].
fn page_size(
    returns_rows: bool,
    resolved: Option<i32>,
    state: Option<&PagingState>,
) -> Option<i32> {
    if returns_rows || state.is_some() {
        resolved
    } else {
        None
    }
}

/// The handle inside one of our prepared statements.
#[inline]
pub(crate) fn handle(p: &Prepared) -> Result<&ScyllaPrepared> {
    backend::handle::<ScyllaPrepared>(p, NAME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_write_without_a_paging_state_runs_unpaged() {
        let state = PagingState::from_bytes(vec![1u8, 2]).unwrap();
        assert_eq!(page_size(true, Some(100), None), Some(100));
        assert_eq!(page_size(true, None, None), None);
        assert_eq!(page_size(false, Some(100), None), None);
        // A caller's paging state is never dropped: the request stays paged.
        assert_eq!(page_size(false, Some(100), Some(&state)), Some(100));
    }
}
