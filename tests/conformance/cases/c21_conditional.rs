//! C21 conditional update: optimistic locking with `UPDATE … IF version = ?`
//! (C13 covers one condition on one column; this covers what a user of
//! conditional updates relies on beyond that). Applied: `[applied]` is true,
//! nothing else is returned, the row changes. Not applied: `[applied]` is
//! false, the current value of *every* column in the condition comes back,
//! and the row is unchanged. Also: a range condition, `IF EXISTS`, and a
//! condition on a missing row (not applied, no row created). Text and
//! prepared.

use std::collections::BTreeMap;

use super::prelude::*;

/// Column name → value of the LWT result row.
type Returned = BTreeMap<String, Value>;

async fn lwt(c: &dyn Client, query: Query, values: Values, what: &str) -> Step<Returned> {
    let r = c.execute(query, values).await.ctx(what)?;
    let row = one_row(&r, what)?;
    Ok(row
        .columns()
        .iter()
        .zip(row.values())
        .map(|(col, v)| (col.name.clone(), v.clone()))
        .collect())
}

/// `[applied] = applied` plus the given columns, exactly.
fn returned(applied: bool, columns: &[(&str, Value)]) -> Returned {
    std::iter::once(("[applied]".to_string(), Value::Boolean(applied)))
        .chain(columns.iter().map(|(n, v)| (n.to_string(), v.clone())))
        .collect()
}

/// `(version, owner, v)` of key `k`, or `None` when there is no row.
async fn row_of(c: &dyn Client, t: &str, k: i32) -> Step<Option<(i32, String, String)>> {
    let r = c
        .execute(
            q(format!("SELECT version, owner, v FROM {t} WHERE k = ?")),
            vals((k,)),
        )
        .await
        .ctx("read row")?;
    match r.first_row() {
        None => Ok(None),
        Some(row) => Ok(Some((row.get(0)?, row.get(1)?, row.get(2)?))),
    }
}

/// C21.
pub async fn c21(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("locks");
    ctx.ddl(&format!(
        "CREATE TABLE {t} (k int PRIMARY KEY, version int, owner text, v text)"
    ))
    .await?;
    let c = ctx.client().await?;
    let bump = format!("UPDATE {t} SET v = ?, version = ? WHERE k = ? IF version = ?");
    let both = format!("UPDATE {t} SET v = ? WHERE k = ? IF version = ? AND owner = ?");
    let below = format!("UPDATE {t} SET owner = ? WHERE k = ? IF version < ?");
    let exists = format!("UPDATE {t} SET v = ? WHERE k = ? IF EXISTS");
    let p_bump = c.prepare(&bump).await.ctx("prepare version bump")?;
    let p_both = c.prepare(&both).await.ctx("prepare two conditions")?;
    let p_below = c.prepare(&below).await.ctx("prepare range condition")?;
    let p_exists = c.prepare(&exists).await.ctx("prepare IF EXISTS")?;

    for (k, prepared) in [(1, false), (2, true)] {
        let how = if prepared { "prepared" } else { "text" };
        let pick = |text: &str, p: &Prepared| {
            if prepared {
                Query::from(p)
            } else {
                q(text)
            }
        };
        c.execute(
            q(format!(
                "INSERT INTO {t} (k, version, owner, v) VALUES (?, 1, 'ann', 'v1')"
            )),
            vals((k,)),
        )
        .await
        .ctx("seed row")?;

        let got = lwt(
            &*c,
            pick(&bump, &p_bump),
            vals(("v2", 2, k, 1)),
            "bump 1 → 2",
        )
        .await?;
        ensure!(
            got == returned(true, &[]),
            "{how}: IF version = 1 (true): returned {got:?}, expected only [applied] = true"
        );
        let now = row_of(&*c, &t, k).await?;
        ensure!(
            now == Some((2, "ann".into(), "v2".into())),
            "{how}: after the applied update the row is {now:?}"
        );

        let got = lwt(
            &*c,
            pick(&bump, &p_bump),
            vals(("lost", 2, k, 1)),
            "stale bump",
        )
        .await?;
        let want = returned(false, &[("version", Value::Int(2))]);
        ensure!(
            got == want,
            "{how}: IF version = 1 (stale): returned {got:?}, expected {want:?}"
        );

        let got = lwt(
            &*c,
            pick(&both, &p_both),
            vals(("lost", k, 2, "bob")),
            "two conditions, one false",
        )
        .await?;
        let want = returned(
            false,
            &[
                ("version", Value::Int(2)),
                ("owner", Value::Text("ann".into())),
            ],
        );
        ensure!(
            got == want,
            "{how}: IF version = 2 AND owner = 'bob': returned {got:?}, expected {want:?}"
        );
        let now = row_of(&*c, &t, k).await?;
        ensure!(
            now == Some((2, "ann".into(), "v2".into())),
            "{how}: after updates that did not apply the row is {now:?}"
        );

        let got = lwt(
            &*c,
            pick(&below, &p_below),
            vals(("cy", k, 3)),
            "IF version < 3",
        )
        .await?;
        ensure!(
            got == returned(true, &[]),
            "{how}: IF version < 3 (true): returned {got:?}"
        );
        let got = lwt(
            &*c,
            pick(&below, &p_below),
            vals(("dee", k, 2)),
            "IF version < 2",
        )
        .await?;
        let want = returned(false, &[("version", Value::Int(2))]);
        ensure!(
            got == want,
            "{how}: IF version < 2 (false): returned {got:?}, expected {want:?}"
        );

        let got = lwt(&*c, pick(&exists, &p_exists), vals(("v3", k)), "IF EXISTS").await?;
        ensure!(
            got == returned(true, &[]),
            "{how}: IF EXISTS on an existing row: returned {got:?}"
        );
        let now = row_of(&*c, &t, k).await?;
        ensure!(
            now == Some((2, "cy".into(), "v3".into())),
            "{how}: after the conditional updates the row is {now:?}"
        );

        let missing = k + 100;
        for (query, values, what) in [
            (
                pick(&bump, &p_bump),
                vals(("x", 1, missing, 0)),
                "IF version = 0",
            ),
            (pick(&exists, &p_exists), vals(("x", missing)), "IF EXISTS"),
        ] {
            let got = lwt(&*c, query, values, what).await?;
            ensure!(
                got.get("[applied]") == Some(&Value::Boolean(false))
                    && got.iter().all(|(n, v)| n == "[applied]" || v.is_null()),
                "{how}: {what} on a missing row: returned {got:?}, expected not applied and no values"
            );
        }
        ensure!(
            row_of(&*c, &t, missing).await?.is_none(),
            "{how}: a conditional update on a missing row created it"
        );
    }
    Ok("IF version = ?: applied → only [applied]; stale → [applied] false + current version; \
        IF a AND b: both current values; IF version < ?; IF EXISTS; a missing row: not applied, not created \
        (text and prepared)"
        .into())
}
