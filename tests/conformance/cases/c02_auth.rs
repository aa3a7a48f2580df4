//! C02 auth: a wrong password → `Auth`; no credentials against an auth
//! cluster → `Auth`; the password never appears in `Debug`, `Display` or logs.

use super::prelude::*;
use crate::support::keyspace::random_suffix;
use crate::support::logcap;

const VERSION: &str = "SELECT release_version FROM system.local";

/// Connects and runs one query; returns the error of whichever step failed.
async fn auth_error(ctx: &Ctx, config: &cqlbridge::Config, what: &str) -> Step<Error> {
    match ctx.connect(config).await {
        Err(e) => Ok(e),
        Ok(c) => {
            let r = c.execute(q(VERSION), Values::Empty).await;
            let _ = c.close().await;
            expect_err(r, &format!("{what}: connect succeeded, and then the query"))
        }
    }
}

/// Every text a user could see of `e`: Display, Debug and each source's Display.
fn texts(e: &Error) -> String {
    let mut out = format!("{e}\n{e:?}\n");
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        out.push_str(&format!("{s}\n{s:?}\n"));
        src = s.source();
    }
    out
}

/// C02.
pub async fn c02(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::PasswordAuth).await?;
    let (user, real_pw) = ctx
        .target
        .user
        .clone()
        .ok_or_else(|| fail("CQLBRIDGE_TEST_USER is not set"))?;
    let wrong_pw = format!("cqlb-wrong-{}-pw", random_suffix());

    logcap::arm();
    let wrong_cfg = ctx.config().credentials(user.clone(), wrong_pw.clone());
    let wrong = auth_error(ctx, &wrong_cfg, "wrong password").await;
    let mut none_cfg = ctx.config();
    none_cfg.credentials = None;
    let none = auth_error(ctx, &none_cfg, "no credentials").await;
    let good = ctx.connect(&ctx.config()).await;
    let good_debug = match &good {
        Ok(c) => {
            let _ = c.execute(q(VERSION), Values::Empty).await;
            let d = match (c.as_async(), c.as_sync()) {
                (Some(s), _) => format!("{s:?}"),
                (_, Some(s)) => format!("{s:?}"),
                _ => String::new(),
            };
            let _ = c.close().await;
            d
        }
        Err(_) => String::new(),
    };
    let logs = logcap::disarm();

    good.ctx("connecting with the right password")?;
    let wrong = wrong?;
    ensure!(
        wrong.is_auth(),
        "wrong password: expected Auth, got {}",
        show(&wrong)
    );
    let none = none?;
    ensure!(
        none.is_auth(),
        "no credentials: expected Auth, got {}",
        show(&none)
    );

    let visible = [
        ("Debug of the config", format!("{wrong_cfg:?}")),
        ("the wrong-password error", texts(&wrong)),
        ("the no-credentials error", texts(&none)),
        ("Debug of a connected session", good_debug),
        ("the captured logs", logs.clone()),
    ];
    for (what, text) in &visible {
        ensure!(
            !text.contains(&wrong_pw),
            "the wrong password appears in {what}"
        );
        ensure!(
            !text.contains(&real_pw),
            "the real password appears in {what}"
        );
    }
    Ok(format!(
        "wrong password → {:?}; none → {:?}; password absent from Debug/Display/errors and {} KB of logs",
        wrong.kind(),
        none.kind(),
        logs.len() / 1024
    ))
}
