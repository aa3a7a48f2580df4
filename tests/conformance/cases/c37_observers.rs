//! C37 request observers: an observer registered on the session (and a
//! second one that panics on every call) sees each of 3 reads, a syntax
//! error, a prepare, a batch and a stream of 5 rows in pages of 2 start
//! and end exactly once, with the right kind, operation, outcome (rows or
//! error kind) and a latency above zero; the panicking one breaks nothing
//! and is counted in `observer_panics`.

use super::prelude::*;
use super::telemetry::{metrics, observe, Log};
use cqlbridge::RequestKind;

/// C37.
pub async fn c37(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("t");
    ctx.ddl(&format!(
        "CREATE TABLE {t} (k int, c int, v int, PRIMARY KEY (k, c))"
    ))
    .await?;
    let ins = format!("INSERT INTO {t} (k, c, v) VALUES (?, ?, ?)");
    ctx.fill(&ins, (0..5).map(|c| vals((1i32, c, c)))).await?;
    let c = ctx.client().await?;
    let log = Arc::new(Log::default());
    let panicky = Arc::new(Log::panicking());
    observe(c.as_ref(), log.clone())?;
    observe(c.as_ref(), panicky.clone())?;

    let sel = format!("SELECT c, v FROM {t} WHERE k = 1");
    for _ in 0..3 {
        let r = c
            .execute(q(sel.as_str()), Values::Empty)
            .await
            .ctx("a read with a panicking observer")?;
        ensure!(r.rows().len() == 5, "{} rows", r.rows().len());
    }
    let e = expect_err(c.execute(q("SELEKT 1"), Values::Empty).await, "syntax")?;
    ensure!(e.is_syntax(), "syntax error: {}", show(&e));
    let p = c.prepare(&ins).await.ctx("prepare")?;
    c.batch(&Batch::new(BatchKind::Unlogged).add(&p, (2i32, 0i32, 0i32)))
        .await
        .ctx("batch")?;
    let paged = Statement::new(sel.as_str()).with_page_size(PageSize::Rows(2));
    let rows = collect(c.as_ref(), paged, Values::Empty)
        .await
        .ctx("a paged read")?;
    ensure!(rows.len() == 5, "stream: {} rows", rows.len());

    let ends = log.ends();
    ensure!(
        log.starts() == ends.len() && ends.len() == 3 + 1 + 1 + 1 + 3,
        "{} starts, {} ends: {ends:#?}",
        log.starts(),
        ends.len()
    );
    let got: Vec<(RequestKind, &str, &str)> = ends
        .iter()
        .map(|e| (e.kind, e.operation, e.outcome.as_str()))
        .collect();
    let want = [
        (RequestKind::Execute, "SELECT", "ok 5"),
        (RequestKind::Execute, "SELECT", "ok 5"),
        (RequestKind::Execute, "SELECT", "ok 5"),
        (RequestKind::Execute, "OTHER", "err syntax"),
        (RequestKind::Prepare, "prepare", "ok 0"),
        (RequestKind::Batch, "batch", "ok 0"),
        (RequestKind::Page, "SELECT", "ok 2"),
        (RequestKind::Page, "SELECT", "ok 2"),
        (RequestKind::Page, "SELECT", "ok 1"),
    ];
    ensure!(got == want, "observed: {got:?}");
    ensure!(
        ends.iter().all(|e| e.latency > Duration::ZERO),
        "a zero latency: {ends:?}"
    );
    let calls = panicky.starts() + panicky.ends().len();
    let m = metrics(c.as_ref())?;
    ensure!(
        calls == 2 * want.len() && m.observer_panics == calls as u64,
        "panicking observer: {calls} calls, {} panics counted",
        m.observer_panics
    );
    Ok(format!(
        "9 requests observed start/end once each; {calls} observer panics caught"
    ))
}
