//! C15 errors: a syntax error → `Syntax`; an unknown table → `Invalid`; the
//! wrong number or type of bind values → `Type` or `Invalid` (caught before
//! or by the server), never a panic; every message a person can act on. The
//! session stays usable after each.
//!
//! C15.unauthorized: logged in as the test bed's role without permissions
//! (`CQLBRIDGE_TEST_LIMITED_USER`: may log in and read the `system` tables,
//! holds no grant), a SELECT, an INSERT (text with values), a prepared
//! SELECT executed, and a CREATE TABLE on the case's keyspace each fail
//! with `Unauthorized`, the message naming the role and the permission; the
//! session stays usable, and the INSERT wrote nothing.

use super::prelude::*;

/// Checks `e` is one of `kinds` and its text names `hint`.
fn check(e: &Error, ok: fn(&Error) -> bool, kinds: &str, hint: &str, what: &str) -> Step<String> {
    ensure!(ok(e), "{what}: expected {kinds}, got {}", show(e));
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
        &e,
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
        &e,
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
        &e,
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
            seen.push(check(&e, type_or_invalid, "Type or Invalid", "", &w)?);
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

fn unauthorized(e: &Error) -> bool {
    e.kind() == &ErrorKind::Unauthorized
}

/// C15.unauthorized.
pub async fn c15_unauthorized(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::PasswordAuth).await?;
    let t = ctx.t("u15");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, v text)"))
        .await?;
    ctx.ddl(&format!("INSERT INTO {t} (k, v) VALUES (1, 'admin')"))
        .await?;
    let cfg = ctx.target.limited_config(ctx.backend)?;
    let role = cfg
        .credentials
        .as_ref()
        .map(|c| c.username.clone())
        .unwrap_or_default();
    let c = ctx
        .connect(&cfg)
        .await
        .ctx(format!("connecting as the limited role {role}"))?;
    let run = async {
        let mut seen = Vec::new();
        let denied: [(&str, &str, Query, Values); 3] = [
            (
                "SELECT",
                "SELECT",
                q(format!("SELECT v FROM {t}")),
                Values::Empty,
            ),
            (
                "INSERT (text with values)",
                "MODIFY",
                q(format!("INSERT INTO {t} (k, v) VALUES (?, ?)")),
                vals((2i32, "limited")),
            ),
            (
                "CREATE TABLE",
                "CREATE",
                q(format!("CREATE TABLE {}_more (k int PRIMARY KEY)", t)),
                Values::Empty,
            ),
        ];
        for (what, permission, query, values) in denied {
            let e = expect_err(c.execute(query, values).await, what)?;
            seen.push(check(&e, unauthorized, "Unauthorized", &role, what)?);
            ensure!(
                e.message().contains(permission),
                "{what}: the message `{}` does not name the {permission} permission",
                e.message()
            );
        }
        // The server checks permissions when a statement runs, not when it is
        // prepared; a backend may still refuse at prepare, also as Unauthorized.
        let sel = format!("SELECT v FROM {t} WHERE k = ?");
        let prepared = match c.prepare(&sel).await {
            Ok(p) => {
                let e = expect_err(
                    c.execute(Query::from(&p), vals((1i32,))).await,
                    "prepared SELECT",
                )?;
                seen.push(check(
                    &e,
                    unauthorized,
                    "Unauthorized",
                    &role,
                    "prepared SELECT",
                )?);
                "prepares, refused at execute"
            }
            Err(e) => {
                seen.push(check(
                    &e,
                    unauthorized,
                    "Unauthorized",
                    &role,
                    "prepare SELECT",
                )?);
                "refused at prepare"
            }
        };
        let r = c
            .execute(q("SELECT release_version FROM system.local"), Values::Empty)
            .await
            .ctx("the limited session after the refusals")?;
        one_row(&r, "release_version")?;
        Ok::<_, Failure>((seen, prepared))
    }
    .await;
    let _ = c.close().await;
    let (seen, prepared) = run?;
    let r = ctx
        .admin()?
        .execute(q(format!("SELECT k FROM {t}")), ())
        .await
        .ctx("reading back as the superuser")?;
    ensure!(
        r.rows().len() == 1,
        "{} rows in {t}: the refused INSERT wrote one",
        r.rows().len()
    );
    Ok(format!(
        "as {role}: {} (prepared SELECT {prepared}); the session still reads system.local, \
         the INSERT wrote nothing",
        seen.join("; ")
    ))
}
