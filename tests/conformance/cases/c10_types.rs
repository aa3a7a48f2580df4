//! C10 types: every CQL type round-trips equal, bound unprepared and
//! prepared. `C10` covers the scalars, collections (empty, nested, frozen),
//! tuples, counters and unset; `C10.udt`, `C10.duration` and `C10.vector`
//! cover the types a backend may declare unsupported.
//!
//! One server rule is honoured, not hidden: an empty *non-frozen*
//! collection is stored as no cells and reads back as null. Frozen empty
//! collections must read back empty.

use super::c10_more_values as more;
use super::c10_values::{self as data, Col};
use super::prelude::*;

/// A `{:?}` of at most 160 characters (a 1 MiB blob would drown the report).
fn brief(v: &Value) -> String {
    let mut s = format!("{v:?}");
    if s.len() > 160 {
        let cut = (0..=160)
            .rev()
            .find(|i| s.is_char_boundary(*i))
            .unwrap_or(0);
        s.truncate(cut);
        s.push('…');
    }
    s
}

fn is_empty_collection(v: &Value) -> bool {
    match v {
        Value::List(x) | Value::Set(x) => x.is_empty(),
        Value::Map(x) => x.is_empty(),
        _ => false,
    }
}

/// True when `read` is what the server must return for `wrote` in a column of `typ`.
fn same(typ: &str, wrote: &Value, read: &Value) -> bool {
    let non_frozen = ["list<", "set<", "map<"].iter().any(|p| typ.starts_with(p));
    wrote.same_as(read) || (non_frozen && is_empty_collection(wrote) && read.is_null())
}

/// Creates `table` with `cols`, writes each row as text and as a prepared
/// statement, and reads each back the same way. Returns the number of values checked.
async fn round_trip(
    ctx: &Ctx,
    table: &str,
    cols: &[Col],
    rows: &[(&str, Vec<Value>)],
) -> Step<usize> {
    let defs: Vec<String> = cols.iter().map(|(n, t)| format!("{n} {t}")).collect();
    ctx.ddl(&format!(
        "CREATE TABLE {} (k int PRIMARY KEY, {})",
        ctx.t(table),
        defs.join(", ")
    ))
    .await?;
    let c = ctx.client().await?;
    let names: Vec<&str> = cols.iter().map(|c| c.0).collect();
    let ins = format!(
        "INSERT INTO {} (k, {}) VALUES (?{})",
        ctx.t(table),
        names.join(", "),
        ", ?".repeat(cols.len())
    );
    let sel = format!(
        "SELECT {} FROM {} WHERE k = ?",
        names.join(", "),
        ctx.t(table)
    );
    let p_ins = c.prepare(&ins).await.ctx("prepare insert")?;
    let p_sel = c.prepare(&sel).await.ctx("prepare select")?;
    let mut checked = 0;
    for (i, (label, row)) in rows.iter().enumerate() {
        for prepared in [false, true] {
            let how = if prepared { "prepared" } else { "unprepared" };
            let k = i as i32 + if prepared { 1000 } else { 0 };
            let mut v = vec![Value::Int(k)];
            v.extend(row.iter().cloned());
            let (wq, rq) = if prepared {
                (Query::from(&p_ins), Query::from(&p_sel))
            } else {
                (q(ins.as_str()), q(sel.as_str()))
            };
            c.execute(wq, Values::Positional(v))
                .await
                .ctx(format!("{table} row `{label}`: {how} insert"))?;
            let r = c
                .execute(rq, vals((k,)))
                .await
                .ctx(format!("{table} row `{label}`: {how} select"))?;
            let got = one_row(&r, label)?.values();
            ensure!(
                got.len() == cols.len(),
                "{table} row `{label}`: {} columns back, {} selected",
                got.len(),
                cols.len()
            );
            for (j, (name, typ)) in cols.iter().enumerate() {
                ensure!(
                    same(typ, &row[j], &got[j]),
                    "{table} row `{label}` ({how}): column {name} {typ}: wrote {}, read {}",
                    brief(&row[j]),
                    brief(&got[j])
                );
                checked += 1;
            }
        }
    }
    Ok(checked)
}

