//! C22 TTL and timestamp modifiers, beyond C18 (which proves a literal
//! `USING TTL` expires a row and a literal `USING TIMESTAMP` orders writes):
//! `USING TTL ? AND TIMESTAMP ?` bound on INSERT and on UPDATE, read back per
//! column with `TTL(col)` and `WRITETIME(col)`; an UPDATE's TTL covers only
//! the columns it sets; an older timestamp loses on UPDATE too. A table's
//! `default_time_to_live` applies to inserts and updates, `USING TTL n`
//! overrides it, `USING TTL 0` writes without expiry, and rows written under
//! a short default expire while a `TTL 0` row in the same table stays.

use super::eventually::Deadline;
use super::prelude::*;

/// A fixed write timestamp (microseconds); each step adds to it.
const TS: i64 = 1_700_000_000_000_000;

/// How far below the TTL just written `TTL(col)` may read on a slow bed.
const TTL_SLACK: i32 = 15;

/// What one column of key `k` holds: value, `TTL(col)`, `WRITETIME(col)`.
#[derive(Debug, PartialEq)]
struct Cell {
    value: Option<String>,
    ttl: Option<i32>,
    writetime: Option<i64>,
}

/// `(v, w)` of key `k`.
async fn cells(c: &dyn Client, t: &str, k: i32) -> Step<(Cell, Cell)> {
    let r = c
        .execute(
            q(format!(
                "SELECT v, TTL(v), WRITETIME(v), w, TTL(w), WRITETIME(w) FROM {t} WHERE k = ?"
            )),
            vals((k,)),
        )
        .await
        .ctx("read cells")?;
    let row = one_row(&r, "cells")?;
    let cell = |i: usize| -> Step<Cell> {
        Ok(Cell {
            value: row.get(i)?,
            ttl: row.get(i + 1)?,
            writetime: row.get(i + 2)?,
        })
    };
    Ok((cell(0)?, cell(3)?))
}

/// True when `ttl` reads as a TTL of `set` seconds written moments ago.
fn fresh(ttl: Option<i32>, set: i32) -> bool {
    matches!(ttl, Some(n) if n <= set && n > set - TTL_SLACK)
}

/// `TTL(v)` of key `k` (`None`: no TTL); fails when the row is missing.
async fn ttl_of(c: &dyn Client, t: &str, k: i32) -> Step<Option<i32>> {
    let r = c
        .execute(q(format!("SELECT TTL(v) FROM {t} WHERE k = ?")), vals((k,)))
        .await
        .ctx("read TTL(v)")?;
    Ok(one_row(&r, "TTL(v)")?.get(0)?)
}

/// Bound TTL and timestamp on INSERT and UPDATE, per column.
async fn bound_modifiers(ctx: &Ctx, c: &dyn Client) -> Step {
    let t = ctx.t("mods");
    ctx.ddl(&format!(
        "CREATE TABLE {t} (k int PRIMARY KEY, v text, w text)"
    ))
    .await?;
    let insert = format!("INSERT INTO {t} (k, v, w) VALUES (?, ?, ?) USING TTL ? AND TIMESTAMP ?");
    let update_v = format!("UPDATE {t} USING TTL ? AND TIMESTAMP ? SET v = ? WHERE k = ?");
    let update_w = format!("UPDATE {t} USING TIMESTAMP ? SET w = ? WHERE k = ?");
    let p_insert = c.prepare(&insert).await.ctx("prepare insert")?;
    for (k, prepared) in [(1, false), (2, true)] {
        let how = if prepared { "prepared" } else { "text" };
        let ins = if prepared {
            Query::from(&p_insert)
        } else {
            q(insert.as_str())
        };
        c.execute(ins, vals((k, "v0", "w0", 600, TS)))
            .await
            .ctx(format!("{how}: insert USING TTL 600 AND TIMESTAMP"))?;
        let (v, w) = cells(c, &t, k).await?;
        ensure!(
            fresh(v.ttl, 600)
                && fresh(w.ttl, 600)
                && v.writetime == Some(TS)
                && w.writetime == Some(TS),
            "{how}: after INSERT USING TTL 600 AND TIMESTAMP {TS}: v {v:?}, w {w:?}"
        );

        c.execute(q(update_v.as_str()), vals((300, TS + 10, "v1", k)))
            .await
            .ctx(format!("{how}: update v USING TTL 300 AND TIMESTAMP"))?;
        let (v, w) = cells(c, &t, k).await?;
        ensure!(
            v.value.as_deref() == Some("v1") && fresh(v.ttl, 300) && v.writetime == Some(TS + 10),
            "{how}: v after UPDATE USING TTL 300 AND TIMESTAMP {}: {v:?}",
            TS + 10
        );
        ensure!(
            w.value.as_deref() == Some("w0") && fresh(w.ttl, 600) && w.writetime == Some(TS),
            "{how}: w, not set by the UPDATE, changed: {w:?}"
        );

        c.execute(q(update_w.as_str()), vals((TS - 5, "older", k)))
            .await
            .ctx(format!("{how}: update w at an older timestamp"))?;
        let (_, w) = cells(c, &t, k).await?;
        ensure!(
            w.value.as_deref() == Some("w0") && w.writetime == Some(TS),
            "{how}: an UPDATE at an older timestamp won: {w:?}"
        );
        c.execute(q(update_w.as_str()), vals((TS + 20, "w1", k)))
            .await
            .ctx(format!("{how}: update w at a newer timestamp"))?;
        let (_, w) = cells(c, &t, k).await?;
        ensure!(
            w == Cell {
                value: Some("w1".into()),
                ttl: None,
                writetime: Some(TS + 20)
            },
            "{how}: after UPDATE USING TIMESTAMP {} (no TTL): w {w:?}",
            TS + 20
        );
    }
    Ok(())
}

