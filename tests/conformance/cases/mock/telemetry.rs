//! M13: telemetry on the fake, through both APIs: the metrics count every
//! request by profile and error kind in µs, an observer sees each start
//! and end once with its outcome.

use cqlbridge::mock::{CqlPattern, FakeDriver};
use cqlbridge::{ExecOptions, RequestKind};

use super::{config, over};
use crate::cases::prelude::*;
use crate::cases::telemetry::{metrics, observe, Log};

/// M13.
pub async fn m13_telemetry(ctx: &Ctx) -> CaseResult {
    let fake = FakeDriver::new();
    let pattern = |p: &str| CqlPattern::prefix(p).map_err(|e| fail(e.to_string()));
    fake.when(pattern("SLOW")?)
        .delay(Duration::from_millis(3))
        .returns(QueryResult::Void);
    fake.when(pattern("BAD")?)
        .fails(ErrorKind::Overloaded, "scripted overload");
    let config = config().profile("p", ExecOptions::new().consistency(Consistency::One));
    let c = over(ctx.mode, &fake, &config).await?;
    let log = Arc::new(Log::default());
    observe(c.as_ref(), log.clone())?;
    for _ in 0..4 {
        c.execute(q("SLOW"), Values::Empty).await.ctx("slow")?;
    }
    c.execute(
        Statement::new("SLOW").with_profile("p").into(),
        Values::Empty,
    )
    .await
    .ctx("slow with p")?;
    expect_err(c.execute(q("BAD"), Values::Empty).await, "overloaded")?;
    let m = metrics(c.as_ref())?;
    ensure!(
        m.total.requests == 6 && m.profile("p").map(|p| p.requests) == Some(1),
        "requests {} (p {:?})",
        m.total.requests,
        m.profile("p").map(|p| p.requests)
    );
    ensure!(
        m.total.errors_of("overloaded") == 1,
        "errors {:?}",
        m.total.errors_by_kind
    );
    ensure!(
        m.profile("p").is_some_and(|p| p.latency.p50_us >= 3_000),
        "the fake's 3 ms in µs: {:?}",
        m.profile("p").map(|p| p.latency)
    );
    let ends = log.ends();
    let outcomes: Vec<(RequestKind, &str)> =
        ends.iter().map(|e| (e.kind, e.outcome.as_str())).collect();
    ensure!(
        log.starts() == 6
            && outcomes.len() == 6
            && outcomes[5] == (RequestKind::Execute, "err overloaded"),
        "observed {} starts: {outcomes:?}",
        log.starts()
    );
    ensure!(
        ends[4].profile.as_deref() == Some("p"),
        "the profile's name in the options: {:?}",
        ends[4].profile
    );
    Ok("6 requests counted by profile and kind, observed once each".into())
}
