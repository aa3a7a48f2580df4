//! Opening a libcassandra session from a [`Config`].
//!
//! libcassandra takes one port for all contact points, timeouts in whole milliseconds
//! (0 would mean "none", so they are rounded up and never 0), and reads its settings once
//! at connect. Besides what the config names, two settings are fixed so that what callers
//! see does not depend on libcassandra's defaults: the fall-through retry policy (no
//! silent retries, so errors such as `Unavailable` arrive as the server sent them) and
//! server-side write timestamps (a statement's own timestamp still wins).

use cqlbridge_driver_api::backend::{check_policies, connect_bound, millis};
use cqlbridge_driver_api::{Config, Error, ErrorKind, Result};

use crate::capabilities::capabilities;
use crate::errors::{from_failure, local};
use crate::ffi::{init_logging, sys::CassError, ClusterH, SessionH};
use crate::tls;

/// Hosts without ports, and the one port to use.
pub(crate) fn contact_points(config: &Config) -> Result<(Vec<String>, u16)> {
    let mut hosts = Vec::new();
    let mut port: Option<u16> = None;
    for entry in &config.contact_points {
        let entry = entry.trim();
        let (host, explicit) = split_host_port(entry)
            .ok_or_else(|| Error::config(format!("contact point `{entry}` has a bad port")))?;
        if let Some(p) = explicit {
            match port {
                Some(seen) if seen != p => {
                    return Err(Error::config(format!(
                        "contact points use ports {seen} and {p}: the C++ driver connects every \
                         host on one port"
                    )))
                }
                _ => port = Some(p),
            }
        }
        hosts.push(host.to_string());
    }
    Ok((hosts, port.unwrap_or(config.port)))
}

/// `host`, `host:port`, `[v6]:port`, `[v6]` or a bare IPv6 address.
fn split_host_port(entry: &str) -> Option<(&str, Option<u16>)> {
    if let Some(rest) = entry.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        return match after.strip_prefix(':') {
            Some(p) => Some((host, Some(p.parse().ok()?))),
            None if after.is_empty() => Some((host, None)),
            None => None,
        };
    }
    match entry.matches(':').count() {
        1 => {
            let (host, p) = entry.split_once(':')?;
            Some((host, Some(p.parse().ok()?)))
        }
        _ => Some((entry, None)),
    }
}

/// Load balancing from [`Config::load_balancing`] and [`Config::local_dc`]:
/// rack-aware with a rack, else DC-aware (the first contact point's data
/// center when none is named; libcassandra's own default, set explicitly
/// only when remote data centers are allowed), token-aware or not.
fn balance(c: &mut ClusterH, config: &Config) -> Result<(), CassError> {
    let lb = &config.load_balancing;
    match (&config.local_dc, &lb.local_rack) {
        (Some(dc), Some(rack)) => c.set_rack_aware(dc, rack)?,
        (Some(dc), None) => c.set_dc_aware(dc, lb.allow_remote_dcs)?,
        (None, _) if lb.allow_remote_dcs => c.set_dc_aware("", true)?,
        (None, _) => {}
    }
    c.set_token_aware(lb.token_aware);
    Ok(())
}

fn cluster(config: &Config) -> Result<ClusterH> {
    let (hosts, port) = contact_points(config)?;
    let mut c = ClusterH::new()
        .ok_or_else(|| Error::new(ErrorKind::Other, "libcassandra could not create a cluster"))?;
    let config_err = |what: &'static str| move |code| local(code, ErrorKind::Config, what);
    c.set_contact_points(&hosts.join(","))
        .map_err(config_err("the contact points were rejected"))?;
    c.set_port(port)
        .map_err(config_err("the port was rejected"))?;
    if let Some(creds) = &config.credentials {
        c.set_credentials(&creds.username, creds.password.expose());
    }
    if let Some(t) = &config.tls {
        c.set_ssl(&tls::build(t)?);
    }
    c.set_timeouts(
        millis(config.connect_timeout),
        millis(config.request_timeout),
    );
    balance(&mut c, config).map_err(config_err("the load-balancing settings were rejected"))?;
    if let Some(r) = &config.reconnect {
        c.set_exponential_reconnect(millis(r.base), millis(r.max))
            .map_err(config_err("the reconnection backoff was rejected"))?;
    }
    c.use_fallthrough_retry_policy();
    c.use_server_side_timestamps();
    Ok(c)
}

/// A connected session.
pub(crate) async fn open(config: &Config) -> Result<SessionH> {
    config.validate()?;
    check_policies(config, &capabilities())?;
    init_logging();
    let cluster = cluster(config)?;
    let session = SessionH::new()
        .ok_or_else(|| Error::new(ErrorKind::Other, "libcassandra could not create a session"))?;
    let future = session
        .connect(&cluster, config.keyspace.as_deref())
        .ok_or_else(|| Error::new(ErrorKind::Other, "libcassandra returned no connect future"))?;
    let bound = connect_bound(config);
    let done = tokio::time::timeout(bound, future.ready())
        .await
        .map_err(|_| {
            Error::new(
                ErrorKind::Connection,
                format!(
                    "no connection to {:?} within {bound:?}",
                    config.contact_points
                ),
            )
        })?;
    drop(cluster);
    // libcassandra reports the underlying cause's own code (SERVER_BAD_CREDENTIALS,
    // SSL_INVALID_PEER_CERT, ...), so the kind follows from the code alone.
    done.unit().map_err(|f| from_failure(f, None))?;
    Ok(session)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_points_share_one_port() {
        let c = Config::new(["10.0.0.1", "10.0.0.2:9142", "[::1]:9142", "::2"]);
        let (hosts, port) = contact_points(&c).unwrap();
        assert_eq!(hosts, ["10.0.0.1", "10.0.0.2", "::1", "::2"]);
        assert_eq!(port, 9142);
        let mixed = Config::new(["a:9042", "b:9142"]);
        assert_eq!(
            contact_points(&mixed).unwrap_err().kind(),
            &ErrorKind::Config
        );
        assert!(contact_points(&Config::new(["a:x"])).is_err());
        assert_eq!(contact_points(&Config::new(["h"]).port(7)).unwrap().1, 7);
    }
}
