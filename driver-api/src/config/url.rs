//! `cql://` URLs.
//!
//! `cql://[user[:password]@]host[:port][,host[:port]…][/keyspace][?option=value&…]`;
//! `cqls://` turns TLS on. Options: `backend`, `consistency`,
//! `serial_consistency`, `local_dc`, `page_size`, `timeout_ms`,
//! `connect_timeout_ms`, `retry` (`default`/`never`), `speculative_delay_ms`
//! and `speculative_max` (speculative execution, off unless a delay is
//! given; one extra attempt unless a maximum is), `token_aware`,
//! `remote_dcs` (`true`/`false`), `local_rack`, `reconnect_base_ms`,
//! `reconnect_max_ms`, `tls`
//! (`true`/`false`), `ca`, `cert`, `key` (PEM file paths), `verify_peer` (`true`/`false`) and `profile.NAME.OPTION`
//! (an execution profile's `consistency`, `serial_consistency`,
//! `timeout_ms`, `page_size` or `idempotent`). User and password may be
//! percent-encoded.

use std::time::Duration;

use super::{reconnect, Config, ReconnectPolicy, SpeculativePolicy, TlsConfig};
use crate::error::{Error, Result};
use crate::paging::PageSize;

/// `host` with `port` appended unless it already has one.
pub(super) fn with_port(host: &str, port: u16) -> String {
    let host = host.trim();
    if host.starts_with('[') {
        if host.contains("]:") {
            host.to_string()
        } else {
            format!("{host}:{port}")
        }
    } else if host.matches(':').count() > 1 {
        format!("[{host}]:{port}")
    } else if host.contains(':') {
        host.to_string()
    } else {
        format!("{host}:{port}")
    }
}

fn percent_decode(s: &str) -> Result<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| Error::config("bad percent-escape in URL"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| Error::config("URL credentials are not UTF-8"))
}

pub(super) fn flag(name: &str, v: &str) -> Result<bool> {
    match v {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err(Error::config(format!(
            "option `{name}` must be true or false, not `{v}`"
        ))),
    }
}

pub(super) fn number<T: std::str::FromStr>(name: &str, v: &str) -> Result<T> {
    v.parse()
        .map_err(|_| Error::config(format!("option `{name}` must be a number, not `{v}`")))
}

