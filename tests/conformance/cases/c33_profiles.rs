//! C33 execution profiles: a session whose default consistency is THREE
//! (unavailable in the case's RF 1 keyspace) and a profile `one` (ONE) and
//! `paged` (ONE, pages of 2 rows). Without a profile a read, a prepared
//! write and a batch fail with `Unavailable` naming THREE; with `one` they
//! succeed; a statement's own TWO wins over the profile (`Unavailable`
//! naming TWO); `paged` returns a first page of 2 rows with a paging state;
//! an unknown profile is a `Config` error and the session keeps working.

use cqlbridge::ExecOptions;

use super::prelude::*;

/// C33.
pub async fn c33(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("t");
    ctx.ddl(&format!(
        "CREATE TABLE {t} (k int, c int, v int, PRIMARY KEY (k, c))"
    ))
    .await?;
    let ins = format!("INSERT INTO {t} (k, c, v) VALUES (?, ?, ?)");
    ctx.fill(&ins, (0..5).map(|c| vals((1i32, c, c * 10))))
        .await?;
    let one = ExecOptions::new().consistency(Consistency::One);
    let config = ctx
        .config()
        .consistency(Consistency::Three)
        .profile("one", one.clone())
        .profile("paged", one.page_size(PageSize::Rows(2)));
    let c = ctx.connect(&config).await.ctx("connect with profiles")?;
    let sel = format!("SELECT c, v FROM {t} WHERE k = 1");
    let read = || Statement::new(sel.as_str());

    expect_unavailable(
        c.execute(read().into(), Values::Empty).await,
        Consistency::Three,
        "a read without a profile (session default THREE)",
    )?;
    let r = c
        .execute(read().with_profile("one").into(), Values::Empty)
        .await
        .ctx("a read with profile `one`")?;
    ensure!(r.rows().len() == 5, "profile one: {} rows", r.rows().len());
    expect_unavailable(
        c.execute(
            read()
                .with_profile("one")
                .with_consistency(Consistency::Two)
                .into(),
            Values::Empty,
        )
        .await,
        Consistency::Two,
        "a read with profile `one` and its own TWO",
    )?;
    let page = c
        .page(read().with_profile("paged").into(), Values::Empty, None)
        .await
        .ctx("a page with profile `paged`")?;
    ensure!(
        page.rows.len() == 2 && page.paging_state.is_some(),
        "profile paged: {} rows, paging state {:?}",
        page.rows.len(),
        page.paging_state.is_some()
    );

    let p = c.prepare(&ins).await.ctx("prepare the insert")?;
    expect_unavailable(
        c.execute(p.clone().into(), vals((2i32, 0i32, 0i32))).await,
        Consistency::Three,
        "a prepared write without a profile",
    )?;
    c.execute(
        p.clone().with_profile("one").into(),
        vals((2i32, 0i32, 0i32)),
    )
    .await
    .ctx("a prepared write with profile `one`")?;
    let batch = |profile: Option<&str>| {
        let b = Batch::new(BatchKind::Logged).add(&p, (3i32, 0i32, 0i32));
        match profile {
            Some(name) => b.with_profile(name),
            None => b,
        }
    };
    expect_unavailable(
        c.batch(&batch(None)).await,
        Consistency::Three,
        "a batch without a profile",
    )?;
    c.batch(&batch(Some("one")))
        .await
        .ctx("a batch with profile `one`")?;

    let e = expect_err(
        c.execute(read().with_profile("reporting").into(), Values::Empty)
            .await,
        "an unknown profile",
    )?;
    ensure!(
        matches!(e.kind(), ErrorKind::Config) && e.to_string().contains("reporting"),
        "unknown profile: {}",
        show(&e)
    );
    let r = c
        .execute(read().with_profile("one").into(), Values::Empty)
        .await
        .ctx("a read after the unknown profile")?;
    ensure!(r.rows().len() == 5, "after: {} rows", r.rows().len());
    let _ = c.close().await;
    Ok("defaults, profile and own options in that order for reads, pages, prepared writes and batches; unknown profile a Config error".into())
}
