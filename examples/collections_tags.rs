//! Tags, history and attributes of an article in CQL collections, through the
//! blocking `SyncSession`: set add and remove, list append and prepend, map
//! entry update and removal, a frozen list that is only ever replaced whole
//! (appending to it is rejected), and a frozen set as a primary key, queried
//! by value.
//!
//! `cargo run --example collections_tags --features all-drivers -- --backend scylla|cpp`

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{other, outcome};
use cqlbridge::{IntoValue, Result, Statement, SyncSession};

/// The article's columns as read back.
type Article = (
    BTreeSet<String>,
    Vec<String>,
    BTreeMap<String, String>,
    Vec<i32>,
);

fn main() {
    common::finish("collections_tags", run());
}

fn run() -> Result<()> {
    let config = common::config()?;
    let session = cqlbridge::connect_blocking(&config)?;
    let ks = common::keyspace_name("collections_tags");
    common::create_keyspace_blocking(&session, &ks)?;
    let result = collections(&session, &ks);
    let dropped = common::drop_keyspace_blocking(&session, &ks);
    session.close()?;
    result.and(dropped)
}

/// A set of text from string literals.
fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_string()).collect()
}

fn collections(session: &SyncSession, ks: &str) -> Result<()> {
    session.execute(
        common::ddl(format!(
            "CREATE TABLE {ks}.articles (id int PRIMARY KEY, tags set<text>, \
             history list<text>, attrs map<text, text>, revision frozen<list<int>>)"
        )),
        (),
    )?;
    session.execute(
        common::ddl(format!(
            "CREATE TABLE {ks}.by_tags (tags frozen<set<text>>, id int, PRIMARY KEY (tags, id))"
        )),
        (),
    )?;
    let insert = session.prepare(&format!(
        "INSERT INTO {ks}.articles (id, tags, history, attrs, revision) VALUES (?, ?, ?, ?, ?)"
    ))?;
    let attrs = BTreeMap::from([("lang", "en"), ("draft", "yes")]);
    session.execute(
        &insert,
        (1, set(&["rust", "db"]), vec!["created"], attrs, vec![1]),
    )?;
    show(session, ks, "INSERT")?;

    update(session, ks, "tags = tags + ?", set(&["cql", "async"]))?;
    update(session, ks, "tags = tags - ?", set(&["db"]))?;
    update(session, ks, "history = history + ?", vec!["edited"])?;
    update(session, ks, "history = ? + history", vec!["imported"])?;
    update(session, ks, "attrs['author'] = ?", "ada")?;
    update(
        session,
        ks,
        "attrs = attrs + ?",
        BTreeMap::from([("lang", "fr")]),
    )?;
    session.execute(
        Statement::new(format!(
            "DELETE attrs['draft'] FROM {ks}.articles WHERE id = 1"
        )),
        (),
    )?;
    show(session, ks, "DELETE attrs['draft']")?;
    update(session, ks, "attrs = attrs - ?", set(&["lang"]))?;

    // A frozen collection is one value: replaced whole, never appended to.
    update(session, ks, "revision = ?", vec![1, 2])?;
    let append = format!("UPDATE {ks}.articles SET revision = revision + [3] WHERE id = 1");
    match session.execute(Statement::new(append), ()) {
        Ok(_) => return Err(other("appending to a frozen list was accepted")),
        Err(e) if e.is_invalid() => {
            println!("appending to the frozen list is rejected: {e}");
            outcome("frozen_append", "rejected");
        }
        Err(e) => return Err(e),
    }

    let (tags, history, attrs, revision) = read(session, ks)?;
    outcome("tags", tags.iter().cloned().collect::<Vec<_>>().join(","));
    outcome("history", history.join(","));
    let attrs_text: Vec<String> = attrs.iter().map(|(k, v)| format!("{k}:{v}")).collect();
    outcome("attrs", attrs_text.join(","));
    let revision_text: Vec<String> = revision.iter().map(i32::to_string).collect();
    outcome("revision", revision_text.join(","));

    // The tag set as a key: articles found by their exact set of tags.
    let index = session.prepare(&format!(
        "INSERT INTO {ks}.by_tags (tags, id) VALUES (?, ?)"
    ))?;
    session.execute(&index, (tags, 1))?;
    session.execute(&index, (set(&["cql"]), 2))?;
    let lookup = session.prepare(&format!("SELECT id FROM {ks}.by_tags WHERE tags = ?"))?;
    let found = session.execute(&lookup, (set(&["rust", "cql", "async"]),))?;
    let ids = found.map_rows(|r| r.get::<i32>(0))?;
    println!("articles tagged exactly {{async, cql, rust}}: {ids:?}");
    outcome("by_tags", format!("{ids:?}"));
    Ok(())
}

/// `UPDATE … SET clause WHERE id = 1` with `value` bound, then the article shown.
fn update(session: &SyncSession, ks: &str, clause: &str, value: impl IntoValue) -> Result<()> {
    let cql = format!("UPDATE {ks}.articles SET {clause} WHERE id = 1");
    session.execute(&session.prepare(&cql)?, (value,))?;
    show(session, ks, clause)
}

/// The article's collections.
fn read(session: &SyncSession, ks: &str) -> Result<Article> {
    let cql = format!("SELECT tags, history, attrs, revision FROM {ks}.articles WHERE id = 1");
    let row = session
        .execute(Statement::new(cql), ())?
        .into_first_row()
        .ok_or_else(|| other("article 1 is gone"))?;
    row.into_typed()
}

/// Prints the article after `step`.
fn show(session: &SyncSession, ks: &str, step: &str) -> Result<()> {
    let (tags, history, attrs, revision) = read(session, ks)?;
    println!(
        "{step:>24} -> tags {tags:?} history {history:?} attrs {attrs:?} revision {revision:?}"
    );
    Ok(())
}
