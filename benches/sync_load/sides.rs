//! The sides the `sync_load` bench compares, each running one block of `n`
//! operations with `concurrency` in flight: async sides from `concurrency`
//! Tokio tasks on the bench's runtime, blocking sides from as many OS
//! threads, each taking the next operation from a shared counter.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use cqlbridge::{Prepared, Session, SyncSession, SyncSessionBuilder};
use tokio::runtime::Runtime;

use crate::support::{self, check, n_of, KEYS, PAYLOAD, SELECT};

/// The measured operation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    /// Prepared single-row `SELECT` by primary key, checked.
    Select,
    /// Prepared single-row `INSERT`.
    Insert,
}

impl Op {
    /// The operation's name in the tables.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Op::Select => "select",
            Op::Insert => "insert",
        }
    }
}

/// One side: a session (async or blocking) and its prepared statements.
pub(crate) enum Side {
    /// The async `Session`, driven from tasks.
    Async {
        /// The session.
        session: Session,
        /// Its prepared insert and select.
        statements: Arc<(Prepared, Prepared)>,
    },
    /// No database: each operation is a bare blocking hand-off, a task
    /// spawned on a runtime of its own (default workers) that replies at
    /// once on a one-shot channel the calling thread parks on. What the
    /// blocking model costs this machine per call, with nothing else.
    Floor {
        /// The runtime the hand-offs run on.
        runtime: Runtime,
    },
    /// The blocking `SyncSession`, driven from threads.
    Sync {
        /// The session.
        session: SyncSession,
        /// Its prepared insert and select.
        statements: Arc<(Prepared, Prepared)>,
    },
}

impl Side {
    /// An async side on `session`, already in the bench keyspace.
    pub(crate) async fn async_side(session: Session) -> Side {
        let insert = session.prepare(support::INSERT).await.expect("prepare");
        let select = session.prepare(SELECT).await.expect("prepare");
        Side::Async {
            session,
            statements: Arc::new((insert, select)),
        }
    }

    /// A blocking side built by `builder`, connecting `config`, switched to
    /// `keyspace`.
    pub(crate) fn sync_side(
        builder: SyncSessionBuilder,
        config: cqlbridge::Config,
        keyspace: &str,
    ) -> Side {
        let session = builder
            .build(move || async move { cqlbridge::connect(&config).await })
            .expect("start a SyncSession");
        session.use_keyspace(keyspace).expect("USE");
        let insert = session.prepare(support::INSERT).expect("prepare");
        let select = session.prepare(SELECT).expect("prepare");
        Side::Sync {
            session,
            statements: Arc::new((insert, select)),
        }
    }

    /// The blocking session, if this is a blocking side.
    pub(crate) fn sync_session(&self) -> Option<&SyncSession> {
        match self {
            Side::Sync { session, .. } => Some(session),
            Side::Async { .. } | Side::Floor { .. } => None,
        }
    }

    /// Runs `n` operations `op` with `concurrency` in flight; pushes each
    /// operation's latency to `latencies`; returns the wall time.
    pub(crate) fn run(
        &self,
        rt: &Runtime,
        op: Op,
        concurrency: usize,
        n: u64,
        latencies: &mut Vec<Duration>,
    ) -> Duration {
        match self {
            Side::Async {
                session,
                statements,
            } => run_tasks(rt, session, statements, op, concurrency, n, latencies),
            Side::Sync {
                session,
                statements,
            } => run_threads(concurrency, n, latencies, |i| {
                sync_op(session, statements, op, i)
            }),
            Side::Floor { runtime } => run_threads(concurrency, n, latencies, |_| {
                let (reply, answer) = oneshot::channel();
                drop(runtime.spawn(async move {
                    let _ = reply.send(());
                }));
                answer
                    .recv_timeout(support::TIMEOUT)
                    .map_err(|e| format!("the floor's hand-off: {e}"))
            }),
        }
    }
}

/// `concurrency` tasks, each awaiting one operation at a time.
fn run_tasks(
    rt: &Runtime,
    session: &Session,
    statements: &Arc<(Prepared, Prepared)>,
    op: Op,
    concurrency: usize,
    n: u64,
    latencies: &mut Vec<Duration>,
) -> Duration {
    let next = Arc::new(AtomicU64::new(0));
    let (took, per_task) = rt.block_on(async {
        let start = Instant::now();
        let handles: Vec<_> = (0..concurrency)
            .map(|_| {
                let (next, session, st) = (next.clone(), session.clone(), statements.clone());
                tokio::spawn(async move {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= n {
                            return mine;
                        }
                        let t = Instant::now();
                        let done = match op {
                            Op::Select => support::select_via(&session, &st.1, i).await,
                            Op::Insert => support::insert_via(&session, &st.0, i).await,
                        };
                        done.unwrap_or_else(|e| panic!("async {}: {e}", op.name()));
                        mine.push(t.elapsed());
                    }
                })
            })
            .collect();
        let mut all = Vec::new();
        for h in handles {
            all.push(h.await.expect("a load task panicked"));
        }
        (start.elapsed(), all)
    });
    per_task.into_iter().for_each(|v| latencies.extend(v));
    took
}

/// `concurrency` OS threads, each making one blocking call `call(i)` at a
/// time. The clock starts when every thread is ready (a barrier), so thread
/// start-up is not measured.
fn run_threads(
    concurrency: usize,
    n: u64,
    latencies: &mut Vec<Duration>,
    call: impl Fn(u64) -> Result<(), String> + Sync,
) -> Duration {
    let next = AtomicU64::new(0);
    let ready = Barrier::new(concurrency + 1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..concurrency)
            .map(|_| {
                let (next, ready, call) = (&next, &ready, &call);
                scope.spawn(move || {
                    let mut mine = Vec::new();
                    ready.wait();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= n {
                            return mine;
                        }
                        let t = Instant::now();
                        call(i).unwrap_or_else(|e| panic!("blocking call: {e}"));
                        mine.push(t.elapsed());
                    }
                })
            })
            .collect();
        ready.wait();
        let start = Instant::now();
        for h in handles {
            latencies.extend(h.join().expect("a load thread panicked"));
        }
        start.elapsed()
    })
}

/// One blocking operation, the same work as `support::select_via` /
/// `support::insert_via`.
fn sync_op(
    session: &SyncSession,
    statements: &(Prepared, Prepared),
    op: Op,
    i: u64,
) -> Result<(), String> {
    let id = (i % KEYS) as i64;
    match op {
        Op::Insert => session
            .execute(&statements.0, (id, n_of(id), PAYLOAD))
            .map(drop)
            .map_err(|e| format!("insert id {id}: {e}")),
        Op::Select => {
            let err = |e: &dyn std::fmt::Display| format!("select id {id}: {e}");
            let result = session.execute(&statements.1, (id,)).map_err(|e| err(&e))?;
            let row = result.into_first_row().ok_or_else(|| err(&"no row"))?;
            let got: (i64, i32, String) = row.into_typed().map_err(|e| err(&e))?;
            check(id, got)
        }
    }
}
