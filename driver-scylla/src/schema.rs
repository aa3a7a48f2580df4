//! `SCHEMA_CHANGE` and `SET_KEYSPACE` results, recovered from the statement.
//!
//! The `scylla` 1.x crate reads these result kinds (it awaits schema agreement
//! after a schema change and switches the session's keyspace after a `USE`)
//! but its public `QueryResult` drops them: both look like a void result. So
//! when the server answered a statement with no rows, this module reads the
//! statement's leading keywords to name what changed, the way the server
//! would: `CREATE`/`ALTER`/`DROP` of a keyspace, table, view, type, function
//! or aggregate, and index or trigger changes as an update of their table.

use cqlbridge_driver_api::{QueryResult, SchemaChange};

/// A lexed word: unquoted words are lower-cased, `"quoted"` ones kept as is.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Quoted(String),
    Dot,
    Other,
}

fn lex(cql: &str, max: usize) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut it = cql.chars().peekable();
    while let Some(&c) = it.peek() {
        if out.len() >= max {
            break;
        }
        if c.is_whitespace() {
            it.next();
        } else if c == '-' || c == '/' {
            it.next();
            match (c, it.peek()) {
                ('-', Some('-')) | ('/', Some('/')) => {
                    for c in it.by_ref() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                ('/', Some('*')) => {
                    it.next();
                    let mut prev = ' ';
                    for c in it.by_ref() {
                        if prev == '*' && c == '/' {
                            break;
                        }
                        prev = c;
                    }
                }
                _ => out.push(Tok::Other),
            }
        } else if c == '"' {
            it.next();
            let mut s = String::new();
            while let Some(c) = it.next() {
                if c == '"' {
                    if it.peek() == Some(&'"') {
                        it.next();
                        s.push('"');
                        continue;
                    }
                    break;
                }
                s.push(c);
            }
            out.push(Tok::Quoted(s));
        } else if c.is_alphanumeric() || c == '_' {
            let mut s = String::new();
            while let Some(&c) = it.peek() {
                if !(c.is_alphanumeric() || c == '_') {
                    break;
                }
                s.push(c.to_ascii_lowercase());
                it.next();
            }
            out.push(Tok::Word(s));
        } else if c == '.' {
            it.next();
            out.push(Tok::Dot);
        } else {
            it.next();
            out.push(Tok::Other);
        }
    }
    out
}

struct Cursor {
    toks: Vec<Tok>,
    at: usize,
}

impl Cursor {
    fn word(&self) -> Option<&str> {
        match self.toks.get(self.at) {
            Some(Tok::Word(w)) => Some(w),
            _ => None,
        }
    }

    fn eat(&mut self, w: &str) -> bool {
        let yes = self.word() == Some(w);
        if yes {
            self.at += 1;
        }
        yes
    }

    fn ident(&mut self) -> Option<String> {
        let s = match self.toks.get(self.at)? {
            Tok::Word(w) | Tok::Quoted(w) => w.clone(),
            _ => return None,
        };
        self.at += 1;
        Some(s)
    }

    /// `[IF [NOT] EXISTS]`: `Some(true)` for `IF NOT EXISTS`.
    fn if_exists(&mut self) -> Option<bool> {
        if self.eat("if") {
            let not = self.eat("not");
            self.eat("exists");
            Some(not)
        } else {
            None
        }
    }

    /// `[keyspace.]name`, the keyspace defaulting to `current`.
    fn qualified(&mut self, current: &str) -> Option<(String, String)> {
        let first = self.ident()?;
        if self.toks.get(self.at) == Some(&Tok::Dot) {
            self.at += 1;
            let second = self.ident()?;
            Some((first, second))
        } else {
            Some((current.to_string(), first))
        }
    }
}

/// A statement that returned no rows, as the server would have named it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Classified {
    /// `SetKeyspace` or `SchemaChange`.
    pub(crate) result: QueryResult,
    /// Set for `IF [NOT] EXISTS` on a keyspace, table, view or type: such a
    /// statement may change nothing, and the server then answers void.
    pub(crate) guard: Option<Guard>,
}

/// How to tell whether a guarded DDL statement changed anything.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Guard {
    /// `true` for `IF NOT EXISTS`, `false` for `IF EXISTS`.
    pub(crate) if_not_exists: bool,
    /// A schema query returning a row when the object exists.
    pub(crate) probe: String,
}

