//! C24 batch failure: a batch holding one invalid statement between two
//! valid ones applies nothing, and the error has its kind — an unknown
//! column (`Invalid`), a null partition key (`Invalid`, logged and unlogged),
//! a value of the wrong type for a prepared statement (`Type` when the
//! backend checks it, `Invalid` when the server does). The session serves
//! the next batch. C24.counter: a counter batch applied repeatedly adds
//! exactly each time, across columns, clustering rows and partitions; a
//! counter batch with a plain write in it, or counters in a logged batch, is
//! refused (`Invalid`) and changes no counter.

use super::prelude::*;

/// Every `k` in the table.
async fn keys(c: &dyn Client, t: &str) -> Step<Vec<i32>> {
    let r = c
        .execute(q(format!("SELECT k FROM {t}")), Values::Empty)
        .await
        .ctx("read keys")?;
    let mut keys: Vec<i32> = r.map_rows(|row| row.get(0))?;
    keys.sort_unstable();
    Ok(keys)
}

/// The error kinds a failed batch may report.
#[derive(Clone, Copy)]
enum Expect {
    /// The server refused it.
    Invalid,
    /// Either the backend refused the value (`Type`) or the server did (`Invalid`).
    TypeOrInvalid,
}

impl Expect {
    fn accepts(self, kind: &ErrorKind) -> bool {
        match self {
            Expect::Invalid => matches!(kind, ErrorKind::Invalid),
            Expect::TypeOrInvalid => matches!(kind, ErrorKind::Type | ErrorKind::Invalid),
        }
    }
}

/// C24.
pub async fn c24(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::Batch).await?;
    let t = ctx.t("bf");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, v text)"))
        .await?;
    let c = ctx.client().await?;
    let ins = format!("INSERT INTO {t} (k, v) VALUES (?, ?)");
    let p = c.prepare(&ins).await.ctx("prepare insert")?;
    let valid = |kind, base: i32, bad: Query, bad_values: Values| {
        Batch::new(kind)
            .add(&p, (base + 1, "before"))
            .add(bad, bad_values)
            .add(Statement::new(ins.as_str()), (base + 2, "after"))
    };
    let unknown_column = q(format!("INSERT INTO {t} (k, nope) VALUES (?, ?)"));
    let cases = [
        (
            "unknown column (logged)",
            valid(BatchKind::Logged, 0, unknown_column, vals((3, "x"))),
            Expect::Invalid,
        ),
        (
            "null partition key (logged)",
            valid(
                BatchKind::Logged,
                10,
                Query::from(&p),
                vals((Value::Null, "x")),
            ),
            Expect::Invalid,
        ),
        (
            "null partition key (unlogged)",
            valid(
                BatchKind::Unlogged,
                20,
                Query::from(&p),
                vals((Value::Null, "x")),
            ),
            Expect::Invalid,
        ),
        (
            "text bound to an int key (prepared)",
            valid(
                BatchKind::Logged,
                30,
                Query::from(&p),
                vals(("thirty", "x")),
            ),
            Expect::TypeOrInvalid,
        ),
    ];
    let mut seen = Vec::new();
    for (what, batch, expect) in &cases {
        let e = expect_err(c.batch(batch).await, what)?;
        ensure!(
            expect.accepts(e.kind()),
            "batch with {what}: wrong error kind: {}",
            show(&e)
        );
        let left = keys(&*c, &t).await?;
        ensure!(
            left.is_empty(),
            "batch with {what} failed, but keys {left:?} were written"
        );
        seen.push(format!("{what} → {:?}", e.kind()));
    }
    let good = Batch::new(BatchKind::Logged)
        .add(&p, (41, "a"))
        .add(Statement::new(ins.as_str()), (42, "b"));
    c.batch(&good)
        .await
        .ctx("a valid batch after the failed ones")?;
    let left = keys(&*c, &t).await?;
    ensure!(left == [41, 42], "the valid batch wrote keys {left:?}");
    Ok(format!(
        "nothing applied for: {}; the next batch applied",
        seen.join("; ")
    ))
}

