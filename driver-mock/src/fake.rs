//! [`FakeDriver`]: a scripted, in-memory [`Driver`] for unit tests.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use cqlbridge_driver_api::{
    Batch, Capabilities, Driver, Error, ExecOptions, Prepared, QueryResult, Result, Statement,
    Values,
};

use crate::call::{Call, Op};
use crate::pattern::CqlPattern;
use crate::rule::Reply;
use crate::rule_builder::RuleBuilder;
use crate::state::{Decision, Shared};

/// The backend name the fake reports, and the backend of its [`Prepared`]s.
pub const FAKE_BACKEND: &str = "fake";

/// The CQL text a batch is logged under, and a pattern can match.
pub const BATCH_CQL: &str = "BATCH";

/// A scripted, in-memory [`Driver`]: rules map CQL patterns to replies
/// (results, pages, errors, latency), and every call is logged with the
/// options it received.
///
/// Clones share the rules, the log and the closed flag, so keep one clone
/// for assertions and hand another to the `Session`.
///
/// # Matching
///
/// Rules are tried in the order they were registered and the first that
/// matches (and has uses left, see [`RuleBuilder::times`]) answers. Rules may
/// be added at any time, also while sessions use the fake.
///
/// * `execute` matches the statement's CQL; `execute_prepared` the prepared
///   statement's CQL.
/// * `prepare` succeeds (a [`Prepared`] of backend `"fake"` whose handle is
///   the CQL text) unless the first matching rule is a
///   [`fails`](RuleBuilder::fails) rule: then it fails the same way, after
///   the rule's delay, and that counts as a use. Other rules are left for
///   the execution.
/// * `batch` is logged as one call with CQL `"BATCH"` and the items in
///   [`Call::batch`]; a rule matches it when its pattern matches `"BATCH"`
///   or the CQL of the batch's first statement.
/// * `use_keyspace(ks)` matches `"USE ks"`; any non-error reply is `Ok(())`.
///
/// With no matching rule, a statement whose CQL starts with `SELECT` (in
/// any case, after leading whitespace) fails with `Invalid` "no rule
/// matches `…`" — a read with no scripted rows is almost always a missing
/// rule, and an empty result would hide it — while anything else (writes,
/// DDL, batches) returns `QueryResult::Void`.
///
/// After [`close`](Driver::close), every call fails with `Closed` (and is
/// still logged); closing twice is fine. A call already running when the
/// fake closes finishes with its scripted reply.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use cqlbridge_driver_api::{ColumnSpec, ColumnType, Consistency, ErrorKind, Session, Statement, Value};
/// use cqlbridge_driver_mock::{CqlPattern, FakeDriver, Op};
///
/// # fn main() -> cqlbridge_driver_api::Result<()> {
/// let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
/// rt.block_on(async {
///     let fake = FakeDriver::new();
///     fake.when(CqlPattern::prefix("SELECT name FROM ks.users")?).returns_rows(
///         vec![ColumnSpec::new("name", ColumnType::Text)],
///         vec![vec![Value::Text("ada".into())]],
///     );
///     fake.when(CqlPattern::prefix("INSERT")?).times(1).fails(ErrorKind::Overloaded, "busy");
///
///     let session = Session::new(Arc::new(fake.clone()));
///     let read = Statement::new("SELECT name FROM ks.users WHERE id = ?")
///         .with_consistency(Consistency::Quorum)
///         .with_timeout(Duration::from_secs(2));
///     let result = session.execute(read, (1i32,)).await?;
///     assert_eq!(result.first_row().unwrap().get::<String>("name")?, "ada");
///
///     // The first insert hits the `times(1)` rule, the second falls through to `Void`.
///     let insert = "INSERT INTO ks.users (id, name) VALUES (?, ?)";
///     assert_eq!(session.execute(insert, (2i32, "bob")).await.unwrap_err().kind(), &ErrorKind::Overloaded);
///     session.execute(insert, (2i32, "bob")).await?;
///
///     // "This ran at QUORUM with a 2 s timeout."
///     let call = &fake.calls()[0];
///     assert_eq!(call.op, Op::Execute);
///     assert_eq!(call.options.consistency, Some(Consistency::Quorum));
///     assert_eq!(call.options.timeout, Some(Duration::from_secs(2)));
///     assert_eq!(fake.call_count(), 3);
///     Ok(())
/// })
/// # }
/// ```
#[derive(Clone, Default)]
pub struct FakeDriver {
    shared: Arc<Shared>,
}

impl FakeDriver {
    /// A fake with no rules and an empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes the fake claim that its call futures never block the polling
    /// thread ([`Capabilities::non_blocking`]). Its delays are timers, so the
    /// claim holds unless a [`with`](RuleBuilder::with) closure blocks.
    pub fn claim_non_blocking(&self) {
        self.shared.lock().non_blocking = true;
    }

    /// Starts a rule for CQL matching `pattern`; it takes effect at the
    /// builder's terminal call.
    pub fn when(&self, pattern: CqlPattern) -> RuleBuilder {
        RuleBuilder::new(self.shared.clone(), pattern)
    }

    /// Every call so far, oldest first (failed calls and calls after close
    /// included).
    pub fn calls(&self) -> Vec<Call> {
        self.shared.lock().calls.clone()
    }

    /// Empties the call log (rules stay).
    pub fn clear_calls(&self) {
        self.shared.lock().calls.clear();
    }

