//! The Argus patterns of the workload (issue 13 item 1, its second half):
//! what a test-tracking service does against its tables, each pattern on
//! tables of its own (`{t}` standing for the pattern's table name), its
//! statements, and the rows put in before the run. How a pattern runs is
//! `argus.rs`.

use cqlbridge::{CqlTimestamp, IntoValues, Values};

/// Keys (partitions) a pattern's tables hold when measuring.
pub(crate) const KEYS: i64 = 2_000;
/// Keys when checking that it works (`cargo test --benches`).
pub(crate) const CHECK_KEYS: i64 = 50;
/// Runs per build in the runs tables, notifications per receiver.
pub(crate) const PER_KEY: i64 = 10;
/// Rows the conversion pattern decodes per call.
pub(crate) const CONVERTED_ROWS: i64 = 10;

/// One pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pattern {
    /// Read a run by key; insert it when missing (half the keys are).
    GetOrCreate,
    /// Every run of one build (a partition of 10 rows).
    RunsByPartition,
    /// The latest 3 runs of a build (clustering by start time DESC).
    LatestRuns,
    /// Append a line to a run's `list<text>` of log lines.
    ListAppend,
    /// An unlogged batch of 10 events into one run's partition.
    EventBatch,
    /// The newest 10 notifications of a receiver.
    NotificationFeed,
    /// Read a run's status, change it, write it back.
    StatusUpdate,
    /// A comment with `map<text, int>` reactions and `list<uuid>` mentions.
    Comment,
    /// An event, then the user it names (two tables).
    MultiTable,
    /// 10 fetched rows to a struct by `#[derive(FromRow)]`, no I/O.
    RowConversion,
}

/// Rows put in before the run: `count(keys)` rows from `values(i)`.
#[derive(Clone, Copy)]
pub(crate) struct Fill {
    /// The insert, `{t}` standing for the table name.
    pub(crate) cql: &'static str,
    /// How many rows, from the number of keys.
    pub(crate) count: fn(i64) -> i64,
    /// The `i`-th row's values, from `i` and the number of keys.
    pub(crate) values: fn(i64, i64) -> Values,
}

/// What a pattern needs: tables, statements (prepared in this order) and
/// fills.
pub(crate) struct Spec {
    /// `CREATE TABLE` statements.
    pub(crate) tables: &'static [&'static str],
    /// The statements it runs.
    pub(crate) statements: &'static [&'static str],
    /// The rows it reads.
    pub(crate) fills: Vec<Fill>,
}

fn keys(k: i64) -> i64 {
    k
}

fn runs(k: i64) -> i64 {
    k * PER_KEY
}

fn converted(_: i64) -> i64 {
    CONVERTED_ROWS
}

/// A build's name: the partition key of the runs tables.
pub(crate) fn build(i: i64) -> String {
    format!("build-{i}")
}

fn run_row(i: i64, _: i64) -> Values {
    (i, format!("run {i}"), CqlTimestamp(1_700_000_000_000 + i)).into_values()
}

fn build_run(i: i64, _: i64) -> Values {
    let status = if i % 3 == 0 { "failed" } else { "passed" };
    (build(i / PER_KEY), i % PER_KEY, status, i * 7).into_values()
}

fn latest_run(i: i64, _: i64) -> Values {
    let started = CqlTimestamp(1_700_000_000_000 + (i % PER_KEY) * 60_000);
    (build(i / PER_KEY), started, uuid::Uuid::new_v4(), "passed").into_values()
}

fn notification(i: i64, _: i64) -> Values {
    let text = format!("run {i} finished");
    (i / PER_KEY, i % PER_KEY, "argus", text).into_values()
}

fn status(i: i64, _: i64) -> Values {
    (i, "created", 0i32).into_values()
}

fn event(i: i64, keys: i64) -> Values {
    (i, (i * 31) % keys, "run-finished").into_values()
}

fn user(i: i64, _: i64) -> Values {
    (i, format!("user {i}"), format!("u{i}@example.invalid")).into_values()
}

fn converted_row(i: i64, _: i64) -> Values {
    let note = (i % 2 == 0).then(|| format!("note {i}"));
    let tags = vec!["nightly".to_string(), format!("shard-{i}")];
    let at = CqlTimestamp(1_700_000_000_000 + i);
    (
        0i64,
        i,
        build(i),
        "passed",
        at,
        i as i32,
        i as f64 / 3.0,
        tags,
        note,
    )
        .into_values()
}

impl Pattern {
    /// Every pattern, in the order of the tables.
    pub(crate) const ALL: [Pattern; 10] = [
        Pattern::GetOrCreate,
        Pattern::RunsByPartition,
        Pattern::LatestRuns,
        Pattern::ListAppend,
        Pattern::EventBatch,
        Pattern::NotificationFeed,
        Pattern::StatusUpdate,
        Pattern::Comment,
        Pattern::MultiTable,
        Pattern::RowConversion,
    ];

