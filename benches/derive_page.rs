//! A page of rows to structs, end to end against the test bed: the
//! `#[derive(FromRow)]` struct read straight from the backend's cells
//! (`Session::execute_as`, "direct") and through a row of `Value`s
//! (`execute` then `FromRow`, "derive"), over the scylla backend, against
//! the `scylla` crate's own `#[derive(DeserializeRow)]` used directly, and
//! against cqlbridge with tuples; and direct against derive on the cpp
//! backend.
//!
//! # What is measured
//!
//! One prepared `SELECT id, name, email, age, score FROM users WHERE part = 0`
//! returning one page of 1,000 rows (text, a nullable text, bigint, int,
//! double; every tenth email null), decoded into a `Vec` of structs and
//! checked. On the derive side the backend builds a `Value` per cell while
//! it reads the frame and the derive then moves each value into its field;
//! on the direct side the backend hands each cell to the struct's decoder,
//! which reads the common native types straight from the frame; the raw
//! side is the scylla crate decoding the frame into the struct itself.
//!
//! Paired comparisons, each many short rounds with the order swapped every
//! round (see `support::paired`): `direct/raw`, `derive/raw`,
//! `direct/derive`, `tuple/derive`, and on the cpp backend `direct/derive`.
//! Per comparison: median pages/s of each side, the median of the per-round
//! ratios with its 95% confidence interval, and client CPU µs per page.
//!
//! `CQLBRIDGE_BENCH_ROUNDS` sets the rounds (default 101). `cargo test
//! --benches` runs one round to prove it works.
//!
//! Run: with the test bed's environment loaded, `cargo bench --features
//! derive,scylla,cpp --bench derive_page`.

mod derive_model;
mod support;

use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use cqlbridge::{BackendKind, FromRow, PageSize, Prepared, Row, Session, Statement};
use derive_model::User;
use scylla::response::PagingState;
use scylla::statement::prepared::PreparedStatement;
use support::paired;
use support::stats::{cpu_per_op, load_average, median};

/// Rows in the page.
const ROWS: i64 = 1_000;
/// Pages per block of a round.
const BLOCK: u64 = 20;
/// The measured query.
const SELECT: &str = "SELECT id, name, email, age, score FROM users WHERE part = 0";

/// The same row as the scylla crate's derive decodes it.
#[derive(Debug, scylla::DeserializeRow)]
struct RawUser {
    id: i64,
    name: String,
    email: Option<String>,
    age: i32,
    score: f64,
}

/// The tuple of the same columns.
type UserTuple = (i64, String, Option<String>, i32, f64);

/// The row written for `id`.
fn expected(id: i64) -> UserTuple {
    let email = (id % 10 != 0).then(|| format!("user{id}@example.invalid"));
    (
        id,
        format!("user number {id}"),
        email,
        (id % 90) as i32,
        id as f64 / 3.0,
    )
}

/// A decoded page is the page written: every row, in clustering order.
fn check(page: &[UserTuple]) {
    assert_eq!(page.len(), ROWS as usize, "rows in the page");
    for (i, got) in page.iter().enumerate() {
        assert_eq!(*got, expected(i as i64), "row {i}");
    }
}

/// Every side, connected and prepared.
struct Sides {
    ours: Session,
    select: Prepared,
    cpp: Session,
    cpp_select: Prepared,
    raw: scylla::client::session::Session,
    raw_select: PreparedStatement,
}

impl Sides {
    /// The page through cqlbridge, each row decoded as a `T`.
    async fn ours_rows<T: FromRow>(&self) -> Vec<T> {
        let result = self
            .ours
            .execute(&self.select, ())
            .await
            .expect("ours select");
        let rows: Vec<Row> = result.into_page().rows;
        rows.into_iter()
            .map(|r| T::from_row(r).expect("the row decodes"))
            .collect()
    }

    async fn ours_page(&self) -> Vec<User> {
        self.ours_rows().await
    }

