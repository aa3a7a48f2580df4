//! C01 connect: plain + auth, `SELECT release_version FROM system.local`
//! returns text; the session is `Clone` and usable from many tasks at once.

use super::prelude::*;

const VERSION: &str = "SELECT release_version FROM system.local";

fn assert_clone_send_sync<T: Clone + Send + Sync + 'static>() {}

/// C01.
pub async fn c01(ctx: &Ctx) -> CaseResult {
    assert_clone_send_sync::<cqlbridge::Session>();
    assert_clone_send_sync::<cqlbridge::SyncSession>();
    ensure!(
        ctx.target.user.is_some(),
        "CQLBRIDGE_TEST_USER is not set: C01 must connect with auth"
    );
    let c = ctx.client().await?;
    let r = c.execute(q(VERSION), Values::Empty).await.ctx(VERSION)?;
    let version: String = one_row(&r, VERSION)?
        .get(0)
        .ctx("release_version as text")?;
    ensure!(
        version
            .split('.')
            .next()
            .is_some_and(|m| m.parse::<u32>().is_ok()),
        "release_version `{version}` does not look like a version"
    );

    // Clones used from many tasks at once.
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let c2 = c.clone_client();
        tasks.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            for _ in 0..5 {
                let r = c2.execute(q(VERSION), Values::Empty).await?;
                seen.push(r.first_row().map(|row| row.get::<String>(0)).transpose()?);
            }
            Ok::<_, Error>(seen)
        }));
    }
    for t in tasks {
        let seen = t
            .await
            .map_err(|e| fail(format!("a task panicked: {e}")))?
            .ctx("query on a clone")?;
        ensure!(
            seen.iter().all(|v| v.as_deref() == Some(version.as_str())),
            "a clone read {seen:?}"
        );
    }
    Ok(format!(
        "release_version {version}; auth as {}; 16 clones × 5 concurrent queries",
        ctx.target
            .user
            .as_ref()
            .map(|u| u.0.as_str())
            .unwrap_or("?")
    ))
}
