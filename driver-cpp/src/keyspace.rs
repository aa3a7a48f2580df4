//! The session's keyspace: quoting a name for `USE`, and [`Current`], the keyspace the
//! session is in, which libcassandra keeps to itself. It resolves unqualified names when
//! a schema change is inferred from the statement text (see `crate::results`).

use std::sync::RwLock;

use cqlbridge_driver_api::backend::schema_inference::classify;
use cqlbridge_driver_api::{Error, QueryResult, Result};

/// `keyspace` as a CQL identifier: as is when it is a plain (case-insensitive) name or
/// already `"quoted"`, double-quoted otherwise.
pub(crate) fn identifier(keyspace: &str) -> Result<String> {
    let inner = keyspace
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .filter(|k| !k.contains('"'));
    let bare = inner.unwrap_or(keyspace);
    if bare.is_empty() || bare.len() > 48 {
        return Err(Error::invalid(format!(
            "`{keyspace}` is not a keyspace name"
        )));
    }
    if inner.is_some() {
        return Ok(keyspace.to_string());
    }
    let plain = keyspace
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && keyspace
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    Ok(if plain {
        keyspace.to_string()
    } else {
        format!("\"{}\"", keyspace.replace('"', "\"\""))
    })
}

/// The keyspace the server switches to on `USE <identifier>`: lower-cased unless quoted.
pub(crate) fn switched_to(identifier: &str) -> Option<String> {
    match classify(&format!("USE {identifier}"), None)?.result {
        QueryResult::SetKeyspace(ks) => Some(ks),
        _ => None,
    }
}

/// The session's current keyspace, as the server names it.
#[derive(Debug, Default)]
pub(crate) struct Current(RwLock<Option<String>>);

impl Current {
    /// Starts in the keyspace the config names (libcassandra sends it unquoted).
    pub(crate) fn new(configured: Option<&str>) -> Self {
        Current(RwLock::new(configured.and_then(switched_to)))
    }

    /// The keyspace now, if any.
    pub(crate) fn get(&self) -> Option<String> {
        self.0.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Records a switch to `keyspace` (already as the server names it).
    pub(crate) fn set(&self, keyspace: String) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = Some(keyspace);
    }
}

#[cfg(test)]
mod tests {
    use super::{identifier, switched_to, Current};

    #[test]
    fn keyspace_names_are_quoted_only_when_needed() {
        assert_eq!(identifier("ks_1").unwrap(), "ks_1");
        assert_eq!(identifier("My\"Ks").unwrap(), "\"My\"\"Ks\"");
        assert_eq!(identifier("\"MyKs\"").unwrap(), "\"MyKs\"");
        assert_eq!(identifier("1ks").unwrap(), "\"1ks\"");
        assert!(identifier("").unwrap_err().is_invalid());
        assert!(identifier("\"\"").unwrap_err().is_invalid());
        assert!(identifier(&"k".repeat(49)).unwrap_err().is_invalid());
    }

    #[test]
    fn the_current_keyspace_is_named_as_the_server_names_it() {
        assert_eq!(switched_to("Shop").as_deref(), Some("shop"));
        assert_eq!(switched_to("\"Shop\"").as_deref(), Some("Shop"));
        assert_eq!(
            Current::new(Some("Shop_1")).get().as_deref(),
            Some("shop_1")
        );
        let c = Current::new(None);
        assert_eq!(c.get(), None);
        c.set("Other".into());
        assert_eq!(c.get().as_deref(), Some("Other"));
    }
}