impl Guard {
    /// Whether the statement was a no-op, given whether the object existed before it.
    pub(crate) fn no_op(&self, existed: bool) -> bool {
        existed == self.if_not_exists
    }
}

fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn probe(schema_table: &str, column: &str, keyspace: &str, name: &str) -> String {
    if schema_table == "keyspaces" {
        return format!(
            "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = {}",
            lit(keyspace)
        );
    }
    format!(
        "SELECT {column} FROM system_schema.{schema_table} WHERE keyspace_name = {} AND {column} = {}",
        lit(keyspace),
        lit(name)
    )
}

fn change(
    change: &str,
    target: &str,
    keyspace: String,
    name: String,
    guard: Option<(bool, &str, &str)>,
) -> Option<Classified> {
    let guard = guard.map(|(if_not_exists, table, column)| Guard {
        if_not_exists,
        probe: probe(table, column, &keyspace, &name),
    });
    Some(Classified {
        result: QueryResult::SchemaChange(SchemaChange {
            change: change.into(),
            target: target.into(),
            keyspace,
            name,
        }),
        guard,
    })
}

/// Cheap pre-check: can `cql` be a schema change at all? (No allocation.)
pub(crate) fn may_change_schema(cql: &str) -> bool {
    let t = cql.trim_start();
    if t.starts_with('-') || t.starts_with('/') {
        return true;
    }
    ["create", "alter", "drop"]
        .iter()
        .any(|w| t.get(..w.len()).is_some_and(|h| h.eq_ignore_ascii_case(w)))
}

