//! C17 concurrency: 1,000 statements from 100 tasks (async) or 16 OS threads
//! calling the `SyncSession` directly (sync) all complete, and every read
//! returns what its own writer wrote.

use super::prelude::*;

const STATEMENTS: usize = 1000;
const TASKS: usize = 100;
const THREADS: usize = 16;

fn value(k: i32) -> String {
    format!("value-{k}-{}", k.wrapping_mul(7919))
}

/// C17.
pub async fn c17(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("conc");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, v text)"))
        .await?;
    let c = ctx.client().await?;
    let ins = c
        .prepare(&format!("INSERT INTO {t} (k, v) VALUES (?, ?)"))
        .await
        .ctx("prepare insert")?;
    let sel = c
        .prepare(&format!("SELECT k, v FROM {t} WHERE k = ?"))
        .await
        .ctx("prepare select")?;
    let keys = (STATEMENTS / 2) as i32; // one insert and one read per key
    let t0 = Instant::now();
    let workers;
    if let Some(sync) = c.as_sync() {
        workers = THREADS;
        let sync = sync.clone();
        let r = tokio::task::spawn_blocking(move || {
            std::thread::scope(|scope| {
                let handles: Vec<_> = (0..THREADS)
                    .map(|w| {
                        let (s, ins, sel) = (sync.clone(), ins.clone(), sel.clone());
                        scope.spawn(move || -> Result<usize, String> {
                            let mut done = 0;
                            for k in (w as i32..keys).step_by(THREADS) {
                                s.execute(&ins, (k, value(k)))
                                    .map_err(|e| format!("insert {k}: {e}"))?;
                                let r = s
                                    .execute(&sel, (k,))
                                    .map_err(|e| format!("select {k}: {e}"))?;
                                let row = r.first_row().ok_or(format!("select {k}: no row"))?;
                                let (rk, rv): (i32, String) = (
                                    row.get("k").map_err(|e| e.to_string())?,
                                    row.get("v").map_err(|e| e.to_string())?,
                                );
                                if rk != k || rv != value(k) {
                                    return Err(format!("select {k} returned ({rk}, {rv})"));
                                }
                                done += 2;
                            }
                            Ok(done)
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().map_err(|_| "a thread panicked".to_string())?)
                    .sum::<Result<usize, String>>()
            })
        })
        .await
        .map_err(|e| fail(format!("the thread pool panicked: {e}")))?;
        let n = r.map_err(fail)?;
        ensure!(
            n == STATEMENTS,
            "{n} statements completed, expected {STATEMENTS}"
        );
    } else {
        workers = TASKS;
        let per = keys as usize / TASKS;
        let mut tasks = Vec::new();
        for w in 0..TASKS {
            let (c2, ins, sel) = (c.clone_client(), ins.clone(), sel.clone());
            tasks.push(tokio::spawn(async move {
                let mut done = 0;
                for k in (w * per) as i32..((w + 1) * per) as i32 {
                    c2.execute(Query::from(&ins), vals((k, value(k))))
                        .await
                        .map_err(|e| format!("insert {k}: {e}"))?;
                    let r = c2
                        .execute(Query::from(&sel), vals((k,)))
                        .await
                        .map_err(|e| format!("select {k}: {e}"))?;
                    let row = r.first_row().ok_or(format!("select {k}: no row"))?;
                    let (rk, rv): (i32, String) = (
                        row.get("k").map_err(|e| e.to_string())?,
                        row.get("v").map_err(|e| e.to_string())?,
                    );
                    if rk != k || rv != value(k) {
                        return Err(format!("select {k} returned ({rk}, {rv})"));
                    }
                    done += 2;
                }
                Ok::<usize, String>(done)
            }));
        }
        let mut n = 0;
        for task in tasks {
            n += task
                .await
                .map_err(|e| fail(format!("a task panicked: {e}")))?
                .map_err(fail)?;
        }
        ensure!(
            n == STATEMENTS,
            "{n} statements completed, expected {STATEMENTS}"
        );
    }
    let took = t0.elapsed();
    let r = c
        .execute(q(format!("SELECT count(*) FROM {t}")), Values::Empty)
        .await
        .ctx("count")?;
    let count: i64 = one_row(&r, "count")?.get(0)?;
    ensure!(
        count == keys as i64,
        "{count} rows in the table, expected {keys}"
    );
    Ok(format!(
        "{STATEMENTS} statements from {workers} {} in {} ms; every read matched its write",
        if c.as_sync().is_some() {
            "threads"
        } else {
            "tasks"
        },
        ms(took)
    ))
}
