//! The cost of the cqlbridge layer: `cqlbridge::Session` over `ScyllaDriver`
//! ("ours") against the `scylla` crate used directly ("raw"), both against
//! the Cassandra test bed in the same run.
//!
//! # What is measured
//!
//! Two prepared single-row statements on `kv (id bigint PRIMARY KEY, n int,
//! v text)` in a keyspace of the bench's own (SimpleStrategy, RF 1), created
//! at the start and dropped at the end:
//!
//! - `insert`: `INSERT INTO kv (id, n, v) VALUES (?, ?, ?)` (64-byte text);
//! - `select`: `SELECT id, n, v FROM kv WHERE id = ?` over 10 000 rows
//!   written first; each side deserializes the row into `(i64, i32, String)`
//!   and checks it.
//!
//! Each under three loads: `c1`, one request at a time (a loop of awaits);
//! `c64`, 64 in flight from one task with `buffer_unordered`, where one
//! thread polls every request, as a bulk loader would; and `t64`, 64
//! spawned tasks with one request in flight each, as a service that handles
//! each request in a task of its own. Both sides use LOCAL_ONE, a
//! page size of 100 and a 5 s client timeout, set explicitly: ours through
//! the `Config` defaults (which the backend writes on every request), raw on
//! its execution profile and on each prepared statement. Raw is what a user
//! of the crate would write: `execute_unpaged` for the insert,
//! `execute_single_page` for the select, `into_rows_result()?.single_row()`
//! (see `benches/support/raw.rs`).
//!
//! # How
//!
//! One multi-thread Tokio runtime (default workers) serves both sides; the
//! load is driven from `block_on`, and each (side, op) drives its own
//! future type, so each side pays only for its own futures.
//!
//! 1. Criterion (`iter_custom`): each iteration is one operation, so
//!    criterion reports time per operation and operations per second
//!    (`layer/<op>/<load>/<side>`).
//! 2. Then a summary that interleaves the sides: 401 rounds per (op, load)
//!    (`CQLBRIDGE_BENCH_ROUNDS` overrides), each round one block of ours and
//!    one of raw, the order swapped every round (A B, B A, …) so that drift
//!    of a shared machine falls on both. It prints the median ops/s of each
//!    side and the median of the per-round ratios ours/raw (target ≥ 0.97)
//!    with its 95% confidence interval, the ratio of the totals, and the load
//!    average before and after. The last two columns are the client's CPU
//!    time per operation (µs, all threads of this process, summed over the
//!    rounds): the layer's own cost, which other load on a shared machine
//!    moves much less than ops/s, while ops/s at concurrency 64 on a small
//!    machine that also runs the server is CPU-bound, so extra client CPU
//!    shows up there as lost throughput.
//!
//! # What the bench itself can resolve: the A/A check
//!
//! With `CQLBRIDGE_LAYER_AA=1` the summary compares raw with a second raw
//! session of its own ("twin": same code, same settings, its own
//! connections) instead of ours with raw, and criterion is skipped. Any
//! distance of its ratios from 1.000 is the bench's own noise on this
//! machine, the yardstick for reading a row of the real comparison. On the
//! 2-core machine that also runs the server, the A/A medians stayed within
//! 0.975–1.013 at 101 rounds and within 0.992–1.006 at 401: a bench that
//! is to tell 0.97 from 0.98 needs the 401.
//!
//! Run (needs the test bed and its environment, see `benches/support`):
//! `source ~/.cache/cqlbridge/testbed.env && cargo bench --features scylla --bench layer`.

mod support;

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use cqlbridge::{BackendKind, Prepared, Session};
use criterion::{Criterion, Throughput};
use tokio::runtime::Runtime;

#[path = "layer/kinds.rs"]
mod kinds;

use kinds::{Load, Op, Side, IN_FLIGHT, LOADS};
use support::paired;
use support::raw::Raw;
use support::stats::{cpu_per_op, load_average, median};
use support::{drive, Keyspace, TestBed, INSERT, PAGE_SIZE, SELECT, TIMEOUT};

/// Interleaved rounds of the summary (odd, so the median is one round):
/// enough to resolve about ±0.01 on a shared 2-core machine (see the A/A
/// check above); a run takes about 12 minutes.
const ROUNDS: usize = 401;
/// The target throughput ratio ours/raw.
const TARGET: f64 = 0.97;

