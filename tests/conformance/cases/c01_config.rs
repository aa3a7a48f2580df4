//! C01's connect-time settings of `Config`, each its own case:
//!
//! - **C01.unreachable**: connecting to `127.0.0.1:1`, where nothing listens
//!   (checked first), fails with `Connection` within the documented connect
//!   bound (`backend::connect_bound`, the same for every backend) — never a
//!   hang, never another kind.
//! - **C01.keyspace**: `Config::keyspace` naming an existing keyspace makes
//!   unqualified table names work (text with values, prepared, both ways),
//!   where the same statements fail `Invalid` without it; naming a keyspace
//!   that does not exist fails the connect with [`MISSING_KEYSPACE`]
//!   (`Invalid`, what both backends return), the message naming it.
//! - **C01.local_dc**: `Config::local_dc` set to the bed's data center
//!   (`CQLBRIDGE_TEST_DATACENTER`) connects; the node reports that data
//!   center, and text and prepared requests run.

use cqlbridge::Config;
use cqlbridge_driver_api::backend::connect_bound;
use tokio::net::TcpStream;

use super::prelude::*;
use crate::support::keyspace::random_suffix;

/// A loopback address where nothing listens (port 1, `tcpmux`, is served
/// nowhere on the test host; the case checks the kernel refuses it).
const NOWHERE: &str = "127.0.0.1:1";

/// The connect timeout C01.unreachable sets.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// The kind a `Config::keyspace` that does not exist fails the connect with.
/// The contract allows `Invalid` or `Config`; both backends return
/// `Invalid` (the server's "Keyspace '…' does not exist": scylla from its
/// `USE`, cpp as `LIB_UNABLE_TO_SET_KEYSPACE`), so only `Invalid` passes.
const MISSING_KEYSPACE: ErrorKind = ErrorKind::Invalid;

const TABLE: &str = "c01kt";

/// C01.unreachable.
pub async fn c01_unreachable(ctx: &Ctx) -> CaseResult {
    match tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(NOWHERE)).await {
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {}
        Ok(Ok(_)) => return Err(fail(format!("something listens on {NOWHERE}"))),
        Ok(Err(e)) => {
            return Err(fail(format!(
                "{NOWHERE}: expected a refused connect, got {e}"
            )))
        }
        Err(_) => {
            return Err(fail(format!(
                "{NOWHERE}: the kernel neither refused nor accepted"
            )))
        }
    }
    let mut cfg = ctx.config().connect_timeout(CONNECT_TIMEOUT);
    cfg.contact_points = vec![NOWHERE.to_string()];
    // The documented bound on a connect, the same for every backend (the
    // kit's `connect_bound`); a blocking connect waits for the same
    // factory. Nothing listens, so the attempt is refused at once and the
    // connect fails long before the bound; what is asserted is the bound.
    let limit = connect_bound(&cfg);
    let t0 = Instant::now();
    let r = tokio::time::timeout(limit, ctx.connect(&cfg)).await;
    let took = t0.elapsed();
    let r = r.map_err(|_| {
        fail(format!(
            "connecting to {NOWHERE} neither failed nor succeeded within its bound of {} ms: \
             a hang",
            ms(limit)
        ))
    })?;
    let e = expect_err(r.map(|_| ()), &format!("connecting to {NOWHERE}"))?;
    ensure!(
        e.is_connection(),
        "connecting to {NOWHERE}: expected Connection, got {} after {} ms",
        show(&e),
        ms(took)
    );
    ensure!(
        took <= limit,
        "connecting to {NOWHERE}: Connection after {} ms, more than its bound of {} ms",
        ms(took),
        ms(limit)
    );
    Ok(format!(
        "{NOWHERE} → Connection after {} ms (the connect bound: {} ms)",
        ms(took),
        ms(limit)
    ))
}

/// Inserts `k` through `c` twice over (text with values, prepared) with the
/// unqualified [`TABLE`], and reads both back the same two ways.
async fn unqualified(c: &dyn Client, k: i32) -> cqlbridge::Result<()> {
    let ins = format!("INSERT INTO {TABLE} (k, v) VALUES (?, ?)");
    let sel = format!("SELECT v FROM {TABLE} WHERE k = ?");
    c.execute(q(ins.as_str()), vals((k, format!("text{k}"))))
        .await?;
    let p = c.prepare(&ins).await?;
    c.execute(Query::from(&p), vals((k + 1, format!("prep{}", k + 1))))
        .await?;
    let r = c.execute(q(sel.as_str()), vals((k,))).await?;
    let p = c.prepare(&sel).await?;
    let r2 = c.execute(Query::from(&p), vals((k + 1,))).await?;
    let got = (
        r.first_row().map(|row| row.get::<String>(0)).transpose()?,
        r2.first_row().map(|row| row.get::<String>(0)).transpose()?,
    );
    if got != (Some(format!("text{k}")), Some(format!("prep{}", k + 1))) {
        return Err(Error::new(
            ErrorKind::Other,
            format!("read back {got:?} for k = {k}, {}", k + 1),
        ));
    }
    Ok(())
}

