//! C15 errors: a syntax error → `Syntax`; an unknown table → `Invalid`; the
//! wrong number or type of bind values → `Type` or `Invalid` (caught before
//! or by the server), never a panic; every message a person can act on. The
//! session stays usable after each.

use super::prelude::*;

/// Checks `e` is one of `kinds` and its text names `hint`.
fn check(e: Error, ok: fn(&Error) -> bool, kinds: &str, hint: &str, what: &str) -> Step<String> {
    ensure!(ok(&e), "{what}: expected {kinds}, got {}", show(&e));
    let text = e.to_string();
    ensure!(
        e.message().trim().len() >= 10,
        "{what}: the message `{}` is too short to act on",
        e.message()
    );
    ensure!(
        text.to_lowercase().contains(&hint.to_lowercase()),
        "{what}: the message `{text}` does not mention `{hint}`"
    );
    Ok(format!("{what} → {:?}", e.kind()))
}

fn type_or_invalid(e: &Error) -> bool {
    e.is_type() || e.is_invalid()
}

/// C15.
pub async fn c15(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("e15");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, v text)"))
        .await?;
    let c = ctx.client().await?;
    let mut seen = Vec::new();

    let e = expect_err(
        c.execute(q("SELEC * FROM system.local"), Values::Empty)
            .await,
        "syntax error",
    )?;
    seen.push(check(
        e,
        Error::is_syntax,
        "Syntax",
        "SELEC",
        "syntax error",
    )?);

    let missing = format!("{}.no_such_table", ctx.ks);
    let e = expect_err(
        c.execute(q(format!("SELECT * FROM {missing}")), Values::Empty)
            .await,
        "unknown table",
    )?;
    seen.push(check(
        e,
        Error::is_invalid,
        "Invalid",
        "no_such_table",
        "unknown table",
    )?);
    let e = expect_err(
        c.prepare(&format!("SELECT * FROM {missing}")).await,
        "prepare on an unknown table",
    )?;
    seen.push(check(
        e,
        Error::is_invalid,
        "Invalid",
        "no_such_table",
        "prepare on an unknown table",
    )?);

    let ins = format!("INSERT INTO {t} (k, v) VALUES (?, ?)");
    let p = c.prepare(&ins).await.ctx("prepare")?;
    let bad: [(&str, Values); 4] = [
        ("one value for two markers", vals((1i32,))),
        ("three values for two markers", vals((1i32, "a", 3i32))),
        ("text for an int", vals(("one", "a"))),
        ("int for a text", vals((1i32, 2i32))),
    ];
    for (what, values) in bad {
        for (how, query) in [("prepared", Query::from(&p)), ("text", q(ins.as_str()))] {
            let w = format!("{what} ({how})");
            let e = expect_err(c.execute(query, values.clone()).await, &w)?;
            seen.push(check(e, type_or_invalid, "Type or Invalid", "", &w)?);
        }
    }
    let r = c
        .execute(q(format!("SELECT count(*) FROM {t}")), Values::Empty)
        .await
        .ctx("the session after the errors")?;
    let n: i64 = one_row(&r, "count")?.get(0)?;
    ensure!(n == 0, "{n} rows were written by statements that failed");
    Ok(seen.join("; "))
}
