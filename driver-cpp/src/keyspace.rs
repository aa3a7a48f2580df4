//! Keyspace names: quoting for `USE`, and spotting a `USE` statement so that statements
//! prepared under the hood (which resolved unqualified tables in the old keyspace) are
//! forgotten.

use cqlbridge_driver_api::{Error, Result};

/// Whether `cql` is a `USE` statement (used only to invalidate the auto-prepare cache).
pub(crate) fn switches_keyspace(cql: &str) -> bool {
    let bytes = cql.trim_start().as_bytes();
    bytes.len() > 3
        && bytes[..3].eq_ignore_ascii_case(b"use")
        && (bytes[3].is_ascii_whitespace() || bytes[3] == b'"')
}

/// `keyspace` as a CQL identifier: as is when it is a plain (case-insensitive) name,
/// double-quoted otherwise.
pub(crate) fn identifier(keyspace: &str) -> Result<String> {
    if keyspace.is_empty() || keyspace.len() > 48 {
        return Err(Error::invalid(format!(
            "`{keyspace}` is not a keyspace name"
        )));
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

#[cfg(test)]
mod tests {
    use super::{identifier, switches_keyspace};

    #[test]
    fn keyspace_names_are_quoted_only_when_needed() {
        assert_eq!(identifier("ks_1").unwrap(), "ks_1");
        assert_eq!(identifier("My\"Ks").unwrap(), "\"My\"\"Ks\"");
        assert!(identifier("").unwrap_err().is_invalid());
        assert!(switches_keyspace("  use ks") && switches_keyspace("USE \"Ks\""));
        assert!(!switches_keyspace("SELECT use FROM t") && !switches_keyspace("US"));
    }
}
