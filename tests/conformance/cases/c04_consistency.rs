//! C04 consistency: in a keyspace with replication factor 3 on one node,
//! ONE and LOCAL_ONE succeed; TWO, QUORUM and ALL fail with `Unavailable`
//! naming the consistency sent — per statement, prepared and unprepared,
//! reads and writes, and in logged and unlogged batches.

use super::prelude::*;

const OK: [Consistency; 2] = [Consistency::One, Consistency::LocalOne];
const UNAVAILABLE: [Consistency; 3] = [Consistency::Two, Consistency::Quorum, Consistency::All];

/// C04.
pub async fn c04(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::Consistency).await?;
    let ks3 = ctx.keyspace_rf("rf3", 3).await?;
    ctx.ddl(&format!("CREATE TABLE {ks3}.t (k int PRIMARY KEY, v int)"))
        .await?;
    let c = ctx.client().await?;
    let ins = format!("INSERT INTO {ks3}.t (k, v) VALUES (?, ?)");
    let sel = format!("SELECT v FROM {ks3}.t WHERE k = ?");
    let p_ins = c.prepare(&ins).await.ctx("prepare insert")?;
    let p_sel = c.prepare(&sel).await.ctx("prepare select")?;
    let batch = |kind, cl| {
        Batch::new(kind)
            .add(Statement::new(ins.as_str()), (1i32, 2i32))
            .add(&p_ins, (2i32, 3i32))
            .with_consistency(cl)
    };

    let mut checks = 0;
    for cl in OK {
        let w = |what: &str| format!("{what} at {cl}");
        c.execute(
            Statement::new(ins.as_str()).with_consistency(cl).into(),
            vals((1i32, 1i32)),
        )
        .await
        .ctx(w("unprepared write"))?;
        c.execute(
            p_ins.clone().with_consistency(cl).into(),
            vals((2i32, 2i32)),
        )
        .await
        .ctx(w("prepared write"))?;
        let r = c
            .execute(
                Statement::new(sel.as_str()).with_consistency(cl).into(),
                vals((1i32,)),
            )
            .await
            .ctx(w("unprepared read"))?;
        ensure!(
            one_row(&r, "read")?.get::<i32>(0)? == 1,
            "{}: wrong value",
            w("unprepared read")
        );
        let r = c
            .execute(p_sel.clone().with_consistency(cl).into(), vals((2i32,)))
            .await
            .ctx(w("prepared read"))?;
        ensure!(
            one_row(&r, "read")?.get::<i32>(0)? == 2,
            "{}: wrong value",
            w("prepared read")
        );
        c.batch(&batch(BatchKind::Logged, cl))
            .await
            .ctx(w("logged batch"))?;
        c.batch(&batch(BatchKind::Unlogged, cl))
            .await
            .ctx(w("unlogged batch"))?;
        checks += 6;
    }
    for cl in UNAVAILABLE {
        let w = |what: &str| format!("{what} at {cl}");
        let r = c
            .execute(
                Statement::new(ins.as_str()).with_consistency(cl).into(),
                vals((1i32, 1i32)),
            )
            .await;
        expect_unavailable(r, cl, &w("unprepared write"))?;
        let r = c
            .execute(
                p_ins.clone().with_consistency(cl).into(),
                vals((1i32, 1i32)),
            )
            .await;
        expect_unavailable(r, cl, &w("prepared write"))?;
        let r = c
            .execute(
                Statement::new(sel.as_str()).with_consistency(cl).into(),
                vals((1i32,)),
            )
            .await;
        expect_unavailable(r, cl, &w("unprepared read"))?;
        let r = c
            .execute(p_sel.clone().with_consistency(cl).into(), vals((1i32,)))
            .await;
        expect_unavailable(r, cl, &w("prepared read"))?;
        expect_unavailable(
            c.batch(&batch(BatchKind::Logged, cl)).await,
            cl,
            &w("logged batch"),
        )?;
        expect_unavailable(
            c.batch(&batch(BatchKind::Unlogged, cl)).await,
            cl,
            &w("unlogged batch"),
        )?;
        checks += 6;
    }
    Ok(format!("{checks} checks: ONE/LOCAL_ONE succeed; TWO/QUORUM/ALL → Unavailable naming the level (text, prepared, reads, writes, logged+unlogged batches)"))
}
