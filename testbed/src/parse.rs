//! The parsing under [`TestBed::from_vars`](crate::TestBed::from_vars): one
//! lookup, and typed reads of a value, a list, a pair, a flag and a count.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use crate::error::TestBedError;

/// A variable lookup where an empty or all-blank value counts as unset.
pub(crate) struct Lookup<F>(pub(crate) F);

impl<F: Fn(&str) -> Option<String>> Lookup<F> {
    /// The trimmed value of `var`, or `None` when it is unset or blank.
    pub(crate) fn get(&self, var: &str) -> Option<String> {
        (self.0)(var)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    /// `var`'s value; an error naming `needed_by` when it is unset.
    pub(crate) fn require(
        &self,
        var: &'static str,
        needed_by: &'static str,
    ) -> Result<String, TestBedError> {
        self.get(var)
            .ok_or(TestBedError::Missing { var, needed_by })
    }

    /// A comma list of `host[:port]` contact points, or `None` when unset.
    pub(crate) fn hosts(&self, var: &'static str) -> Result<Option<Vec<String>>, TestBedError> {
        let Some(value) = self.get(var) else {
            return Ok(None);
        };
        let hosts: Vec<String> = value
            .split(',')
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(String::from)
            .collect();
        if hosts.is_empty() {
            return Err(TestBedError::malformed(
                var,
                &value,
                "names no contact point",
            ));
        }
        for h in &hosts {
            check_host(h).map_err(|why| {
                TestBedError::malformed(var, &value, format!("`{h}` is not host[:port]: {why}"))
            })?;
        }
        Ok(Some(hosts))
    }

    /// A path, or `None` when unset.
    pub(crate) fn path(&self, var: &str) -> Option<PathBuf> {
        self.get(var).map(PathBuf::from)
    }

    /// Two variables that come together (a user and its password, a
    /// certificate and its key): both values, or `None` when neither is set.
    pub(crate) fn pair(
        &self,
        a: &'static str,
        b: &'static str,
    ) -> Result<Option<(String, String)>, TestBedError> {
        match (self.get(a), self.get(b)) {
            (Some(x), Some(y)) => Ok(Some((x, y))),
            (None, None) => Ok(None),
            (Some(_), None) => Err(TestBedError::Missing {
                var: b,
                needed_by: a,
            }),
            (None, Some(_)) => Err(TestBedError::Missing {
                var: a,
                needed_by: b,
            }),
        }
    }

    /// `1`/`true`/`yes` or `0`/`false`/`no`; `default` when unset.
    pub(crate) fn flag(&self, var: &'static str, default: bool) -> Result<bool, TestBedError> {
        match self.get(var) {
            None => Ok(default),
            Some(v) => match v.to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" => Ok(true),
                "0" | "false" | "no" => Ok(false),
                _ => Err(TestBedError::malformed(var, &v, "expected 1 or 0")),
            },
        }
    }

    /// A whole number of at least 1; `default` when unset.
    pub(crate) fn count(&self, var: &'static str, default: u32) -> Result<u32, TestBedError> {
        match self.get(var) {
            None => Ok(default),
            Some(v) => match v.parse::<u32>() {
                Ok(n) if n >= 1 => Ok(n),
                _ => Err(TestBedError::malformed(
                    var,
                    &v,
                    "expected a whole number of at least 1",
                )),
            },
        }
    }
}

/// Checks one contact point: an IP address, `ip:port`, `[v6]:port`, a host
/// name, or `name:port`, with a port from 1 to 65535.
fn check_host(h: &str) -> Result<(), String> {
    if h.parse::<IpAddr>().is_ok() {
        return Ok(());
    }
    if let Ok(a) = h.parse::<SocketAddr>() {
        return match a.port() {
            0 => Err("port 0".into()),
            _ => Ok(()),
        };
    }
    let (name, port) = match h.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (h, None),
    };
    if let Some(port) = port {
        match port.parse::<u16>() {
            Ok(p) if p > 0 => {}
            _ => return Err(format!("bad port `{port}`")),
        }
    }
    let name_ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_');
    if name_ok {
        Ok(())
    } else {
        Err(format!("bad host `{name}`"))
    }
}
