//! Execution profiles: named sets of [`ExecOptions`] in a [`Config`], set
//! in code ([`Config::profile`]), in a URL (`profile.NAME.OPTION=VALUE`) or
//! in the environment (`CQLBRIDGE_PROFILES`, the same `NAME.OPTION=VALUE`
//! pairs joined by `&`).
//!
//! A statement names one with `with_profile("analytics")`; its own options
//! win over the profile's, and the profile's over the session defaults.
//!
//! The options a profile may set, by their URL names: `consistency`,
//! `serial_consistency`, `timeout_ms`, `page_size` and `idempotent`.

use std::time::Duration;

use super::Config;
use crate::error::{Error, Result};
use crate::options::ExecOptions;
use crate::paging::PageSize;

impl Config {
    /// Adds (or replaces) the execution profile `name`: the options a
    /// statement run `with_profile(name)` takes for the fields it leaves
    /// unset. Checked by [`Config::validate`] (a name of letters, digits,
    /// `_` and `-`; no paging state, no profile of its own; a timeout
    /// longer than zero).
    ///
    /// ```
    /// use std::time::Duration;
    /// use cqlbridge_driver_api::{Config, Consistency, ExecOptions};
    ///
    /// let config = Config::default().profile(
    ///     "analytics",
    ///     ExecOptions::new()
    ///         .consistency(Consistency::One)
    ///         .timeout(Duration::from_secs(60)),
    /// );
    /// assert!(config.validate().is_ok());
    /// ```
    pub fn profile(mut self, name: impl Into<String>, options: ExecOptions) -> Self {
        self.profiles.insert(name.into(), options);
        self
    }

    /// Sets option `key` (`NAME.OPTION`) of a profile to `value`, as a URL's
    /// `profile.NAME.OPTION=VALUE` or `CQLBRIDGE_PROFILES` says.
    pub(super) fn set_profile_option(&mut self, key: &str, value: &str) -> Result<()> {
        let Some((name, option)) = key.rsplit_once('.') else {
            return Err(Error::config(format!(
                "profile option `{key}` must be NAME.OPTION (e.g. analytics.consistency)"
            )));
        };
        let entry = self.profiles.entry(name.to_string()).or_default();
        let millis = |v: &str| super::url::number::<u64>(key, v).map(Duration::from_millis);
        let rows = |v: &str| super::url::number::<u32>(key, v).and_then(PageSize::rows);
        match option {
            "consistency" => entry.consistency = Some(value.parse()?),
            "serial_consistency" => entry.serial_consistency = Some(value.parse()?),
            "timeout_ms" => entry.timeout = Some(millis(value)?),
            "page_size" => entry.page_size = Some(rows(value)?),
            "idempotent" => entry.idempotent = Some(super::url::flag(key, value)?),
            other => {
                return Err(Error::config(format!(
                    "unknown profile option `{other}` in `{key}` (expected consistency, \
                     serial_consistency, timeout_ms, page_size or idempotent)"
                )))
            }
        }
        Ok(())
    }

    /// Reads `CQLBRIDGE_PROFILES`: `NAME.OPTION=VALUE` pairs joined by `&`.
    pub(super) fn set_profiles_from(&mut self, spec: &str) -> Result<()> {
        for pair in spec.split('&').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((key, value)) = pair.split_once('=') else {
                return Err(Error::config(format!(
                    "CQLBRIDGE_PROFILES: `{pair}` is not NAME.OPTION=VALUE"
                )));
            };
            self.set_profile_option(key.trim(), value.trim())?;
        }
        Ok(())
    }

    /// Checks every profile: its name, and options a profile can hold.
    pub(super) fn validate_profiles(&self) -> Result<()> {
        for (name, options) in &self.profiles {
            let good_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
            if name.is_empty() || !name.chars().all(good_char) {
                return Err(Error::config(format!(
                    "profile name `{name}` must be letters, digits, `_` and `-`"
                )));
            }
            if options.profile.is_some() || options.paging_state.is_some() {
                return Err(Error::config(format!(
                    "profile `{name}` may not name a profile or hold a paging state"
                )));
            }
            options
                .validate()
                .map_err(|e| Error::config(format!("profile `{name}`: {}", e.message())))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consistency::Consistency;
    use crate::error::ErrorKind;

    #[test]
    fn url_profiles_set_each_option() {
        let c = Config::from_url(
            "cql://h/?profile.analytics.consistency=ONE&profile.analytics.timeout_ms=60000\
             &profile.analytics.page_size=100&profile.fast-path.idempotent=true",
        )
        .unwrap();
        let a = &c.profiles["analytics"];
        assert_eq!(a.consistency, Some(Consistency::One));
        assert_eq!(a.timeout, Some(Duration::from_secs(60)));
        assert_eq!(a.page_size, Some(PageSize::Rows(100)));
        assert_eq!(c.profiles["fast-path"].idempotent, Some(true));
        assert_eq!(c.profiles.len(), 2);
    }

    #[test]
    fn env_profiles_use_the_same_pairs() {
        let env = |k: &str| match k {
            "CQLBRIDGE_HOSTS" => Some("h".to_string()),
            "CQLBRIDGE_PROFILES" => {
                Some("batch.consistency=QUORUM & batch.serial_consistency=LOCAL_SERIAL".into())
            }
            _ => None,
        };
        let c = Config::from_env_with(env).unwrap();
        assert_eq!(c.profiles["batch"].consistency, Some(Consistency::Quorum));
        assert!(c.profiles["batch"].serial_consistency.is_some());
    }

    #[test]
    fn bad_profiles_are_config_errors() {
        let bad_urls = [
            "cql://h/?profile.x.colour=red",
            "cql://h/?profile.consistency=ONE",
            "cql://h/?profile.x.timeout_ms=0",
            "cql://h/?profile.x.timeout_ms=soon",
            "cql://h/?profile.x.consistency=MOST",
            "cql://h/?profile.b%20d.consistency=ONE",
        ];
        for url in bad_urls {
            let e = Config::from_url(url).unwrap_err();
            assert!(matches!(e.kind(), ErrorKind::Config), "{url}: {e}");
        }
        let nested = Config::default().profile("a", ExecOptions::new().profile("b"));
        assert!(matches!(
            nested.validate().unwrap_err().kind(),
            ErrorKind::Config
        ));
        let env = |k: &str| (k == "CQLBRIDGE_PROFILES").then(|| "a.consistency".to_string());
        assert!(Config::from_env_with(env).is_err());
    }
}
