//! The desired schema from CQL files: a small hand-written parser (a
//! tokenizer, `lexer`, and recursive descent) for the DDL statements a
//! schema file holds. (The CQL parser crates on crates.io either wrap a C
//! tree-sitter grammar or come inside a storage engine, and none reports the
//! file, line and column of an error; this one does.)
//!
//! # Grammar
//!
//! Keywords are case-insensitive. `name` is an identifier: unquoted it is
//! lowercased, `"Quoted"` it keeps its case (`""` is one `"`). `qname` is
//! `[keyspace.]name`; without a keyspace, the last `USE` or the default
//! keyspace given to [`parse`] is used.
//!
//! ```text
//! file      := { statement ";" }              (the last ";" may be left out)
//! statement := USE name
//!            | CREATE KEYSPACE [IF NOT EXISTS] name WITH props
//!            | CREATE TYPE [IF NOT EXISTS] qname "(" name type { "," name type } ")"
//!            | CREATE TABLE [IF NOT EXISTS] qname "(" element { "," element } ")" [WITH props]
//!            | CREATE [CUSTOM] INDEX [IF NOT EXISTS] [name] ON qname "(" target ")"
//!                  [USING string] [WITH OPTIONS "=" map]
//!            | CREATE MATERIALIZED VIEW [IF NOT EXISTS] qname AS SELECT ( "*" | name { "," name } )
//!                  FROM qname WHERE condition PRIMARY KEY "(" key ")" [WITH props]
//! element   := name type [STATIC] [PRIMARY KEY] | PRIMARY KEY "(" key ")"
//! key       := ( name | "(" name { "," name } ")" ) { "," name }
//! props     := prop { AND prop }
//! prop      := CLUSTERING ORDER BY "(" name [ASC | DESC] { "," name [ASC | DESC] } ")"
//!            | name "=" ( string | number | true | false | map )
//! map       := "{" [ string ":" ( string | number | true | false ) { "," … } ] "}"
//! target    := name | ( KEYS | VALUES | ENTRIES | FULL ) "(" name ")"
//! type      := native | string (a custom class) | [keyspace "."] name (a UDT)
//!            | frozen "<" type ">" | list "<" type ">" | set "<" type ">"
//!            | map "<" type "," type ">" | tuple "<" type { "," type } ">"
//!            | vector "<" type "," integer ">"
//! condition := any tokens up to PRIMARY KEY (kept normalised, see [`normalize_where`])
//! ```
//!
//! Comments are `-- …`, `// …` and `/* … */`. Types are stored in their
//! canonical form ([`CqlType::canonical`](crate::CqlType::canonical)), so
//! `frozen<map<text, list<int>>>` equals what `system_schema` lists.

pub(crate) mod lexer;
pub(crate) mod stream;
mod table;

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{SchemaError, SchemaResult};
use crate::ident::{is_reserved, quote, string_literal};
use crate::model::{
    IndexDef, IndexTarget, KeyspaceDef, KeyspaceParams, OptionValue, Schema, TypeDef,
};
use crate::types::{parse_type, CqlType};
use lexer::{tokenize, Tok};
use stream::Tokens;

/// Parses CQL DDL text; `file` names it in errors; unqualified names go to
/// `keyspace` (until a `USE`).
pub fn parse(src: &str, file: &str, keyspace: Option<&str>) -> SchemaResult<Schema> {
    let mut p = Parser {
        toks: Tokens::new(tokenize(src, file)?, file),
        schema: Schema::default(),
        current: keyspace.map(str::to_owned),
    };
    while !p.toks.at_end() {
        if p.toks.eat_sym(";") {
            continue;
        }
        p.statement()?;
        if !p.toks.at_end() && !p.toks.eat_sym(";") {
            return Err(p
                .toks
                .error(format!("expected `;`, found {}", p.toks.found())));
        }
    }
    Ok(p.schema)
}

