//! C18 ttl & timestamp: `USING TTL` expires the row; `USING TIMESTAMP` and
//! the write-timestamp option order writes (the later timestamp wins, not
//! the later write).

use super::prelude::*;

/// Reads `(v, writetime(v))` of `k`, or `None` when there is no row.
async fn read(c: &dyn Client, t: &str, k: i32) -> Step<Option<(String, i64)>> {
    let r = c
        .execute(
            q(format!("SELECT v, WRITETIME(v) FROM {t} WHERE k = ?")),
            vals((k,)),
        )
        .await
        .ctx("read")?;
    match r.first_row() {
        None => Ok(None),
        Some(row) => Ok(Some((row.get(0)?, row.get(1)?))),
    }
}

/// C18.
pub async fn c18(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("ttl");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, v text)"))
        .await?;
    let c = ctx.client().await?;

    c.execute(
        q(format!(
            "INSERT INTO {t} (k, v) VALUES (1, 'short') USING TTL 2"
        )),
        Values::Empty,
    )
    .await
    .ctx("insert with TTL")?;
    let r = c
        .execute(
            q(format!("SELECT TTL(v) FROM {t} WHERE k = 1")),
            Values::Empty,
        )
        .await
        .ctx("read TTL")?;
    let ttl: Option<i32> = one_row(&r, "ttl")?.get(0)?;
    ensure!(
        matches!(ttl, Some(1..=2)),
        "TTL(v) = {ttl:?} right after USING TTL 2"
    );
    let t0 = Instant::now();
    loop {
        if read(&*c, &t, 1).await?.is_none() {
            break;
        }
        ensure!(
            t0.elapsed() < Duration::from_secs(8),
            "the row with TTL 2 s is still there after 8 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let expired = t0.elapsed();

    c.execute(
        q(format!(
            "INSERT INTO {t} (k, v) VALUES (2, 'new') USING TIMESTAMP 2000"
        )),
        Values::Empty,
    )
    .await
    .ctx("write at ts 2000")?;
    c.execute(
        q(format!(
            "INSERT INTO {t} (k, v) VALUES (2, 'old') USING TIMESTAMP 1000"
        )),
        Values::Empty,
    )
    .await
    .ctx("write at ts 1000")?;
    let got = read(&*c, &t, 2).await?;
    ensure!(
        got == Some(("new".into(), 2000)),
        "after writes at 2000 then 1000: {got:?}"
    );
    Ok(format!("TTL 2 s row gone after {} ms; USING TIMESTAMP: the later timestamp won over the later write", ms(expired)))
}

/// C18.wts: the write-timestamp option, on text, prepared and batch.
pub async fn c18_wts(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::WriteTimestamp).await?;
    let t = ctx.t("wts");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, v text)"))
        .await?;
    let c = ctx.client().await?;
    let ins = format!("INSERT INTO {t} (k, v) VALUES (?, ?)");
    let p = c.prepare(&ins).await.ctx("prepare")?;

    c.execute(
        Statement::new(ins.as_str()).with_timestamp(5000).into(),
        vals((1i32, "new")),
    )
    .await
    .ctx("text at 5000")?;
    c.execute(
        Statement::new(ins.as_str()).with_timestamp(4000).into(),
        vals((1i32, "old")),
    )
    .await
    .ctx("text at 4000")?;
    let got = read(&*c, &t, 1).await?;
    ensure!(
        got == Some(("new".into(), 5000)),
        "text: after 5000 then 4000: {got:?}"
    );

    c.execute(p.clone().with_timestamp(6000).into(), vals((2i32, "new")))
        .await
        .ctx("prepared at 6000")?;
    c.execute(p.clone().with_timestamp(5500).into(), vals((2i32, "old")))
        .await
        .ctx("prepared at 5500")?;
    let got = read(&*c, &t, 2).await?;
    ensure!(
        got == Some(("new".into(), 6000)),
        "prepared: after 6000 then 5500: {got:?}"
    );

    let b = |ts, v: &'static str| {
        Batch::new(BatchKind::Logged)
            .add(&p, (3i32, v))
            .with_timestamp(ts)
    };
    c.batch(&b(7000, "new")).await.ctx("batch at 7000")?;
    c.batch(&b(6500, "old")).await.ctx("batch at 6500")?;
    let got = read(&*c, &t, 3).await?;
    ensure!(
        got == Some(("new".into(), 7000)),
        "batch: after 7000 then 6500: {got:?}"
    );
    Ok("write-timestamp option on text, prepared and batch: WRITETIME equals it and the later timestamp wins".into())
}
