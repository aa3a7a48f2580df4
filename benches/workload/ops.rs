//! The workload's operations (issue 13 item 1): the CRUD ones, each on a
//! table of its own, `(k bigint, c int, v text, n int, PRIMARY KEY (k, c))`,
//! set up first, described as data so that the async and the blocking
//! runner (see `exec`) execute the same statements with the same values;
//! then the Argus patterns, whose tables and statements are their own.

use cqlbridge::{Consistency, IntoValues, Values};

use crate::patterns::Pattern;
use crate::support::PAYLOAD;

/// Partitions a read-side table holds (10 rows each).
pub(crate) const PARTITIONS: i64 = 2_000;
/// Rows of the paged-read table.
pub(crate) const PAGED_ROWS: i64 = 100_000;

/// How one operation runs.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shape {
    /// One prepared statement.
    Single,
    /// A batch of `rows` of the statement into one partition.
    Batch { rows: i64, logged: bool },
    /// Every row of the statement, page by page (5,000 rows a page).
    Paged,
    /// An Argus pattern: its own tables and statements (`patterns.rs`).
    Pattern(Pattern),
}

/// One operation of the workload.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Op {
    /// Its name in the tables.
    pub(crate) name: &'static str,
    /// The statement, `{t}` standing for its table.
    pub(crate) cql: &'static str,
    /// How it runs.
    pub(crate) shape: Shape,
    /// The rows its table holds before the run: 0, or `PARTITIONS` × 10,
    /// or `PAGED_ROWS` in one partition per 1,000.
    pub(crate) prefill: i64,
    /// Its values for the `i`-th call (and `j`-th row in a batch).
    pub(crate) values: fn(i64, i64) -> Values,
    /// The consistency it runs at (LWT at its serial default).
    pub(crate) consistency: Consistency,
    /// Whether it runs at concurrency 64 (a 100,000-row read 64 times at
    /// once is not a workload anyone runs on two cores: its cell says so).
    pub(crate) concurrent: bool,
}

fn write(i: i64, j: i64) -> Values {
    (i, j as i32, PAYLOAD).into_values()
}

fn key(i: i64, _: i64) -> Values {
    (i % PARTITIONS,).into_values()
}

fn key_row(i: i64, _: i64) -> Values {
    (i % PARTITIONS, (i % 10) as i32).into_values()
}

fn update(i: i64, _: i64) -> Values {
    (i as i32, i % PARTITIONS).into_values()
}

fn none(_: i64, _: i64) -> Values {
    Values::Empty
}

/// Every operation, in the order of the tables.
pub(crate) fn all() -> Vec<Op> {
    let op = |name, cql, shape, prefill, values, consistency| Op {
        name,
        cql,
        shape,
        prefill,
        values,
        consistency,
        concurrent: true,
    };
    let one = Consistency::LocalOne;
    vec![
        op(
            "insert",
            "INSERT INTO {t} (k, c, v) VALUES (?, ?, ?)",
            Shape::Single,
            0,
            write,
            one,
        ),
        op(
            "insert if not exists",
            "INSERT INTO {t} (k, c, v) VALUES (?, ?, ?) IF NOT EXISTS",
            Shape::Single,
            0,
            write,
            Consistency::LocalQuorum,
        ),
        op(
            "insert with ttl",
            "INSERT INTO {t} (k, c, v) VALUES (?, ?, ?) USING TTL 3600",
            Shape::Single,
            0,
            write,
            one,
        ),
        op(
            "select by key",
            "SELECT v FROM {t} WHERE k = ? AND c = ?",
            Shape::Single,
            PARTITIONS * 10,
            key_row,
            one,
        ),
        op(
            "select partition limit 5",
            "SELECT c, v FROM {t} WHERE k = ? LIMIT 5",
            Shape::Single,
            PARTITIONS * 10,
            key,
            one,
        ),
        op(
            "count(*) of a partition",
            "SELECT COUNT(*) FROM {t} WHERE k = ?",
            Shape::Single,
            PARTITIONS * 10,
            key,
            one,
        ),
        op(
            "partial update",
            "UPDATE {t} SET n = ? WHERE k = ? AND c = 0",
            Shape::Single,
            PARTITIONS * 10,
            update,
            one,
        ),
        op(
            "update if exists (LWT)",
            "UPDATE {t} SET n = ? WHERE k = ? AND c = 0 IF EXISTS",
            Shape::Single,
            PARTITIONS * 10,
            update,
            Consistency::LocalQuorum,
        ),
        op(
            "delete",
            "DELETE FROM {t} WHERE k = ? AND c = ?",
            Shape::Single,
            PARTITIONS * 10,
            key_row,
            one,
        ),
        op(
            "logged batch of 10",
            "INSERT INTO {t} (k, c, v) VALUES (?, ?, ?)",
            Shape::Batch {
                rows: 10,
                logged: true,
            },
            0,
            write,
            one,
        ),
        op(
            "unlogged batch of 10",
            "INSERT INTO {t} (k, c, v) VALUES (?, ?, ?)",
            Shape::Batch {
                rows: 10,
                logged: false,
            },
            0,
            write,
            one,
        ),
        op(
            "logged batch of 100",
            "INSERT INTO {t} (k, c, v) VALUES (?, ?, ?)",
            Shape::Batch {
                rows: 100,
                logged: true,
            },
            0,
            write,
            one,
        ),
        op(
            "unlogged batch of 100",
            "INSERT INTO {t} (k, c, v) VALUES (?, ?, ?)",
            Shape::Batch {
                rows: 100,
                logged: false,
            },
            0,
            write,
            one,
        ),
        Op {
            concurrent: false,
            ..op(
                "paged read of 100,000 rows",
                "SELECT k, c, v FROM {t}",
                Shape::Paged,
                PAGED_ROWS,
                none,
                one,
            )
        },
    ]
    .into_iter()
    .chain(Pattern::ALL.into_iter().map(|p| Op {
        name: p.name(),
        cql: "",
        shape: Shape::Pattern(p),
        prefill: 0,
        values: none,
        consistency: one,
        concurrent: true,
    }))
    .collect()
}

/// The table name of `op` (letters and underscores).
pub(crate) fn table(op: &Op) -> String {
    let mut t: String = op
        .name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    t.insert_str(0, "wl_");
    t
}