/// Reads and parses the file at `path` (see [`parse`]).
pub fn parse_file(path: &Path, keyspace: Option<&str>) -> SchemaResult<Schema> {
    let src = std::fs::read_to_string(path).map_err(|e| SchemaError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    parse(&src, &path.display().to_string(), keyspace)
}

/// A `WHERE` clause in one spelling: tokens joined by single spaces,
/// keywords upper case, names quoted only where needed, strings in single
/// quotes. The live clause and a parsed one compare equal this way.
pub fn normalize_where(text: &str) -> SchemaResult<String> {
    let toks = tokenize(text, "<where clause>")?;
    Ok(render_tokens(toks.into_iter().map(|t| t.tok)))
}

/// Renders tokens as [`normalize_where`] does.
pub(crate) fn render_tokens(toks: impl Iterator<Item = Tok>) -> String {
    let words: Vec<String> = toks
        .map(|t| match t {
            Tok::Word(w) => {
                let lower = w.to_ascii_lowercase();
                if is_reserved(&lower)
                    || matches!(lower.as_str(), "true" | "false" | "contains" | "key")
                {
                    lower.to_ascii_uppercase()
                } else {
                    quote(&lower)
                }
            }
            Tok::Quoted(q) => quote(&q),
            Tok::Str(s) => string_literal(&s),
            Tok::Number(n) => n,
            Tok::Symbol(s) => s.to_owned(),
        })
        .collect();
    words.join(" ")
}

/// The parser's state: the tokens, what was built, the current keyspace.
pub(crate) struct Parser<'a> {
    pub(crate) toks: Tokens<'a>,
    pub(crate) schema: Schema,
    current: Option<String>,
}

