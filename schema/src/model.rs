//! The backend-neutral description of a schema: [`Schema`] → [`KeyspaceDef`]
//! → tables, user-defined types, indexes and materialized views.
//!
//! Every collection is ordered (by name, or by key position), so two
//! descriptions of the same schema are equal (`==`) however they were made:
//! introspected from either backend or parsed from CQL.

use std::collections::BTreeMap;
use std::fmt;

use crate::types::CqlType;

/// Every keyspace described, by name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Schema {
    /// The keyspaces, by name.
    pub keyspaces: BTreeMap<String, KeyspaceDef>,
}

/// A keyspace's replication and durability.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyspaceParams {
    /// The replication map (`class` and its options), as the server lists it.
    pub replication: BTreeMap<String, String>,
    /// `durable_writes`.
    pub durable_writes: bool,
}

/// One keyspace and everything in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyspaceDef {
    /// Its name (case kept).
    pub name: String,
    /// Replication and durability; `None` in a parsed file that names the
    /// keyspace's objects without creating it.
    pub params: Option<KeyspaceParams>,
    /// User-defined types, by name.
    pub types: BTreeMap<String, TypeDef>,
    /// Tables, by name.
    pub tables: BTreeMap<String, TableDef>,
    /// Secondary indexes (of every table), by name.
    pub indexes: BTreeMap<String, IndexDef>,
    /// Materialized views, by name.
    pub views: BTreeMap<String, ViewDef>,
}

impl KeyspaceDef {
    /// An empty keyspace called `name`.
    pub fn new(name: impl Into<String>, params: Option<KeyspaceParams>) -> Self {
        KeyspaceDef {
            name: name.into(),
            params,
            types: BTreeMap::new(),
            tables: BTreeMap::new(),
            indexes: BTreeMap::new(),
            views: BTreeMap::new(),
        }
    }

    /// The same keyspace under another name (UDT references are
    /// unqualified, so nothing else changes).
    pub fn renamed(&self, name: impl Into<String>) -> Self {
        KeyspaceDef {
            name: name.into(),
            ..self.clone()
        }
    }
}

/// A user-defined type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeDef {
    /// Its name.
    pub name: String,
    /// Its fields, in declaration order.
    pub fields: Vec<(String, CqlType)>,
}

/// Where a column sits in its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ColumnKind {
    /// Part of the partition key.
    PartitionKey,
    /// A clustering column.
    Clustering,
    /// A static column.
    Static,
    /// A regular column.
    Regular,
}

/// A clustering column's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Order {
    /// `ASC` (the default).
    Asc,
    /// `DESC`.
    Desc,
}

impl fmt::Display for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Order::Asc => "ASC",
            Order::Desc => "DESC",
        })
    }
}

/// One column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnDef {
    /// Its name (case kept).
    pub name: String,
    /// Its type, canonical ([`CqlType::canonical`]).
    pub ty: CqlType,
    /// Key, clustering, static or regular.
    pub kind: ColumnKind,
}

/// A table option's value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum OptionValue {
    /// A string (`comment = '…'`).
    Text(String),
    /// A number, in shortest form (`0.1`, `864000`, `1`).
    Number(String),
    /// `true` / `false`.
    Bool(bool),
    /// A map of strings (`compaction = {…}`).
    Map(BTreeMap<String, String>),
}

impl OptionValue {
    /// A number literal in its shortest form (`1.0` → `1`).
    pub fn number(text: &str) -> OptionValue {
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => OptionValue::Number(format!("{v}")),
            _ => OptionValue::Number(text.to_owned()),
        }
    }
}

impl fmt::Display for OptionValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::ident::string_literal as lit;
        match self {
            OptionValue::Text(s) => f.write_str(&lit(s)),
            OptionValue::Number(n) => f.write_str(n),
            OptionValue::Bool(b) => write!(f, "{b}"),
            OptionValue::Map(m) => {
                let items: Vec<String> = m
                    .iter()
                    .map(|(k, v)| format!("{}: {}", lit(k), lit(v)))
                    .collect();
                write!(f, "{{{}}}", items.join(", "))
            }
        }
    }
}

/// Table (or view) options other than the clustering order, by name.
pub type Options = BTreeMap<String, OptionValue>;

/// A table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDef {
    /// Its name.
    pub name: String,
    /// Every column: the partition key in key order, the clustering columns
    /// in key order, then the other columns by name.
    pub columns: Vec<ColumnDef>,
    /// The clustering order of each clustering column, in key order.
    pub clustering_order: Vec<Order>,
    /// Its options (a parsed file holds only those it sets).
    pub options: Options,
}

impl TableDef {
    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The partition key's column names, in order.
    pub fn partition_key(&self) -> Vec<&str> {
        self.names(ColumnKind::PartitionKey)
    }

    /// The clustering columns' names, in order.
    pub fn clustering(&self) -> Vec<&str> {
        self.names(ColumnKind::Clustering)
    }

    fn names(&self, kind: ColumnKind) -> Vec<&str> {
        self.columns
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.name.as_str())
            .collect()
    }
}

/// What an index indexes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IndexTarget {
    /// A column's value (a frozen collection or UDT as a whole is `Full`).
    Column(String),
    /// `KEYS(m)`: a map's keys.
    Keys(String),
    /// `VALUES(c)`: a collection's values.
    Values(String),
    /// `ENTRIES(m)`: a map's entries.
    Entries(String),
    /// `FULL(c)`: a frozen collection as a whole.
    Full(String),
}

impl IndexTarget {
    /// The column indexed.
    pub fn column(&self) -> &str {
        match self {
            IndexTarget::Column(c)
            | IndexTarget::Keys(c)
            | IndexTarget::Values(c)
            | IndexTarget::Entries(c)
            | IndexTarget::Full(c) => c,
        }
    }
}

impl fmt::Display for IndexTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = crate::ident::quote(self.column());
        match self {
            IndexTarget::Column(_) => f.write_str(&q),
            IndexTarget::Keys(_) => write!(f, "keys({q})"),
            IndexTarget::Values(_) => write!(f, "values({q})"),
            IndexTarget::Entries(_) => write!(f, "entries({q})"),
            IndexTarget::Full(_) => write!(f, "full({q})"),
        }
    }
}

/// A secondary index (built-in, custom or SAI).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexDef {
    /// Its name.
    pub name: String,
    /// The table it indexes.
    pub table: String,
    /// What it indexes.
    pub target: IndexTarget,
    /// The class of a custom index (`StorageAttachedIndex`, `sai`, a full
    /// class name); `None` for a built-in secondary index.
    pub class: Option<String>,
    /// Its `WITH OPTIONS` (without `target` and `class_name`).
    pub options: BTreeMap<String, String>,
}

/// A materialized view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewDef {
    /// Its name.
    pub name: String,
    /// The base table.
    pub base_table: String,
    /// `SELECT *`.
    pub include_all_columns: bool,
    /// Its columns, ordered as [`TableDef::columns`] (types from the base).
    pub columns: Vec<ColumnDef>,
    /// The clustering order of each clustering column, in key order.
    pub clustering_order: Vec<Order>,
    /// The `WHERE` clause, normalised (see [`crate::parse::normalize_where`]).
    pub where_clause: String,
    /// Its options (a parsed file holds only those it sets).
    pub options: Options,
}

impl ViewDef {
    /// The view's columns as a table's (for the key accessors).
    pub fn as_table(&self) -> TableDef {
        TableDef {
            name: self.name.clone(),
            columns: self.columns.clone(),
            clustering_order: self.clustering_order.clone(),
            options: self.options.clone(),
        }
    }
}
