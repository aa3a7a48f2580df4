//! A token-range scan against one paged `SELECT *` of the same table, in the
//! same run, on both real backends, against the test bed.
//!
//! # What is measured
//!
//! A table of `CQLBRIDGE_SCAN_BENCH_ROWS` rows (default 200,000, over a
//! quarter as many partitions; written once, through the scylla backend)
//! read whole, per backend, two ways:
//!
//! - `scan`: `cqlbridge::scan` with its default ranges (nodes × cores ×
//!   split factor) and 16 ranges at once;
//! - `select`: `Session::stream` of `SELECT p, c, v FROM t`, one paged query
//!   through one coordinator.
//!
//! Both with pages of 1,000 rows at `LOCAL_ONE`, every row counted and the
//! count checked against the rows written (a side that loses or repeats a
//! row stops the bench). Rounds are interleaved: each round reads the table
//! once per side and backend, the order rotated every round, so a shared
//! machine's drift falls on every side alike. The table gives each side's
//! median rows/s and `scan/select` as the median of the per-round ratios
//! with their min–max, and the nodes of the ring (a 1-node ring has nothing
//! to parallelise over but the one node's cores; on 3 nodes the scan reads
//! from every replica at once).
//!
//! `CQLBRIDGE_BENCH_ROUNDS` sets the rounds (default 5). `cargo test
//! --benches` runs one round over 2,000 rows to prove it works.
//!
//! Run: `cargo xtask bench`, or with the test bed's and the C++ driver's
//! environment loaded: `cargo bench --features all-drivers --bench scan`;
//! on 3 nodes: `cargo xtask db down && cargo xtask db up --nodes 3` first.

mod support;

use std::time::{Duration, Instant};

use cqlbridge::scan::{scan, ScanOptions};
use cqlbridge::{BackendKind, Consistency, PageSize, Session, Statement};
use futures::TryStreamExt;
use tokio::runtime::Runtime;

use support::stats::{load_average, median, range};

/// Rows per page, on both sides.
const PAGE: u32 = 1_000;
/// Ranges read at once by the scan side.
const SCAN_CONCURRENCY: usize = 16;
/// The bound on reading the whole table once.
const READ_LIMIT: Duration = Duration::from_secs(300);

/// One way of reading the table.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Side {
    Scan,
    Select,
}

