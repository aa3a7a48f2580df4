//! The load driver: `n` operations with a fixed number in flight, timed as a
//! whole and, when asked, one by one.

use std::future::Future;
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