/// C01.keyspace.
pub async fn c01_keyspace(ctx: &Ctx) -> CaseResult {
    ctx.ddl(&format!(
        "CREATE TABLE {} (k int PRIMARY KEY, v text)",
        ctx.t(TABLE)
    ))
    .await?;

    // Without a keyspace, the unqualified name means nothing.
    let plain = ctx.client().await?;
    let e = expect_err(
        unqualified(plain.as_ref(), 100).await,
        "an unqualified table without Config::keyspace",
    )?;
    ensure!(
        e.is_invalid(),
        "an unqualified table without Config::keyspace: expected Invalid, got {}",
        show(&e)
    );

    let c = ctx
        .connect(&ctx.config().keyspace(ctx.ks.clone()))
        .await
        .ctx(format!("connecting with Config::keyspace({})", ctx.ks))?;
    let used = unqualified(c.as_ref(), 1).await;
    let _ = c.close().await;
    used.ctx(format!("unqualified `{TABLE}` with Config::keyspace"))?;
    let r = ctx
        .admin()?
        .execute(q(format!("SELECT count(*) FROM {}", ctx.t(TABLE))), ())
        .await
        .ctx("counting through the admin session")?;
    let n: i64 = one_row(&r, "count")?.get(0)?;
    ensure!(
        n == 2,
        "{n} rows in {}, expected the 2 written",
        ctx.t(TABLE)
    );

    let missing = format!("cqlb_missing_{}", random_suffix());
    let r = ctx.connect(&ctx.config().keyspace(missing.clone())).await;
    let e = expect_err(
        r.map(|_| ()),
        &format!("connecting with Config::keyspace({missing}), which does not exist"),
    )?;
    ensure!(
        e.kind() == &MISSING_KEYSPACE,
        "a missing Config::keyspace: expected {MISSING_KEYSPACE:?} (what scylla and cpp \
         return), got {}",
        show(&e)
    );
    ensure!(
        e.to_string().contains(&missing),
        "a missing Config::keyspace: the message `{e}` does not name `{missing}`"
    );
    Ok(format!(
        "Config::keyspace({}): unqualified `{TABLE}` works (text + prepared, write + read; \
         Invalid without it); missing keyspace → {:?} naming it (scylla and cpp both return \
         Invalid; neither returns Config)",
        ctx.ks,
        e.kind()
    ))
}

/// C01.local_dc.
pub async fn c01_local_dc(ctx: &Ctx) -> CaseResult {
    let dc = ctx.target.datacenter()?.to_string();
    let t = ctx.t("c01dc");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, v text)"))
        .await?;
    let cfg: Config = ctx.config().local_dc(dc.clone());
    let c = ctx
        .connect(&cfg)
        .await
        .ctx(format!("connecting with Config::local_dc({dc})"))?;
    let run = async {
        let r = c
            .execute(q("SELECT data_center FROM system.local"), Values::Empty)
            .await
            .ctx("SELECT data_center")?;
        let seen: String = one_row(&r, "data_center")?.get(0)?;
        ensure!(
            seen == dc,
            "the node reports data center `{seen}`, the bed names `{dc}`"
        );
        c.execute(
            q(format!("INSERT INTO {t} (k, v) VALUES (?, ?)")),
            vals((1i32, "dc")),
        )
        .await
        .ctx("insert (text)")?;
        let p = c
            .prepare(&format!("SELECT v FROM {t} WHERE k = ?"))
            .await
            .ctx("prepare select")?;
        let r = c
            .execute(Query::from(&p), vals((1i32,)))
            .await
            .ctx("select (prepared)")?;
        let v: String = one_row(&r, "select")?.get(0)?;
        ensure!(v == "dc", "read back `{v}`, expected `dc`");
        Ok::<_, Failure>(())
    }
    .await;
    let _ = c.close().await;
    run?;
    Ok(format!(
        "Config::local_dc({dc}) connects; system.local reports {dc}; insert + prepared select run"
    ))
}
