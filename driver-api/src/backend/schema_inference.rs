//! Recovering `SCHEMA_CHANGE` and `SET_KEYSPACE` results from the statement
//! text, for backends whose client library hides them.
//!
//! # Why this exists
//!
//! The CQL protocol answers DDL with a `SCHEMA_CHANGE` result and `USE` with
//! a `SET_KEYSPACE` result, and [`QueryResult`] has a variant for each. But
//! some client libraries consume those results themselves and hand their
//! callers nothing but an empty (void) result: the `scylla` 1.x crate's
//! public `QueryResult` drops both, and libcassandra's C API has no call for
//! a result's kind at all. A backend over such a library can still report
//! what the server said by reading the statement it sent, which is what this
//! module does. It is pure (no I/O): the backend runs the one query it may
//! ask for, a [`Guard::probe`].
//!
//! # How a backend uses it
//!
//! 1. Before running a statement, when [`may_change_schema`] says it can be
//!    DDL, call [`classify`] with the session's current keyspace. If the
//!    result carries a [`Guard`], run its [`probe`](Guard::probe) (a
//!    `system_schema` query, unpaged, any consistency) and note whether it
//!    returned a row — *before* the statement runs, as afterwards the object
//!    exists either way.
//! 2. Run the statement. If the server answered with rows, those rows are the
//!    result. Otherwise take the classification from step 1 (or call
//!    [`classify`] now, which is how `USE` is recognised) and return its
//!    [`result`](Classified::result) — unless [`Guard::no_op`] says the
//!    statement changed nothing, when the server answered `VOID` too. `None`
//!    from [`classify`] means an ordinary write: a void result.
//! 3. After a `SetKeyspace`, the backend records the new keyspace (to pass to
//!    later [`classify`] calls) and forgets statements it prepared in the old
//!    one.
//!
//! # What is inferred
//!
//! - `USE ks` → [`QueryResult::SetKeyspace`] with the name as the server
//!   reports it: lower-cased unless `"quoted"`.
//! - `CREATE` / `ALTER` / `DROP` (also `CREATE OR REPLACE`) of a `KEYSPACE`
//!   (or `SCHEMA`), `TABLE` (or `COLUMNFAMILY`), `TYPE`, `FUNCTION` or
//!   `AGGREGATE` → a [`SchemaChange`] with change `CREATED` / `UPDATED` /
//!   `DROPPED`, that target, the keyspace (the statement's, else the current
//!   one) and the name (empty for a keyspace).
//! - A `MATERIALIZED VIEW` → target `TABLE`, as the server names it.
//! - `CREATE` / `DROP` of an `INDEX`, `CUSTOM INDEX` or `TRIGGER` → `UPDATED`
//!   `TABLE` of the table it is on (`… ON [ks.]table`), as the server
//!   reports it.
//! - Anything else (`INSERT`, `TRUNCATE`, `CREATE ROLE`, `GRANT`, …) → `None`.
//!
//! # Limits
//!
//! - `DROP INDEX [ks.]name` names no table, so the result has the keyspace
//!   and an empty table name, where the server names the index's table.
//! - `IF [NOT] EXISTS` is probed only for keyspaces, tables, views and
//!   types. For functions, aggregates, indexes and triggers there is no
//!   [`Guard`], so a no-op still reads as a schema change where the server
//!   answers void (function overloads and index names make a faithful probe
//!   more than a lookup by name).
//! - Only the statement's first 24 tokens are read; unquoted identifiers are
//!   compared the way CQL does (lower-cased), quoted ones kept as written.
//! - The probe and the statement are two requests: a concurrent client
//!   changing the same object in between can make the guess wrong.
//! - Function arguments and bodies are not parsed, so the result never
//!   carries a function's signature.

mod lex;
#[cfg(test)]
mod tests;

use crate::{QueryResult, SchemaChange};
use lex::Cursor;

/// How many tokens [`classify`] reads: enough for the longest DDL head,
/// `CREATE CUSTOM INDEX IF NOT EXISTS "i" ON "ks"."t"`, with room to spare.
const MAX_TOKENS: usize = 24;

/// What a statement that returned no rows did, as the server would have
/// reported it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Classified {
    /// [`QueryResult::SetKeyspace`] or [`QueryResult::SchemaChange`].
    pub result: QueryResult,
    /// Set for `IF [NOT] EXISTS` on a keyspace, table, materialized view or
    /// type: such a statement may change nothing, and the server then
    /// answers void.
    pub guard: Option<Guard>,
}

