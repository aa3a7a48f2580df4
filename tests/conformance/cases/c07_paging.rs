//! C07 paging: 1,000 rows in one partition, page size 100: every page holds
//! at most 100 rows, each page but the last carries a paging state and the
//! last none; the pages concatenated equal one unpaged read, in order, with
//! no duplicates — for CQL text and for a prepared statement.

use super::prelude::*;

pub(super) const ROWS: i32 = 1000;
pub(super) const PAGE: u32 = 100;

/// Creates `table` (p, c, v) and fills partition 0 with `n` rows.
pub(super) async fn fill(ctx: &Ctx, table: &str, n: i32) -> Step {
    ctx.ddl(&format!(
        "CREATE TABLE {} (p int, c int, v text, PRIMARY KEY (p, c))",
        ctx.t(table)
    ))
    .await?;
    let ins = format!("INSERT INTO {} (p, c, v) VALUES (0, ?, ?)", ctx.t(table));
    ctx.fill(&ins, (0..n).map(|c| vals((c, format!("v{c}")))))
        .await
}

/// `(c, v)` of each row.
pub(super) fn pairs(rows: &[Row]) -> Step<Vec<(i32, String)>> {
    rows.iter()
        .map(|r| Ok((r.get::<i32>("c")?, r.get::<String>("v")?)))
        .collect()
}

/// Every page of `query` from `state` on; checks the page-size bound and states.
pub(super) async fn pages(
    c: &dyn Client,
    query: Query,
    mut state: Option<PagingState>,
    limit: usize,
) -> Step<Vec<Vec<Row>>> {
    let mut out = Vec::new();
    for i in 0.. {
        ensure!(
            i < 2 * ROWS as usize,
            "more than {} pages: the paging state does not advance",
            2 * ROWS
        );
        let page = c
            .page(query.clone(), Values::Empty, state.take())
            .await
            .ctx(format!("page {}", i + 1))?;
        ensure!(
            page.rows.len() <= limit,
            "page {} holds {} rows, more than {limit}",
            i + 1,
            page.rows.len()
        );
        let last = page.paging_state.is_none();
        state = page.paging_state;
        out.push(page.rows);
        if last {
            break;
        }
        ensure!(
            !out.last().is_some_and(|r| r.is_empty()),
            "page {} is empty but has a paging state",
            i + 1
        );
    }
    Ok(out)
}

/// C07.
pub async fn c07(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::Paging).await?;
    fill(ctx, "pages", ROWS).await?;
    let c = ctx.client().await?;
    let cql = format!("SELECT c, v FROM {} WHERE p = 0", ctx.t("pages"));

    let whole = c
        .execute(
            Statement::new(cql.as_str())
                .with_page_size(PageSize::Unpaged)
                .into(),
            Values::Empty,
        )
        .await
        .ctx("unpaged read")?;
    let whole_page = whole
        .page()
        .ok_or_else(|| fail("the unpaged read returned no rows result"))?;
    ensure!(
        whole_page.paging_state.is_none(),
        "the unpaged read has a paging state"
    );
    let expected: Vec<(i32, String)> = (0..ROWS).map(|c| (c, format!("v{c}"))).collect();
    ensure!(
        pairs(&whole_page.rows)? == expected,
        "the unpaged read is not rows 0..1000 in order ({} rows)",
        whole_page.rows.len()
    );

    let paged = Statement::new(cql.as_str()).with_page_size(PageSize::Rows(PAGE));
    let prepared = c
        .prepare(&cql)
        .await
        .ctx("prepare")?
        .with_page_size(PageSize::Rows(PAGE));
    let mut counts = Vec::new();
    for (what, query) in [
        ("text", Query::from(paged)),
        ("prepared", Query::from(prepared)),
    ] {
        let ps = pages(&*c, query, None, PAGE as usize).await.ctx(what)?;
        let full = ps.iter().filter(|p| p.len() == PAGE as usize).count();
        ensure!(
            full == (ROWS as usize) / PAGE as usize,
            "{what}: {full} full pages of {PAGE}, expected 10 (sizes {:?})",
            ps.iter().map(Vec::len).collect::<Vec<_>>()
        );
        let all: Vec<Row> = ps.iter().flatten().cloned().collect();
        ensure!(
            pairs(&all)? == expected,
            "{what}: the pages concatenated differ from the unpaged read"
        );
        counts.push(format!("{what}: {} pages", ps.len()));
    }
    Ok(format!(
        "1000 rows, page size 100; {}; equal to the unpaged read",
        counts.join(", ")
    ))
}
