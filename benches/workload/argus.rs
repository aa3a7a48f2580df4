//! Running one call of an Argus pattern (`patterns.rs`). Each pattern is
//! written once, as an `async fn` over [`Conn`]: through a `Session` it
//! awaits, through a `SyncSession` every step is the blocking call (the
//! future is driven by `futures::executor::block_on` on the caller's own
//! thread, so nothing of the async runtime is in the blocking path).
//! Each call checks what it read, so a wrong answer counts as an error.

use std::collections::HashMap;
use std::hint::black_box;

use cqlbridge::{
    Batch, BatchKind, CqlTimestamp, FromRow, IntoValues, Prepared, QueryResult, Row, Session,
    SyncSession, Values,
};
use uuid::Uuid;

use crate::patterns::{build, Pattern, PER_KEY};
use crate::support::PAYLOAD;

/// A pattern's statements (in `Spec::statements` order), the number of
/// keys its tables hold, and, for the conversion, the rows fetched once.
pub(crate) struct PatternReady {
    /// The prepared statements.
    pub(crate) statements: Vec<Prepared>,
    /// Keys (partitions) of its filled tables.
    pub(crate) keys: i64,
    /// The rows `RowConversion` decodes, fetched through this session.
    pub(crate) rows: Vec<Row>,
}

/// One API's session, borrowed for one call.
#[derive(Clone, Copy)]
pub(crate) enum Conn<'a> {
    /// Each step awaited.
    Async(&'a Session),
    /// Each step a blocking call.
    Sync(&'a SyncSession),
}

impl Conn<'_> {
    async fn execute(self, p: &Prepared, values: Values) -> Result<QueryResult, String> {
        match self {
            Conn::Async(s) => s.execute(p, values).await,
            Conn::Sync(s) => s.execute(p, values),
        }
        .map_err(|e| e.to_string())
    }

    async fn batch(self, b: &Batch) -> Result<(), String> {
        match self {
            Conn::Async(s) => s.batch(b).await.map(drop),
            Conn::Sync(s) => s.batch(b).map(drop),
        }
        .map_err(|e| e.to_string())
    }
}

/// A run as the conversion pattern decodes it, by column name.
#[derive(Debug, FromRow)]
#[allow(dead_code, reason = "the bench only decodes the fields")]
struct Run {
    id: i64,
    build_id: String,
    status: String,
    started: CqlTimestamp,
    duration: i32,
    score: f64,
    tags: Vec<String>,
    note: Option<String>,
}

fn expect_rows(result: &QueryResult, n: usize, what: &str) -> Result<(), String> {
    let got = result.rows().len();
    if got == n {
        Ok(())
    } else {
        Err(format!("{what}: {got} rows, expected {n}"))
    }
}

/// Whether column 0 of `rows` (a `bigint` or a `timestamp`) descends.
fn descending(rows: &[Row], what: &str) -> Result<(), String> {
    let key = |r: &Row| -> Result<i64, String> {
        r.get::<i64>(0)
            .or_else(|_| r.get::<CqlTimestamp>(0).map(|t| t.0))
            .map_err(|e| format!("{what}: {e}"))
    };
    let keys: Vec<i64> = rows.iter().map(key).collect::<Result<_, _>>()?;
    if keys.windows(2).all(|w| w[0] > w[1]) {
        Ok(())
    } else {
        Err(format!("{what}: not newest first: {keys:?}"))
    }
}

fn one_row<'r>(result: &'r QueryResult, what: &str) -> Result<&'r Row, String> {
    result.first_row().ok_or_else(|| format!("{what}: no row"))
}

/// The `i`-th call of `pattern` through `conn`.
pub(crate) async fn run(
    conn: Conn<'_>,
    pattern: Pattern,
    r: &PatternReady,
    i: i64,
) -> Result<(), String> {
    let s = &r.statements;
    let key = i % r.keys;
    match pattern {
        Pattern::GetOrCreate => {
            // Even calls find an existing run, odd ones create a new one.
            let id = if i % 2 == 0 { key } else { i };
            let found = conn.execute(&s[0], (id,).into_values()).await?;
            match (found.first_row(), i % 2 == 0) {
                (Some(_), _) => Ok(()),
                (None, true) => Err(format!("get-or-create: run {id} missing")),
                (None, false) => {
                    let row = (id, format!("run {id}"), CqlTimestamp(i)).into_values();
                    conn.execute(&s[1], row).await.map(drop)
                }
            }
        }
        Pattern::RunsByPartition => {
            let rows = conn.execute(&s[0], (build(key),).into_values()).await?;
            expect_rows(&rows, PER_KEY as usize, "runs of a build")
        }
        Pattern::LatestRuns => {
            let rows = conn.execute(&s[0], (build(key),).into_values()).await?;
            expect_rows(&rows, 3, "latest runs")?;
            descending(rows.rows(), "latest runs")
        }
        Pattern::ListAppend => {
            let line = vec![format!("line {i}")];
            conn.execute(&s[0], (line, key).into_values())
                .await
                .map(drop)
        }
        Pattern::EventBatch => {
            let batch = (0..10).fold(Batch::new(BatchKind::Unlogged), |b, seq| {
                b.add(&s[0], (i, seq, "log", PAYLOAD))
            });
            conn.batch(&batch).await
        }
        Pattern::NotificationFeed => {
            let rows = conn.execute(&s[0], (key,).into_values()).await?;
            expect_rows(&rows, 10, "notification feed")?;
            descending(rows.rows(), "notification feed")
        }
        Pattern::StatusUpdate => {
            let read = conn.execute(&s[0], (key,).into_values()).await?;
            let row = one_row(&read, "status update")?;
            let status: String = row.get(0).map_err(|e| e.to_string())?;
            let updates: i32 = row.get(1).map_err(|e| e.to_string())?;
            let next = if status == "running" {
                "passed"
            } else {
                "running"
            };
            let write = (next, updates.wrapping_add(1), key).into_values();
            conn.execute(&s[1], write).await.map(drop)
        }
        Pattern::Comment => {
            let reactions: HashMap<&str, i32> =
                HashMap::from([("+1", (i % 5) as i32), ("rocket", 1)]);
            let mentions = vec![Uuid::new_v4(), Uuid::new_v4()];
            let text = format!("comment {i}: the run looks flaky");
            let row = (key, Uuid::new_v4(), text, reactions, mentions).into_values();
            conn.execute(&s[0], row).await.map(drop)
        }
        Pattern::MultiTable => {
            let event = conn.execute(&s[0], (key,).into_values()).await?;
            let user_id: i64 = one_row(&event, "event")?
                .get(0)
                .map_err(|e| e.to_string())?;
            let user = conn.execute(&s[1], (user_id,).into_values()).await?;
            one_row(&user, "the event's user").map(drop)
        }
        Pattern::RowConversion => {
            for row in r.rows.iter().cloned() {
                black_box(Run::from_row(row).map_err(|e| e.to_string())?);
            }
            Ok(())
        }
    }
}
