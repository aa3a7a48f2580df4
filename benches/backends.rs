//! The two real backends side by side: `cpp` (libcassandra through
//! `CppDriver`) and `scylla` (`ScyllaDriver`), both through
//! `cqlbridge::Session`, against the Cassandra test bed in the same run.
//!
//! # What is measured
//!
//! The statements of `benches/layer.rs`, in a keyspace of the bench's own
//! (SimpleStrategy, RF 1) created at the start and dropped at the end:
//! prepared single-row `insert` into `kv (id bigint PRIMARY KEY, n int,
//! v text)` and prepared single-row `select` by primary key over 10 000 rows
//! written first (the row is read into `(i64, i32, String)` and checked).
//! The same code runs both: only `Config::backend` differs, so both use
//! LOCAL_ONE, a page size of 100 and a 5 s timeout, each backend setting
//! them on every request.
//!
//! Each at concurrency 1 (a loop of awaits) and 64 (one task keeping 64
//! requests in flight with `buffer_unordered`).
//!
//! # How
//!
//! 15 rounds per (op, concurrency); each round runs one block on each
//! backend, the order swapped every round (A B, B A, …) so that drift of a
//! shared machine falls on both. Every operation's latency (first poll to
//! reply) goes into one vector per (backend, op, concurrency), sorted at the
//! end. The table shows the median ops/s over the rounds, p50 and p99 of the
//! latencies, and the throughput ratio cpp/scylla (median of the per-round
//! ratios, with their range), with the load average before and after.
//! `cpu µs/op` is this process's CPU time per operation (all threads, the
//! C++ driver's own I/O threads included), summed over the rounds.
//!
//! No criterion here: a percentile table needs every latency, and criterion's
//! per-sample means hide the tail. `cargo test --benches` (no `--bench`
//! argument) runs one short round per row to check the bench works;
//! arguments meant for criterion (from `cargo xtask bench -- …`) are ignored.
//!
//! Run (needs libcassandra, see `cargo xtask cpp-driver`, and the test bed):
//! `source ~/.cache/cqlbridge/testbed.env && cargo bench --features scylla,cpp --bench backends`.

mod support;

use std::panic::AssertUnwindSafe;
use std::time::Duration;

use cqlbridge::{BackendKind, Prepared, Session};
use tokio::runtime::Runtime;

use support::stats::{
    add_cpu, cpu_per_op, load_average, median, ops_per_sec, process_cpu, quantile, range,
};
use support::{drive, Keyspace, TestBed, INSERT, PAGE_SIZE, SELECT, TIMEOUT};

/// Interleaved rounds per row (odd, so the median is one round).
const ROUNDS: usize = 15;
/// The concurrencies measured.
const CONCURRENCY: [usize; 2] = [1, 64];
/// The backends, in table order.
const BACKENDS: [BackendKind; 2] = [BackendKind::Cpp, BackendKind::Scylla];

/// One backend's session and its prepared statements.
struct Backend {
    kind: BackendKind,
    session: Session,
    insert: Prepared,
    select: Prepared,
}

impl Backend {
    async fn connect(bed: &TestBed, kind: BackendKind) -> Session {
        cqlbridge::connect(&support::config(bed, kind))
            .await
            .unwrap_or_else(|e| panic!("connect the {kind} backend: {e}"))
    }

    async fn prepare(kind: BackendKind, session: Session, keyspace: &str) -> Backend {
        session
            .use_keyspace(keyspace)
            .await
            .unwrap_or_else(|e| panic!("{kind}: USE {keyspace}: {e}"));
        let prepare = |cql: &'static str| {
            let session = &session;
            async move {
                session
                    .prepare(cql)
                    .await
                    .unwrap_or_else(|e| panic!("{kind}: prepare {cql}: {e}"))
            }
        };
        let (insert, select) = (prepare(INSERT).await, prepare(SELECT).await);
        Backend {
            kind,
            session,
            insert,
            select,
        }
    }

    /// `n` operations at `concurrency`, latencies into `out`; the wall time.
    fn run(
        &self,
        rt: &Runtime,
        select: bool,
        concurrency: usize,
        n: u64,
        out: &mut Vec<Duration>,
    ) -> Duration {
        let (s, ins, sel) = (&self.session, &self.insert, &self.select);
        rt.block_on(drive::run(n, concurrency, Some(out), |i| async move {
            if select {
                support::select_via(s, sel, i).await
            } else {
                support::insert_via(s, ins, i).await
            }
        }))
        .max(Duration::from_nanos(1))
    }
}

/// What one (backend, op, concurrency) row collected.
#[derive(Default)]
struct Samples {
    rates: Vec<f64>,
    latencies: Vec<Duration>,
    cpu: Option<Duration>,
}

/// Operations per block: about 0.1–0.3 s on the test bed.
fn block(concurrency: usize, measuring: bool) -> u64 {
    match (measuring, concurrency) {
        (false, _) => 64,
        (true, 1) => 400,
        (true, _) => 4000,
    }
}

