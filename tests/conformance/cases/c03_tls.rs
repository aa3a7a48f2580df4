//! C03 tls: TLS with the test CA works; another CA fails with `Tls` or
//! `Connection` (never a silent plaintext fallback); the peer identity (IP
//! SAN 127.0.0.1) is verified; a client certificate is accepted where the
//! server requires one, and its absence (or one from another CA) is refused.

use std::net::{IpAddr, Ipv4Addr};

use cqlbridge::{Config, TlsConfig};

use super::prelude::*;
use crate::support::proxy::Proxy;

const VERSION: &str = "SELECT release_version FROM system.local";

/// Connects with `config` and reads the version; the error of the failing step.
async fn try_query(ctx: &Ctx, config: &Config) -> cqlbridge::Result<String> {
    let c = ctx.connect(config).await?;
    let r = c.execute(q(VERSION), Values::Empty).await;
    let _ = c.close().await;
    r?.first_row()
        .ok_or_else(|| Error::new(ErrorKind::Other, "no row"))?
        .get(0)
}

/// Fails unless `r` is an error of kind `Tls` or `Connection`.
fn refused(r: cqlbridge::Result<String>, what: &str) -> Step<String> {
    match r {
        Ok(v) => Err(fail(format!(
            "{what}: connected and read {v}, but it must be refused"
        ))),
        Err(e) if e.is_tls() || e.is_connection() => Ok(format!("{:?}", e.kind())),
        Err(e) => Err(fail(format!(
            "{what}: expected a Tls or Connection error, got {}",
            show(&e)
        ))),
    }
}

fn tls_base(ctx: &Ctx) -> Step<(Config, TlsConfig)> {
    let t = &ctx.target;
    ensure!(
        !t.tls_hosts.is_empty(),
        "CQLBRIDGE_TEST_TLS_HOSTS is not set (the test bed's TLS port)"
    );
    let tls = t.tls_config().map_err(fail)?;
    let mut c = ctx.config();
    c.contact_points = t.tls_hosts.clone();
    Ok((c, tls))
}

fn read_pem(p: &std::path::Path) -> Step<Vec<u8>> {
    std::fs::read(p).map_err(|e| fail(format!("reading {}: {e}", p.display())))
}

/// C03.
pub async fn c03(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::Tls).await?;
    ctx.require(Feature::MutualTls).await?; // the test bed's TLS port requires a client certificate
    let (base, tls) = tls_base(ctx)?;
    let t = &ctx.target;
    ensure!(
        t.client.is_some(),
        "CQLBRIDGE_TEST_CLIENT_CERT/_KEY are not set"
    );
    let other_ca = t
        .other_ca
        .clone()
        .ok_or_else(|| fail("CQLBRIDGE_TEST_OTHER_CA is not set"))?;

    let v = try_query(ctx, &base.clone().tls(tls.clone()))
        .await
        .ctx("TLS with the test CA and client certificate")?;

    let wrong_ca = tls.clone().ca_pem(read_pem(&other_ca)?);
    let k1 = refused(
        try_query(ctx, &base.clone().tls(wrong_ca)).await,
        "server cert checked against another CA",
    )?;

    let mut no_cert = tls.clone();
    no_cert.client_cert_pem = None;
    no_cert.client_key_pem = None;
    let k2 = refused(
        try_query(ctx, &base.clone().tls(no_cert)).await,
        "no client certificate",
    )?;

    let mut k3 = "not run (CQLBRIDGE_TEST_OTHER_CLIENT_CERT unset)".to_string();
    if let Some((oc, ok)) = &t.other_client {
        let other_cert = tls.clone().client_identity(read_pem(oc)?, read_pem(ok)?);
        k3 = refused(
            try_query(ctx, &base.clone().tls(other_cert)).await,
            "client certificate from another CA",
        )?;
    }

    // TLS asked for, plaintext server: must fail, not fall back to plaintext.
    let plain = ctx.config().tls(tls.clone());
    let k4 = refused(
        try_query(ctx, &plain).await,
        "TLS config against the plaintext port",
    )?;

    Ok(format!(
        "TLS+client cert → {v}; other CA → {k1}; no client cert → {k2}; other-CA client cert → {k3}; \
         TLS to the plain port → {k4}"
    ))
}

/// The address the identity check must reject: the test bed's server
/// certificate names 127.0.0.1–127.0.0.3 (one per possible node) and `localhost`.
const UNNAMED: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 99);

/// C03.identity: through a byte proxy on 127.0.0.99 the server's certificate
/// (IP SANs 127.0.0.1–3) does not name the address connected to.
pub async fn c03_identity(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::Tls).await?;
    ctx.require(Feature::MutualTls).await?;
    ctx.require(Feature::PeerIdentity).await?;
    let (base, tls) = tls_base(ctx)?;
    let direct = try_query(ctx, &base.clone().tls(tls.clone()))
        .await
        .ctx("TLS to 127.0.0.1 (matches the SAN)")?;

    let upstream = ctx.target.tls_hosts[0]
        .parse()
        .map_err(|e| fail(format!("TLS host: {e}")))?;
    // Contact point 127.0.0.99; the node then reports itself as 127.0.0.1 on
    // the same port, so the proxy answers there too. The first connection (the
    // one the identity check must reject) goes to 127.0.0.99.
    let ips = [IpAddr::V4(UNNAMED), IpAddr::V4(Ipv4Addr::LOCALHOST)];
    let proxy = Proxy::start_raw(&ips, upstream)
        .await
        .map_err(|e| fail(format!("byte proxy on {UNNAMED}: {e}")))?;
    let mut via = base.clone();
    via.contact_points = vec![proxy.addr().ip().to_string()];
    via.port = proxy.addr().port();

    let k = refused(
        try_query(ctx, &via.clone().tls(tls.clone())).await,
        "TLS to 127.0.0.99 with identity checks",
    )?;
    let off = try_query(ctx, &via.tls(tls.verify_peer_identity(false)))
        .await
        .ctx("the same connection with identity checks off")?;
    ensure!(proxy.connections() > 0, "the byte proxy saw no connection");
    Ok(format!("127.0.0.1 → {direct}; {UNNAMED} (not in the SANs) with checks → {k}; with checks off → {off}"))
}
