//! C42 input at the limits: text holding NUL characters round-trips, bound
//! and as a literal; a logged batch over the test bed's
//! `batch_size_fail_threshold` (8 MiB) is refused with `Invalid` and writes
//! nothing; a request over the server's 16 MiB message limit (a 20 MiB blob
//! value; `native_transport_max_frame_size`) is refused with `Invalid` and
//! writes nothing; a text cell that arrives as invalid UTF-8 (rewritten by
//! the frame proxy) is a `Type` or `Protocol` error. After each the session
//! serves the next request.

use super::prelude::*;
use crate::support::proxy::fault::Fault;

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

/// The text cell the proxy turns into invalid UTF-8 (8 bytes).
const CELL: &[u8] = b"UTF8CELL";
/// What it becomes: bytes no UTF-8 text holds.
const INVALID: &[u8] = b"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8";

/// A text cell that arrives as invalid UTF-8 (rewritten by the frame
/// proxy, as a faulty server could send it) is a typed error, not a panic
/// and not `Other`; the session serves the next request.
async fn invalid_utf8(ctx: &Ctx, t: &str) -> Step<String> {
    ctx.ddl(&format!("INSERT INTO {t} (k, v) VALUES (3, 'UTF8CELL')"))
        .await?;
    let proxy = ctx.proxy().await?;
    proxy.inject(
        "bad_utf8",
        Fault::Rewrite {
            from: CELL,
            to: INVALID,
        },
        1,
    );
    let c = ctx
        .connect(&ctx.via(&proxy))
        .await
        .ctx("connect through the proxy")?;
    let read = q(format!("SELECT v FROM {t} WHERE k = 3 /* bad_utf8 */"));
    let e = expect_err(
        c.execute(read, Values::Empty).await,
        "invalid UTF-8 in a text cell",
    )?;
    ensure!(
        proxy.count("bad_utf8") == 1,
        "the read did not go through the proxy once"
    );
    ensure!(
        matches!(e.kind(), ErrorKind::Type | ErrorKind::Protocol),
        "invalid UTF-8: expected Type or Protocol, got {}",
        show(&e)
    );
    let again = c
        .execute(q(format!("SELECT v FROM {t} WHERE k = 3")), Values::Empty)
        .await
        .ctx("the same read, not rewritten")?;
    let v: String = one_row(&again, "the text row")?.get(0)?;
    ensure!(v == "UTF8CELL", "read back {v:?}");
    Ok(show(&e))
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

    let utf8_error = invalid_utf8(ctx, &t).await?;

    let n = count(c.as_ref(), &t).await?;
    ensure!(
        n == 3,
        "{n} rows after the refused writes, expected the 2 NUL rows and the text row"
    );
    Ok(format!(
        "NUL text round-trips bound and literal; batch over the threshold → {batch_error}; \
         20 MiB value → {value_error}; nothing written; invalid UTF-8 in a text cell → {utf8_error}"
    ))
}
