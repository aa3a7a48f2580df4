//! The workload's setup and teardown: a keyspace, each operation's table
//! (filled where it reads), both backends' sessions of both APIs with every
//! statement prepared, and a second scylla pair for the A/A figure (the
//! same backend measured against itself: the bench's own noise); and the
//! results file.

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cqlbridge::{BackendKind, Batch, BatchKind, Session, Statement};
use futures::StreamExt;
use serde_json::json;

use crate::cells::{AaFigure, Cell};
use crate::exec::{Api, Ready};
use crate::ops::{self, Op, Shape, PARTITIONS};
use crate::pattern_setup;
use crate::patterns::{CHECK_KEYS, KEYS};
use crate::support::{self, Keyspace, TestBed, PAYLOAD};

/// Attempts at one fill batch.
const FILL_TRIES: u32 = 5;

/// The label of the side that repeats the first one (A/A).
pub(crate) const AA: &str = "scylla A/A";

/// One backend's two sessions and their prepared operations.
pub(crate) struct Side {
    /// `scylla`, `cpp`, or [`AA`].
    pub(crate) label: String,
    async_api: Api,
    sync_api: Api,
    ready_async: Vec<Ready>,
    ready_sync: Vec<Ready>,
}

impl Side {
    /// The session of `api` and its operation `o`.
    pub(crate) fn api(&self, api: &str, o: usize) -> (&Api, &Ready) {
        match api {
            "async" => (&self.async_api, &self.ready_async[o]),
            _ => (&self.sync_api, &self.ready_sync[o]),
        }
    }
}

/// Rows `(k, c)` of a table holding `rows`: 10 a partition for the
/// read-side tables, 1,000 for the paged one.
fn layout(rows: i64) -> (i64, i64) {
    if rows == PARTITIONS * 10 {
        (PARTITIONS, 10)
    } else {
        ((rows + 999) / 1_000, 1_000.min(rows))
    }
}

