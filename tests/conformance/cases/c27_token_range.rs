//! C27 token ranges: `WHERE token(k) > ? AND token(k) <= ?` with bound
//! `bigint` tokens (text and prepared) returns exactly the rows whose token,
//! as the server computes it (`SELECT k, token(k)`), lies in the range, in
//! token order; and ranges that split the whole ring (from the minimum
//! token) together return every row exactly once — the way a full-table
//! scan is split.

use std::collections::BTreeSet;

use super::prelude::*;

/// Rows written.
const ROWS: i32 = 200;

/// `(token, k)` of every row, sorted by token.
async fn tokens(c: &dyn Client, t: &str) -> Step<Vec<(i64, i32)>> {
    let r = c
        .execute(q(format!("SELECT k, token(k) FROM {t}")), Values::Empty)
        .await
        .ctx("read tokens")?;
    let mut out: Vec<(i64, i32)> = r.map_rows(|row| Ok((row.get(1)?, row.get(0)?)))?;
    out.sort_unstable();
    Ok(out)
}

/// `(token, k)` of the rows in `(lo, hi]`, in the order the server returned them.
async fn range(c: &dyn Client, query: Query, lo: i64, hi: i64) -> Step<Vec<(i64, i32)>> {
    let r = c
        .execute(query, vals((Value::BigInt(lo), Value::BigInt(hi))))
        .await
        .ctx(format!("token range ({lo}, {hi}]"))?;
    Ok(r.map_rows(|row| Ok((row.get(1)?, row.get(0)?)))?)
}

/// C27.
pub async fn c27(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("ring");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, v text)"))
        .await?;
    ctx.fill(
        &format!("INSERT INTO {t} (k, v) VALUES (?, ?)"),
        (0..ROWS).map(|k| vals((k, format!("v{k}")))),
    )
    .await?;
    let c = ctx.client().await?;
    let ring = tokens(&*c, &t).await?;
    ensure!(
        ring.len() == ROWS as usize,
        "SELECT k, token(k) returned {} rows, {ROWS} written",
        ring.len()
    );
    let distinct: BTreeSet<i64> = ring.iter().map(|(tok, _)| *tok).collect();
    ensure!(
        distinct.len() == ring.len(),
        "two keys share a token; pick other keys"
    );

    let cql = format!("SELECT k, token(k) FROM {t} WHERE token(k) > ? AND token(k) <= ?");
    let p = c.prepare(&cql).await.ctx("prepare")?;
    // Bounds taken from the ring: the row at `lo` is excluded, the one at `hi` included.
    let (lo, hi) = (ring[50].0, ring[150].0);
    let want: Vec<(i64, i32)> = ring
        .iter()
        .copied()
        .filter(|(tok, _)| *tok > lo && *tok <= hi)
        .collect();
    for (how, query) in [("text", q(cql.as_str())), ("prepared", Query::from(&p))] {
        let got = range(&*c, query, lo, hi).await?;
        ensure!(
            got == want,
            "{how}: ({lo}, {hi}] returned {} rows (first {:?}), expected the {} rows with tokens in range (first {:?})",
            got.len(),
            got.first(),
            want.len(),
            want.first()
        );
    }

    // Split points from the ring and zero, so one range straddles the middle.
    let mut cuts = vec![
        i64::MIN,
        ring[20].0,
        0,
        ring[120].0,
        ring[199].0 - 1,
        i64::MAX,
    ];
    cuts.sort_unstable();
    cuts.dedup();
    let mut seen = Vec::new();
    for w in cuts.windows(2) {
        let part = range(&*c, Query::from(&p), w[0], w[1]).await?;
        ensure!(
            part.iter().all(|(tok, _)| *tok > w[0] && *tok <= w[1]),
            "range ({}, {}] returned a row outside it: {part:?}",
            w[0],
            w[1]
        );
        ensure!(
            part.windows(2).all(|x| x[0].0 < x[1].0),
            "range ({}, {}] is not in token order",
            w[0],
            w[1]
        );
        seen.extend(part);
    }
    seen.sort_unstable();
    ensure!(
        seen == ring,
        "{} ranges over the whole ring returned {} rows, {} distinct keys expected",
        cuts.len() - 1,
        seen.len(),
        ring.len()
    );
    Ok(format!(
        "({lo}, {hi}] returned exactly the {} rows whose token is in it, in token order (text and prepared); \
         {} ranges over the ring returned all {ROWS} rows once",
        want.len(),
        cuts.len() - 1
    ))
}