/// The rows to write: the variable when measuring, else 2,000.
fn row_count(measuring: bool) -> u64 {
    if !measuring {
        return 2_000;
    }
    std::env::var("CQLBRIDGE_SCAN_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &u64| n >= 4)
        .unwrap_or(200_000)
}

/// Creates `t (p int, c int, v text, PRIMARY KEY (p, c))` and writes `rows`
/// rows over `rows / 4` partitions, 64 at a time.
async fn fill(session: &Session, rows: u64) {
    let ddl = Statement::new("CREATE TABLE t (p int, c int, v text, PRIMARY KEY (p, c))")
        .with_consistency(Consistency::One)
        .with_timeout(support::DDL_TIMEOUT);
    session.execute(ddl, ()).await.expect("CREATE TABLE t");
    let insert = session
        .prepare("INSERT INTO t (p, c, v) VALUES (?, ?, ?)")
        .await
        .expect("prepare the insert");
    support::drive::run(rows, 64, None, |i| {
        let (session, insert) = (session.clone(), insert.clone());
        async move {
            let (p, c) = ((i / 4) as i32, (i % 4) as i32);
            session
                .execute(&insert, (p, c, support::PAYLOAD))
                .await
                .map(drop)
                .map_err(|e| format!("insert ({p}, {c}): {e}"))
        }
    })
    .await;
}

/// Reads the whole table of `keyspace` once through `side`; returns the
/// rows read and the wall time.
async fn read_all(session: &Session, keyspace: &str, side: Side) -> (u64, Duration) {
    let started = Instant::now();
    let count = async {
        match side {
            Side::Scan => {
                let options = ScanOptions::new()
                    .concurrency(SCAN_CONCURRENCY)
                    .page_size(PAGE)
                    .consistency(Consistency::LocalOne);
                let rows = scan(session, keyspace, "t", options)
                    .await
                    .expect("start the scan");
                rows.try_fold(0u64, |n, _| async move { Ok(n + 1) })
                    .await
                    .map_err(|e| e.to_string())
            }
            Side::Select => {
                let select = Statement::new("SELECT p, c, v FROM t")
                    .with_page_size(PageSize::Rows(PAGE))
                    .with_consistency(Consistency::LocalOne);
                session
                    .stream(select, ())
                    .try_fold(0u64, |n, _| async move { Ok(n + 1) })
                    .await
                    .map_err(|e| e.to_string())
            }
        }
    };
    let count = tokio::time::timeout(READ_LIMIT, count)
        .await
        .unwrap_or_else(|_| panic!("{side:?}: the table not read within {READ_LIMIT:?}"))
        .unwrap_or_else(|e| panic!("{side:?}: {e}"));
    (count, started.elapsed())
}

/// Rows/s of every round, per side, of one backend.
#[derive(Default)]
struct Figures {
    scan: Vec<f64>,
    select: Vec<f64>,
}

fn main() {
    let measuring = support::measuring();
    let bed = support::bed("scan");
    let rounds = support::rounds(5, measuring);
    let rows = row_count(measuring);
    let rt = Runtime::new().expect("a Tokio runtime");
    rt.block_on(async {
        let backends = [BackendKind::Scylla, BackendKind::Cpp];
        let mut sessions = Vec::new();
        for backend in backends {
            let session = cqlbridge::connect(&support::config(&bed, backend))
                .await
                .unwrap_or_else(|e| panic!("connect {backend}: {e}"));
            sessions.push((backend, session));
        }
        let keyspace = support::Keyspace::create(&sessions[0].1, "scan").await;
        for (_, session) in &sessions[1..] {
            session
                .use_keyspace(&keyspace.name)
                .await
                .expect("USE the bench keyspace");
        }
        eprintln!("writing {rows} rows ...");
        fill(&sessions[0].1, rows).await;
        let nodes = bed.nodes;
        let mut figures: Vec<Figures> = backends.iter().map(|_| Figures::default()).collect();
        for round in 0..rounds {
            let mut order: Vec<(usize, Side)> = (0..backends.len())
                .flat_map(|b| [(b, Side::Scan), (b, Side::Select)])
                .collect();
            let sides = order.len();
            order.rotate_left(round % sides);
            for (b, side) in order {
                let (read, took) = read_all(&sessions[b].1, &keyspace.name, side).await;
                assert_eq!(read, rows, "{} {side:?}: rows read", backends[b]);
                let rate = read as f64 / took.as_secs_f64().max(1e-9);
                match side {
                    Side::Scan => figures[b].scan.push(rate),
                    Side::Select => figures[b].select.push(rate),
                }
            }
        }
        println!(
            "\nscan vs one paged SELECT *: {rows} rows, {nodes} node(s), {rounds} round(s), \
             pages of {PAGE}, scan concurrency {SCAN_CONCURRENCY}, load average {}",
            load_average()
        );
        println!("| backend | scan rows/s | select rows/s | scan/select (min–max) |");
        println!("|---|---:|---:|---:|");
        for (b, f) in figures.iter().enumerate() {
            let ratios: Vec<f64> = f.scan.iter().zip(&f.select).map(|(s, q)| s / q).collect();
            let (lo, hi) = range(&ratios);
            println!(
                "| {} | {:.0} | {:.0} | {:.2} ({lo:.2}–{hi:.2}) |",
                backends[b],
                median(&f.scan),
                median(&f.select),
                median(&ratios)
            );
        }
        keyspace.drop_with(&sessions[0].1).await;
        for (backend, session) in sessions {
            if let Err(e) = session.close().await {
                eprintln!("close {backend}: {e}");
            }
        }
    });
}