    /// The page through `session`, decoded straight from its cells.
    async fn direct_page(session: &Session, select: &Prepared) -> Vec<User> {
        session
            .execute_as::<User>(select, ())
            .await
            .expect("direct select")
            .rows
    }

    /// The page through the cpp backend and a row of `Value`s.
    async fn cpp_derive_page(&self) -> Vec<User> {
        let result = self.cpp.execute(&self.cpp_select, ()).await;
        let rows = result.expect("cpp select").into_page().rows;
        rows.into_iter()
            .map(|r| User::from_row(r).expect("the row decodes"))
            .collect()
    }

    async fn tuple_page(&self) -> Vec<UserTuple> {
        self.ours_rows().await
    }

    async fn raw_page(&self) -> Vec<RawUser> {
        let (result, _) = self
            .raw
            .execute_single_page(&self.raw_select, (), PagingState::start())
            .await
            .expect("raw select");
        let rows = result.into_rows_result().expect("raw rows");
        rows.rows::<RawUser>()
            .expect("raw typecheck")
            .collect::<Result<_, _>>()
            .expect("raw decodes")
    }
}

/// Which side a block runs.
#[derive(Clone, Copy)]
enum Side {
    Direct,
    Derive,
    Tuple,
    Raw,
    CppDirect,
    CppDerive,
}

/// `n` pages of `side`, their wall time.
async fn block(sides: &Sides, side: Side, n: u64) -> Duration {
    let started = Instant::now();
    for _ in 0..n {
        match side {
            Side::Direct => drop(std::hint::black_box(
                Sides::direct_page(&sides.ours, &sides.select).await,
            )),
            Side::CppDirect => drop(std::hint::black_box(
                Sides::direct_page(&sides.cpp, &sides.cpp_select).await,
            )),
            Side::CppDerive => drop(std::hint::black_box(sides.cpp_derive_page().await)),
            Side::Derive => drop(std::hint::black_box(sides.ours_page().await)),
            Side::Tuple => drop(std::hint::black_box(sides.tuple_page().await)),
            Side::Raw => drop(std::hint::black_box(sides.raw_page().await)),
        }
    }
    started.elapsed()
}

/// Every side decodes the page it should (run once before measuring).
async fn check_all(sides: &Sides) {
    let from_derive: Vec<UserTuple> = sides
        .ours_page()
        .await
        .into_iter()
        .map(|u| (u.id, u.name, u.email, u.age, u.score))
        .collect();
    check(&from_derive);
    let tuples = |users: Vec<User>| -> Vec<UserTuple> {
        users
            .into_iter()
            .map(|u| (u.id, u.name, u.email, u.age, u.score))
            .collect()
    };
    check(&tuples(
        Sides::direct_page(&sides.ours, &sides.select).await,
    ));
    check(&tuples(
        Sides::direct_page(&sides.cpp, &sides.cpp_select).await,
    ));
    check(&tuples(sides.cpp_derive_page().await));
    check(&sides.tuple_page().await);
    let from_raw: Vec<UserTuple> = sides
        .raw_page()
        .await
        .into_iter()
        .map(|u| (u.id, u.name, u.email, u.age, u.score))
        .collect();
    check(&from_raw);
}

/// Creates the table in the bench keyspace and writes the page.
async fn fill(session: &Session) {
    let ddl = Statement::new(
        "CREATE TABLE users (part int, id bigint, name text, email text, age int, \
         score double, PRIMARY KEY (part, id))",
    )
    .with_timeout(support::DDL_TIMEOUT);
    session.execute(ddl, ()).await.expect("create users");
    let insert = session
        .prepare("INSERT INTO users (part, id, name, email, age, score) VALUES (0, ?, ?, ?, ?, ?)")
        .await
        .expect("prepare insert");
    for id in 0..ROWS {
        let (id, name, email, age, score) = expected(id);
        session
            .execute(&insert, (id, name, email, age, score))
            .await
            .expect("insert a user");
    }
}

