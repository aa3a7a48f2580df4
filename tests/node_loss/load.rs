//! The write load of a node-loss run: [`WORKERS`] writers, tasks on an
//! async `Session` or threads on a blocking `SyncSession`, each writing
//! keys of its own at QUORUM until told to stop (bounded in count and
//! time), and what they saw: the keys acknowledged, errors by kind, the
//! longest call, when errors happened.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cqlbridge::{Consistency, ErrorKind, Prepared, Result, Session, SyncSession};

/// Writers per run.
pub(crate) const WORKERS: i64 = 32;
/// The most writes one worker makes.
const MAX_WRITES: i64 = 200_000;
/// The longest a load runs, whatever the orchestration says.
pub(crate) const MAX_RUN: Duration = Duration::from_secs(400);
/// Keys of one worker start at `worker * KEY_SPAN`.
const KEY_SPAN: i64 = 1_000_000_000;

/// The API the load goes through.
#[derive(Clone)]
pub(crate) enum Api {
    /// Tasks on one `Session`.
    Async(Session),
    /// Threads on one `SyncSession`.
    Sync(SyncSession),
}

impl Api {
    /// `async` or `sync`.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Api::Async(_) => "async",
            Api::Sync(_) => "sync",
        }
    }
}

/// What the writers saw.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    /// Keys whose write was acknowledged.
    pub(crate) acked: Vec<i64>,
    /// Errors by `ErrorKind::name`.
    pub(crate) errors: BTreeMap<&'static str, u64>,
    /// Messages of `Other` errors (the first few).
    pub(crate) untyped: Vec<String>,
    /// The longest call.
    pub(crate) longest: Duration,
    /// When each error came, from the start of the load.
    pub(crate) error_times: Vec<Duration>,
    /// Calls made.
    pub(crate) calls: u64,
}

impl Tally {
    fn record(&mut self, key: i64, started: Duration, took: Duration, r: Result<()>) {
        self.calls += 1;
        self.longest = self.longest.max(took);
        match r {
            Ok(()) => self.acked.push(key),
            Err(e) => {
                *self.errors.entry(e.kind().name()).or_insert(0) += 1;
                if matches!(e.kind(), ErrorKind::Other) && self.untyped.len() < 5 {
                    self.untyped.push(e.to_string());
                }
                self.error_times.push(started + took);
            }
        }
    }

    fn merge(&mut self, other: Tally) {
        self.acked.extend(other.acked);
        for (k, n) in other.errors {
            *self.errors.entry(k).or_insert(0) += n;
        }
        self.untyped.extend(other.untyped);
        self.longest = self.longest.max(other.longest);
        self.error_times.extend(other.error_times);
        self.calls += other.calls;
    }
}

/// The write every worker makes: `insert` at QUORUM, idempotent (each key
/// is written once, with one value).
fn statement(insert: &Prepared) -> Prepared {
    insert
        .clone()
        .with_consistency(Consistency::Quorum)
        .with_idempotent(true)
}

/// One worker's writes: the next key while the run goes on, and what came
/// of each.
struct Worker {
    w: i64,
    i: i64,
    stop: Arc<AtomicBool>,
    t0: Instant,
    tally: Tally,
}

/// One write in flight.
struct Write {
    key: i64,
    i: i64,
    started: Duration,
    call: Instant,
}

impl Worker {
    fn new(w: i64, stop: &Arc<AtomicBool>, t0: Instant) -> Worker {
        Worker {
            w,
            i: 0,
            stop: stop.clone(),
            t0,
            tally: Tally::default(),
        }
    }

    /// The next write, unless the run is over (told to stop, or bounded).
    fn next(&mut self) -> Option<Write> {
        if self.i >= MAX_WRITES || self.stop.load(Ordering::Relaxed) || self.t0.elapsed() > MAX_RUN
        {
            return None;
        }
        let i = self.i;
        self.i += 1;
        Some(Write {
            key: self.w * KEY_SPAN + i,
            i,
            started: self.t0.elapsed(),
            call: Instant::now(),
        })
    }

    fn done(&mut self, write: Write, r: Result<()>) {
        self.tally
            .record(write.key, write.started, write.call.elapsed(), r);
    }
}

/// Runs the load on `api` until `stop` is set (or [`MAX_RUN`]); `t0` is
/// the moment the run's clock started.
pub(crate) async fn run(api: Api, insert: Prepared, stop: Arc<AtomicBool>, t0: Instant) -> Tally {
    let st = statement(&insert);
    let mut total = Tally::default();
    match api {
        Api::Async(s) => {
            let mut tasks = Vec::new();
            for w in 0..WORKERS {
                let (s, st, mut worker) = (s.clone(), st.clone(), Worker::new(w, &stop, t0));
                tasks.push(tokio::spawn(async move {
                    while let Some(write) = worker.next() {
                        let r = s.execute(&st, (write.key, write.i)).await.map(|_| ());
                        worker.done(write, r);
                    }
                    worker.tally
                }));
            }
            for t in tasks {
                if let Ok(tally) = t.await {
                    total.merge(tally);
                }
            }
        }
        Api::Sync(s) => {
            let threads: Vec<_> = (0..WORKERS)
                .map(|w| {
                    let (s, st, mut worker) = (s.clone(), st.clone(), Worker::new(w, &stop, t0));
                    std::thread::spawn(move || {
                        while let Some(write) = worker.next() {
                            let r = s.execute(&st, (write.key, write.i)).map(|_| ());
                            worker.done(write, r);
                        }
                        worker.tally
                    })
                })
                .collect();
            let joined = tokio::task::spawn_blocking(move || {
                threads
                    .into_iter()
                    .filter_map(|t| t.join().ok())
                    .collect::<Vec<_>>()
            })
            .await
            .unwrap_or_default();
            for tally in joined {
                total.merge(tally);
            }
        }
    }
    total
}
