//! C42 input at the limits: text holding NUL characters round-trips, bound
//! and as a literal; a logged batch over the test bed's
//! `batch_size_fail_threshold` (8 MiB) is refused with `Invalid` and writes
//! nothing; a request over the server's 16 MiB message limit (a 20 MiB blob
//! value; `native_transport_max_frame_size`) is refused with `Invalid` and
//! writes nothing. After each the session serves the next request.

use super::prelude::*;

/// The client timeout of the large requests: uploading 9 or 20 MiB to a
/// loaded 2-core test bed may take longer than the suite's default.
const BIG: Duration = Duration::from_secs(60);

/// Rows in the case's table.
async fn count(c: &dyn Client, t: &str) -> Step<i64> {
    let r = c
        .execute(q(format!("SELECT count(*) FROM {t}")), Values::Empty)
        .await
        .ctx("count the rows")?;
    Ok(one_row(&r, "count")?.get(0)?)
}

/// C42.
pub async fn c42(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("lim");
    ctx.ddl(&format!(
        "CREATE TABLE {t} (k int PRIMARY KEY, v text, b blob)"
    ))
    .await?;
    let c = ctx.client().await?;
    let ins = c
        .prepare(&format!("INSERT INTO {t} (k, v) VALUES (?, ?)"))
        .await
        .ctx("prepare the insert")?;
    let sel = c
        .prepare(&format!("SELECT v FROM {t} WHERE k = ?"))
        .await
        .ctx("prepare the select")?;

    let nul = "a\0b\0\0c";
    c.execute((&ins).into(), vals((1i32, nul)))
        .await
        .ctx("insert text with NUL, bound")?;
    c.execute(
        q(format!("INSERT INTO {t} (k, v) VALUES (2, 'x{}y')", '\0')),
        Values::Empty,
    )
    .await
    .ctx("insert text with NUL, as a literal")?;
    for (k, want) in [(1i32, nul.to_string()), (2, "x\0y".to_string())] {
        let r = c
            .execute((&sel).into(), vals((k,)))
            .await
            .ctx("read back")?;
        let got: String = one_row(&r, "the NUL row")?.get(0)?;
        ensure!(got == want, "row {k}: read {got:?}, wrote {want:?}");
    }

    // 9 rows of 1 MiB: over the 8 MiB fail threshold.
    let chunk = "x".repeat(1 << 20);
    let mut big = Batch::new(BatchKind::Logged).with_timeout(BIG);
    for k in 100..109 {
        big = big.add(&ins, (k, chunk.as_str()));
    }
    let e = expect_err(c.batch(&big).await, "a batch over the fail threshold")?;
    ensure!(e.is_invalid(), "batch over the threshold: {}", show(&e));
    let batch_error = show(&e);

    let huge = vec![7u8; 20 << 20];
    let blob = c
        .prepare(&format!("INSERT INTO {t} (k, b) VALUES (?, ?)"))
        .await
        .ctx("prepare the blob insert")?;
    let e = expect_err(
        c.execute(blob.with_timeout(BIG).into(), vals((200i32, huge)))
            .await,
        "a 20 MiB value",
    )?;
    ensure!(e.is_invalid(), "a 20 MiB value: {}", show(&e));
    let value_error = show(&e);

    let n = count(c.as_ref(), &t).await?;
    ensure!(
        n == 2,
        "{n} rows after the refused writes, expected the 2 NUL rows"
    );
    Ok(format!(
        "NUL text round-trips bound and literal; batch over the threshold → {batch_error}; \
         20 MiB value → {value_error}; nothing written"
    ))
}