/// Measures every row; the figures the scorecard reads (see
/// [`write_figures`]).
fn measure(rt: &Runtime, backends: &[Backend; 2], measuring: bool) -> serde_json::Value {
    let rounds = if measuring { ROUNDS } else { 1 };
    let load_before = load_average();
    let mut rows = Vec::new();
    println!(
        "\nbackends through Session, {rounds} interleaved rounds per row; LOCAL_ONE, page size \
         {PAGE_SIZE}, timeout {TIMEOUT:?}"
    );
    println!("load average before: {load_before}");
    println!(
        "{:<7} {:>4} {:<7} {:>8} {:>11} {:>10} {:>10} {:>8} {:>11} {:>15}",
        "op",
        "conc",
        "backend",
        "ops",
        "ops/s",
        "p50",
        "p99",
        "cpu µs/op",
        "cpp/scylla",
        "ratio min–max"
    );
    for select in [false, true] {
        let op = if select { "select" } else { "insert" };
        for conc in CONCURRENCY {
            let n = block(conc, measuring);
            let mut warm = Vec::new();
            for b in backends {
                b.run(rt, select, conc, n, &mut warm);
            }
            let mut samples: [Samples; 2] = Default::default();
            samples
                .iter_mut()
                .for_each(|s| s.cpu = Some(Duration::ZERO));
            for r in 0..rounds {
                let order = if r % 2 == 0 { [0, 1] } else { [1, 0] };
                for i in order {
                    let s = &mut samples[i];
                    let cpu_before = process_cpu();
                    let elapsed = backends[i].run(rt, select, conc, n, &mut s.latencies);
                    s.cpu = add_cpu(s.cpu, cpu_before, process_cpu());
                    s.rates.push(ops_per_sec(n, elapsed));
                }
            }
            let ratios: Vec<f64> = samples[0]
                .rates
                .iter()
                .zip(&samples[1].rates)
                .map(|(cpp, scylla)| cpp / scylla)
                .collect();
            let (lo, hi) = range(&ratios);
            let ops: serde_json::Map<String, serde_json::Value> = backends
                .iter()
                .zip(&samples)
                .map(|(b, s)| (b.kind.to_string(), median(&s.rates).into()))
                .collect();
            rows.push(serde_json::json!({
                "op": format!("{op} c{conc}"),
                "ops_per_s": ops,
                "ratio": [median(&ratios), lo, hi],
            }));
            for (b, s) in backends.iter().zip(&mut samples) {
                s.latencies.sort_unstable();
                let (ratio, spread) = match b.kind {
                    BackendKind::Cpp => {
                        let (lo, hi) = range(&ratios);
                        (
                            format!("{:.3}", median(&ratios)),
                            format!("{lo:.3}–{hi:.3}"),
                        )
                    }
                    _ => (String::new(), String::new()),
                };
                println!(
                    "{:<7} {:>4} {:<7} {:>8} {:>11.0} {:>10.1?} {:>10.1?} {:>8} {:>11} {:>15}",
                    op,
                    conc,
                    b.kind.to_string(),
                    s.latencies.len(),
                    median(&s.rates),
                    quantile(&s.latencies, 0.50),
                    quantile(&s.latencies, 0.99),
                    cpu_per_op(s.cpu, s.latencies.len() as u64),
                    ratio,
                    spread,
                );
            }
        }
    }
    let load_after = load_average();
    println!("load average after:  {load_after}");
    serde_json::json!({
        "context": format!(
            "`cargo bench --features all-drivers --bench backends`: {rounds} interleaved rounds \
             per row, prepared single-row statements through Session, LOCAL_ONE; load average \
             {load_before} before, {load_after} after"
        ),
        "rows": rows,
    })
}

/// Writes `figures` to `target/bench/backends.json` (for `cargo xtask
/// scorecard`); a short test round writes nothing.
fn write_figures(figures: &serde_json::Value) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let path = dir.join("backends.json");
    let written =
        std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, figures.to_string()));
    match written {
        Ok(()) => println!("figures: {}", path.display()),
        Err(e) => eprintln!("cannot write {}: {e}", path.display()),
    }
}

fn main() {
    let bed = support::bed("backends");
    let measuring = support::measuring();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let admin = rt.block_on(Backend::connect(&bed, BackendKind::Scylla));
    let ks = rt.block_on(Keyspace::create(&admin, "backends"));
    // Whatever happens while measuring, the keyspace is dropped.
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        rt.block_on(support::fill(&admin));
        let backends = BACKENDS.map(|kind| {
            rt.block_on(async {
                let session = Backend::connect(&bed, kind).await;
                Backend::prepare(kind, session, &ks.name).await
            })
        });
        let figures = measure(&rt, &backends, measuring);
        if measuring {
            write_figures(&figures);
        }
        for b in &backends {
            if let Err(e) = rt.block_on(b.session.close()) {
                eprintln!("closing the {} session: {e}", b.kind);
            }
        }
    }));
    rt.block_on(ks.drop_with(&admin));
    if let Err(e) = rt.block_on(admin.close()) {
        eprintln!("closing the admin session: {e}");
    }
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}
