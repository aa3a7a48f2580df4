//! Shared pieces of the test-bed benches (`layer.rs`, `backends.rs`): the
//! test bed from the environment, the settings both sides of a comparison
//! use, a dedicated keyspace, the load driver and the statistics.
//!
//! Each bench uses a subset of these helpers, hence the `dead_code` allowance.
#![allow(dead_code)]

pub(crate) mod drive;
pub(crate) mod paired;
pub(crate) mod raw;
pub(crate) mod stats;
pub(crate) mod url;

use std::time::Duration;

use cqlbridge::{BackendKind, Config, Consistency, PageSize, Prepared, Session, Statement};
pub(crate) use cqlbridge_testbed::TestBed;

/// Consistency of every measured request, on every side.
pub(crate) const CONSISTENCY: Consistency = Consistency::LocalOne;
/// Page size of every measured request, on every side.
pub(crate) const PAGE_SIZE: u32 = 100;
/// Client timeout of every measured request, on every side.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(5);
/// Bound on one DDL statement (a loaded machine can be slow to agree on schema).
pub(crate) const DDL_TIMEOUT: Duration = Duration::from_secs(60);
/// Keys the table holds; measured operations cycle over them.
pub(crate) const KEYS: u64 = 10_000;
/// The text column's value (64 bytes), the same for every row.
pub(crate) const PAYLOAD: &str = "cqlbridge-bench-payload-0123456789abcdefghijklmnopqrstuvwxyzABCD";
/// The measured statements, on the table [`Keyspace::create`] makes.
pub(crate) const INSERT: &str = "INSERT INTO kv (id, n, v) VALUES (?, ?, ?)";
/// Reads one row by primary key.
pub(crate) const SELECT: &str = "SELECT id, n, v FROM kv WHERE id = ?";

/// The cluster of `CQLBRIDGE_BENCH_URL` when it is set (see `url`), else
/// the test bed from the environment; or exits with a message naming what
/// is missing or malformed: a bench without a server measures nothing.
pub(crate) fn bed(bench: &str) -> TestBed {
    if let Some(u) = std::env::var(url::BENCH_URL)
        .ok()
        .filter(|u| !u.trim().is_empty())
    {
        match url::bed_from_url(&u) {
            Ok(bed) => return bed,
            Err(why) => {
                eprintln!("error: the `{bench}` bench: {why}");
                std::process::exit(2);
            }
        }
    }
    let why = match TestBed::from_env() {
        Ok(Some(bed)) => return bed,
        Ok(None) => format!(
            "{} is unset: {}",
            cqlbridge_testbed::vars::HOSTS,
            cqlbridge_testbed::vars::HOW_TO_SET
        ),
        Err(e) => e.to_string(),
    };
    eprintln!(
        "error: the `{bench}` bench runs against the Cassandra test bed.\n{why}.\n\
         (`cargo xtask bench` starts it and runs every bench.)"
    );
    std::process::exit(2);
}

/// A cqlbridge config for `backend` on `bed` with the benches' settings
/// ([`CONSISTENCY`], [`PAGE_SIZE`], [`TIMEOUT`]) as session defaults.
pub(crate) fn config(bed: &TestBed, backend: BackendKind) -> Config {
    bed.config(backend)
        .consistency(CONSISTENCY)
        .request_timeout(TIMEOUT)
        .page_size(PageSize::Rows(PAGE_SIZE))
}

/// Rounds per row: `CQLBRIDGE_BENCH_ROUNDS` when measuring, else
/// `default`; one round when only checking that the bench works.
pub(crate) fn rounds(default: usize, measuring: bool) -> usize {
    if !measuring {
        return 1;
    }
    std::env::var("CQLBRIDGE_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(default)
}

/// The value at quantile `q` of the sorted `xs`, zero when there are none.
pub(crate) fn quantile_of(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        Duration::ZERO
    } else {
        stats::quantile(sorted, q)
    }
}

/// True when cargo runs the bench for measuring (`cargo bench`), false when
/// it only checks that it works (`cargo test --benches`).
pub(crate) fn measuring() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// A keyspace of the bench's own (SimpleStrategy, RF 1) holding the table
/// `kv (id bigint PRIMARY KEY, n int, v text)`.
pub(crate) struct Keyspace {
    /// Its name, unique to this process.
    pub(crate) name: String,
}

impl Keyspace {
    /// Creates `cqlbridge_bench_<bench>_<pid>` and its table, and switches
    /// `session` to it.
    pub(crate) async fn create(session: &Session, bench: &str) -> Keyspace {
        let name = format!("cqlbridge_bench_{bench}_{}", std::process::id());
        let ks = Keyspace { name };
        ks.ddl(
            session,
            &format!(
                "CREATE KEYSPACE {} WITH replication = \
                 {{'class': 'SimpleStrategy', 'replication_factor': 1}}",
                ks.name
            ),
        )
        .await;
        ks.ddl(
            session,
            &format!(
                "CREATE TABLE {}.kv (id bigint PRIMARY KEY, n int, v text)",
                ks.name
            ),
        )
        .await;
        session
            .use_keyspace(&ks.name)
            .await
            .unwrap_or_else(|e| panic!("USE {}: {e}", ks.name));
        ks
    }

    /// Drops the keyspace.
    pub(crate) async fn drop_with(&self, session: &Session) {
        self.ddl(session, &format!("DROP KEYSPACE IF EXISTS {}", self.name))
            .await;
        eprintln!("dropped keyspace {}", self.name);
    }

    async fn ddl(&self, session: &Session, cql: &str) {
        let st = Statement::new(cql)
            .with_consistency(Consistency::One)
            .with_timeout(DDL_TIMEOUT);
        if let Err(e) = session.execute(st, ()).await {
            panic!("{cql}: {e}");
        }
    }
}

/// Row `id`'s `n` column.
pub(crate) fn n_of(id: i64) -> i32 {
    (id % 1_000_003) as i32
}

/// Writes rows `0..KEYS` through `session`, 64 at a time.
pub(crate) async fn fill(session: &Session) {
    let insert = session.prepare(INSERT).await.expect("prepare INSERT");
    drive::run(KEYS, 64, None, |i| insert_via(session, &insert, i)).await;
}

/// Writes row `i mod KEYS` through `session` with the prepared [`INSERT`].
pub(crate) async fn insert_via(session: &Session, insert: &Prepared, i: u64) -> Result<(), String> {
    let id = (i % KEYS) as i64;
    session
        .execute(insert, (id, n_of(id), PAYLOAD))
        .await
        .map(drop)
        .map_err(|e| format!("insert id {id}: {e}"))
}

/// Reads row `i mod KEYS` through `session` with the prepared [`SELECT`],
/// into `(i64, i32, String)` (moved out of the row, as the raw side's
/// `single_row` does), and [`check`]s it.
pub(crate) async fn select_via(session: &Session, select: &Prepared, i: u64) -> Result<(), String> {
    let id = (i % KEYS) as i64;
    let err = |e: &dyn std::fmt::Display| format!("select id {id}: {e}");
    let result = session.execute(select, (id,)).await.map_err(|e| err(&e))?;
    let row = result.into_first_row().ok_or_else(|| err(&"no row"))?;
    let got: (i64, i32, String) = row.into_typed().map_err(|e| err(&e))?;
    check(id, got)
}

/// The row read for `id` is the row written for it.
pub(crate) fn check(id: i64, (got, n, v): (i64, i32, String)) -> Result<(), String> {
    if got == id && n == n_of(id) && v == PAYLOAD {
        Ok(())
    } else {
        Err(format!("id {id}: read back ({got}, {n}, {v:?})"))
    }
}
