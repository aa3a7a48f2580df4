//! C36 the same 1,000 requests on every backend: 1,000 prepared reads (8
//! in flight) through the mode under test add exactly 1,000 requests and
//! 1,000 latencies to the session's metrics, with no error, and the
//! median is a plausible round trip in µs (between 10 µs and 10 s). The
//! suite runs it per backend and mode, so the backends agree in count and
//! unit.

use futures::stream::{self, StreamExt};

use super::prelude::*;
use super::telemetry::metrics;

/// Requests made.
const N: u64 = 1_000;

/// C36.
pub async fn c36(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("t");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, v int)"))
        .await?;
    ctx.fill(
        &format!("INSERT INTO {t} (k, v) VALUES (?, ?)"),
        (0..100).map(|k| vals((k, k * 2))),
    )
    .await?;
    let c = ctx.client().await?;
    let p = c
        .prepare(&format!("SELECT v FROM {t} WHERE k = ?"))
        .await
        .ctx("prepare")?;
    let before = metrics(c.as_ref())?;
    let failures = stream::iter(0..N)
        .map(|i| {
            let (c, p) = (c.clone(), p.clone());
            async move {
                let k = i32::try_from(i % 100).unwrap_or(0);
                c.execute(p.into(), vals((k,))).await
            }
        })
        .buffer_unordered(8)
        .filter(|r| std::future::ready(r.is_err()))
        .count()
        .await;
    ensure!(failures == 0, "{failures} of {N} reads failed");
    let after = metrics(c.as_ref())?;
    let requests = after.total.requests - before.total.requests;
    let counted = after.total.latency.count - before.total.latency.count;
    ensure!(
        requests == N && counted == N,
        "{N} reads counted as {requests} requests, {counted} latencies"
    );
    ensure!(
        after.total.errors == before.total.errors,
        "errors: {:?}",
        after.total.errors_by_kind
    );
    let l = after.total.latency;
    ensure!(
        (10..10_000_000).contains(&l.p50_us),
        "p50 {} µs is not a round trip in µs",
        l.p50_us
    );
    ensure!(
        l.p50_us <= l.p99_us && l.p99_us <= l.max_us,
        "percentiles out of order: {l:?}"
    );
    Ok(format!(
        "{N} requests counted; p50 {} µs, p95 {} µs, p99 {} µs, p99.9 {} µs",
        l.p50_us, l.p95_us, l.p99_us, l.p999_us
    ))
}
