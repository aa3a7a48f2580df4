//! What a span and an observer say about a statement, read from its CQL
//! text without a parser: the first keyword (`db.operation`) and the
//! keyspace a qualified table name names (`db.namespace`).

/// The keywords reported as themselves; any other first word is `OTHER`.
const KEYWORDS: [&str; 14] = [
    "SELECT", "INSERT", "UPDATE", "DELETE", "BATCH", "CREATE", "ALTER", "DROP", "TRUNCATE", "USE",
    "GRANT", "REVOKE", "LIST", "DESCRIBE",
];

/// `cql` after leading whitespace and `--`, `//` and `/* */` comments.
fn skip_lead(mut cql: &str) -> &str {
    loop {
        cql = cql.trim_start();
        if cql.starts_with("--") || cql.starts_with("//") {
            cql = cql.find('\n').map_or("", |i| &cql[i + 1..]);
        } else if let Some(rest) = cql.strip_prefix("/*") {
            cql = rest.find("*/").map_or("", |i| &rest[i + 2..]);
        } else {
            return cql;
        }
    }
}

/// The statement's first keyword in capitals (`BEGIN BATCH` is `BATCH`),
/// `OTHER` when it is not one of the known ones.
pub(super) fn operation(cql: &str) -> &'static str {
    let rest = skip_lead(cql);
    let word = rest
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    if word.eq_ignore_ascii_case("begin") {
        return "BATCH";
    }
    KEYWORDS
        .iter()
        .find(|k| k.eq_ignore_ascii_case(word))
        .copied()
        .unwrap_or("OTHER")
}

/// The keyspace `cql` names: of `USE ks`, or of the first `ks.table` after
/// `FROM`, `INTO`, `UPDATE`, `TABLE`, `ON` or `KEYSPACE` (without quotes);
/// `None` when the names are unqualified.
pub(super) fn keyspace(cql: &str) -> Option<&str> {
    let mut words = skip_lead(cql)
        .split(|c: char| c.is_whitespace() || c == '(' || c == ';')
        .filter(|w| !w.is_empty());
    let first = words.next()?;
    if first.eq_ignore_ascii_case("use") {
        return words.next().map(unquote);
    }
    let mut after_keyword = first.eq_ignore_ascii_case("update");
    for w in words {
        if after_keyword {
            if let Some((ks, _)) = w.split_once('.') {
                return Some(unquote(ks)).filter(|k| !k.is_empty());
            }
        }
        after_keyword = ["from", "into", "update", "table", "on", "keyspace"]
            .iter()
            .any(|k| w.eq_ignore_ascii_case(k))
            || (after_keyword
                && ["if", "not", "exists"]
                    .iter()
                    .any(|k| w.eq_ignore_ascii_case(k)));
    }
    None
}

/// `name` without the double quotes around it, if any.
fn unquote(name: &str) -> &str {
    name.strip_prefix('"')
        .and_then(|n| n.strip_suffix('"'))
        .unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_keyword_is_the_operation() {
        assert_eq!(operation("select * from t"), "SELECT");
        assert_eq!(operation("  -- note\n/* x */ INSERT INTO t"), "INSERT");
        assert_eq!(operation("BEGIN UNLOGGED BATCH ..."), "BATCH");
        assert_eq!(operation("update t set"), "UPDATE");
        assert_eq!(operation("frobnicate"), "OTHER");
        assert_eq!(operation(""), "OTHER");
        assert_eq!(operation("/* never closed"), "OTHER");
    }

    #[test]
    fn the_keyspace_of_a_qualified_name() {
        assert_eq!(keyspace("SELECT a FROM ks.t WHERE k = ?"), Some("ks"));
        assert_eq!(keyspace("insert into \"Ks\".t (a) values (?)"), Some("Ks"));
        assert_eq!(keyspace("UPDATE ks.t SET a = 1"), Some("ks"));
        assert_eq!(
            keyspace("CREATE TABLE IF NOT EXISTS ks.t (a int)"),
            Some("ks")
        );
        assert_eq!(keyspace("USE other"), Some("other"));
        assert_eq!(keyspace("SELECT a FROM t"), None);
        assert_eq!(keyspace("SELECT a.b FROM t"), None);
        assert_eq!(keyspace(""), None);
    }
}
