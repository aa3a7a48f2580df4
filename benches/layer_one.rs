//! One side of `benches/layer.rs` alone, for a profiler: `n` prepared
//! single-row operations of one side under one load, then its ops/s and the
//! client's CPU per operation, and the size of each side's request future.
//!
//! The paired bench (`layer.rs`) says how much throughput the layer costs;
//! this one says where. Under `valgrind --tool=callgrind` the difference of
//! two runs (`n` and `4n` operations, same side) divided by `3n` is the
//! client's instructions per operation, without the setup both runs share
//! and without the noise of a shared machine:
//!
//! ```text
//! source ~/.cache/cqlbridge/testbed.env
//! cargo bench --features scylla --bench layer_one --no-run
//! B=$(ls -t target/release/deps/layer_one-* | grep -v '\.d$' | head -1)
//! for ops in 3000 12000; do
//!   CQLBRIDGE_LAYER_SIDE=ours CQLBRIDGE_LAYER_OPS=$ops \
//!     valgrind --tool=callgrind --callgrind-out-file=cg.ours.$ops $B --bench
//! done
//! ```
//!
//! Settings (environment): `CQLBRIDGE_LAYER_SIDE` `ours` | `raw` (default
//! `ours`), `CQLBRIDGE_LAYER_OP` `insert` | `select` (default `select`),
//! `CQLBRIDGE_LAYER_LOAD` `c1` | `c64` | `t64` (default `c64`, the loads of
//! `layer.rs`), `CQLBRIDGE_LAYER_OPS` (default 100 000). Without `--bench`
//! (a check, not a measurement) it runs 64 operations.

mod support;

use std::sync::Arc;
use std::time::Duration;

use cqlbridge::{BackendKind, Prepared, Session};
use tokio::runtime::Runtime;

use support::raw::Raw;
use support::stats::{cpu_per_op, ops_per_sec, process_cpu};
use support::{drive, Keyspace, INSERT, SELECT};

/// Requests in flight under `c64` and `t64`.
const IN_FLIGHT: usize = 64;

/// What to run, from the environment.
struct Plan {
    ours: bool,
    insert: bool,
    in_flight: usize,
    spawned: bool,
    ops: u64,
}

impl Plan {
    fn from_env(measuring: bool) -> Plan {
        let var = |k: &str, default: &str| std::env::var(k).unwrap_or_else(|_| default.into());
        let (in_flight, spawned) = match var("CQLBRIDGE_LAYER_LOAD", "c64").as_str() {
            "c1" => (1, false),
            "t64" => (IN_FLIGHT, true),
            _ => (IN_FLIGHT, false),
        };
        let ops = match var("CQLBRIDGE_LAYER_OPS", "100000").parse() {
            Ok(n) if measuring => n,
            _ => 64,
        };
        Plan {
            ours: var("CQLBRIDGE_LAYER_SIDE", "ours") != "raw",
            insert: var("CQLBRIDGE_LAYER_OP", "select") == "insert",
            in_flight,
            spawned,
            ops,
        }
    }
}

/// Our side: the session and its prepared statements.
struct Ours {
    session: Session,
    insert: Prepared,
    select: Prepared,
}

/// Runs the plan on our side; the wall time.
fn run_ours(rt: &Runtime, o: &Arc<Ours>, p: &Plan) -> Duration {
    let n = p.ops;
    if p.spawned {
        let (o, insert) = (Arc::clone(o), p.insert);
        let op = move |o: Arc<Ours>, i| async move {
            match insert {
                true => support::insert_via(&o.session, &o.insert, i).await,
                false => support::select_via(&o.session, &o.select, i).await,
            }
        };
        return rt.block_on(drive::spawned(n, p.in_flight, o, op));
    }
    rt.block_on(async {
        match p.insert {
            true => {
                let op = |i| support::insert_via(&o.session, &o.insert, i);
                drive::run(n, p.in_flight, None, op).await
            }
            false => {
                let op = |i| support::select_via(&o.session, &o.select, i);
                drive::run(n, p.in_flight, None, op).await
            }
        }
    })
}

/// Runs the plan on the raw side; the wall time.
fn run_raw(rt: &Runtime, raw: &Arc<Raw>, p: &Plan) -> Duration {
    let n = p.ops;
    if p.spawned {
        let (r, insert) = (Arc::clone(raw), p.insert);
        let op = move |r: Arc<Raw>, i| async move {
            match insert {
                true => r.insert(i).await,
                false => r.select(i).await,
            }
        };
        return rt.block_on(drive::spawned(n, p.in_flight, r, op));
    }
    rt.block_on(async {
        match p.insert {
            true => drive::run(n, p.in_flight, None, |i| raw.insert(i)).await,
            false => drive::run(n, p.in_flight, None, |i| raw.select(i)).await,
        }
    })
}

fn main() {
    let bed = support::bed("layer_one");
    let plan = Plan::from_env(support::measuring());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let config = support::config(&bed, BackendKind::Scylla);
    let session = rt
        .block_on(cqlbridge::connect(&config))
        .unwrap_or_else(|e| panic!("connect the scylla backend: {e}"));
    let ks = rt.block_on(Keyspace::create(&session, "layer_one"));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rt.block_on(support::fill(&session));
        let ours = Arc::new(Ours {
            insert: rt
                .block_on(session.prepare(INSERT))
                .expect("prepare INSERT"),
            select: rt
                .block_on(session.prepare(SELECT))
                .expect("prepare SELECT"),
            session: session.clone(),
        });
        let raw = Arc::new(rt.block_on(Raw::connect(&bed, &ks.name)));
        println!(
            "request futures: ours {} B (its boxed backend call {} B inside), raw {} B",
            size_of_val(&support::select_via(&ours.session, &ours.select, 0)),
            {
                let values = cqlbridge::Values::Positional(vec![cqlbridge::Value::BigInt(0)]);
                let opts = ours.session.defaults().clone();
                let call = ours
                    .session
                    .driver()
                    .execute_prepared(&ours.select, &values, &opts);
                size_of_val(&*call)
            },
            size_of_val(&raw.select(0)),
        );
        let cpu_before = process_cpu();
        let took = match plan.ours {
            true => run_ours(&rt, &ours, &plan),
            false => run_raw(&rt, &raw, &plan),
        };
        let cpu = match (cpu_before, process_cpu()) {
            (Some(a), Some(b)) => Some(b.saturating_sub(a)),
            _ => None,
        };
        println!(
            "{} {}: {} ops in {took:?}, {:.0} ops/s, client CPU {} µs/op",
            if plan.ours { "ours" } else { "raw" },
            if plan.insert { "insert" } else { "select" },
            plan.ops,
            ops_per_sec(plan.ops, took),
            cpu_per_op(cpu, plan.ops),
        );
    }));
    rt.block_on(ks.drop_with(&session));
    if let Err(e) = rt.block_on(session.close()) {
        eprintln!("closing the session: {e}");
    }
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}
