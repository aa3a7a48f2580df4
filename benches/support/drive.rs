//! The load driver: `n` operations with a fixed number in flight, timed as a
//! whole and, when asked, one by one; in flight from one task, or from as
//! many tasks as there are requests in flight.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::stream::{self, StreamExt};

/// Runs `op(0)`, …, `op(n - 1)` with at most `concurrency` in flight and
/// returns the wall time of the whole run. With `latencies`, each
/// operation's own time (from its first poll to its reply) is pushed there.
///
/// Concurrency 1 is a plain loop of awaits; more is one task that keeps
/// `concurrency` futures going (`buffer_unordered`), the same for every side
/// of a comparison. A failed operation stops the bench with its error: a
/// bench that counts failures as operations measures nothing.
pub(crate) async fn run<F, Fut>(
    n: u64,
    concurrency: usize,
    mut latencies: Option<&mut Vec<Duration>>,
    op: F,
) -> Duration
where
    F: Fn(u64) -> Fut,
    Fut: Future<Output = Result<(), String>>,
{
    let record = latencies.is_some();
    let timed = |i: u64| {
        let fut = op(i);
        async move {
            let start = record.then(Instant::now);
            fut.await.map_err(|e| format!("operation {i}: {e}"))?;
            Ok::<_, String>(start.map(|s| s.elapsed()))
        }
    };
    let mut keep = |r: Result<Option<Duration>, String>| match r {
        Ok(Some(d)) => latencies.as_deref_mut().into_iter().for_each(|l| l.push(d)),
        Ok(None) => {}
        Err(e) => panic!("{e}"),
    };
    let start = Instant::now();
    if concurrency <= 1 {
        for i in 0..n {
            keep(timed(i).await);
        }
    } else {
        let mut results = stream::iter(0..n).map(timed).buffer_unordered(concurrency);
        while let Some(r) = results.next().await {
            keep(r);
        }
    }
    start.elapsed()
}

/// Runs `op(side, 0)`, …, `op(side, n - 1)` from `tasks` spawned Tokio
/// tasks, each awaiting one operation at a time and taking the next index
/// from a shared counter until all `n` are taken: `tasks` requests in
/// flight, as in a service that handles each request in a task of its own.
/// Each operation gets its own clone of `side` (one reference count, the
/// same for every side of a comparison). Returns the wall time from the
/// first spawn to the last task's end. A failed operation stops the bench
/// with its error.
pub(crate) async fn spawned<S, F, Fut>(n: u64, tasks: usize, side: Arc<S>, op: F) -> Duration
where
    S: Send + Sync + 'static,
    F: Fn(Arc<S>, u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), String>> + Send + 'static,
{
    let next = Arc::new(AtomicU64::new(0));
    let op = Arc::new(op);
    let start = Instant::now();
    let handles: Vec<_> = (0..tasks.max(1))
        .map(|_| {
            let (next, op, side) = (Arc::clone(&next), Arc::clone(&op), Arc::clone(&side));
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        return Ok::<(), String>(());
                    }
                    op(Arc::clone(&side), i)
                        .await
                        .map_err(|e| format!("operation {i}: {e}"))?;
                }
            })
        })
        .collect();
    for handle in handles {
        match handle.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("{e}"),
            Err(e) => panic!("a load task failed: {e}"),
        }
    }
    start.elapsed()
}
