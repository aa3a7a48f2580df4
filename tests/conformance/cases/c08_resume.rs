//! C08 paging resume: a paging state saved as bytes resumes in a fresh
//! session exactly where it stopped (text and prepared statements).

use super::c07_paging::{fill, pages, pairs, PAGE, ROWS};
use super::prelude::*;

/// The paged query, as text or prepared on `c`.
async fn make_query(c: &dyn Client, cql: &str, prepared: bool) -> Step<Query> {
    Ok(if prepared {
        Query::from(
            c.prepare(cql)
                .await
                .ctx("prepare")?
                .with_page_size(PageSize::Rows(PAGE)),
        )
    } else {
        Query::from(Statement::new(cql).with_page_size(PageSize::Rows(PAGE)))
    })
}

/// C08.
pub async fn c08(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::Paging).await?;
    ctx.require(Feature::PagingStateResume).await?;
    fill(ctx, "pages", ROWS).await?;
    let cql = format!("SELECT c, v FROM {} WHERE p = 0", ctx.t("pages"));
    let expected: Vec<(i32, String)> = (200..ROWS).map(|c| (c, format!("v{c}"))).collect();
    let mut notes = Vec::new();
    for prepared in [false, true] {
        let what = if prepared { "prepared" } else { "text" };
        // Two pages in a first session; keep only the bytes.
        let first = ctx.connect(&ctx.config()).await.ctx("first session")?;
        let q1 = make_query(&*first, &cql, prepared).await?;
        let p1 = first
            .page(q1.clone(), Values::Empty, None)
            .await
            .ctx("page 1")?;
        let s1 = p1
            .paging_state
            .ok_or_else(|| fail("page 1 has no paging state"))?;
        let p2 = first
            .page(q1, Values::Empty, Some(s1))
            .await
            .ctx("page 2")?;
        ensure!(
            pairs(&p2.rows)? == (100..200).map(|c| (c, format!("v{c}"))).collect::<Vec<_>>(),
            "{what}: page 2 is not rows 100..200"
        );
        let saved: Vec<u8> = p2
            .paging_state
            .ok_or_else(|| fail("page 2 has no paging state"))?
            .to_bytes()
            .to_vec();
        first.close().await.ctx("closing the first session")?;
        drop(first);

        // A fresh session resumes from the bytes.
        let second = ctx.connect(&ctx.config()).await.ctx("fresh session")?;
        let state = PagingState::from_bytes(saved.clone()).ctx("restoring the paging state")?;
        let q2 = make_query(&*second, &cql, prepared).await?;
        let rest = pages(&*second, q2, Some(state), PAGE as usize)
            .await
            .ctx(format!("{what}: resumed pages"))?;
        let rows: Vec<Row> = rest.iter().flatten().cloned().collect();
        let got = pairs(&rows)?;
        ensure!(
            got == expected,
            "{what}: resumed at c = {:?} with {} rows; expected rows 200..1000",
            got.first().map(|p| p.0),
            got.len()
        );
        second.close().await.ctx("closing the fresh session")?;
        notes.push(format!(
            "{what}: {}-byte state → rows 200..1000 in {} pages",
            saved.len(),
            rest.len()
        ));
    }
    Ok(notes.join("; "))
}