/// Counters: increments bound as text and prepared, to the integer extremes.
async fn counters(ctx: &Ctx) -> Step<usize> {
    ctx.ddl(&format!(
        "CREATE TABLE {} (k int PRIMARY KEY, n counter)",
        ctx.t("ctr")
    ))
    .await?;
    let c = ctx.client().await?;
    let upd = format!("UPDATE {} SET n = n + ? WHERE k = ?", ctx.t("ctr"));
    let p = c.prepare(&upd).await.ctx("prepare counter update")?;
    let cases: [(i32, &[i64], i64); 3] = [
        (1, &[5, -2], 3),
        (2, &[i64::MAX], i64::MAX),
        (3, &[i64::MIN], i64::MIN),
    ];
    for (k, steps, want) in cases {
        for (n, step) in steps.iter().enumerate() {
            let query = if n % 2 == 0 {
                q(upd.as_str())
            } else {
                Query::from(&p)
            };
            c.execute(query, vals((Value::Counter(*step), k)))
                .await
                .ctx(format!("counter {k} += {step}"))?;
        }
        let r = c
            .execute(
                q(format!("SELECT n FROM {} WHERE k = ?", ctx.t("ctr"))),
                vals((k,)),
            )
            .await
            .ctx("read counter")?;
        let got = one_row(&r, "counter")?.value(0)?.clone();
        ensure!(
            got == Value::Counter(want),
            "counter {k}: read {got:?}, expected Counter({want})"
        );
    }
    Ok(3)
}

/// `Unset` leaves a column untouched, unlike `Null`.
async fn unset(ctx: &Ctx) -> Step<usize> {
    let c = ctx.client().await?;
    let upd = format!("UPDATE {} SET i = ?, t = ? WHERE k = ?", ctx.t("types"));
    let p = c.prepare(&upd).await.ctx("prepare update")?;
    // Rows 0 and 1000 hold i = i32::MAX (written above).
    for (k, query) in [(0, q(upd.as_str())), (1000, Query::from(&p))] {
        c.execute(query, vals((Value::Unset, "changed", k)))
            .await
            .ctx(format!("update k={k} with an unset value"))?;
        let r = c
            .execute(
                q(format!("SELECT i, t FROM {} WHERE k = ?", ctx.t("types"))),
                vals((k,)),
            )
            .await
            .ctx("read")?;
        let row = one_row(&r, "unset")?;
        ensure!(
            row.get::<i32>("i")? == i32::MAX,
            "k={k}: the unset column changed to {:?}",
            row.value("i")?
        );
        ensure!(
            row.get::<String>("t")? == "changed",
            "k={k}: the set column did not change"
        );
    }
    Ok(2)
}

/// C10.
pub async fn c10(ctx: &Ctx) -> CaseResult {
    let rows = data::core_rows();
    let n = round_trip(ctx, "types", data::CORE, &rows).await?;
    let k = counters(ctx).await?;
    let u = unset(ctx).await?;
    Ok(format!(
        "{n} values ({} rows × {} columns × text/prepared) equal; {k} counters; unset kept {u} columns; \
         empty non-frozen collections read back as null (server rule)",
        rows.len(),
        data::CORE.len()
    ))
}

/// C10.udt.
pub async fn c10_udt(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::Udt).await?;
    for t in more::UDT_TYPES {
        ctx.ddl(&format!("CREATE TYPE {}.{t}", ctx.ks)).await?;
    }
    let n = round_trip(ctx, "udts", more::UDT, &more::udt_rows(&ctx.ks)).await?;
    Ok(format!(
        "{n} UDT values (nested, in collections, null fields) equal"
    ))
}

/// C10.duration.
pub async fn c10_duration(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::Duration).await?;
    let n = round_trip(ctx, "durations", more::DURATION, &more::duration_rows()).await?;
    Ok(format!("{n} duration values equal"))
}

/// C10.vector.
pub async fn c10_vector(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::Vector).await?;
    let n = round_trip(ctx, "vectors", more::VECTOR, &more::vector_rows()).await?;
    Ok(format!("{n} vector<float, N> values equal (N = 3, 64)"))
}
