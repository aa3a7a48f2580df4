//! C13 lwt: `INSERT … IF NOT EXISTS` applies, then does not apply and
//! returns the existing row; `UPDATE … IF` both ways (text and prepared).

use super::prelude::*;

/// Executes and returns `(applied, v of the returned row)`.
async fn lwt(
    c: &dyn Client,
    query: Query,
    values: Values,
    what: &str,
) -> Step<(Option<bool>, Option<String>)> {
    let r = c.execute(query, values).await.ctx(what)?;
    let v = match r.first_row() {
        Some(row) if row.columns().iter().any(|c| c.name == "v") => {
            row.get::<Option<String>>("v")?
        }
        _ => None,
    };
    Ok((r.applied(), v))
}

/// C13.
pub async fn c13(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("lwt");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, v text)"))
        .await?;
    let c = ctx.client().await?;
    let ins = format!("INSERT INTO {t} (k, v) VALUES (?, ?) IF NOT EXISTS");
    let upd = format!("UPDATE {t} SET v = ? WHERE k = ? IF v = ?");
    let p_ins = c.prepare(&ins).await.ctx("prepare insert")?;
    let p_upd = c.prepare(&upd).await.ctx("prepare update")?;
    for (k, prepared) in [(1, false), (2, true)] {
        let how = if prepared { "prepared" } else { "text" };
        let (qi, qu) = if prepared {
            (Query::from(&p_ins), Query::from(&p_upd))
        } else {
            (q(ins.as_str()), q(upd.as_str()))
        };
        let r = lwt(&*c, qi.clone(), vals((k, "first")), "first insert").await?;
        ensure!(
            r.0 == Some(true),
            "{how}: first INSERT IF NOT EXISTS: applied = {:?}",
            r.0
        );
        let r = lwt(&*c, qi, vals((k, "second")), "second insert").await?;
        ensure!(r == (Some(false), Some("first".into())), "{how}: second INSERT IF NOT EXISTS returned {r:?}, expected not applied with v = first");
        let r = lwt(
            &*c,
            qu.clone(),
            vals(("third", k, "first")),
            "update if v = first",
        )
        .await?;
        ensure!(
            r.0 == Some(true),
            "{how}: UPDATE IF (true condition): applied = {:?}",
            r.0
        );
        let r = lwt(
            &*c,
            qu,
            vals(("fourth", k, "first")),
            "update if v = first (stale)",
        )
        .await?;
        ensure!(r == (Some(false), Some("third".into())), "{how}: UPDATE IF (false condition) returned {r:?}, expected not applied with v = third");
        let row = c
            .execute(q(format!("SELECT v FROM {t} WHERE k = ?")), vals((k,)))
            .await
            .ctx("read")?;
        ensure!(
            one_row(&row, "read")?.get::<String>("v")? == "third",
            "{how}: final value is not `third`"
        );
    }
    Ok("INSERT IF NOT EXISTS: applied, then not applied with the existing row; UPDATE IF: applied, then not applied with the current value (text and prepared)".into())
}
