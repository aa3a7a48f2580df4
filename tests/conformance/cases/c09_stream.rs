//! C09 stream: `Session::stream` / `SyncSession::iter` yield every row of a
//! 10,000-row table, in order and without duplicates, holding at most one
//! page.
//!
//! How "one page" is observed: the stream runs through the frame proxy, which
//! counts the requests for this table. After `k` rows were consumed with page
//! size `P`, `floor(k / P)` pages are used up, so the stream may have fetched
//! at most `floor(k / P) + 1` pages — one more would be a page held ahead.
//! This is checked after every row, and halfway through each page after a
//! pause that gives any read-ahead time to reach the proxy.

use super::prelude::*;

const ROWS: i32 = 10_000;
const PAGE: u32 = 500;
const TABLE: &str = "c09big";

/// C09.
pub async fn c09(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::Paging).await?;
    ctx.ddl(&format!(
        "CREATE TABLE {} (p int, c int, v text, PRIMARY KEY (p, c))",
        ctx.t(TABLE)
    ))
    .await?;
    let ins = format!("INSERT INTO {} (p, c, v) VALUES (0, ?, ?)", ctx.t(TABLE));
    ctx.fill(&ins, (0..ROWS).map(|c| vals((c, format!("row-{c}")))))
        .await?;

    let proxy = ctx.proxy().await?;
    proxy.watch(TABLE);
    // The session default page size applies: the statement sets none.
    let c = ctx
        .connect(&ctx.via(&proxy).page_size(PageSize::Rows(PAGE)))
        .await
        .ctx("connect via proxy")?;
    let cql = format!("SELECT c, v FROM {} WHERE p = 0", ctx.t(TABLE));
    let mut cur = c.stream(q(cql), Values::Empty).await;
    let mut k: i32 = 0;
    let mut most_ahead = 0usize;
    while let Some(row) = cur.next_row().await {
        let row = row.ctx(format!("row {}", k + 1))?;
        let (cv, v): (i32, String) = (row.get("c")?, row.get("v")?);
        ensure!(
            cv == k,
            "row {} has c = {cv}: out of order or duplicated",
            k + 1
        );
        ensure!(v == format!("row-{k}"), "row {} has v = {v}", k + 1);
        k += 1;
        if k as u32 % PAGE == PAGE / 2 {
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        let fetched = proxy.count(TABLE);
        let used_up = k as usize / PAGE as usize;
        ensure!(
            fetched >= 1,
            "after {k} rows the proxy saw no request: the stream bypassed it"
        );
        ensure!(
            fetched <= used_up + 1,
            "after {k} rows ({used_up} pages used up) the stream had fetched {fetched} pages: more than one page held"
        );
        most_ahead = most_ahead.max(fetched - used_up);
        ensure!(k <= ROWS, "the stream yields more than {ROWS} rows");
    }
    ensure!(k == ROWS, "the stream ended after {k} of {ROWS} rows");
    let fetched = proxy.count(TABLE);
    let need = (ROWS as usize).div_ceil(PAGE as usize);
    ensure!(
        fetched == need || fetched == need + 1,
        "{fetched} page requests for {ROWS} rows in pages of {PAGE} (expected {need}, or one more for an empty last page)"
    );
    let _ = c.close().await;
    Ok(format!(
        "{ROWS} rows in order, no duplicates; {fetched} page requests of {PAGE} rows; never more than {most_ahead} unconsumed page fetched"
    ))
}
