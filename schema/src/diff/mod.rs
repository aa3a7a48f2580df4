//! The diff from the live schema to the desired one: an ordered list of
//! [`Change`]s.
//!
//! Order: keyspaces; types and their new fields; new tables, new columns,
//! changed options and unsafe notes; (drops) views and indexes that go or
//! change; new and changed indexes and views; (drops) columns, tables,
//! types. So every statement runs after what it needs and before what it
//! breaks.
//!
//! What is compared: the objects of the keyspaces the desired schema
//! names; of a table's (or view's) options only those the desired schema
//! sets (a map option by the keys it sets; class names by their last
//! segment, so `LeveledCompactionStrategy` matches
//! `org.apache.cassandra.db.compaction.LeveledCompactionStrategy`, and
//! `sai` matches `StorageAttachedIndex`).
//!
//! A changed column type, primary key (columns, types or clustering order),
//! static flag or UDT field type is [`Change::Unsafe`]: a comment, never
//! CQL. A changed index or view is dropped and created again when drops
//! are allowed, else unsafe. Drops are listed only with
//! [`DiffOptions::allow_drop`]; without it they are counted in
//! [`Diff::withheld`].

mod change;
mod tables;

pub use change::Change;

use crate::error::{SchemaError, SchemaResult};
use crate::model::{KeyspaceDef, KeyspaceParams, Schema};

/// What a diff may propose.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiffOptions {
    /// List drops (of columns, tables, types, indexes, views) too.
    pub allow_drop: bool,
}

/// The changes from one schema to another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    /// The changes, in the order to apply them.
    pub changes: Vec<Change>,
    /// The drops left out because drops were not allowed.
    pub withheld: Vec<Change>,
}

impl Diff {
    /// True when nothing is to change.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// True if any change is unsafe.
    pub fn has_unsafe(&self) -> bool {
        self.changes.iter().any(Change::is_unsafe)
    }

    /// The changes as a script: one statement (or unsafe comment) per line
    /// group.
    pub fn script(&self) -> String {
        self.changes.iter().map(|c| format!("{c}\n")).collect()
    }

    /// Only the runnable statements (without `;`).
    pub fn statements(&self) -> Vec<String> {
        self.changes.iter().filter_map(Change::cql).collect()
    }
}

/// The ordered buckets changes are gathered in (see the module docs).
#[derive(Default)]
pub(crate) struct Buckets {
    pub(crate) keyspaces: Vec<Change>,
    pub(crate) types: Vec<Change>,
    pub(crate) tables: Vec<Change>,
    pub(crate) early_drops: Vec<Change>,
    pub(crate) indexes_views: Vec<Change>,
    pub(crate) late_drops: Vec<Change>,
}

/// The diff from `live` to `desired`, over the keyspaces `desired` names.
/// A keyspace that is not live and that `desired` does not create
/// (`CREATE KEYSPACE`) is [`SchemaError::UnknownKeyspace`].
pub fn diff(live: &Schema, desired: &Schema, options: DiffOptions) -> SchemaResult<Diff> {
    let mut b = Buckets::default();
    for want in desired.keyspaces.values() {
        match live.keyspaces.get(&want.name) {
            Some(have) => keyspace(&mut b, have, want, options),
            None => {
                let Some(params) = &want.params else {
                    return Err(SchemaError::UnknownKeyspace {
                        keyspace: want.name.clone(),
                    });
                };
                b.keyspaces.push(Change::CreateKeyspace {
                    keyspace: want.name.clone(),
                    params: params.clone(),
                });
                keyspace(
                    &mut b,
                    &KeyspaceDef::new(want.name.clone(), None),
                    want,
                    options,
                );
            }
        }
    }
    Ok(finish(b, options))
}

/// The diff of one live keyspace to a desired one (their names may differ:
/// the statements name the live one).
pub fn diff_keyspace(live: &KeyspaceDef, desired: &KeyspaceDef, options: DiffOptions) -> Diff {
    let mut b = Buckets::default();
    keyspace(&mut b, live, &desired.renamed(live.name.clone()), options);
    finish(b, options)
}

fn finish(b: Buckets, options: DiffOptions) -> Diff {
    let all = [
        b.keyspaces,
        b.types,
        b.tables,
        b.early_drops,
        b.indexes_views,
        b.late_drops,
    ]
    .concat();
    if options.allow_drop {
        return Diff {
            changes: all,
            withheld: Vec::new(),
        };
    }
    let (withheld, changes) = all.into_iter().partition(Change::is_drop);
    Diff { changes, withheld }
}

/// Replication maps equal, class names by their last segment.
pub(crate) fn same_params(a: &KeyspaceParams, b: &KeyspaceParams) -> bool {
    let norm = |p: &KeyspaceParams| -> Vec<(String, String)> {
        p.replication
            .iter()
            .map(|(k, v)| {
                if k == "class" {
                    (k.clone(), class_tail(v))
                } else {
                    (k.clone(), v.clone())
                }
            })
            .collect()
    };
    a.durable_writes == b.durable_writes && norm(a) == norm(b)
}

/// A class name's last segment, `sai` as `StorageAttachedIndex`.
pub(crate) fn class_tail(class: &str) -> String {
    let tail = class.rsplit('.').next().unwrap_or(class);
    if tail.eq_ignore_ascii_case("sai") {
        "StorageAttachedIndex".into()
    } else {
        tail.to_owned()
    }
}

fn keyspace(b: &mut Buckets, have: &KeyspaceDef, want: &KeyspaceDef, options: DiffOptions) {
    if let (Some(h), Some(w)) = (&have.params, &want.params) {
        if !same_params(h, w) {
            b.keyspaces.push(Change::AlterKeyspace {
                keyspace: have.name.clone(),
                params: w.clone(),
            });
        }
    }
    tables::types(b, have, want, options);
    tables::tables(b, have, want);
    tables::indexes(b, have, want, options);
    tables::views(b, have, want, options);
}