/// How to tell whether a guarded DDL statement (`IF [NOT] EXISTS`) changed
/// anything.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Guard {
    /// `true` for `IF NOT EXISTS`, `false` for `IF EXISTS`.
    pub if_not_exists: bool,
    /// A `SELECT` on `system_schema` (`keyspaces`, `tables`, `views` or
    /// `types`) that returns a row exactly when the object exists. Run it
    /// before the statement; names are inlined as escaped string literals.
    pub probe: String,
}

impl Guard {
    /// Whether the statement was a no-op, given whether its object existed
    /// before it ran: `IF NOT EXISTS` on an existing object, or `IF EXISTS`
    /// on a missing one.
    pub fn no_op(&self, existed: bool) -> bool {
        existed == self.if_not_exists
    }
}

/// `s` as a CQL string literal.
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

/// A schema change, with a guard probing `(schema table, name column)` when
/// the statement had `IF [NOT] EXISTS` (`Some(true)` for `NOT`).
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

/// A cheap check, with no allocation: can `cql` be a schema change at all?
///
/// `true` when the statement starts with `CREATE`, `ALTER` or `DROP` (any
/// case), or with a comment (which [`classify`] skips); `false` otherwise,
/// including for `USE`. Use it to skip [`classify`] and its probe for the
/// common statements.
pub fn may_change_schema(cql: &str) -> bool {
    starts_with_any(cql, &["create", "alter", "drop"])
}

/// A cheap check, with no allocation: can [`classify`] find anything in
/// `cql`, a schema change or a keyspace switch?
///
/// `true` for what [`may_change_schema`] accepts and for `USE`; `false`
/// means the statement's result is rows or void, never a `SchemaChange` or
/// `SetKeyspace`, so a backend can skip classifying it after it ran.
pub fn may_classify(cql: &str) -> bool {
    starts_with_any(cql, &["use", "create", "alter", "drop"])
}

/// Whether `cql`, leading whitespace skipped, starts with a comment or with
/// one of `words` (lower-case; compared ignoring ASCII case).
fn starts_with_any(cql: &str, words: &[&str]) -> bool {
    let t = cql.trim_start();
    if t.starts_with('-') || t.starts_with('/') {
        return true;
    }
    words
        .iter()
        .any(|w| t.get(..w.len()).is_some_and(|h| h.eq_ignore_ascii_case(w)))
}

/// What a statement that returned no rows did, judged from its text.
///
/// `current_keyspace` is the session's keyspace, used for unqualified names.
/// Returns `None` for an ordinary write (a void result), for a statement this
/// module does not recognise, and for text too malformed to name an object
/// (the server rejects it anyway). See the [module docs](self) for what is
/// inferred and its limits.
///
/// # Examples
///
/// ```
/// use cqlbridge_driver_api::backend::schema_inference::classify;
/// use cqlbridge_driver_api::{QueryResult, SchemaChange};
///
/// let c = classify("CREATE TABLE IF NOT EXISTS t (k int PRIMARY KEY)", Some("shop")).unwrap();
/// assert_eq!(
///     c.result,
///     QueryResult::SchemaChange(SchemaChange {
///         change: "CREATED".into(),
///         target: "TABLE".into(),
///         keyspace: "shop".into(),
///         name: "t".into(),
///     })
/// );
/// let guard = c.guard.unwrap();
/// assert!(guard.no_op(true)); // the table existed: the server answered void
///
/// assert_eq!(
///     classify("USE \"Shop\"", None).unwrap().result,
///     QueryResult::SetKeyspace("Shop".into())
/// );
/// assert!(classify("INSERT INTO t (k) VALUES (1)", Some("shop")).is_none());
/// ```
pub fn classify(cql: &str, current_keyspace: Option<&str>) -> Option<Classified> {
    // Most statements are writes and reads: tell them apart without lexing.
    if !may_classify(cql) {
        return None;
    }
    let current = current_keyspace.unwrap_or("");
    let mut c = Cursor::new(cql, MAX_TOKENS);
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
            if verb == "DROPPED" && !trigger {
                // The server names the index's table, which the text does not.
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
