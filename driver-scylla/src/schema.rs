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

    /// `[IF [NOT] EXISTS]`.
    fn if_exists(&mut self) {
        if self.eat("if") {
            self.eat("not");
            self.eat("exists");
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

fn change(change: &str, target: &str, keyspace: String, name: String) -> Option<QueryResult> {
    Some(QueryResult::SchemaChange(SchemaChange {
        change: change.into(),
        target: target.into(),
        keyspace,
        name,
    }))
}

/// What a statement that returned no rows did, judged from its text; `None`
/// for an ordinary write (a void result). `current` is the session keyspace.
pub(crate) fn classify(cql: &str, current: Option<&str>) -> Option<QueryResult> {
    let current = current.unwrap_or("");
    let mut c = Cursor {
        toks: lex(cql, 24),
        at: 0,
    };
    if c.eat("use") {
        return c.ident().map(QueryResult::SetKeyspace);
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
            c.if_exists();
            let ks = c.ident()?;
            change(verb, "KEYSPACE", ks, String::new())
        }
        w @ ("table" | "columnfamily" | "type" | "function" | "aggregate") => {
            let target = match w {
                "type" => "TYPE",
                "function" => "FUNCTION",
                "aggregate" => "AGGREGATE",
                _ => "TABLE",
            };
            c.at += 1;
            c.if_exists();
            let (ks, name) = c.qualified(current)?;
            change(verb, target, ks, name)
        }
        "materialized" => {
            c.at += 1;
            c.eat("view");
            c.if_exists();
            let (ks, name) = c.qualified(current)?;
            change(verb, "TABLE", ks, name)
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
                return change("UPDATED", "TABLE", ks, String::new());
            }
            if c.word() != Some("on") {
                c.ident()?;
            }
            c.eat("on").then_some(())?;
            let (ks, table) = c.qualified(current)?;
            change("UPDATED", "TABLE", ks, table)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sc(cql: &str) -> (String, String, String, String) {
        match classify(cql, Some("cur")) {
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
    fn use_and_plain_writes() {
        assert_eq!(
            classify("USE \"Ks\"", None),
            Some(QueryResult::SetKeyspace("Ks".into()))
        );
        assert_eq!(
            classify("use KS;", None),
            Some(QueryResult::SetKeyspace("ks".into()))
        );
        assert_eq!(classify("INSERT INTO t (k) VALUES (1)", None), None);
        assert_eq!(classify("CREATE ROLE r", None), None);
        assert_eq!(classify("TRUNCATE t", None), None);
        assert_eq!(classify("", None), None);
        assert_eq!(classify("/* x */", None), None);
    }
}
