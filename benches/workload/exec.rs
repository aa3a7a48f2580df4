//! Running an operation: `n` calls at a concurrency through one async
//! `Session` (tasks) or one blocking `SyncSession` (threads), each call's
//! latency into an HDR histogram, the failures counted.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cqlbridge::{Batch, BatchKind, PageSize, Prepared, QueryResult, Session, SyncSession};
use futures::StreamExt;
use hdrhistogram::Histogram;

use crate::argus::{self, Conn, PatternReady};
use crate::ops::{Op, Shape};

/// One API's session.
#[derive(Clone)]
pub(crate) enum Api {
    /// Calls awaited in tasks.
    Async(Session),
    /// Calls made from threads.
    Sync(SyncSession),
}

impl Api {
    /// Prepares `cql` (a blocking call off the async runtime's threads).
    pub(crate) async fn prepare(&self, cql: &str) -> cqlbridge::Result<Prepared> {
        match self {
            Api::Async(s) => s.prepare(cql).await,
            Api::Sync(s) => {
                let (s, cql) = (s.clone(), cql.to_string());
                tokio::task::spawn_blocking(move || s.prepare(&cql))
                    .await
                    .expect("prepare task")
            }
        }
    }

    /// Runs `p` without values.
    pub(crate) async fn fetch(&self, p: &Prepared) -> cqlbridge::Result<QueryResult> {
        match self {
            Api::Async(s) => s.execute(p, ()).await,
            Api::Sync(s) => {
                let (s, p) = (s.clone(), p.clone());
                tokio::task::spawn_blocking(move || s.execute(&p, ()))
                    .await
                    .expect("fetch task")
            }
        }
    }
}

/// An operation ready to run on one session.
#[derive(Clone)]
pub(crate) struct Ready {
    pub(crate) op: Op,
    /// The statement (a pattern's first).
    pub(crate) prepared: Prepared,
    /// A pattern's statements and data.
    pub(crate) pattern: Option<Arc<PatternReady>>,
}

impl Ready {
    fn pattern(&self) -> Result<&PatternReady, String> {
        self.pattern
            .as_deref()
            .ok_or_else(|| format!("{}: not set up as a pattern", self.op.name))
    }
}

/// What one block measured.
pub(crate) struct Block {
    pub(crate) elapsed: Duration,
    pub(crate) latency_us: Histogram<u64>,
    pub(crate) errors: u64,
    pub(crate) first_error: Option<String>,
}

fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 120_000_000, 3).expect("histogram bounds")
}

fn batch(r: &Ready, i: i64, rows: i64, logged: bool) -> Batch {
    let kind = if logged {
        BatchKind::Logged
    } else {
        BatchKind::Unlogged
    };
    (0..rows).fold(
        Batch::new(kind).with_consistency(r.op.consistency),
        |b, j| b.add(&r.prepared, (r.op.values)(i, j)),
    )
}

/// One call of `r` (the `i`-th) through the async session.
async fn call_async(s: &Session, r: &Ready, i: i64) -> Result<(), String> {
    let out = match r.op.shape {
        Shape::Single => s.execute(&r.prepared, (r.op.values)(i, 0)).await.map(drop),
        Shape::Batch { rows, logged } => s.batch(&batch(r, i, rows, logged)).await.map(drop),
        Shape::Paged => {
            let q = r.prepared.clone().with_page_size(PageSize::Rows(5_000));
            let mut rows = s.stream(&q, ());
            let mut n = 0u64;
            while let Some(row) = rows.next().await {
                row.map_err(|e| e.to_string())?;
                n += 1;
            }
            return check_rows(n, r);
        }
        Shape::Pattern(p) => return argus::run(Conn::Async(s), p, r.pattern()?, i).await,
    };
    out.map_err(|e| e.to_string())
}