/// Parses a `cql://` or `cqls://` URL into a validated [`Config`].
pub(super) fn parse(url: &str) -> Result<Config> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| Error::config("a CQL URL starts with cql:// or cqls://"))?;
    let mut tls_on = match scheme {
        "cql" => false,
        "cqls" => true,
        other => return Err(Error::config(format!("unknown URL scheme `{other}`"))),
    };
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let (userinfo, hosts) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let mut c = Config::new(
        hosts
            .split(',')
            .filter(|h| !h.is_empty())
            .map(str::to_string),
    );
    if let Some(u) = userinfo {
        let (user, pass) = u.split_once(':').unwrap_or((u, ""));
        c = c.credentials(percent_decode(user)?, percent_decode(pass)?);
    }
    if !path.is_empty() {
        c.keyspace = Some(path.to_string());
    }
    let (mut ca, mut cert, mut key, mut verify) = (None, None, None, true);
    let (mut spec_delay, mut spec_max) = (None, None);
    let (mut rc_base, mut rc_max) = (None, None);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair
            .split_once('=')
            .ok_or_else(|| Error::config(format!("URL option `{pair}` has no value")))?;
        let v = percent_decode(v)?;
        match k {
            "backend" => c.backend = v.parse()?,
            "consistency" => c.consistency = v.parse()?,
            "serial_consistency" => c.serial_consistency = v.parse()?,
            "local_dc" => c.local_dc = Some(v),
            "retry" => c.retry = v.parse()?,
            "speculative_delay_ms" => spec_delay = Some(Duration::from_millis(number(k, &v)?)),
            "speculative_max" => spec_max = Some(number(k, &v)?),
            "token_aware" => c.load_balancing.token_aware = flag(k, &v)?,
            "remote_dcs" => c.load_balancing.allow_remote_dcs = flag(k, &v)?,
            "local_rack" => c.load_balancing.local_rack = Some(v),
            "reconnect_base_ms" => rc_base = Some(Duration::from_millis(number(k, &v)?)),
            "reconnect_max_ms" => rc_max = Some(Duration::from_millis(number(k, &v)?)),
            "page_size" => c.page_size = PageSize::rows(number(k, &v)?)?,
            "timeout_ms" => c.request_timeout = Duration::from_millis(number(k, &v)?),
            "connect_timeout_ms" => c.connect_timeout = Duration::from_millis(number(k, &v)?),
            "tls" => tls_on = flag(k, &v)?,
            "ca" => ca = Some(v),
            "cert" => cert = Some(v),
            "key" => key = Some(v),
            "verify_peer" => verify = flag(k, &v)?,
            other => match other.strip_prefix("profile.") {
                Some(key) => c.set_profile_option(key, &v)?,
                None => return Err(Error::config(format!("unknown URL option `{other}`"))),
            },
        }
    }
    match (spec_delay, spec_max) {
        (Some(delay), max) => {
            c.speculative = Some(SpeculativePolicy::constant(delay, max.unwrap_or(1)));
        }
        (None, Some(_)) => return Err(Error::config("speculative_max needs speculative_delay_ms")),
        (None, None) => {}
    }
    match (rc_base, rc_max) {
        (Some(base), max) => {
            let max = max.unwrap_or(reconnect::DEFAULT_MAX.max(base));
            c.reconnect = Some(ReconnectPolicy::exponential(base, max));
        }
        (None, Some(_)) => return Err(Error::config("reconnect_max_ms needs reconnect_base_ms")),
        (None, None) => {}
    }
    if tls_on || ca.is_some() || cert.is_some() || key.is_some() {
        c.tls = Some(TlsConfig::from_files(ca, cert, key)?.verify_peer_identity(verify));
    }
    c.validate()?;
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::BackendKind;
    use crate::consistency::Consistency;

    #[test]
    fn full_url_parses() {
        let c = parse("cql://app:p%40ss@10.0.0.1,10.0.0.2:9043/shop?backend=cpp&consistency=quorum&page_size=100&timeout_ms=250&local_dc=dc1").unwrap();
        assert_eq!(
            c.contact_addresses(),
            vec!["10.0.0.1:9042", "10.0.0.2:9043"]
        );
        let cred = c.credentials.as_ref().unwrap();
        assert_eq!(
            (cred.username.as_str(), cred.password.expose()),
            ("app", "p@ss")
        );
        assert_eq!(c.keyspace.as_deref(), Some("shop"));
        assert_eq!(c.backend, BackendKind::Cpp);
        assert_eq!(c.consistency, Consistency::Quorum);
        assert_eq!(c.page_size, PageSize::Rows(100));
        assert_eq!(c.request_timeout, Duration::from_millis(250));
        assert_eq!(c.local_dc.as_deref(), Some("dc1"));
        assert!(c.tls.is_none());
    }

    #[test]
    fn cqls_turns_tls_on_and_ipv6_is_bracketed() {
        let c = parse("cqls://[::1]:9142").unwrap();
        assert!(c.tls.as_ref().unwrap().verify_peer_identity);
        assert_eq!(c.contact_addresses(), vec!["[::1]:9142"]);
        assert_eq!(with_port("::1", 9042), "[::1]:9042");
    }

    #[test]
    fn bad_urls_are_config_errors() {
        for bad in [
            "http://x",
            "cql://",
            "cql://h?page_size=0",
            "cql://h?page_size=x",
            "cql://h?nope=1",
            "cql://h?tls=maybe",
            "cql://h?cert=/a",
            "cql://h?consistency=most",
            "cql://h?ca=/no/such/file.pem",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(
                matches!(
                    e.kind(),
                    crate::ErrorKind::Config | crate::ErrorKind::Invalid
                ),
                "{bad}: {e}"
            );
        }
    }
}