async fn fill(admin: &Session, table: &str, rows: i64) {
    let insert = admin
        .prepare(&format!("INSERT INTO {table} (k, c, v) VALUES (?, ?, ?)"))
        .await
        .expect("prepare the fill");
    let (partitions, per) = layout(rows);
    let chunks: Vec<(i64, i64)> = (0..partitions)
        .flat_map(|k| (0..per).step_by(100).map(move |c| (k, c)))
        .collect();
    futures::stream::iter(chunks)
        .map(|(k, c0)| {
            let (admin, insert) = (admin, &insert);
            async move {
                let batch = (c0..(c0 + 100).min(per))
                    .fold(Batch::new(BatchKind::Unlogged), |b, c| {
                        b.add(insert, (k, c as i32, PAYLOAD))
                    })
                    .with_idempotent(true);
                let mut tries = 0;
                while let Err(e) = admin.batch(&batch).await {
                    tries += 1;
                    assert!(tries < FILL_TRIES, "fill {table} ({k}, {c0}): {e}");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        })
        .buffer_unordered(8)
        .collect::<Vec<()>>()
        .await;
}

async fn ready(api: &Api, ops: &[Op], keys: i64) -> Vec<Ready> {
    let mut out = Vec::new();
    for op in ops {
        let table = ops::table(op);
        let (prepared, pattern) = if let Shape::Pattern(p) = op.shape {
            let pattern = pattern_setup::ready(api, &table, p, keys).await;
            (pattern.statements[0].clone(), Some(Arc::new(pattern)))
        } else {
            let prepared = api
                .prepare(&op.cql.replace("{t}", &table))
                .await
                .unwrap_or_else(|e| panic!("prepare {}: {e}", op.name));
            (prepared.with_idempotent(false), None)
        };
        let prepared = prepared.with_consistency(op.consistency);
        out.push(Ready {
            op: *op,
            prepared,
            pattern,
        });
    }
    out
}

/// Creates the keyspace, the tables, the sessions; prepares everything.
pub(crate) async fn prepare(bed: &TestBed, measuring: bool) -> (Keyspace, Vec<Side>, Vec<Op>) {
    let admin = cqlbridge::connect(&support::config(bed, BackendKind::Scylla))
        .await
        .expect("connect");
    let ks = Keyspace::create(&admin, "workload").await;
    let mut all = ops::all();
    if !measuring {
        for op in all.iter_mut().filter(|o| matches!(o.shape, Shape::Paged)) {
            op.prefill = 2_000;
        }
    }
    let keys = if measuring { KEYS } else { CHECK_KEYS };
    for op in &all {
        if let Shape::Pattern(p) = op.shape {
            pattern_setup::create(&admin, &ks.name, &ops::table(op), p, keys).await;
            continue;
        }
        let table = format!("{}.{}", ks.name, ops::table(op));
        let ddl =
            format!("CREATE TABLE {table} (k bigint, c int, v text, n int, PRIMARY KEY (k, c))");
        admin
            .execute(Statement::new(ddl).with_timeout(support::DDL_TIMEOUT), ())
            .await
            .unwrap_or_else(|e| panic!("create {table}: {e}"));
        if op.prefill > 0 {
            fill(&admin, &table, op.prefill).await;
        }
    }
    let _ = admin.close().await;
    let mut sides = Vec::new();
    let labelled = [
        (BackendKind::Scylla, "scylla"),
        (BackendKind::Cpp, "cpp"),
        (BackendKind::Scylla, AA),
    ];
    for (backend, label) in labelled {
        let mut config = support::config(bed, backend);
        config.keyspace = Some(ks.name.clone());
        let async_api = Api::Async(cqlbridge::connect(&config).await.expect("connect"));
        let sync = tokio::task::spawn_blocking(move || cqlbridge::connect_blocking(&config))
            .await
            .expect("connect task")
            .expect("connect (sync)");
        let sync_api = Api::Sync(sync);
        let (ready_async, ready_sync) = (
            ready(&async_api, &all, keys).await,
            ready(&sync_api, &all, keys).await,
        );
        sides.push(Side {
            label: label.to_string(),
            async_api,
            sync_api,
            ready_async,
            ready_sync,
        });
    }
    (ks, sides, all)
}

/// Closes the sessions and drops the keyspace.
pub(crate) async fn finish(ks: Keyspace, sides: Vec<Side>) {
    let mut admin = None;
    for side in sides {
        if let Api::Async(s) = &side.async_api {
            admin.get_or_insert_with(|| s.clone());
        }
        if let Api::Sync(s) = side.sync_api {
            let _ = tokio::task::spawn_blocking(move || s.close()).await;
        }
    }
    if let Some(admin) = admin {
        ks.drop_with(&admin).await;
        let _ = admin.close().await;
    }
}

fn command(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// What the run measured.
pub(crate) struct Figures<'a> {
    /// Every cell.
    pub(crate) cells: &'a [Cell],
    /// The A/A figures.
    pub(crate) aa: &'a [AaFigure],
    /// The cells not run, and why.
    pub(crate) skipped: &'a [String],
}

/// Writes `target/bench/results.json`.
pub(crate) fn write_results(f: &Figures<'_>, rounds: usize, before: &str, after: &str) {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_default();
    let results = json!({
        "bench": "workload",
        "machine": { "cpus": cpus, "cpu": cpu_model },
        "unix_time": SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
        "commit": command("git", &["rev-parse", "HEAD"]),
        "load_average": { "before": before, "after": after },
        "rounds": rounds,
        "cells": f.cells.iter().map(Cell::json).collect::<Vec<_>>(),
        "aa": f.aa.iter().map(AaFigure::json).collect::<Vec<_>>(),
        "not_run": f.skipped,
    });
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let path = dir.join("results.json");
    match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, results.to_string())) {
        Ok(()) => println!("results: {}", path.display()),
        Err(e) => eprintln!("cannot write {}: {e}", path.display()),
    }
}