/// One call of `r` (the `i`-th) through the blocking session.
fn call_sync(s: &SyncSession, r: &Ready, i: i64) -> Result<(), String> {
    let out = match r.op.shape {
        Shape::Single => s.execute(&r.prepared, (r.op.values)(i, 0)).map(drop),
        Shape::Batch { rows, logged } => s.batch(&batch(r, i, rows, logged)).map(drop),
        Shape::Paged => {
            let q = r.prepared.clone().with_page_size(PageSize::Rows(5_000));
            let mut n = 0u64;
            for row in s.iter(&q, ()) {
                row.map_err(|e| e.to_string())?;
                n += 1;
            }
            return check_rows(n, r);
        }
        Shape::Pattern(p) => {
            return futures::executor::block_on(argus::run(Conn::Sync(s), p, r.pattern()?, i))
        }
    };
    out.map_err(|e| e.to_string())
}

fn check_rows(n: u64, r: &Ready) -> Result<(), String> {
    if n as i64 == r.op.prefill {
        Ok(())
    } else {
        Err(format!("{}: read {n} rows of {}", r.op.name, r.op.prefill))
    }
}

/// Shared state of one block's workers.
struct Shared {
    next: AtomicI64,
    errors: AtomicU64,
    n: i64,
    base: i64,
}

impl Shared {
    fn take(&self) -> Option<i64> {
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        (i < self.n).then_some(self.base + i)
    }
}

/// Runs `n` calls of `r` at `concurrency` through `api`; call numbers start
/// at `base` (so that writes of successive blocks go to new keys).
pub(crate) async fn block(api: &Api, r: &Ready, n: i64, concurrency: usize, base: i64) -> Block {
    let shared = Arc::new(Shared {
        next: AtomicI64::new(0),
        errors: AtomicU64::new(0),
        n,
        base,
    });
    let started = Instant::now();
    let results: Vec<(Histogram<u64>, Option<String>)> = match api {
        Api::Async(s) => {
            let tasks: Vec<_> = (0..concurrency)
                .map(|_| {
                    let (s, r, shared) = (s.clone(), r.clone(), shared.clone());
                    tokio::spawn(async move {
                        let (mut h, mut first) = (histogram(), None);
                        while let Some(i) = shared.take() {
                            let t = Instant::now();
                            let out = call_async(&s, &r, i).await;
                            record(&mut h, t, out, &shared, &mut first);
                        }
                        (h, first)
                    })
                })
                .collect();
            let mut out = Vec::new();
            for t in tasks {
                out.push(t.await.expect("a workload task panicked"));
            }
            out
        }
        Api::Sync(s) => {
            let (s, r, shared) = (s.clone(), r.clone(), shared.clone());
            tokio::task::spawn_blocking(move || {
                let threads: Vec<_> = (0..concurrency)
                    .map(|_| {
                        let (s, r, shared) = (s.clone(), r.clone(), shared.clone());
                        std::thread::spawn(move || {
                            let (mut h, mut first) = (histogram(), None);
                            while let Some(i) = shared.take() {
                                let t = Instant::now();
                                let out = call_sync(&s, &r, i);
                                record(&mut h, t, out, &shared, &mut first);
                            }
                            (h, first)
                        })
                    })
                    .collect();
                threads
                    .into_iter()
                    .map(|t| t.join().expect("a workload thread panicked"))
                    .collect()
            })
            .await
            .expect("the blocking runner")
        }
    };
    let elapsed = started.elapsed();
    let mut latency_us = histogram();
    let mut first_error = None;
    for (h, first) in results {
        latency_us.add(&h).expect("same bounds");
        first_error = first_error.or(first);
    }
    Block {
        elapsed,
        latency_us,
        errors: shared.errors.load(Ordering::Relaxed),
        first_error,
    }
}

fn record(
    h: &mut Histogram<u64>,
    t: Instant,
    out: Result<(), String>,
    shared: &Shared,
    first: &mut Option<String>,
) {
    let us = u64::try_from(t.elapsed().as_micros())
        .unwrap_or(u64::MAX)
        .max(1);
    h.saturating_record(us);
    if let Err(e) = out {
        shared.errors.fetch_add(1, Ordering::Relaxed);
        first.get_or_insert(e);
    }
}
