//! [`LoadBalancing`]: which nodes a backend sends requests to, set in
//! [`Config`] (code, or the URL's `local_dc`, `local_rack`, `remote_dcs` and
//! `token_aware` options) and mapped onto each backend's own policy.

use super::Config;
use crate::error::{Error, Result};

/// How requests are spread over the cluster's nodes. The local data
/// center itself is [`Config::local_dc`]; without one, every node counts
/// as local.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoadBalancing {
    /// Send a statement with a known partition key to one of its replicas
    /// first (default: on).
    pub token_aware: bool,
    /// Use nodes of other data centers when no local node can take a
    /// request, whatever its consistency (a remote coordinator counts its
    /// own data center as local for `LOCAL_*` levels). Default: off.
    pub allow_remote_dcs: bool,
    /// Prefer the nodes of this rack within the local data center, where
    /// the backend can (see [`Feature::RackAwareBalancing`](crate::Feature::RackAwareBalancing)).
    pub local_rack: Option<String>,
}

impl Default for LoadBalancing {
    fn default() -> Self {
        LoadBalancing {
            token_aware: true,
            allow_remote_dcs: false,
            local_rack: None,
        }
    }
}

impl LoadBalancing {
    /// Checks the settings fit together.
    pub(super) fn validate(&self, local_dc: Option<&str>) -> Result<()> {
        match (&self.local_rack, local_dc) {
            (Some(rack), _) if rack.trim().is_empty() => {
                Err(Error::config("the local rack is empty"))
            }
            (Some(_), None) => Err(Error::config(
                "a local rack needs a local data center (local_dc)",
            )),
            _ => Ok(()),
        }
    }
}

impl Config {
    /// Turns token-aware routing on or off (default: on).
    pub fn token_aware(mut self, on: bool) -> Self {
        self.load_balancing.token_aware = on;
        self
    }

    /// Lets requests go to other data centers when no local node can take
    /// them (default: not allowed).
    pub fn allow_remote_dcs(mut self, allow: bool) -> Self {
        self.load_balancing.allow_remote_dcs = allow;
        self
    }

    /// Prefers the nodes of `rack` in the local data center (needs
    /// [`Config::local_dc`]).
    pub fn local_rack(mut self, rack: impl Into<String>) -> Self {
        self.load_balancing.local_rack = Some(rack.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_token_aware_and_local_only() {
        let c = Config::default();
        assert!(c.load_balancing.token_aware);
        assert!(!c.load_balancing.allow_remote_dcs);
        assert_eq!(c.load_balancing.local_rack, None);
    }

    #[test]
    fn a_rack_needs_a_data_center() {
        let e = Config::default().local_rack("r1").validate().unwrap_err();
        assert!(e.message().contains("local_dc"), "{e}");
        let ok = Config::default().local_dc("dc1").local_rack("r1");
        assert!(ok.validate().is_ok());
        assert!(Config::default()
            .local_dc("dc1")
            .local_rack(" ")
            .validate()
            .is_err());
    }

    #[test]
    fn the_url_sets_every_option() {
        let c = Config::from_url(
            "cql://h?local_dc=dc1&local_rack=r2&remote_dcs=true&token_aware=false",
        )
        .unwrap();
        assert_eq!(c.local_dc.as_deref(), Some("dc1"));
        let lb = &c.load_balancing;
        assert_eq!(lb.local_rack.as_deref(), Some("r2"));
        assert!(lb.allow_remote_dcs && !lb.token_aware);
        assert!(Config::from_url("cql://h?token_aware=perhaps").is_err());
    }
}