    /// How many calls were logged.
    pub fn call_count(&self) -> usize {
        self.shared.lock().calls.len()
    }

    /// True once [`close`](Driver::close) was called.
    pub fn closed(&self) -> bool {
        self.shared.lock().closed
    }

    /// How many calls are running now (started, not finished): executes,
    /// prepares, batches and keyspace switches, including those waiting on
    /// a rule's delay.
    pub fn in_flight(&self) -> usize {
        self.shared.in_flight()
    }

    /// Logs `call`, then answers it from the first applicable rule or the
    /// default reply.
    async fn serve(&self, call: Call, texts: &[&str]) -> Result<QueryResult> {
        let _in_flight = self.shared.enter();
        match self.shared.begin(&call, texts, |_| true) {
            Decision::Closed => Err(Error::closed()),
            Decision::Default => default_reply(&call),
            Decision::Rule(delay, reply) => {
                wait(delay, call.options.timeout).await?;
                reply.produce(&call)
            }
        }
    }
}

/// The reply when no rule matches: see [`FakeDriver`].
fn default_reply(call: &Call) -> Result<QueryResult> {
    let head = call.cql.trim_start().get(..6).unwrap_or("");
    if matches!(call.op, Op::Execute | Op::ExecutePrepared) && head.eq_ignore_ascii_case("SELECT") {
        Err(Error::invalid(format!(
            "fake: no rule matches `{}`",
            call.cql
        )))
    } else {
        Ok(QueryResult::Void)
    }
}

/// Sleeps for a rule's delay, or fails with `Timeout` once `timeout` has
/// elapsed when the delay is longer.
async fn wait(delay: Option<Duration>, timeout: Option<Duration>) -> Result<()> {
    let Some(delay) = delay else { return Ok(()) };
    match timeout {
        Some(t) if delay > t => {
            tokio::time::sleep(t).await;
            Err(Error::timeout(format!(
                "fake: no reply within the timeout of {t:?} (the rule's delay is {delay:?})"
            )))
        }
        _ => {
            tokio::time::sleep(delay).await;
            Ok(())
        }
    }
}

impl fmt::Debug for FakeDriver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let st = self.shared.lock();
        f.debug_struct("FakeDriver")
            .field("rules", &st.rules.len())
            .field("calls", &st.calls.len())
            .field("closed", &st.closed)
            .field("in_flight", &self.shared.in_flight())
            .finish()
    }
}

#[async_trait]
impl Driver for FakeDriver {
    fn name(&self) -> &'static str {
        FAKE_BACKEND
    }

    fn capabilities(&self) -> Capabilities {
        let all = Capabilities::all(FAKE_BACKEND);
        match self.shared.lock().non_blocking {
            true => all.non_blocking(),
            false => all,
        }
    }

    async fn execute(
        &self,
        statement: &Statement,
        values: &Values,
        options: &ExecOptions,
    ) -> Result<QueryResult> {
        let call = Call::new(Op::Execute, statement.cql()).with(values, options);
        self.serve(call, &[statement.cql()]).await
    }

    async fn prepare(&self, cql: &str) -> Result<Prepared> {
        let _in_flight = self.shared.enter();
        let call = Call::new(Op::Prepare, cql);
        let columns = match self.shared.begin(&call, &[cql], Reply::is_failure) {
            Decision::Closed => return Err(Error::closed()),
            Decision::Rule(delay, reply) if reply.is_failure() => {
                wait(delay, None).await?;
                reply.produce(&call)?;
                Vec::new()
            }
            Decision::Rule(_, reply) => reply.columns(),
            Decision::Default => Vec::new(),
        };
        Ok(Prepared::new(
            cql,
            FAKE_BACKEND,
            Vec::new(),
            columns,
            Arc::new(cql.to_string()),
        ))
    }

    async fn execute_prepared(
        &self,
        prepared: &Prepared,
        values: &Values,
        options: &ExecOptions,
    ) -> Result<QueryResult> {
        let call = Call::new(Op::ExecutePrepared, prepared.cql()).with(values, options);
        if prepared.backend() != FAKE_BACKEND || prepared.handle::<String>().is_none() {
            let _in_flight = self.shared.enter();
            self.shared.lock().calls.push(call);
            return Err(Error::foreign_prepared(prepared.backend(), FAKE_BACKEND));
        }
        self.serve(call, &[prepared.cql()]).await
    }

    async fn batch(&self, batch: &Batch, options: &ExecOptions) -> Result<QueryResult> {
        let items: Vec<(String, Values)> = batch
            .items()
            .iter()
            .map(|(q, v)| (q.cql().to_string(), v.clone()))
            .collect();
        let first = items.first().map(|(cql, _)| cql.clone());
        let mut call = Call::new(Op::Batch, BATCH_CQL).with(&Values::Empty, options);
        call.batch = Some(items);
        let texts: Vec<&str> = std::iter::once(BATCH_CQL).chain(first.as_deref()).collect();
        self.serve(call, &texts).await
    }

    async fn use_keyspace(&self, keyspace: &str) -> Result<()> {
        let cql = format!("USE {keyspace}");
        self.serve(Call::new(Op::UseKeyspace, cql.as_str()), &[cql.as_str()])
            .await
            .map(|_| ())
    }

    async fn close(&self) -> Result<()> {
        let mut st = self.shared.lock();
        st.calls.push(Call::new(Op::Close, ""));
        st.closed = true;
        Ok(())
    }

    fn is_closed(&self) -> bool {
        self.closed()
    }
}
