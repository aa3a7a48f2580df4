//! The handle inside a [`Prepared`] made by this backend: the crate's
//! prepared statement, and what its text tells once, at prepare time.

use cqlbridge_driver_api::schema_inference;
use cqlbridge_driver_api::{Error, Prepared, Result};
use scylla::statement::prepared::PreparedStatement;

use crate::driver::NAME;

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
}

impl ScyllaPrepared {
    /// Wraps `statement`, prepared from `cql`.
    pub(crate) fn new(statement: PreparedStatement, cql: &str) -> Self {
        ScyllaPrepared {
            statement,
            may_classify: schema_inference::may_classify(cql),
        }
    }
}

/// The handle inside one of our prepared statements.
pub(crate) fn handle(p: &Prepared) -> Result<&ScyllaPrepared> {
    if p.backend() != NAME {
        return Err(Error::invalid(format!(
            "statement was prepared by the {} backend, not {NAME}",
            p.backend()
        )));
    }
    p.handle::<ScyllaPrepared>()
        .ok_or_else(|| Error::invalid("this prepared statement holds no scylla statement"))
}
