//! The workload bench (issue 13 item 1): every operation of
//! `workload/ops.rs` (the CRUD ones, then the Argus patterns of
//! `workload/patterns.rs`) × backend (scylla, cpp) × API (async `Session`
//! with tasks, blocking `SyncSession` with threads) × concurrency (1 and
//! 64), against the test bed or the cluster `CQLBRIDGE_TEST_*` names.
//!
//! Each operation has its own tables, set up (and filled where it reads)
//! first. Per cell: ops/s (median of the rounds), latency p50 / p90 / p99 /
//! p99.9 / max from an HDR histogram of every call, client CPU µs per call,
//! errors. Rounds are interleaved: in each, every side runs one block, the
//! order reversed every round, so a shared machine's drift falls on all
//! alike. A third side, the scylla backend again on sessions of its own,
//! gives the A/A figure: scylla's ops/s over its repeat's, per round, the
//! noise `cargo xtask bench --compare` allows. Writes go to new keys in
//! every block. The figures go to `target/bench/results.json` (machine,
//! date, commit, load average).
//!
//! `cargo test --benches` runs one short round (it works, not how fast).
//! Run: `cargo xtask bench` or `source ~/.cache/cqlbridge/testbed.env &&
//! cargo bench --features all-drivers --bench workload`
//! (`CQLBRIDGE_BENCH_ROUNDS`, default 3).

#[path = "workload/argus.rs"]
mod argus;
#[path = "workload/cells.rs"]
mod cells;
#[path = "workload/exec.rs"]
mod exec;
#[path = "workload/ops.rs"]
mod ops;
#[path = "workload/pattern_setup.rs"]
mod pattern_setup;
#[path = "workload/patterns.rs"]
mod patterns;
#[path = "workload/setup.rs"]
mod setup;
mod support;

use cells::{AaFigure, Cell, HEADER};
use exec::block;
use support::stats::{load_average, process_cpu};

/// Calls per block (measuring; one per worker when checking): about the
/// same time for every operation, so a batch of 100 makes a tenth of the
/// calls of a single statement, and the conversion (no I/O) ten times.
fn calls(op: &ops::Op, concurrency: usize, measuring: bool) -> i64 {
    let (scale, per) = match op.shape {
        ops::Shape::Paged => return 1,
        ops::Shape::Batch { rows, .. } => (1, rows.min(10)),
        ops::Shape::Pattern(patterns::Pattern::EventBatch) => (1, 10),
        ops::Shape::Pattern(patterns::Pattern::RowConversion) => (10, 1),
        ops::Shape::Single | ops::Shape::Pattern(_) => (1, 1),
    };
    match (concurrency, measuring) {
        (_, false) => concurrency as i64,
        (1, true) => scale * 200 / per,
        (_, true) => scale * 2_000 / per,
    }
}

fn main() {
    let bed = support::bed("workload");
    let measuring = support::measuring();
    let rounds = support::rounds(3, measuring);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let load_before = load_average();
    let (ks, sides, ops) = rt.block_on(setup::prepare(&bed, measuring));
    println!(
        "\nworkload: {rounds} interleaved rounds per cell; load average before: {load_before}"
    );
    println!("{HEADER}");
    let mut cells = Vec::new();
    let mut skipped = Vec::new();
    let (mut aa, mut repeats) = (Vec::new(), Vec::new());
    let mut base = 0i64;
    for (o, op) in ops.iter().enumerate() {
        for concurrency in [1usize, 64] {
            if concurrency > 1 && !op.concurrent {
                skipped.push(format!(
                    "{} at {concurrency}: not run (64 concurrent reads of {} rows each)",
                    op.name, op.prefill
                ));
                continue;
            }
            let n = calls(op, concurrency, measuring);
            for api in ["async", "sync"] {
                let mut row: Vec<Cell> = sides
                    .iter()
                    .map(|s| Cell::new(op.name, concurrency, s.label.clone(), api))
                    .collect();
                for r in 0..rounds {
                    let order: Vec<usize> = if r % 2 == 0 {
                        (0..sides.len()).collect()
                    } else {
                        (0..sides.len()).rev().collect()
                    };
                    for i in order {
                        let side = &sides[i];
                        let (session, ready) = side.api(api, o);
                        let cpu0 = process_cpu();
                        base += 1_000_000;
                        let b = rt.block_on(block(session, ready, n, concurrency, base));
                        let cpu = match (cpu0, process_cpu()) {
                            (Some(a), Some(b)) => b.saturating_sub(a),
                            _ => std::time::Duration::ZERO,
                        };
                        row[i].add(b, n as u64, cpu);
                    }
                }
                if let Some(at) = row.iter().position(|c| c.backend == setup::AA) {
                    let repeat = row.remove(at);
                    let figure = AaFigure::of(&row[0], &repeat);
                    println!("{}", figure.line());
                    aa.push(figure);
                    repeats.push(repeat);
                }
                for c in row {
                    println!("{}", c.line());
                    cells.push(c);
                }
            }
        }
    }
    let load_after = load_average();
    println!("load average after: {load_after}");
    for s in &skipped {
        println!("{s}");
    }
    let errors: u64 = cells.iter().chain(&repeats).map(|c| c.errors).sum();
    if measuring {
        let figures = setup::Figures {
            cells: &cells,
            aa: &aa,
            skipped: &skipped,
        };
        setup::write_results(&figures, rounds, &load_before, &load_after);
    }
    rt.block_on(setup::finish(ks, sides));
    if errors > 0 {
        let first = cells
            .iter()
            .chain(&repeats)
            .find_map(|c| c.first_error.clone())
            .unwrap_or_default();
        panic!("{errors} calls failed; the first: {first}");
    }
}