    /// Its name in the tables.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Pattern::GetOrCreate => "argus get-or-create",
            Pattern::RunsByPartition => "argus runs of a build",
            Pattern::LatestRuns => "argus latest 3 runs",
            Pattern::ListAppend => "argus list append",
            Pattern::EventBatch => "argus batch of 10 events",
            Pattern::NotificationFeed => "argus notification feed",
            Pattern::StatusUpdate => "argus status update",
            Pattern::Comment => "argus comment",
            Pattern::MultiTable => "argus event then user",
            Pattern::RowConversion => "argus rows to structs",
        }
    }

    /// Its tables, statements and fills.
    pub(crate) fn spec(self) -> Spec {
        let fill = |cql, count, values| Fill { cql, count, values };
        match self {
            Pattern::GetOrCreate => Spec {
                tables: &["CREATE TABLE {t} (id bigint PRIMARY KEY, name text, created timestamp)"],
                statements: &[
                    "SELECT name FROM {t} WHERE id = ?",
                    "INSERT INTO {t} (id, name, created) VALUES (?, ?, ?)",
                ],
                fills: vec![fill(
                    "INSERT INTO {t} (id, name, created) VALUES (?, ?, ?)",
                    keys,
                    run_row,
                )],
            },
            Pattern::RunsByPartition => Spec {
                tables: &[
                    "CREATE TABLE {t} (build_id text, run_id bigint, status text, \
                           duration bigint, PRIMARY KEY (build_id, run_id))",
                ],
                statements: &["SELECT run_id, status, duration FROM {t} WHERE build_id = ?"],
                fills: vec![fill(
                    "INSERT INTO {t} (build_id, run_id, status, duration) VALUES (?, ?, ?, ?)",
                    runs,
                    build_run,
                )],
            },
            Pattern::LatestRuns => Spec {
                tables: &[
                    "CREATE TABLE {t} (build_id text, started timestamp, run_id uuid, \
                           status text, PRIMARY KEY (build_id, started, run_id)) \
                           WITH CLUSTERING ORDER BY (started DESC, run_id ASC)",
                ],
                statements: &["SELECT started, run_id, status FROM {t} WHERE build_id = ? LIMIT 3"],
                fills: vec![fill(
                    "INSERT INTO {t} (build_id, started, run_id, status) VALUES (?, ?, ?, ?)",
                    runs,
                    latest_run,
                )],
            },
            Pattern::ListAppend => Spec {
                tables: &["CREATE TABLE {t} (id bigint PRIMARY KEY, logs list<text>)"],
                statements: &["UPDATE {t} SET logs = logs + ? WHERE id = ?"],
                fills: vec![],
            },
            Pattern::EventBatch => Spec {
                tables: &[
                    "CREATE TABLE {t} (run_id bigint, seq int, kind text, body text, \
                           PRIMARY KEY (run_id, seq))",
                ],
                statements: &["INSERT INTO {t} (run_id, seq, kind, body) VALUES (?, ?, ?, ?)"],
                fills: vec![],
            },
            Pattern::NotificationFeed => Spec {
                tables: &[
                    "CREATE TABLE {t} (receiver bigint, created bigint, sender text, \
                           content text, PRIMARY KEY (receiver, created)) \
                           WITH CLUSTERING ORDER BY (created DESC)",
                ],
                statements: &[
                    "SELECT created, sender, content FROM {t} WHERE receiver = ? \
                               ORDER BY created DESC LIMIT 10",
                ],
                fills: vec![fill(
                    "INSERT INTO {t} (receiver, created, sender, content) VALUES (?, ?, ?, ?)",
                    runs,
                    notification,
                )],
            },
            Pattern::StatusUpdate => Spec {
                tables: &["CREATE TABLE {t} (id bigint PRIMARY KEY, status text, updates int)"],
                statements: &[
                    "SELECT status, updates FROM {t} WHERE id = ?",
                    "UPDATE {t} SET status = ?, updates = ? WHERE id = ?",
                ],
                fills: vec![fill(
                    "INSERT INTO {t} (id, status, updates) VALUES (?, ?, ?)",
                    keys,
                    status,
                )],
            },
            Pattern::Comment => Spec {
                tables: &["CREATE TABLE {t} (run_id bigint, id uuid, body text, \
                           reactions map<text, int>, mentions list<uuid>, \
                           PRIMARY KEY (run_id, id))"],
                statements: &["INSERT INTO {t} (run_id, id, body, reactions, mentions) \
                               VALUES (?, ?, ?, ?, ?)"],
                fills: vec![],
            },
            Pattern::MultiTable => Spec {
                tables: &[
                    "CREATE TABLE {t} (id bigint PRIMARY KEY, user_id bigint, kind text)",
                    "CREATE TABLE {t}_users (id bigint PRIMARY KEY, name text, email text)",
                ],
                statements: &[
                    "SELECT user_id, kind FROM {t} WHERE id = ?",
                    "SELECT name, email FROM {t}_users WHERE id = ?",
                ],
                fills: vec![
                    fill(
                        "INSERT INTO {t} (id, user_id, kind) VALUES (?, ?, ?)",
                        keys,
                        event,
                    ),
                    fill(
                        "INSERT INTO {t}_users (id, name, email) VALUES (?, ?, ?)",
                        keys,
                        user,
                    ),
                ],
            },
            Pattern::RowConversion => Spec {
                tables: &[
                    "CREATE TABLE {t} (p bigint, id bigint, build_id text, status text, \
                           started timestamp, duration int, score double, tags list<text>, \
                           note text, PRIMARY KEY (p, id))",
                ],
                statements: &[
                    "SELECT id, build_id, status, started, duration, score, tags, note \
                               FROM {t} WHERE p = 0",
                ],
                fills: vec![fill(
                    "INSERT INTO {t} (p, id, build_id, status, started, duration, score, tags, \
                     note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    converted,
                    converted_row,
                )],
            },
        }
    }
}