/// Our side: a session over `ScyllaDriver`, statements prepared.
struct Ours {
    session: Session,
    insert: Prepared,
    select: Prepared,
}

/// Both sides, connected to the bench keyspace, statements prepared. Each
/// side sits behind one `Arc`, so that a spawned operation of either side
/// costs the same one reference count.
struct Layer<'a> {
    rt: &'a Runtime,
    ours: Arc<Ours>,
    raw: Arc<Raw>,
    /// Connected only for the A/A check.
    twin: Option<Arc<Raw>>,
}

impl<'a> Layer<'a> {
    async fn new(session: &Session, rt: &'a Runtime, bed: &TestBed, ks: &str) -> Layer<'a> {
        let ours = Ours {
            session: session.clone(),
            insert: session.prepare(INSERT).await.expect("prepare INSERT"),
            select: session.prepare(SELECT).await.expect("prepare SELECT"),
        };
        Layer {
            rt,
            ours: Arc::new(ours),
            raw: Arc::new(Raw::connect(bed, ks).await),
            twin: if a_a() {
                Some(Arc::new(Raw::connect(bed, ks).await))
            } else {
                None
            },
        }
    }

    /// `n` operations under `load`; the wall time. Each case drives its own
    /// future type, so each side pays only for its own futures. Ours is the
    /// same code as in `benches/backends.rs`.
    fn run(&self, side: Side, op: Op, load: Load, n: u64) -> Duration {
        if let Load::Tasks = load {
            return self.run_spawned(side, op, n);
        }
        let (o, raw) = (&*self.ours, &**self.raw_side(side));
        let c = load.concurrency();
        let load = async {
            match (side, op) {
                (Side::Ours, Op::Insert) => {
                    drive::run(n, c, None, |i| {
                        support::insert_via(&o.session, &o.insert, i)
                    })
                    .await
                }
                (Side::Ours, Op::Select) => {
                    drive::run(n, c, None, |i| {
                        support::select_via(&o.session, &o.select, i)
                    })
                    .await
                }
                (_, Op::Insert) => drive::run(n, c, None, |i| raw.insert(i)).await,
                (_, Op::Select) => drive::run(n, c, None, |i| raw.select(i)).await,
            }
        };
        self.rt.block_on(load)
    }

    /// The raw session that runs `side`: the twin for [`Side::RawTwin`].
    fn raw_side(&self, side: Side) -> &Arc<Raw> {
        match (side, &self.twin) {
            (Side::RawTwin, Some(twin)) => twin,
            _ => &self.raw,
        }
    }

    /// [`Load::Tasks`]: each operation holds its side by one `Arc` clone.
    fn run_spawned(&self, side: Side, op: Op, n: u64) -> Duration {
        let (ours, t) = (Arc::clone(&self.ours), IN_FLIGHT);
        let raw = Arc::clone(self.raw_side(side));
        self.rt.block_on(async move {
            match (side, op) {
                (Side::Ours, Op::Insert) => {
                    let op = |o: Arc<Ours>, i| async move {
                        support::insert_via(&o.session, &o.insert, i).await
                    };
                    drive::spawned(n, t, ours, op).await
                }
                (Side::Ours, Op::Select) => {
                    let op = |o: Arc<Ours>, i| async move {
                        support::select_via(&o.session, &o.select, i).await
                    };
                    drive::spawned(n, t, ours, op).await
                }
                (_, Op::Insert) => {
                    let op = |r: Arc<Raw>, i| async move { r.insert(i).await };
                    drive::spawned(n, t, raw, op).await
                }
                (_, Op::Select) => {
                    let op = |r: Arc<Raw>, i| async move { r.select(i).await };
                    drive::spawned(n, t, raw, op).await
                }
            }
        })
    }
}

fn criterion_benches(c: &mut Criterion, layer: &Layer<'_>) {
    let mut g = c.benchmark_group("layer");
    g.throughput(Throughput::Elements(1));
    for op in [Op::Insert, Op::Select] {
        for load in LOADS {
            for side in [Side::Ours, Side::Raw] {
                g.bench_function(format!("{op}/{load}/{side}"), |b| {
                    b.iter_custom(|n| layer.run(side, op, load, n));
                });
            }
        }
    }
    g.finish();
}

/// Operations per block of the summary: about 0.1 s on the test bed.
fn block(load: Load, measuring: bool) -> u64 {
    match (measuring, load) {
        (false, _) => 64,
        (true, Load::Serial) => 100,
        (true, _) => 1500,
    }
}

/// The interleaved rounds and their table.
fn summary(layer: &Layer<'_>, measuring: bool) {
    let rounds = if measuring { rounds() } else { 1 };
    let sides = match layer.twin {
        Some(_) => [Side::RawTwin, Side::Raw],
        None => [Side::Ours, Side::Raw],
    };
    println!(
        "\nlayer: {} vs {}, {rounds} interleaved rounds per row; LOCAL_ONE, page size \
         {PAGE_SIZE}, timeout {TIMEOUT:?}",
        sides[0].long(),
        sides[1].long(),
    );
    println!("load average before: {}", load_average());
    println!(
        "{:<7} {:>4} {:>7} {:>10} {:>10} {:>9} {:>13} {:>7} {:>8} {:>8}",
        "op",
        "load",
        "ops/blk",
        format!("{} ops/s", sides[0]),
        format!("{} ops/s", sides[1]),
        format!("{}/{}", sides[0], sides[1]),
        "95% CI",
        "totals",
        format!("{} cpu", sides[0]),
        format!("{} cpu", sides[1]),
    );
    let mut below = Vec::new();
    for op in [Op::Insert, Op::Select] {
        for load in LOADS {
            let n = block(load, measuring);
            layer.run(sides[0], op, load, n);
            layer.run(sides[1], op, load, n);
            let p = paired::measure(rounds, n, |i, n| layer.run(sides[i], op, load, n));
            let (lo, hi) = paired::median_ci95(&p.ratios);
            let r = p.median_ratio();
            if r < TARGET {
                below.push(format!("{op}/{load}"));
            }
            println!(
                "{:<7} {:>4} {:>7} {:>10.0} {:>10.0} {:>9.3} {:>13} {:>7.3} {:>8} {:>8}",
                op.to_string(),
                load.to_string(),
                n,
                median(&p.rates[0]),
                median(&p.rates[1]),
                r,
                format!("{lo:.3}–{hi:.3}"),
                p.total_ratio(),
                cpu_per_op(p.cpu[0], p.ops),
                cpu_per_op(p.cpu[1], p.ops),
            );
        }
    }
    println!("load average after:  {}", load_average());
    match below.as_slice() {
        [] => println!("every ratio ≥ {TARGET} (median of per-round ours/raw)"),
        rows => println!("below the {TARGET} target: {}", rows.join(", ")),
    }
    println!(
        "(one run's median is good to about ±0.01 at 401 rounds and ±0.025 at 101, by the A/A \
         check CQLBRIDGE_LAYER_AA=1: judge the target over repeated runs)"
    );
}

/// The A/A check instead of the comparison: `CQLBRIDGE_LAYER_AA=1`.
fn a_a() -> bool {
    std::env::var("CQLBRIDGE_LAYER_AA").is_ok_and(|v| v == "1")
}

/// Rounds per row: `CQLBRIDGE_BENCH_ROUNDS`, else [`ROUNDS`].
fn rounds() -> usize {
    std::env::var("CQLBRIDGE_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(ROUNDS)
}

fn main() {
    let bed = support::bed("layer");
    let measuring = support::measuring();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let config = support::config(&bed, BackendKind::Scylla);
    let ours = rt
        .block_on(cqlbridge::connect(&config))
        .unwrap_or_else(|e| panic!("connect the scylla backend: {e}"));
    let ks = rt.block_on(Keyspace::create(&ours, "layer"));
    // Whatever happens while measuring, the keyspace is dropped.
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        rt.block_on(support::fill(&ours));
        let layer = rt.block_on(Layer::new(&ours, &rt, &bed, &ks.name));
        let mut c = Criterion::default()
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2))
            .configure_from_args();
        if layer.twin.is_none() {
            criterion_benches(&mut c, &layer);
            c.final_summary();
        }
        summary(&layer, measuring);
    }));
    rt.block_on(ks.drop_with(&ours));
    if let Err(e) = rt.block_on(ours.close()) {
        eprintln!("closing the session: {e}");
    }
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}
