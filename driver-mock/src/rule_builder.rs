//! [`RuleBuilder`]: scripts one rule of the [`FakeDriver`](crate::FakeDriver)
//! and registers it in the fake's shared state.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use cqlbridge_driver_api::{ColumnSpec, ErrorKind, Page, QueryResult, Result, Row, Value};

use crate::call::Call;
use crate::pattern::CqlPattern;
use crate::rule::{Reply, Rule};
use crate::state::Shared;

/// Scripts one rule of a [`FakeDriver`](crate::FakeDriver); made by
/// [`FakeDriver::when`](crate::FakeDriver::when). The rule takes effect when
/// a terminal method (`returns…`, `fails`, `with`) is called.
#[must_use = "a rule is registered only by a terminal call: returns, returns_rows, returns_paged, fails or with"]
pub struct RuleBuilder {
    shared: Arc<Shared>,
    pattern: CqlPattern,
    delay: Option<Duration>,
    times: Option<usize>,
}

impl RuleBuilder {
    pub(crate) fn new(shared: Arc<Shared>, pattern: CqlPattern) -> Self {
        RuleBuilder {
            shared,
            pattern,
            delay: None,
            times: None,
        }
    }

    /// Waits `d` before replying (with `tokio::time::sleep`). When `d` is
    /// longer than the call's `options.timeout`, the call fails with
    /// `ErrorKind::Timeout` once the timeout has elapsed, as a real driver
    /// would.
    pub fn delay(mut self, d: Duration) -> Self {
        self.delay = Some(d);
        self
    }

    /// Uses this rule for at most `n` calls; after that, calls fall through
    /// to the next matching rule (or the default reply). `times(0)` makes a
    /// rule that is never used.
    pub fn times(mut self, n: usize) -> Self {
        self.times = Some(n);
        self
    }

    /// Replies `r` to every matching call.
    pub fn returns(self, r: QueryResult) {
        self.register(Reply::Result(r));
    }

    /// Replies these rows as one page with no paging state, whatever the
    /// call's page size. A row whose length differs from `columns` makes the
    /// rule reply the error [`Row::new`] reports.
    pub fn returns_rows(self, columns: Vec<ColumnSpec>, rows: Vec<Vec<Value>>) {
        let reply = match build_rows(columns, rows) {
            Ok((columns, rows)) => Reply::Result(QueryResult::Rows(Page {
                columns,
                rows,
                paging_state: None,
            })),
            Err(e) => e,
        };
        self.register(reply);
    }

    /// Replies these rows in pages of the call's `ExecOptions::page_size`
    /// (all at once when unpaged), with an opaque paging state (the offset
    /// of the next row) on every page but the last. `Session::page`,
    /// `Session::stream` and resuming from `PagingState::to_bytes` work as
    /// against a server; a state from another query is an `Invalid` error.
    pub fn returns_paged(self, columns: Vec<ColumnSpec>, rows: Vec<Vec<Value>>) {
        let reply = match build_rows(columns, rows) {
            Ok((columns, rows)) => Reply::Paged {
                columns,
                rows: rows.into(),
            },
            Err(e) => e,
        };
        self.register(reply);
    }

    /// Fails every matching call with an error of `kind` and `message`.
    pub fn fails(self, kind: ErrorKind, message: &str) {
        self.register(Reply::Fails {
            kind,
            message: message.to_string(),
        });
    }

    /// Replies whatever `f` computes from the call (its op, CQL, values and
    /// options). `f` runs outside the fake's lock, so it may call the fake.
    pub fn with(self, f: impl Fn(&Call) -> Result<QueryResult> + Send + Sync + 'static) {
        self.register(Reply::With(Arc::new(f)));
    }

    fn register(self, reply: Reply) {
        self.shared.push_rule(Rule {
            pattern: self.pattern,
            delay: self.delay,
            remaining: self.times,
            reply,
        });
    }
}

impl fmt::Debug for RuleBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuleBuilder")
            .field("pattern", &self.pattern)
            .field("delay", &self.delay)
            .field("times", &self.times)
            .finish_non_exhaustive()
    }
}

/// Rows checked against their columns, or the failing reply that reports why.
fn build_rows(
    columns: Vec<ColumnSpec>,
    rows: Vec<Vec<Value>>,
) -> std::result::Result<(Arc<[ColumnSpec]>, Vec<Row>), Reply> {
    let columns: Arc<[ColumnSpec]> = columns.into();
    rows.into_iter()
        .enumerate()
        .map(|(i, values)| {
            Row::new(columns.clone(), values).map_err(|e| Reply::Fails {
                kind: e.kind().clone(),
                message: format!("fake: row {i} of the rule does not fit its columns: {e}"),
            })
        })
        .collect::<std::result::Result<Vec<_>, _>>()
        .map(|rows| (columns, rows))
}
