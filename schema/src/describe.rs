//! CQL DDL from a description: `CREATE KEYSPACE`, then the types (each
//! after the types it uses), the tables, the indexes and the views, each a
//! statement Cassandra accepts.

use crate::ident::{qualified, quote, string_literal};
use crate::model::{
    ColumnDef, ColumnKind, IndexDef, KeyspaceDef, KeyspaceParams, Options, Order, Schema, TableDef,
    TypeDef, ViewDef,
};

/// Every keyspace of `schema` as one CQL script.
pub fn describe(schema: &Schema) -> String {
    schema
        .keyspaces
        .values()
        .map(describe_keyspace)
        .collect::<Vec<_>>()
        .join("\n")
}

/// One keyspace as a CQL script (statements ending in `;`, one per line
/// group).
pub fn describe_keyspace(ks: &KeyspaceDef) -> String {
    statements(ks)
        .into_iter()
        .map(|s| format!("{s};\n"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One keyspace as separate statements (without `;`), in an order that
/// creates it: keyspace, types, tables, indexes, views.
pub fn statements(ks: &KeyspaceDef) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(params) = &ks.params {
        out.push(create_keyspace(&ks.name, params));
    }
    for t in types_in_order(ks) {
        out.push(create_type(&ks.name, t));
    }
    out.extend(ks.tables.values().map(|t| create_table(&ks.name, t)));
    out.extend(ks.indexes.values().map(|i| create_index(&ks.name, i)));
    out.extend(ks.views.values().map(|v| create_view(&ks.name, v)));
    out
}

/// `CREATE KEYSPACE`.
pub fn create_keyspace(name: &str, params: &KeyspaceParams) -> String {
    format!(
        "CREATE KEYSPACE {} WITH replication = {} AND durable_writes = {}",
        quote(name),
        crate::model::OptionValue::Map(params.replication.clone()),
        params.durable_writes
    )
}

/// The types, each after every type it uses (then by name).
pub fn types_in_order(ks: &KeyspaceDef) -> Vec<&TypeDef> {
    let mut done: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    while out.len() < ks.types.len() {
        let before = out.len();
        for t in ks.types.values() {
            if done.contains(&t.name.as_str()) {
                continue;
            }
            let ready = t
                .fields
                .iter()
                .flat_map(|(_, ty)| ty.udts())
                .all(|u| u == t.name || done.contains(&u) || !ks.types.contains_key(u));
            if ready {
                done.push(&t.name);
                out.push(t);
            }
        }
        if out.len() == before {
            // A cycle (Cassandra refuses one anyway): the rest by name.
            out.extend(
                ks.types
                    .values()
                    .filter(|t| !done.contains(&t.name.as_str())),
            );
            break;
        }
    }
    out
}

/// `CREATE TYPE`.
pub fn create_type(ks: &str, t: &TypeDef) -> String {
    let fields: Vec<String> = t
        .fields
        .iter()
        .map(|(n, ty)| format!("    {} {ty}", quote(n)))
        .collect();
    format!(
        "CREATE TYPE {} (\n{}\n)",
        qualified(ks, &t.name),
        fields.join(",\n")
    )
}

/// A column's definition line.
pub fn column_definition(c: &ColumnDef) -> String {
    let s = if c.kind == ColumnKind::Static {
        " static"
    } else {
        ""
    };
    format!("{} {}{s}", quote(&c.name), c.ty)
}

/// `PRIMARY KEY ((pk…), ck…)`.
fn primary_key(columns: &[ColumnDef]) -> String {
    let names = |kind| -> Vec<String> {
        columns
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| quote(&c.name))
            .collect()
    };
    let mut parts = vec![format!("({})", names(ColumnKind::PartitionKey).join(", "))];
    parts.extend(names(ColumnKind::Clustering));
    format!("PRIMARY KEY ({})", parts.join(", "))
}

/// `WITH CLUSTERING ORDER BY (…) AND opt = v …`, or nothing.
fn with_clause(columns: &[ColumnDef], order: &[Order], options: &Options) -> String {
    let mut props = Vec::new();
    let ck: Vec<&ColumnDef> = columns
        .iter()
        .filter(|c| c.kind == ColumnKind::Clustering)
        .collect();
    if !ck.is_empty() {
        let items: Vec<String> = ck
            .iter()
            .zip(order.iter().chain(std::iter::repeat(&Order::Asc)))
            .map(|(c, o)| format!("{} {o}", quote(&c.name)))
            .collect();
        props.push(format!("CLUSTERING ORDER BY ({})", items.join(", ")));
    }
    props.extend(options.iter().map(|(k, v)| format!("{} = {v}", quote(k))));
    if props.is_empty() {
        String::new()
    } else {
        format!("\nWITH {}", props.join("\n    AND "))
    }
}

/// `CREATE TABLE`.
pub fn create_table(ks: &str, t: &TableDef) -> String {
    let mut lines: Vec<String> = t
        .columns
        .iter()
        .map(|c| format!("    {}", column_definition(c)))
        .collect();
    lines.push(format!("    {}", primary_key(&t.columns)));
    format!(
        "CREATE TABLE {} (\n{}\n){}",
        qualified(ks, &t.name),
        lines.join(",\n"),
        with_clause(&t.columns, &t.clustering_order, &t.options)
    )
}

/// `CREATE [CUSTOM] INDEX`.
pub fn create_index(ks: &str, i: &IndexDef) -> String {
    let mut s = format!(
        "CREATE {}INDEX {} ON {} ({})",
        if i.class.is_some() { "CUSTOM " } else { "" },
        quote(&i.name),
        qualified(ks, &i.table),
        i.target
    );
    if let Some(class) = &i.class {
        s.push_str(&format!(" USING {}", string_literal(class)));
    }
    if !i.options.is_empty() {
        s.push_str(&format!(
            " WITH OPTIONS = {}",
            crate::model::OptionValue::Map(i.options.clone())
        ));
    }
    s
}

/// `CREATE MATERIALIZED VIEW`.
pub fn create_view(ks: &str, v: &ViewDef) -> String {
    let select = if v.include_all_columns {
        "*".to_owned()
    } else {
        v.columns
            .iter()
            .map(|c| quote(&c.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "CREATE MATERIALIZED VIEW {} AS\n    SELECT {select} FROM {}\n    WHERE {}\n    {}{}",
        qualified(ks, &v.name),
        qualified(ks, &v.base_table),
        v.where_clause,
        primary_key(&v.columns),
        with_clause(&v.columns, &v.clustering_order, &v.options)
    )
}
