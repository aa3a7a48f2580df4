//! M12: execution profiles, observed in the fake's call log: a statement's
//! own options win over its profile's, the profile's over the session
//! defaults, for text, prepared statements and batches; an unknown profile
//! is a `Config` error that never reaches the driver.

use cqlbridge::mock::{FakeDriver, Op};
use cqlbridge::ExecOptions;

use super::{config, over};
use crate::cases::prelude::*;

/// M12.
pub async fn m12_profiles(ctx: &Ctx) -> CaseResult {
    let analytics = ExecOptions::new()
        .consistency(Consistency::One)
        .timeout(Duration::from_secs(30))
        .page_size(PageSize::Rows(7));
    let config = config().profile("analytics", analytics);
    let defaults = config.default_options();
    let fake = FakeDriver::new();
    let c = over(ctx.mode, &fake, &config).await?;

    c.execute(q("PLAIN"), Values::Empty).await.ctx("plain")?;
    let profiled = Statement::new("PROFILED").with_profile("analytics");
    c.execute(profiled.into(), Values::Empty)
        .await
        .ctx("with the profile")?;
    let own = Statement::new("OWN")
        .with_profile("analytics")
        .with_consistency(Consistency::All);
    c.execute(own.into(), Values::Empty)
        .await
        .ctx("own over profile")?;
    let p = c.prepare("PREPARED").await.ctx("prepare")?;
    c.execute(p.with_profile("analytics").into(), Values::Empty)
        .await
        .ctx("prepared with the profile")?;
    let b = Batch::new(BatchKind::Logged)
        .add(Statement::new("IN BATCH"), ())
        .with_profile("analytics")
        .with_timeout(Duration::from_secs(2));
    c.batch(&b).await.ctx("batch with the profile")?;
    let unknown = Statement::new("UNKNOWN").with_profile("reporting");
    let e = expect_err(
        c.execute(unknown.into(), Values::Empty).await,
        "an unknown profile",
    )?;
    ensure!(
        matches!(e.kind(), ErrorKind::Config) && e.to_string().contains("reporting"),
        "unknown profile: {}",
        show(&e)
    );

    let calls = fake.calls();
    let got = |op: Op, cql: &str| {
        calls
            .iter()
            .find(|c| c.op == op && c.cql == cql)
            .map(|c| c.options.clone())
            .ok_or_else(|| fail(format!("{cql} not logged")))
    };
    let profile = ExecOptions {
        consistency: Some(Consistency::One),
        timeout: Some(Duration::from_secs(30)),
        page_size: Some(PageSize::Rows(7)),
        profile: Some("analytics".into()),
        ..defaults.clone()
    };
    let want = [
        (Op::Execute, "PLAIN", defaults.clone()),
        (Op::Execute, "PROFILED", profile.clone()),
        (
            Op::Execute,
            "OWN",
            ExecOptions {
                consistency: Some(Consistency::All),
                ..profile.clone()
            },
        ),
        (Op::ExecutePrepared, "PREPARED", profile.clone()),
        (
            Op::Batch,
            "BATCH",
            ExecOptions {
                timeout: Some(Duration::from_secs(2)),
                ..profile.clone()
            },
        ),
    ];
    for (op, cql, expected) in want {
        let options = got(op, cql)?;
        ensure!(
            options == expected,
            "{cql}: driver got {options:?}, expected {expected:?}"
        );
    }
    ensure!(
        !calls.iter().any(|c| c.cql == "UNKNOWN"),
        "a statement with an unknown profile reached the driver"
    );
    c.execute(q("AFTER"), Values::Empty)
        .await
        .ctx("the session after the unknown profile")?;
    Ok("own options over the profile over the session defaults, for text, prepared and batch; an unknown profile is a Config error that never reaches the driver".into())
}