/// What a statement that returned no rows did, judged from its text; `None`
/// for an ordinary write (a void result). `current` is the session keyspace.
pub(crate) fn classify(cql: &str, current: Option<&str>) -> Option<Classified> {
    let current = current.unwrap_or("");
    let mut c = Cursor {
        toks: lex(cql, 24),
        at: 0,
    };
    if c.eat("use") {
        return c.ident().map(|ks| Classified {
            result: QueryResult::SetKeyspace(ks),
            guard: None,
        });
    }
    let verb = match c.word()? {
        "create" => "CREATED",
        "alter" => "UPDATED",
        "drop" => "DROPPED",
        _ => return None,
    };
    c.at += 1;
    if c.eat("or") {
        c.eat("replace");
    }
    match c.word()? {
        "keyspace" | "schema" => {
            c.at += 1;
            let g = c.if_exists().map(|n| (n, "keyspaces", "keyspace_name"));
            let ks = c.ident()?;
            change(verb, "KEYSPACE", ks, String::new(), g)
        }
        w @ ("table" | "columnfamily" | "type" | "function" | "aggregate") => {
            let (target, schema_table) = match w {
                "type" => ("TYPE", Some(("types", "type_name"))),
                "function" => ("FUNCTION", None),
                "aggregate" => ("AGGREGATE", None),
                _ => ("TABLE", Some(("tables", "table_name"))),
            };
            c.at += 1;
            let g = c
                .if_exists()
                .and_then(|n| schema_table.map(|(t, col)| (n, t, col)));
            let (ks, name) = c.qualified(current)?;
            change(verb, target, ks, name, g)
        }
        "materialized" => {
            c.at += 1;
            c.eat("view");
            let g = c.if_exists().map(|n| (n, "views", "view_name"));
            let (ks, name) = c.qualified(current)?;
            change(verb, "TABLE", ks, name, g)
        }
        "custom" | "index" | "trigger" => {
            c.eat("custom");
            let trigger = c.eat("trigger");
            if !trigger {
                c.eat("index");
            }
            c.if_exists();
            if verb == "DROPPED" {
                // The server names the base table, which the text does not.
                let (ks, _) = c.qualified(current)?;
                return change("UPDATED", "TABLE", ks, String::new(), None);
            }
            if c.word() != Some("on") {
                c.ident()?;
            }
            c.eat("on").then_some(())?;
            let (ks, table) = c.qualified(current)?;
            change("UPDATED", "TABLE", ks, table, None)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sc(cql: &str) -> (String, String, String, String) {
        match classify(cql, Some("cur")).map(|c| c.result) {
            Some(QueryResult::SchemaChange(s)) => (s.change, s.target, s.keyspace, s.name),
            other => panic!("{cql}: {other:?}"),
        }
    }

    fn t(a: &str, b: &str, c: &str, d: &str) -> (String, String, String, String) {
        (a.into(), b.into(), c.into(), d.into())
    }

    #[test]
    fn keyspace_table_type_function() {
        assert_eq!(
            sc("CREATE KEYSPACE IF NOT EXISTS Ks1 WITH replication = {}"),
            t("CREATED", "KEYSPACE", "ks1", "")
        );
        assert_eq!(
            sc("  -- note\n create table ks.\"MyT\" (k int primary key)"),
            t("CREATED", "TABLE", "ks", "MyT")
        );
        assert_eq!(
            sc("ALTER TABLE t ADD v int"),
            t("UPDATED", "TABLE", "cur", "t")
        );
        assert_eq!(
            sc("DROP TABLE IF EXISTS ks.t"),
            t("DROPPED", "TABLE", "ks", "t")
        );
        assert_eq!(
            sc("CREATE TYPE ks.addr (s text)"),
            t("CREATED", "TYPE", "ks", "addr")
        );
        assert_eq!(
            sc("CREATE OR REPLACE FUNCTION ks.f (x int) CALLED ON NULL INPUT"),
            t("CREATED", "FUNCTION", "ks", "f")
        );
        assert_eq!(
            sc("CREATE MATERIALIZED VIEW ks.mv AS SELECT"),
            t("CREATED", "TABLE", "ks", "mv")
        );
    }

    #[test]
    fn indexes_update_their_table() {
        assert_eq!(
            sc("CREATE INDEX IF NOT EXISTS i ON ks.t (v)"),
            t("UPDATED", "TABLE", "ks", "t")
        );
        assert_eq!(
            sc("CREATE INDEX ON t (v)"),
            t("UPDATED", "TABLE", "cur", "t")
        );
        assert_eq!(sc("DROP INDEX ks.i"), t("UPDATED", "TABLE", "ks", ""));
    }

    #[test]
    fn guards_probe_the_schema_tables() {
        let g = classify("CREATE TABLE IF NOT EXISTS ks.t (k int)", None)
            .unwrap()
            .guard
            .unwrap();
        assert!(g.if_not_exists && g.no_op(true) && !g.no_op(false));
        assert_eq!(
            g.probe,
            "SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'ks' AND table_name = 't'"
        );
        let g = classify("DROP KEYSPACE IF EXISTS \"it's\"", None)
            .unwrap()
            .guard
            .unwrap();
        assert!(!g.if_not_exists && g.no_op(false));
        assert!(g.probe.ends_with("keyspace_name = 'it''s'"), "{}", g.probe);
        let g = classify("CREATE TYPE IF NOT EXISTS cur_t (a int)", Some("k1"));
        assert!(g
            .unwrap()
            .guard
            .unwrap()
            .probe
            .contains("system_schema.types"));
        assert!(classify("CREATE TABLE t (k int)", None)
            .unwrap()
            .guard
            .is_none());
        assert!(classify("CREATE INDEX IF NOT EXISTS i ON t (v)", Some("k"))
            .unwrap()
            .guard
            .is_none());
        for yes in [
            "create table",
            "  DROP x",
            "Alter t",
            "-- c\nCREATE",
            "/* */ drop",
        ] {
            assert!(may_change_schema(yes), "{yes}");
        }
        for no in ["INSERT", "select", "use ks", "cr", "", "UPDATE t"] {
            assert!(!may_change_schema(no), "{no}");
        }
    }

    #[test]
    fn use_and_plain_writes() {
        let set = |cql: &str| classify(cql, None).map(|c| c.result);
        assert_eq!(
            set("USE \"Ks\""),
            Some(QueryResult::SetKeyspace("Ks".into()))
        );
        assert_eq!(set("use KS;"), Some(QueryResult::SetKeyspace("ks".into())));
        assert_eq!(classify("INSERT INTO t (k) VALUES (1)", None), None);
        assert_eq!(classify("CREATE ROLE r", None), None);
        assert_eq!(classify("TRUNCATE t", None), None);
        assert_eq!(classify("", None), None);
        assert_eq!(classify("/* x */", None), None);
    }
}