/// `(p, c, a, b)` for every counter row, sorted.
async fn counters(c: &dyn Client, t: &str) -> Step<Vec<(i32, i32, i64, i64)>> {
    let r = c
        .execute(q(format!("SELECT p, c, a, b FROM {t}")), Values::Empty)
        .await
        .ctx("read counters")?;
    let mut got: Vec<(i32, i32, i64, i64)> = r.map_rows(|row| {
        let a: Option<i64> = row.get(2)?;
        let b: Option<i64> = row.get(3)?;
        Ok((row.get(0)?, row.get(1)?, a.unwrap_or(0), b.unwrap_or(0)))
    })?;
    got.sort_unstable();
    Ok(got)
}

/// C24.counter.
pub async fn c24_counter(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::CounterBatch).await?;
    let t = ctx.t("ctrs");
    ctx.ddl(&format!(
        "CREATE TABLE {t} (p int, c int, a counter, b counter, PRIMARY KEY (p, c))"
    ))
    .await?;
    let plain = ctx.t("plain");
    ctx.ddl(&format!("CREATE TABLE {plain} (k int PRIMARY KEY, v text)"))
        .await?;
    let c = ctx.client().await?;
    let both = format!("UPDATE {t} SET a = a + ?, b = b - ? WHERE p = ? AND c = ?");
    let p_both = c.prepare(&both).await.ctx("prepare")?;
    // (p, c, add to a, take from b): two partitions, two rows in one.
    let deltas: [(i32, i32, i64, i64); 3] = [(1, 1, 2, 1), (1, 2, 10, 0), (2, 1, 0, 7)];
    let mut batch = Batch::new(BatchKind::Counter);
    for (i, (p, cl, add, take)) in deltas.iter().enumerate() {
        let values = (Value::Counter(*add), Value::Counter(*take), *p, *cl);
        batch = if i % 2 == 0 {
            batch.add(&p_both, values)
        } else {
            batch.add(Statement::new(both.as_str()), values)
        };
    }
    const ROUNDS: i64 = 5;
    for round in 1..=ROUNDS {
        c.batch(&batch)
            .await
            .ctx(format!("counter batch, round {round}"))?;
    }
    let want: Vec<(i32, i32, i64, i64)> = deltas
        .iter()
        .map(|(p, cl, add, take)| (*p, *cl, add * ROUNDS, -take * ROUNDS))
        .collect();
    let got = counters(&*c, &t).await?;
    ensure!(
        got == want,
        "after {ROUNDS} counter batches: {got:?}, expected {want:?}"
    );

    let bump = Statement::new(format!("UPDATE {t} SET a = a + 1 WHERE p = 1 AND c = 1"));
    let refused = [
        (
            "a plain write in a counter batch",
            Batch::new(BatchKind::Counter).add(bump.clone(), ()).add(
                Statement::new(format!("INSERT INTO {plain} (k, v) VALUES (1, 'x')")),
                (),
            ),
        ),
        (
            "a counter update in a logged batch",
            Batch::new(BatchKind::Logged).add(bump, ()),
        ),
    ];
    for (what, b) in &refused {
        let e = expect_err(c.batch(b).await, what)?;
        ensure!(
            matches!(e.kind(), ErrorKind::Invalid),
            "{what}: expected Invalid, got {}",
            show(&e)
        );
        let now = counters(&*c, &t).await?;
        ensure!(
            now == want,
            "{what} was refused, but counters changed: {now:?}"
        );
    }
    let r = c
        .execute(q(format!("SELECT k FROM {plain}")), Values::Empty)
        .await
        .ctx("read the plain table")?;
    ensure!(
        r.rows().is_empty(),
        "the refused counter batch wrote its plain row"
    );
    Ok(format!(
        "{ROUNDS} counter batches (text and prepared, 2 columns, 3 rows, 2 partitions) added exactly; \
         a plain write in a counter batch and counters in a logged batch → Invalid, nothing changed"
    ))
}
