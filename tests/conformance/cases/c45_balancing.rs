//! C45 load balancing (issue 15), on the one-node test bed: the bed's own
//! data center and rack (`Config::local_dc`, `Config::local_rack`) and
//! token awareness off serve reads and writes; a local data center that
//! does not exist leaves no node to use (a typed `Connection` error, at
//! connect or at the request) unless remote data centers are allowed; with
//! them allowed, writes and reads at ONE and LOCAL_ONE are served by the
//! bed's (remote) data center.

use super::prelude::*;

use cqlbridge::Config;

/// A data center no test bed has.
const NOWHERE: &str = "cqlbridge_nowhere";

/// A write and a read of `k` at `cl` through a client of `config`.
async fn round_trip(ctx: &Ctx, config: &Config, t: &str, k: i32, cl: Consistency) -> Step {
    let c = ctx.connect(config).await.ctx("connect")?;
    let run = async {
        let write = Statement::new(format!("INSERT INTO {t} (k, v) VALUES ({k}, {k})"))
            .with_consistency(cl);
        c.execute(write.into(), Values::Empty).await.ctx("write")?;
        let read = Statement::new(format!("SELECT v FROM {t} WHERE k = {k}")).with_consistency(cl);
        let r = c.execute(read.into(), Values::Empty).await.ctx("read")?;
        ensure!(
            r.rows().len() == 1,
            "read {} rows of k = {k}",
            r.rows().len()
        );
        Ok(())
    }
    .await;
    let _ = c.close().await;
    run
}

/// The error a client of `config` gets, at connect or at a read at `cl`.
async fn refused(ctx: &Ctx, config: &Config, t: &str, cl: Consistency) -> Step<Error> {
    let c = match ctx.connect(config).await {
        Err(e) => return Ok(e),
        Ok(c) => c,
    };
    let read = Statement::new(format!("SELECT v FROM {t} WHERE k = 1")).with_consistency(cl);
    let r = c.execute(read.into(), Values::Empty).await;
    let _ = c.close().await;
    expect_err(r, &format!("a read at {cl} with no local node"))
}

/// C45.
pub async fn c45(ctx: &Ctx) -> CaseResult {
    let dc = ctx.target.datacenter()?.to_string();
    let t = ctx.t("balancing");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, v int)"))
        .await?;
    let local = ctx
        .admin()?
        .execute("SELECT rack FROM system.local", ())
        .await
        .ctx("read the bed's rack")?;
    let rack: String = local
        .rows()
        .first()
        .ok_or_else(|| fail("system.local has no row"))?
        .get(0)?;

    let racked = ctx.config().local_dc(dc.clone()).local_rack(rack.clone());
    round_trip(ctx, &racked, &t, 1, Consistency::LocalQuorum)
        .await
        .ctx(format!("local_dc={dc}, local_rack={rack}"))?;
    let untokened = ctx.config().local_dc(dc.clone()).token_aware(false);
    round_trip(ctx, &untokened, &t, 2, Consistency::LocalOne)
        .await
        .ctx("token_aware=false")?;

    let elsewhere = ctx.config().local_dc(NOWHERE);
    let e = refused(ctx, &elsewhere, &t, Consistency::One).await?;
    ensure!(
        matches!(e.kind(), ErrorKind::Connection),
        "local_dc={NOWHERE}, no remote DCs: expected Connection, got {}",
        show(&e)
    );
    let remote = elsewhere.clone().allow_remote_dcs(true);
    let mut remote_seen = Vec::new();
    for (k, cl) in [(3, Consistency::One), (4, Consistency::LocalOne)] {
        round_trip(ctx, &remote, &t, k, cl)
            .await
            .ctx(format!("local_dc={NOWHERE}, remote DCs allowed, at {cl}"))?;
        remote_seen.push(format!("served at {cl}"));
    }
    Ok(format!(
        "dc {dc} + rack {rack}: round trip; token_aware=false: round trip; local_dc={NOWHERE}: \
         {} without remote DCs; with them: {}",
        e.kind().name(),
        remote_seen.join(", ")
    ))
}