async fn connect(bed: &support::TestBed, keyspace: &str) -> Sides {
    let config = support::config(bed, BackendKind::Scylla)
        .keyspace(keyspace)
        .page_size(PageSize::Rows(ROWS as u32));
    let ours = cqlbridge::connect(&config).await.expect("connect ours");
    let select = ours.prepare(SELECT).await.expect("prepare ours");
    let cpp_config = support::config(bed, BackendKind::Cpp)
        .keyspace(keyspace)
        .page_size(PageSize::Rows(ROWS as u32));
    let cpp = cqlbridge::connect(&cpp_config).await.expect("connect cpp");
    let cpp_select = cpp.prepare(SELECT).await.expect("prepare cpp");
    let raw = scylla::client::session_builder::SessionBuilder::new()
        .known_nodes(&bed.hosts)
        .user(&bed.user, &bed.password)
        .use_keyspace(keyspace, false)
        .build()
        .await
        .expect("raw session");
    let mut raw_select = raw.prepare(SELECT).await.expect("prepare raw");
    raw_select.set_consistency(scylla::statement::Consistency::LocalOne);
    raw_select.set_request_timeout(Some(support::TIMEOUT));
    raw_select.set_page_size(ROWS as i32);
    Sides {
        ours,
        select,
        cpp,
        cpp_select,
        raw,
        raw_select,
    }
}

/// One paired comparison `a` against `b`, printed as a line.
fn compare(rt: &tokio::runtime::Runtime, sides: &Sides, names: [&str; 2], pair: [Side; 2]) {
    let rounds = support::rounds(101, support::measuring());
    let p = paired::measure(rounds, BLOCK, |i, n| rt.block_on(block(sides, pair[i], n)));
    let (lo, hi) = paired::median_ci95(&p.ratios);
    println!(
        "{:<22} {:>9.1} {:>9.1} {:>8.3} {:>13} {:>8} {:>8}",
        format!("{}/{}", names[0], names[1]),
        median(&p.rates[0]),
        median(&p.rates[1]),
        p.median_ratio(),
        format!("{lo:.3}–{hi:.3}"),
        cpu_per_op(p.cpu[0], p.ops),
        cpu_per_op(p.cpu[1], p.ops),
    );
}

fn main() {
    let bed = support::bed("derive_page");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let admin = rt
        .block_on(cqlbridge::connect(&support::config(
            &bed,
            BackendKind::Scylla,
        )))
        .unwrap_or_else(|e| panic!("connect the scylla backend: {e}"));
    let ks = rt.block_on(support::Keyspace::create(&admin, "derive_page"));
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        rt.block_on(fill(&admin));
        let sides = rt.block_on(connect(&bed, &ks.name));
        rt.block_on(check_all(&sides));
        println!(
            "\nderive_page: a page of {ROWS} rows to structs, {BLOCK} pages per block; \
             load average before: {}",
            load_average()
        );
        println!(
            "{:<22} {:>9} {:>9} {:>8} {:>13} {:>8} {:>8}",
            "a/b", "a pages/s", "b pages/s", "a/b", "95% CI", "a µs/pg", "b µs/pg"
        );
        compare(&rt, &sides, ["direct", "raw"], [Side::Direct, Side::Raw]);
        compare(&rt, &sides, ["derive", "raw"], [Side::Derive, Side::Raw]);
        compare(
            &rt,
            &sides,
            ["direct", "derive"],
            [Side::Direct, Side::Derive],
        );
        compare(
            &rt,
            &sides,
            ["cpp direct", "cpp derive"],
            [Side::CppDirect, Side::CppDerive],
        );
        compare(
            &rt,
            &sides,
            ["tuple", "derive"],
            [Side::Tuple, Side::Derive],
        );
        println!("load average after: {}", load_average());
    }));
    rt.block_on(ks.drop_with(&admin));
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}