impl Parser<'_> {
    fn statement(&mut self) -> SchemaResult<()> {
        if self.toks.eat_kw("use") {
            self.current = Some(self.toks.ident("a keyspace name")?);
            return Ok(());
        }
        let start = self.toks.mark();
        self.toks.expect_kw("CREATE")?;
        if self.toks.eat_kw("keyspace") || self.toks.eat_kw("schema") {
            self.keyspace()
        } else if self.toks.eat_kw("type") {
            self.user_type(start)
        } else if self.toks.eat_kw("table") || self.toks.eat_kw("columnfamily") {
            self.table(start)
        } else if self.toks.eat_kw("custom") {
            self.toks.expect_kw("index")?;
            self.index(start, true)
        } else if self.toks.eat_kw("index") {
            self.index(start, false)
        } else if self.toks.eat_kw("materialized") {
            self.toks.expect_kw("view")?;
            self.view(start)
        } else {
            Err(self.toks.error(format!(
                "expected KEYSPACE, TYPE, TABLE, INDEX, CUSTOM INDEX or MATERIALIZED VIEW, found {}",
                self.toks.found()
            )))
        }
    }

    /// `IF NOT EXISTS`, if there.
    pub(crate) fn if_not_exists(&mut self) -> SchemaResult<()> {
        if self.toks.eat_kw("if") {
            self.toks.expect_kw("not")?;
            self.toks.expect_kw("exists")?;
        }
        Ok(())
    }

    /// The keyspace of `ks` (or the current one), created empty if new.
    pub(crate) fn keyspace_of(
        &mut self,
        mark: usize,
        ks: Option<String>,
    ) -> SchemaResult<&mut KeyspaceDef> {
        let Some(name) = ks.or_else(|| self.current.clone()) else {
            return Err(self.toks.error_at(
                mark,
                "no keyspace: qualify the name (ks.name), add a USE, or give a default keyspace",
            ));
        };
        Ok(self
            .schema
            .keyspaces
            .entry(name.clone())
            .or_insert_with(|| KeyspaceDef::new(name, None)))
    }

    fn keyspace(&mut self) -> SchemaResult<()> {
        self.if_not_exists()?;
        let mark = self.toks.mark();
        let name = self.toks.ident("a keyspace name")?;
        self.toks.expect_kw("with")?;
        let (_, props) = self.props(false)?;
        let mut replication = BTreeMap::new();
        let mut durable_writes = true;
        for (key, value) in props {
            match (key.as_str(), value) {
                ("replication", OptionValue::Map(m)) => replication = m,
                ("durable_writes", OptionValue::Bool(b)) => durable_writes = b,
                (other, _) => {
                    return Err(self.toks.error_at(
                        mark,
                        format!("unknown or malformed keyspace option {other}"),
                    ))
                }
            }
        }
        if !replication.contains_key("class") {
            return Err(self
                .toks
                .error_at(mark, "a keyspace needs replication = {'class': …}"));
        }
        let ks = self.keyspace_of(mark, Some(name))?;
        ks.params = Some(KeyspaceParams {
            replication,
            durable_writes,
        });
        Ok(())
    }

    fn user_type(&mut self, start: usize) -> SchemaResult<()> {
        self.if_not_exists()?;
        let (ks, name) = self.toks.qualified("a type name")?;
        self.toks.expect_sym("(")?;
        let mut fields = Vec::new();
        loop {
            let field = self.toks.ident("a field name")?;
            let ty = parse_type(&mut self.toks)?.canonical();
            fields.push((field, ty));
            if !self.toks.eat_sym(",") {
                break;
            }
        }
        self.toks.expect_sym(")")?;
        let ks = self.keyspace_of(start, ks)?;
        if ks
            .types
            .insert(
                name.clone(),
                TypeDef {
                    name: name.clone(),
                    fields,
                },
            )
            .is_some()
        {
            return Err(self
                .toks
                .error_at(start, format!("type {name} is defined twice")));
        }
        Ok(())
    }

    fn index(&mut self, start: usize, custom: bool) -> SchemaResult<()> {
        self.if_not_exists()?;
        let name = if self.toks.is_kw("on") {
            None
        } else {
            Some(self.toks.ident("an index name")?)
        };
        self.toks.expect_kw("on")?;
        let (ks, table) = self.toks.qualified("a table name")?;
        self.toks.expect_sym("(")?;
        let kind = ["keys", "values", "entries", "full"]
            .into_iter()
            .find(|k| self.toks.is_kw(k) && matches!(self.toks.peek_at(1), Some(Tok::Symbol("("))));
        let target = match kind {
            Some(k) => {
                self.toks.next();
                self.toks.expect_sym("(")?;
                let col = self.toks.ident("a column name")?;
                self.toks.expect_sym(")")?;
                match k {
                    "keys" => IndexTarget::Keys(col),
                    "values" => IndexTarget::Values(col),
                    "entries" => IndexTarget::Entries(col),
                    _ => IndexTarget::Full(col),
                }
            }
            None => IndexTarget::Column(self.toks.ident("a column name")?),
        };
        self.toks.expect_sym(")")?;
        let class = if self.toks.eat_kw("using") {
            Some(self.toks.string("the index class")?)
        } else {
            None
        };
        if custom && class.is_none() {
            return Err(self.toks.error("a CUSTOM INDEX needs USING 'class'"));
        }
        let mut options = BTreeMap::new();
        if self.toks.eat_kw("with") {
            self.toks.expect_kw("options")?;
            self.toks.expect_sym("=")?;
            options = self.map()?;
        }
        let name = name.unwrap_or_else(|| {
            format!("{table}_{}_idx", target.column())
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        });
        let ks = self.keyspace_of(start, ks)?;
        let Some(t) = ks.tables.get(&table) else {
            return Err(self.toks.error_at(
                start,
                format!("index {name}: table {table} is not defined above"),
            ));
        };
        let Some(column) = t.column(target.column()) else {
            let col = target.column().to_owned();
            return Err(self.toks.error_at(
                start,
                format!("index {name}: table {table} has no column {col}"),
            ));
        };
        // As the server stores it: a bare collection column is its values,
        // a bare frozen collection the whole value.
        let target = match (target, &column.ty) {
            (IndexTarget::Column(c), CqlType::List(_) | CqlType::Set(_) | CqlType::Map(..)) => {
                IndexTarget::Values(c)
            }
            (IndexTarget::Column(c), CqlType::Frozen(inner))
                if matches!(
                    **inner,
                    CqlType::List(_) | CqlType::Set(_) | CqlType::Map(..)
                ) =>
            {
                IndexTarget::Full(c)
            }
            (t, _) => t,
        };
        let index = IndexDef {
            name: name.clone(),
            table,
            target,
            class,
            options,
        };
        if ks.indexes.insert(name.clone(), index).is_some() {
            return Err(self
                .toks
                .error_at(start, format!("index {name} is defined twice")));
        }
        Ok(())
    }

    /// `{ 'k': v, … }` with every value as a string.
    pub(crate) fn map(&mut self) -> SchemaResult<BTreeMap<String, String>> {
        self.toks.expect_sym("{")?;
        let mut out = BTreeMap::new();
        if self.toks.eat_sym("}") {
            return Ok(out);
        }
        loop {
            let key = self.toks.string("a map key")?;
            self.toks.expect_sym(":")?;
            let value = match self.toks.next() {
                Some(Tok::Str(s) | Tok::Number(s)) => s,
                Some(Tok::Word(w))
                    if w.eq_ignore_ascii_case("true") || w.eq_ignore_ascii_case("false") =>
                {
                    w.to_ascii_lowercase()
                }
                _ => {
                    return Err(self
                        .toks
                        .error("expected a string, number or boolean map value"))
                }
            };
            out.insert(key, value);
            if !self.toks.eat_sym(",") {
                break;
            }
        }
        self.toks.expect_sym("}")?;
        Ok(out)
    }
}
