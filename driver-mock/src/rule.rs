//! Rules of the [`FakeDriver`](crate::FakeDriver) as its state keeps them:
//! a pattern, an optional latency and use limit, and the [`Reply`].
//! `RuleBuilder` (in `rule_builder.rs`) scripts them.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use cqlbridge_driver_api::{ColumnSpec, Error, ErrorKind, QueryResult, Result, Row};

use crate::call::Call;
use crate::paging;
use crate::pattern::CqlPattern;

/// A computed reply, as given to `RuleBuilder::with`.
pub(crate) type ReplyFn = dyn Fn(&Call) -> Result<QueryResult> + Send + Sync;

/// What a rule answers. Cheap to clone, so it is taken out of the lock
/// before the reply is produced.
#[derive(Clone)]
pub(crate) enum Reply {
    /// The same result every time.
    Result(QueryResult),
    /// Rows cut into pages by the call's page size.
    Paged {
        columns: Arc<[ColumnSpec]>,
        rows: Arc<[Row]>,
    },
    /// An error of this kind every time.
    Fails { kind: ErrorKind, message: String },
    /// A reply computed from the call.
    With(Arc<ReplyFn>),
}

impl Reply {
    /// The reply to `call`.
    pub(crate) fn produce(&self, call: &Call) -> Result<QueryResult> {
        match self {
            Reply::Result(r) => Ok(r.clone()),
            Reply::Paged { columns, rows } => paging::cut(&call.cql, columns, rows, &call.options),
            Reply::Fails { kind, message } => Err(Error::new(kind.clone(), message.clone())),
            Reply::With(f) => f(call),
        }
    }

    /// True for a `RuleBuilder::fails` rule.
    pub(crate) fn is_failure(&self) -> bool {
        matches!(self, Reply::Fails { .. })
    }

    /// The result columns this reply announces, if it has rows.
    pub(crate) fn columns(&self) -> Vec<ColumnSpec> {
        match self {
            Reply::Result(QueryResult::Rows(page)) => page.columns.to_vec(),
            Reply::Paged { columns, .. } => columns.to_vec(),
            _ => Vec::new(),
        }
    }
}

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reply::Result(r) => f.debug_tuple("Result").field(r).finish(),
            Reply::Paged { rows, .. } => write!(f, "Paged({} rows)", rows.len()),
            Reply::Fails { kind, message } => write!(f, "Fails({kind:?}, {message:?})"),
            Reply::With(_) => write!(f, "With(<fn>)"),
        }
    }
}

/// One registered rule.
#[derive(Debug)]
pub(crate) struct Rule {
    pub(crate) pattern: CqlPattern,
    pub(crate) delay: Option<Duration>,
    /// Uses left; `None` = unlimited.
    pub(crate) remaining: Option<usize>,
    pub(crate) reply: Reply,
}

impl Rule {
    /// True when the rule still has uses left and matches one of `texts`.
    pub(crate) fn applies(&self, texts: &[&str]) -> bool {
        self.remaining != Some(0) && texts.iter().any(|t| self.pattern.matches(t))
    }
}
