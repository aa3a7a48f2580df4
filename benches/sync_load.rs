//! The blocking API under load: `SyncSession` with N threads against
//! `Session` with N tasks, on both real backends, against the test bed.
//!
//! # What is measured
//!
//! Prepared single-row `select` by primary key (read into a tuple and
//! checked) and `insert`, over the `kv` table of `benches/support` (10 000
//! rows written first), at N = 1, 16 and 64 in flight, per backend. Seven
//! sides, each with its own session and connections:
//!
//! - `async`: `Session`, N tasks on a multi-thread Tokio runtime with the
//!   default worker count (what an async service runs);
//! - `async2`: a second `Session`, the same way: `async2/async` is the A/A
//!   figure, the bench's own noise on this machine;
//! - `sync`: `SyncSession` with the default bridge, N OS threads: for these
//!   backends each call is polled on its caller's thread, the connection
//!   tasks run on the bridge's current-thread runtime;
//! - `sync+t`: the same bridge recording where each call's time goes
//!   (`SyncSessionBuilder::record_timings`);
//! - `task`: the bridge with `calls_on_caller(false)`, each call a task on
//!   the bridge runtime (the default before calls ran on their callers);
//! - `task+t`: the same, recording timings;
//! - `floor`: no database, each operation a bare blocking hand-off to a
//!   runtime task that replies at once: its CPU per call is what the
//!   blocking model itself costs this machine, compared with how much more
//!   CPU `sync` uses per operation than `async`.
//!
//! Rounds are interleaved: each round runs one block of every side, the
//! order rotated every round, so a shared machine's drift falls on all.
//! Per (backend, op, N) the table gives the async side's median ops/s, each
//! other side's throughput over `async` (median of the per-round ratios,
//! with min–max), client CPU µs per operation (this process, all threads,
//! summed over the rounds), and p50 latencies. The `+t` sides also split a
//! blocking call's time: queued (`task`: in the runtime's queue; `sync`:
//! before the caller's first poll), running (`task`: on the runtime until
//! the reply is sent; `sync`: first poll to the last wake-up), and waking
//! (the caller's wake-up after the reply, or after the last wake).
//!
//! `CQLBRIDGE_BENCH_ROUNDS` sets the rounds (default 9);
//! `CQLBRIDGE_SYNC_LOAD_ONLY=scylla/select/64` runs only the rows whose
//! `backend/op/N` contains that text (for a profiler). `cargo test
//! --benches` runs one short round of every row to prove it works.
//!
//! Run: `cargo xtask bench`, or with the test bed's and the C++ driver's
//! environment loaded: `cargo bench --features all-drivers --bench sync_load`.

#[path = "sync_load/sides.rs"]
mod sides;
mod support;

use std::time::Duration;

use cqlbridge::{BackendKind, BridgeTimings, SyncSession};
use tokio::runtime::Runtime;

use sides::{Op, Side};
use support::stats::{add_cpu, cpu_per_op, load_average, median, ops_per_sec, process_cpu};
use support::{quantile_of, Keyspace};

/// The in-flight counts measured.
const CONCURRENCY: [usize; 3] = [1, 16, 64];
/// The sides' names, in the order [`sides_for`] builds them.
const NAMES: [&str; 7] = [
    "async", "async2", "sync", "sync+t", "task", "task+t", "floor",
];

