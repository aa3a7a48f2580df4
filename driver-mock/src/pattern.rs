//! [`CqlPattern`]: which CQL text a rule of the [`FakeDriver`](crate::FakeDriver) answers.

use std::fmt;

use cqlbridge_driver_api::{Error, Result};

/// Which CQL text a rule matches. Matching is case-sensitive and done on the
/// text exactly as the statement carries it (no whitespace normalisation).
///
/// # Examples
///
/// ```
/// use cqlbridge_driver_mock::CqlPattern;
///
/// let p = CqlPattern::regex(r"^SELECT .* FROM ks\.users")?;
/// assert!(p.matches("SELECT name FROM ks.users WHERE id = ?"));
/// assert!(!p.matches("select name from ks.users"));
/// assert!(CqlPattern::regex("(unclosed").unwrap_err().kind()
///     == &cqlbridge_driver_api::ErrorKind::Config);
/// # Ok::<(), cqlbridge_driver_api::Error>(())
/// ```
#[derive(Clone)]
pub enum CqlPattern {
    /// Every statement.
    Any,
    /// The CQL text equals this string.
    Exact(String),
    /// The CQL text starts with this string.
    Prefix(String),
    /// The regex matches somewhere in the CQL text (anchor it with `^…$`
    /// for a whole-text match).
    Regex(regex::Regex),
}

impl CqlPattern {
    /// Matches the CQL text `cql` exactly. An empty string is a `Config`
    /// error (no statement is empty; use [`CqlPattern::Any`] to match all).
    pub fn exact(cql: &str) -> Result<Self> {
        non_empty(cql, "an exact")?;
        Ok(CqlPattern::Exact(cql.to_string()))
    }

    /// Matches CQL text starting with `prefix`. An empty prefix is a
    /// `Config` error (it would match everything; use [`CqlPattern::Any`]).
    pub fn prefix(prefix: &str) -> Result<Self> {
        non_empty(prefix, "a prefix")?;
        Ok(CqlPattern::Prefix(prefix.to_string()))
    }

    /// Matches CQL text in which the regular expression `re` finds a match.
    /// A regex that does not compile is a `Config` error.
    pub fn regex(re: &str) -> Result<Self> {
        regex::Regex::new(re)
            .map(CqlPattern::Regex)
            .map_err(|e| Error::config(format!("invalid CQL pattern regex `{re}`: {e}")))
    }

    /// True when `cql` matches this pattern.
    pub fn matches(&self, cql: &str) -> bool {
        match self {
            CqlPattern::Any => true,
            CqlPattern::Exact(s) => cql == s,
            CqlPattern::Prefix(p) => cql.starts_with(p.as_str()),
            CqlPattern::Regex(r) => r.is_match(cql),
        }
    }
}

fn non_empty(s: &str, what: &str) -> Result<()> {
    if s.is_empty() {
        Err(Error::config(format!(
            "{what} CQL pattern cannot be empty (use CqlPattern::Any to match every statement)"
        )))
    } else {
        Ok(())
    }
}

impl fmt::Debug for CqlPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CqlPattern::Any => write!(f, "Any"),
            CqlPattern::Exact(s) => write!(f, "Exact({s:?})"),
            CqlPattern::Prefix(s) => write!(f, "Prefix({s:?})"),
            CqlPattern::Regex(r) => write!(f, "Regex({:?})", r.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqlbridge_driver_api::ErrorKind;

    #[test]
    fn each_kind_matches_what_it_says() {
        let exact = CqlPattern::exact("SELECT 1").unwrap();
        assert!(exact.matches("SELECT 1"));
        assert!(!exact.matches("SELECT 1 "));
        assert!(!exact.matches("select 1"));

        let prefix = CqlPattern::prefix("INSERT INTO ks.t").unwrap();
        assert!(prefix.matches("INSERT INTO ks.t (k) VALUES (?)"));
        assert!(!prefix.matches(" INSERT INTO ks.t"));

        let re = CqlPattern::regex(r"FROM\s+ks\.(users|accounts)\b").unwrap();
        assert!(re.matches("SELECT * FROM  ks.accounts WHERE id = 1"));
        assert!(!re.matches("SELECT * FROM ks.usersx"));

        assert!(CqlPattern::Any.matches(""));
    }

    #[test]
    fn bad_patterns_are_config_errors() {
        for err in [
            CqlPattern::regex("a(").unwrap_err(),
            CqlPattern::exact("").unwrap_err(),
            CqlPattern::prefix("").unwrap_err(),
        ] {
            assert_eq!(err.kind(), &ErrorKind::Config, "{err}");
        }
        assert!(CqlPattern::regex("a(")
            .unwrap_err()
            .message()
            .contains("a("));
    }

    #[test]
    fn debug_shows_the_pattern() {
        let re = CqlPattern::regex("^SELECT").unwrap();
        assert_eq!(format!("{re:?}"), "Regex(\"^SELECT\")");
    }
}
