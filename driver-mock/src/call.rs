//! [`Call`] and [`Op`]: the log entry the [`FakeDriver`](crate::FakeDriver)
//! records for every call it receives.

use cqlbridge_driver_api::{ExecOptions, Values};

/// Which [`Driver`](cqlbridge_driver_api::Driver) method was called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// [`Driver::execute`](cqlbridge_driver_api::Driver::execute): CQL text.
    Execute,
    /// [`Driver::prepare`](cqlbridge_driver_api::Driver::prepare).
    Prepare,
    /// [`Driver::execute_prepared`](cqlbridge_driver_api::Driver::execute_prepared).
    ExecutePrepared,
    /// [`Driver::batch`](cqlbridge_driver_api::Driver::batch).
    Batch,
    /// [`Driver::use_keyspace`](cqlbridge_driver_api::Driver::use_keyspace).
    UseKeyspace,
    /// [`Driver::close`](cqlbridge_driver_api::Driver::close).
    Close,
}

/// One call the fake received, exactly as the driver saw it.
///
/// | `op`              | `cql`                       | `values`   | `options`             | `batch`   |
/// |-------------------|-----------------------------|------------|-----------------------|-----------|
/// | `Execute`         | the statement's text        | bound      | merged by the session | `None`    |
/// | `ExecutePrepared` | the prepared statement's text | bound    | merged by the session | `None`    |
/// | `Prepare`         | the text to prepare         | empty      | default (none given)  | `None`    |
/// | `Batch`           | `"BATCH"`                   | empty      | the batch's, merged   | the items |
/// | `UseKeyspace`     | `"USE <keyspace>"`          | empty      | default (none given)  | `None`    |
/// | `Close`           | empty                       | empty      | default (none given)  | `None`    |
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Which method was called.
    pub op: Op,
    /// The CQL text (see the table above).
    pub cql: String,
    /// The bound values.
    pub values: Values,
    /// The options the driver received: for a call through a
    /// [`Session`](cqlbridge_driver_api::Session), the statement's own
    /// options over the session defaults.
    pub options: ExecOptions,
    /// For a batch: each statement's CQL text and values, in order.
    pub batch: Option<Vec<(String, Values)>>,
}

impl Call {
    /// A call with no values, default options and no batch items.
    pub(crate) fn new(op: Op, cql: impl Into<String>) -> Self {
        Call {
            op,
            cql: cql.into(),
            values: Values::Empty,
            options: ExecOptions::default(),
            batch: None,
        }
    }

    /// The same call with `values` and `options`.
    pub(crate) fn with(mut self, values: &Values, options: &ExecOptions) -> Self {
        self.values = values.clone();
        self.options = options.clone();
        self
    }
}