fn main() {
    let measuring = support::measuring();
    let bed = support::bed("sync_load");
    let rounds = support::rounds(9, measuring);
    let rt = Runtime::new().expect("a Tokio runtime");
    println!(
        "\nsync_load: SyncSession (N threads) vs Session (N tasks), {rounds} interleaved rounds; \
         load average before: {}",
        load_average()
    );
    let only = std::env::var("CQLBRIDGE_SYNC_LOAD_ONLY").unwrap_or_default();
    for kind in [BackendKind::Scylla, BackendKind::Cpp] {
        if !only.is_empty() && !only.starts_with(&kind.to_string()) {
            continue;
        }
        let sides = sides_for(&rt, &bed, kind);
        for op in [Op::Select, Op::Insert] {
            for conc in CONCURRENCY {
                if !format!("{kind}/{}/{conc}", op.name()).contains(&only) {
                    continue;
                }
                let cell = measure(&rt, &sides.1, op, conc, rounds, measuring);
                cell.print(kind, op, conc);
            }
        }
        for side in &sides.1 {
            if let Some(s) = side.sync_session() {
                s.close().expect("close a SyncSession");
            }
        }
        rt.block_on(async {
            sides.0.drop_with(&sides.2).await;
            sides.2.close().await.expect("close");
        });
    }
    println!("load average after: {}", load_average());
}

/// The keyspace, the seven sides of `kind` and the session that made the
/// keyspace (it is also the `async` side's).
fn sides_for(
    rt: &Runtime,
    bed: &support::TestBed,
    kind: BackendKind,
) -> (Keyspace, Vec<Side>, cqlbridge::Session) {
    let config = support::config(bed, kind);
    let (keyspace, first, second) = rt.block_on(async {
        let first = cqlbridge::connect(&config).await.expect("connect");
        let ks = Keyspace::create(&first, &format!("sync_load_{kind}")).await;
        support::fill(&first).await;
        let second = cqlbridge::connect(&config).await.expect("connect");
        second.use_keyspace(&ks.name).await.expect("USE");
        (ks, first, second)
    });
    let (a, b) = rt.block_on(async {
        (
            Side::async_side(first.clone()).await,
            Side::async_side(second).await,
        )
    });
    let ks = &keyspace.name;
    let on_runtime = || SyncSession::builder().calls_on_caller(false);
    let sides = vec![
        a,
        b,
        Side::sync_side(SyncSession::builder(), config.clone(), ks),
        Side::sync_side(
            SyncSession::builder().record_timings(true),
            config.clone(),
            ks,
        ),
        Side::sync_side(on_runtime(), config.clone(), ks),
        Side::sync_side(on_runtime().record_timings(true), config, ks),
        Side::Floor {
            runtime: Runtime::new().expect("the floor's runtime"),
        },
    ];
    (keyspace, sides, first)
}

/// What one (backend, op, N) cell collected, per side.
struct Cell {
    rates: Vec<Vec<f64>>,
    latencies: Vec<Vec<Duration>>,
    cpu: Vec<Option<Duration>>,
    timings: Vec<BridgeTimings>,
    ops: u64,
}

/// Operations per block: about 0.2–0.5 s on the test bed.
fn block(concurrency: usize, measuring: bool) -> u64 {
    match (measuring, concurrency) {
        (false, _) => 32,
        (true, 1) => 600,
        (true, _) => 6000,
    }
}

fn measure(
    rt: &Runtime,
    sides: &[Side],
    op: Op,
    conc: usize,
    rounds: usize,
    measuring: bool,
) -> Cell {
    let n = block(conc, measuring);
    let mut warm = Vec::new();
    for side in sides {
        side.run(rt, op, conc, n, &mut warm);
    }
    let k = sides.len();
    let snapshot = |s: &Side| s.sync_session().and_then(SyncSession::timings);
    let before: Vec<_> = sides.iter().map(snapshot).collect();
    let mut cell = Cell {
        rates: vec![Vec::new(); k],
        latencies: vec![Vec::new(); k],
        cpu: vec![Some(Duration::ZERO); k],
        timings: vec![BridgeTimings::default(); k],
        ops: n * rounds as u64,
    };
    for r in 0..rounds {
        for j in 0..k {
            let i = (r + j) % k;
            let cpu_before = process_cpu();
            let took = sides[i].run(rt, op, conc, n, &mut cell.latencies[i]);
            cell.cpu[i] = add_cpu(cell.cpu[i], cpu_before, process_cpu());
            cell.rates[i].push(ops_per_sec(n, took));
        }
    }
    for (i, side) in sides.iter().enumerate() {
        if let (Some(now), Some(Some(then))) = (snapshot(side), before.get(i)) {
            cell.timings[i] = now.since(then);
        }
        cell.latencies[i].sort_unstable();
    }
    cell
}

