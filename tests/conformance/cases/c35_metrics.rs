//! C35 metrics: on a fresh session with a profile `one`, 20 reads, 5 reads
//! with the profile, a syntax error, an unknown table, two prepares of the
//! same text and a paged read of 3 pages give exact counts (total, per
//! profile, errors by kind, prepared-cache hits and misses, nothing in
//! flight, no retries reported) and latency percentiles above zero, in
//! order, in µs.

use cqlbridge::ExecOptions;

use super::prelude::*;
use super::telemetry::metrics;

/// C35.
pub async fn c35(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("t");
    ctx.ddl(&format!(
        "CREATE TABLE {t} (k int, c int, v int, PRIMARY KEY (k, c))"
    ))
    .await?;
    let ins = format!("INSERT INTO {t} (k, c, v) VALUES (?, ?, ?)");
    ctx.fill(&ins, (0..5).map(|c| vals((1i32, c, c)))).await?;
    let config = ctx
        .config()
        .profile("one", ExecOptions::new().consistency(Consistency::One));
    let c = ctx.connect(&config).await.ctx("connect with a profile")?;
    let before = metrics(c.as_ref())?;
    let sel = format!("SELECT c, v FROM {t} WHERE k = 1");
    for _ in 0..20 {
        c.execute(q(sel.as_str()), Values::Empty)
            .await
            .ctx("a read")?;
    }
    for _ in 0..5 {
        let st = Statement::new(sel.as_str()).with_profile("one");
        c.execute(st.into(), Values::Empty)
            .await
            .ctx("a read with the profile")?;
    }
    expect_err(c.execute(q("SELEKT 1"), Values::Empty).await, "syntax")?;
    expect_err(
        c.execute(q(format!("SELECT * FROM {}.nope", ctx.ks)), Values::Empty)
            .await,
        "unknown table",
    )?;
    c.prepare(&ins).await.ctx("prepare")?;
    c.prepare(&ins).await.ctx("prepare again")?;
    let paged = Statement::new(sel.as_str()).with_page_size(PageSize::Rows(2));
    let rows = collect(c.as_ref(), paged, Values::Empty)
        .await
        .ctx("a paged read")?;
    ensure!(rows.len() == 5, "paged read: {} rows", rows.len());

    let m = metrics(c.as_ref())?;
    let _ = c.close().await;
    ensure!(
        before.total.requests == 0,
        "a fresh session: {} requests",
        before.total.requests
    );
    ensure!(!m.backend.is_empty(), "no backend name");
    // 20 + 5 reads, 2 errors, 1 prepare sent, 3 pages.
    let want = 20 + 5 + 2 + 1 + 3;
    ensure!(
        m.total.requests == want,
        "total requests {} (want {want}): {m:#?}",
        m.total.requests
    );
    let one = m
        .profile("one")
        .ok_or_else(|| fail("no metrics for profile one"))?;
    ensure!(one.requests == 5, "profile one: {} requests", one.requests);
    ensure!(
        m.defaults.requests == want - 5,
        "defaults: {}",
        m.defaults.requests
    );
    ensure!(
        m.total.errors == 2
            && m.total.errors_of("syntax") == 1
            && m.total.errors_of("invalid") == 1,
        "errors by kind: {:?}",
        m.total.errors_by_kind
    );
    ensure!(
        (m.prepared_cache_hits, m.prepared_cache_misses) == (1, 1),
        "prepared cache hits/misses {:?}",
        (m.prepared_cache_hits, m.prepared_cache_misses)
    );
    ensure!(
        m.total.in_flight == 0 && m.total.cancelled == 0,
        "in flight {}, cancelled {}",
        m.total.in_flight,
        m.total.cancelled
    );
    ensure!(
        m.total.retries == 0 && m.total.speculative_attempts == 0,
        "retries are not reported by any backend yet"
    );
    let l = m.total.latency;
    ensure!(l.count == want, "latency count {} vs {want}", l.count);
    ensure!(
        l.min_us > 0
            && l.min_us <= l.p50_us
            && l.p50_us <= l.p95_us
            && l.p95_us <= l.p99_us
            && l.p99_us <= l.p999_us
            && l.p999_us <= l.max_us,
        "percentiles out of order: {l:?}"
    );
    ensure!(
        (10..10_000_000).contains(&l.p50_us),
        "p50 {} µs: not a round trip in µs",
        l.p50_us
    );
    Ok(format!(
        "{want} requests, 5 on profile one, errors syntax+invalid, cache 1/1; p50 {} µs, p99 {} µs",
        l.p50_us, l.p99_us
    ))
}
