//! [`RetryPolicy`]: what a backend does on its own when the server answers
//! an error or a connection breaks, chosen in [`Config`] (code, the URL's
//! `retry=` option, or `CQLBRIDGE_URL`) and honoured alike by every
//! backend, so the same code behaves the same on each.

use std::fmt;
use std::str::FromStr;

use super::Config;
use crate::error::{Error, Result};

/// Whether a backend retries a failed request before the caller sees it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryPolicy {
    /// The drivers' shared default: a read timeout is retried once on the
    /// same node when enough replicas answered but the data did not come;
    /// an unavailable is tried once on the next node; a write timeout is
    /// retried only for a batch-log write; a statement not marked
    /// idempotent is never sent twice after its connection broke. At most
    /// one retry; after it the caller gets the server's error, typed.
    #[default]
    Default,
    /// No retry: every error reaches the caller as the server sent it.
    Never,
}

impl RetryPolicy {
    /// The name used in URLs: `default` or `never`.
    pub fn as_str(self) -> &'static str {
        match self {
            RetryPolicy::Default => "default",
            RetryPolicy::Never => "never",
        }
    }
}

impl fmt::Display for RetryPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RetryPolicy {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "default" => Ok(RetryPolicy::Default),
            "never" | "none" | "fallthrough" => Ok(RetryPolicy::Never),
            other => Err(Error::config(format!(
                "unknown retry policy `{other}` (expected `default` or `never`)"
            ))),
        }
    }
}

impl Config {
    /// Sets the retry policy (default: [`RetryPolicy::Default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_parse_by_name_in_any_case_and_print_back() {
        for p in [RetryPolicy::Default, RetryPolicy::Never] {
            assert_eq!(p.as_str().to_uppercase().parse::<RetryPolicy>().unwrap(), p);
        }
        assert_eq!(
            "fallthrough".parse::<RetryPolicy>().unwrap(),
            RetryPolicy::Never
        );
        let e = "sometimes".parse::<RetryPolicy>().unwrap_err();
        assert!(e.message().contains("sometimes"), "{e}");
    }

    #[test]
    fn the_url_sets_the_policy_and_it_defaults_to_default() {
        assert_eq!(Config::default().retry, RetryPolicy::Default);
        let c = Config::from_url("cql://h/ks?retry=never").unwrap();
        assert_eq!(c.retry, RetryPolicy::Never);
        assert!(Config::from_url("cql://h/ks?retry=maybe").is_err());
    }
}