/// A table default TTL: inserts and updates get it, `USING TTL` overrides it.
async fn default_ttl(ctx: &Ctx, c: &dyn Client) -> Step {
    let t = ctx.t("deflt");
    ctx.ddl(&format!(
        "CREATE TABLE {t} (k int PRIMARY KEY, v text) WITH default_time_to_live = 600"
    ))
    .await?;
    let r = c
        .execute(
            q("SELECT default_time_to_live FROM system_schema.tables \
               WHERE keyspace_name = ? AND table_name = 'deflt'"),
            vals((ctx.ks.as_str(),)),
        )
        .await
        .ctx("read the table's default TTL")?;
    let declared: i32 = one_row(&r, "system_schema.tables")?.get(0)?;
    ensure!(
        declared == 600,
        "system_schema says default_time_to_live = {declared}"
    );

    let ins = format!("INSERT INTO {t} (k, v) VALUES (?, ?)");
    c.execute(q(ins.as_str()), vals((1, "plain")))
        .await
        .ctx("plain insert")?;
    c.execute(q(format!("{ins} USING TTL ?")), vals((2, "ttl 30", 30)))
        .await
        .ctx("insert USING TTL 30")?;
    c.execute(q(format!("{ins} USING TTL 0")), vals((3, "no expiry")))
        .await
        .ctx("insert USING TTL 0")?;
    c.execute(
        q(format!("UPDATE {t} SET v = ? WHERE k = ?")),
        vals(("updated", 4)),
    )
    .await
    .ctx("plain update")?;
    let got = (
        ttl_of(c, &t, 1).await?,
        ttl_of(c, &t, 2).await?,
        ttl_of(c, &t, 3).await?,
        ttl_of(c, &t, 4).await?,
    );
    ensure!(
        fresh(got.0, 600) && fresh(got.1, 30) && got.2.is_none() && fresh(got.3, 600),
        "TTL(v) with default 600 for (plain insert, USING TTL 30, USING TTL 0, plain update) = {got:?}"
    );
    Ok(())
}

/// Rows written under a 3 s default TTL expire; a `USING TTL 0` row stays.
async fn default_ttl_expires(ctx: &Ctx, c: &dyn Client) -> Step<Duration> {
    let t = ctx.t("short");
    ctx.ddl(&format!(
        "CREATE TABLE {t} (k int PRIMARY KEY, v text) WITH default_time_to_live = 3"
    ))
    .await?;
    let ins = format!("INSERT INTO {t} (k, v) VALUES (?, ?)");
    c.execute(q(format!("{ins} USING TTL 0")), vals((2, "kept")))
        .await
        .ctx("insert USING TTL 0")?;
    c.execute(q(ins.as_str()), vals((1, "short")))
        .await
        .ctx("insert under default TTL 3")?;
    let first = ttl_of(c, &t, 1).await?;
    ensure!(
        matches!(first, Some(1..=3)),
        "TTL(v) right after an insert under default_time_to_live = 3: {first:?}"
    );
    let wait = Deadline::new(
        "the row under a 3 s default TTL to expire",
        Duration::from_secs(20),
    );
    loop {
        let r = c
            .execute(q(format!("SELECT k FROM {t}")), Values::Empty)
            .await
            .ctx("read keys")?;
        let mut keys: Vec<i32> = r.map_rows(|row| row.get(0))?;
        keys.sort_unstable();
        if keys == [2] {
            break;
        }
        ensure!(
            keys == [1, 2],
            "keys {keys:?} under default TTL 3: the USING TTL 0 row (2) must stay"
        );
        wait.retry(format!("keys {keys:?}")).await?;
    }
    Ok(wait.elapsed())
}

/// C22.
pub async fn c22(ctx: &Ctx) -> CaseResult {
    let c = ctx.client().await?;
    bound_modifiers(ctx, &*c).await?;
    default_ttl(ctx, &*c).await?;
    let expired = default_ttl_expires(ctx, &*c).await?;
    Ok(format!(
        "bound USING TTL/TIMESTAMP on INSERT and UPDATE read back per column (TTL, WRITETIME; text and prepared), \
         an older UPDATE lost; default_time_to_live 600 on insert/update, overridden by TTL 30 and TTL 0; \
         default TTL 3 s row gone after {} ms, TTL 0 row kept",
        ms(expired)
    ))
}