impl Cell {
    /// How much more client CPU per operation side `i` used than `async`.
    fn extra_cpu(&self, i: usize) -> String {
        match self.extra_cpu_us(i) {
            Some(extra) => format!("{extra:.1}"),
            None => "-".to_string(),
        }
    }

    /// Side `i`'s client CPU µs per operation, when known.
    fn cpu_us(&self, i: usize) -> Option<f64> {
        let ops = (self.ops > 0).then_some(self.ops as f64)?;
        Some(self.cpu[i]?.as_secs_f64() * 1e6 / ops)
    }

    /// How many more client CPU µs per operation side `i` used than `async`.
    fn extra_cpu_us(&self, i: usize) -> Option<f64> {
        Some(self.cpu_us(i)? - self.cpu_us(0)?)
    }

    /// The blocking/async ratio this machine allows if every operation
    /// cost side `i`'s CPU more than an async one, the rest unchanged: with
    /// the cores saturated (the server shares them), an async operation
    /// takes `cores / async ops/s` of machine time, `budget`, so the ratio
    /// is `budget / (budget + extra)`. For the floor, what a bare blocking
    /// hand-off alone leaves; beside it the same figure for `sync`'s extra.
    fn ceiling(&self, i: usize) -> String {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
        let budget = cores * 1e6 / median(&self.rates[0]);
        match (self.cpu_us(i), self.extra_cpu_us(2)) {
            (Some(floor), Some(extra)) if budget.is_finite() => format!(
                "{:.3} from the floor's cpu, {:.3} from sync's extra, of {budget:.0} µs of \
                 machine time per async op",
                budget / (budget + floor),
                budget / (budget + extra)
            ),
            _ => "-".to_string(),
        }
    }

    /// Side `i`'s throughput over the `async` side's, per round.
    fn ratios(&self, i: usize) -> Vec<f64> {
        self.rates[i]
            .iter()
            .zip(&self.rates[0])
            .map(|(x, a)| x / a)
            .collect()
    }

    fn print(&self, kind: BackendKind, op: Op, conc: usize) {
        println!(
            "\n{kind} {} N={conc}: async {:.0} ops/s median, p50 {:.1?}, cpu {} µs/op",
            op.name(),
            median(&self.rates[0]),
            quantile_of(&self.latencies[0], 0.5),
            cpu_per_op(self.cpu[0], self.ops),
        );
        for (i, name) in NAMES.iter().enumerate().skip(1) {
            if *name == "floor" {
                println!(
                    "  floor    (no database)   p50 {:>9.1?}  cpu {:>6} µs/op  (sync used {} µs/op \
                     more than async; ceiling {})",
                    quantile_of(&self.latencies[i], 0.5),
                    cpu_per_op(self.cpu[i], self.ops),
                    self.extra_cpu(2),
                    self.ceiling(i),
                );
                continue;
            }
            let ratios = self.ratios(i);
            let (lo, hi) = support::stats::range(&ratios);
            print!(
                "  {name:<8} /async {:.3} [{lo:.3}–{hi:.3}]  p50 {:>9.1?}  cpu {:>6} µs/op",
                median(&ratios),
                quantile_of(&self.latencies[i], 0.5),
                cpu_per_op(self.cpu[i], self.ops),
            );
            let t = &self.timings[i];
            if t.calls > 0 {
                print!(
                    "  queued {:.1?} running {:.1?} waking {:.1?} per call",
                    t.per_call(t.queued),
                    t.per_call(t.running),
                    t.per_call(t.waking)
                );
            }
            println!();
        }
    }
}
