//! C12 batch: logged, unlogged and counter batches apply; a batch carries
//! its consistency (proven by `Unavailable` at ALL with replication factor 3)
//! and its timeout (proven through the delaying proxy).

use super::prelude::*;

/// Reads `v` of each key in `keys`.
async fn read(c: &dyn Client, table: &str, keys: &[i32]) -> Step<Vec<Option<String>>> {
    let mut out = Vec::new();
    for k in keys {
        let r = c
            .execute(q(format!("SELECT v FROM {table} WHERE k = ?")), vals((*k,)))
            .await
            .ctx("read back")?;
        out.push(
            r.first_row()
                .map(|row| row.get::<String>("v"))
                .transpose()?,
        );
    }
    Ok(out)
}

/// C12.
pub async fn c12(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::Batch).await?;
    ctx.require(Feature::Consistency).await?;
    let t = ctx.t("b");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, v text)"))
        .await?;
    let c = ctx.client().await?;
    let ins = format!("INSERT INTO {t} (k, v) VALUES (?, ?)");
    let p = c.prepare(&ins).await.ctx("prepare")?;
    for (kind, base) in [(BatchKind::Logged, 0), (BatchKind::Unlogged, 10)] {
        let b = Batch::new(kind)
            .add(Statement::new(ins.as_str()), (base + 1, "one"))
            .add(&p, (base + 2, "two"))
            .add(
                Statement::new(format!(
                    "INSERT INTO {t} (k, v) VALUES ({}, 'three')",
                    base + 3
                )),
                (),
            );
        let r = c.batch(&b).await.ctx(format!("{kind:?} batch"))?;
        ensure!(
            matches!(r, QueryResult::Void),
            "{kind:?} batch returned {r:?}, expected Void"
        );
        let got = read(&*c, &t, &[base + 1, base + 2, base + 3]).await?;
        let want: Vec<Option<String>> = ["one", "two", "three"]
            .iter()
            .map(|s| Some(s.to_string()))
            .collect();
        ensure!(got == want, "{kind:?} batch: read {got:?}");
    }

    let ks3 = ctx.keyspace_rf("rf3", 3).await?;
    ctx.ddl(&format!("CREATE TABLE {ks3}.b (k int PRIMARY KEY, v text)"))
        .await?;
    let ins3 = format!("INSERT INTO {ks3}.b (k, v) VALUES (?, ?)");
    let b3 = |cl| {
        Batch::new(BatchKind::Unlogged)
            .add(Statement::new(ins3.as_str()), (1i32, "x"))
            .with_consistency(cl)
    };
    expect_unavailable(
        c.batch(&b3(Consistency::All)).await,
        Consistency::All,
        "batch at ALL (RF 3, one node)",
    )?;
    c.batch(&b3(Consistency::One))
        .await
        .ctx("batch at ONE (RF 3, one node)")?;
    Ok("logged and unlogged batches (text, prepared, literal) applied and returned Void; batch at ALL → Unavailable(ALL), at ONE applied".into())
}

/// C12.counter.
pub async fn c12_counter(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::CounterBatch).await?;
    let t = ctx.t("ctr");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, n counter)"))
        .await?;
    let c = ctx.client().await?;
    let upd = format!("UPDATE {t} SET n = n + ? WHERE k = ?");
    let p = c.prepare(&upd).await.ctx("prepare")?;
    let b = Batch::new(BatchKind::Counter)
        .add(Statement::new(upd.as_str()), (Value::Counter(5), 1i32))
        .add(&p, (Value::Counter(7), 1i32))
        .add(&p, (Value::Counter(-3), 2i32));
    c.batch(&b).await.ctx("counter batch")?;
    let r = c
        .execute(q(format!("SELECT k, n FROM {t}")), Values::Empty)
        .await
        .ctx("read counters")?;
    let mut got: Vec<(i32, i64)> = r.map_rows(|row| Ok((row.get("k")?, row.get("n")?)))?;
    got.sort();
    ensure!(
        got == vec![(1, 12), (2, -3)],
        "counters after the batch: {got:?}"
    );
    Ok("counter batch applied: k1 = 5 + 7, k2 = -3".into())
}

/// C12.timeout.
pub async fn c12_timeout(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::Batch).await?;
    ctx.require(Feature::BatchTimeout).await?;
    let t = ctx.t("slow_b");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, v text)"))
        .await?;
    let proxy = ctx.proxy().await?;
    proxy.delay("slow_b", Duration::from_secs(2));
    let c = ctx
        .connect(&ctx.via(&proxy).request_timeout(Duration::from_secs(10)))
        .await
        .ctx("connect via proxy")?;
    let b = |timeout| {
        Batch::new(BatchKind::Unlogged)
            .add(
                Statement::new(format!("INSERT INTO {t} (k, v) VALUES (1, 'x')")),
                (),
            )
            .with_timeout(timeout)
    };
    let short = Duration::from_millis(400);
    let t0 = Instant::now();
    let e = expect_err(
        c.batch(&b(short)).await,
        "batch with a 400 ms timeout, 2 s reply",
    )?;
    let took = t0.elapsed();
    ensure!(e.is_timeout(), "batch: expected Timeout, got {}", show(&e));
    // Not early, and before the reply delayed by 2 s: the timeout ended
    // the call (the code's bound is the timeout plus TIMEOUT_GRACE; how late
    // a timer's wake-up runs on a loaded machine is the scheduler's).
    ensure!(
        took + Duration::from_millis(50) >= short && took < Duration::from_secs(2),
        "batch Timeout after {} ms: not within [350 ms, 2 s)",
        ms(took)
    );
    ensure!(
        proxy.count("slow_b") >= 1,
        "the batch did not go through the proxy"
    );
    let t1 = Instant::now();
    c.batch(&b(Duration::from_secs(5)))
        .await
        .ctx("batch with a 5 s timeout, 2 s reply")?;
    let slow = t1.elapsed();
    let _ = c.close().await;
    Ok(format!(
        "400 ms batch → Timeout after {} ms; 5 s batch applied after {} ms",
        ms(took),
        ms(slow)
    ))
}
