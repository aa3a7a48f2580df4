//! [`build`]: the rows of `system_schema` as a [`Schema`].

use std::collections::BTreeMap;

use cqlbridge_driver_api::{FromValue, Row, Value};

use super::Raw;
use crate::error::{SchemaError, SchemaResult};
use crate::model::{
    ColumnDef, ColumnKind, IndexDef, IndexTarget, KeyspaceDef, KeyspaceParams, OptionValue,
    Options, Order, Schema, TableDef, TypeDef, ViewDef,
};
use crate::parse::lexer::{tokenize, Tok};
use crate::parse::normalize_where;
use crate::types::CqlType;

/// Columns of `system_schema.tables` / `views` that are not options.
const NOT_OPTIONS: &[&str] = &[
    "keyspace_name",
    "table_name",
    "view_name",
    "id",
    "flags",
    "base_table_id",
    "base_table_name",
    "include_all_columns",
    "where_clause",
    // Gone since Cassandra 4.0, still listed (0.0), refused in DDL.
    "dclocal_read_repair_chance",
    "read_repair_chance",
];

fn get<T: FromValue>(row: &Row, table: &str, col: &str) -> SchemaResult<T> {
    row.get(col)
        .map_err(|e| SchemaError::malformed(format!("system_schema.{table}.{col}"), e.to_string()))
}

/// One column of a table or view, with its position for the key order.
struct RawColumn {
    def: ColumnDef,
    position: i32,
    order: Order,
}

/// The rows as a schema. Every keyspace row becomes a [`KeyspaceDef`].
pub fn build(raw: &Raw) -> SchemaResult<Schema> {
    let mut schema = Schema::default();
    for row in &raw.keyspaces {
        let name: String = get(row, "keyspaces", "keyspace_name")?;
        let params = KeyspaceParams {
            replication: get(row, "keyspaces", "replication")?,
            durable_writes: get::<Option<bool>>(row, "keyspaces", "durable_writes")?
                .unwrap_or(true),
        };
        schema
            .keyspaces
            .insert(name.clone(), KeyspaceDef::new(name, Some(params)));
    }
    let mut columns: BTreeMap<(String, String), Vec<RawColumn>> = BTreeMap::new();
    for row in &raw.columns {
        let ks: String = get(row, "columns", "keyspace_name")?;
        let table: String = get(row, "columns", "table_name")?;
        let name: String = get(row, "columns", "column_name")?;
        let kind = match get::<String>(row, "columns", "kind")?.as_str() {
            "partition_key" => ColumnKind::PartitionKey,
            "clustering" => ColumnKind::Clustering,
            "static" => ColumnKind::Static,
            "regular" => ColumnKind::Regular,
            other => {
                return Err(SchemaError::malformed(
                    format!("system_schema.columns {ks}.{table}.{name}"),
                    format!("unknown kind {other}"),
                ))
            }
        };
        let ty_text: String = get(row, "columns", "type")?;
        let ty = CqlType::parse(&ty_text).map_err(|e| {
            SchemaError::malformed(format!("the type of {ks}.{table}.{name}"), e.to_string())
        })?;
        let order = match get::<Option<String>>(row, "columns", "clustering_order")?.as_deref() {
            Some("desc") => Order::Desc,
            _ => Order::Asc,
        };
        let position = get::<Option<i32>>(row, "columns", "position")?.unwrap_or(-1);
        columns.entry((ks, table)).or_default().push(RawColumn {
            def: ColumnDef { name, ty, kind },
            position,
            order,
        });
    }
    for row in &raw.types {
        let ks: String = get(row, "types", "keyspace_name")?;
        let name: String = get(row, "types", "type_name")?;
        let names: Vec<String> = get(row, "types", "field_names")?;
        let types: Vec<String> = get(row, "types", "field_types")?;
        let mut fields = Vec::new();
        for (f, t) in names.into_iter().zip(types) {
            let ty = CqlType::parse(&t).map_err(|e| {
                SchemaError::malformed(format!("the type of field {ks}.{name}.{f}"), e.to_string())
            })?;
            fields.push((f, ty));
        }
        keyspace(&mut schema, &ks)?
            .types
            .insert(name.clone(), TypeDef { name, fields });
    }
    for row in &raw.tables {
        let ks: String = get(row, "tables", "keyspace_name")?;
        let name: String = get(row, "tables", "table_name")?;
        let cols = columns
            .remove(&(ks.clone(), name.clone()))
            .unwrap_or_default();
        let (columns, clustering_order) = key_ordered(cols);
        let table = TableDef {
            name: name.clone(),
            columns,
            clustering_order,
            options: options(row)?,
        };
        keyspace(&mut schema, &ks)?.tables.insert(name, table);
    }
    for row in &raw.views {
        let ks: String = get(row, "views", "keyspace_name")?;
        let name: String = get(row, "views", "view_name")?;
        let cols = columns
            .remove(&(ks.clone(), name.clone()))
            .unwrap_or_default();
        let (columns, clustering_order) = key_ordered(cols);
        let where_text: String = get(row, "views", "where_clause")?;
        let where_clause = normalize_where(&where_text).map_err(|e| {
            SchemaError::malformed(
                format!("the WHERE clause of view {ks}.{name}"),
                e.to_string(),
            )
        })?;
        let view = ViewDef {
            name: name.clone(),
            base_table: get(row, "views", "base_table_name")?,
            include_all_columns: get::<Option<bool>>(row, "views", "include_all_columns")?
                .unwrap_or(false),
            columns,
            clustering_order,
            where_clause,
            options: options(row)?,
        };
        keyspace(&mut schema, &ks)?.views.insert(name, view);
    }
    for row in &raw.indexes {
        let ks: String = get(row, "indexes", "keyspace_name")?;
        let index = index(row)?;
        keyspace(&mut schema, &ks)?
            .indexes
            .insert(index.name.clone(), index);
    }
    Ok(schema)
}

fn keyspace<'a>(schema: &'a mut Schema, ks: &str) -> SchemaResult<&'a mut KeyspaceDef> {
    schema.keyspaces.get_mut(ks).ok_or_else(|| {
        SchemaError::malformed(
            format!("keyspace {ks}"),
            "objects listed for a keyspace that is not",
        )
    })
}

/// The columns in key order then by name, and the clustering order.
fn key_ordered(mut cols: Vec<RawColumn>) -> (Vec<ColumnDef>, Vec<Order>) {
    cols.sort_by(|a, b| {
        let rank = |c: &RawColumn| match c.def.kind {
            ColumnKind::PartitionKey => 0,
            ColumnKind::Clustering => 1,
            _ => 2,
        };
        let key = |c: &RawColumn| if rank(c) < 2 { c.position } else { 0 };
        (rank(a), key(a), &a.def.name).cmp(&(rank(b), key(b), &b.def.name))
    });
    let order = cols
        .iter()
        .filter(|c| c.def.kind == ColumnKind::Clustering)
        .map(|c| c.order)
        .collect();
    (cols.into_iter().map(|c| c.def).collect(), order)
}

/// A table's or view's options: every other non-null column of its row.
fn options(row: &Row) -> SchemaResult<Options> {
    let mut out = Options::new();
    for (spec, value) in row.columns().iter().zip(row.values()) {
        if NOT_OPTIONS.contains(&spec.name.as_str()) {
            continue;
        }
        let v = match value {
            Value::Null => continue,
            Value::Text(s) | Value::Ascii(s) => OptionValue::Text(s.clone()),
            Value::Boolean(b) => OptionValue::Bool(*b),
            Value::Int(n) => OptionValue::number(&n.to_string()),
            Value::BigInt(n) => OptionValue::number(&n.to_string()),
            Value::Double(n) => OptionValue::number(&n.to_string()),
            Value::Float(n) => OptionValue::number(&n.to_string()),
            Value::Map(entries) if entries.is_empty() => continue,
            Value::Map(_) => OptionValue::Map(FromValue::from_value(value).map_err(|e| {
                SchemaError::malformed(format!("option {}", spec.name), e.to_string())
            })?),
            _ => continue,
        };
        out.insert(spec.name.clone(), v);
    }
    Ok(out)
}

/// An index row as an [`IndexDef`].
fn index(row: &Row) -> SchemaResult<IndexDef> {
    let name: String = get(row, "indexes", "index_name")?;
    let table: String = get(row, "indexes", "table_name")?;
    let kind: String = get(row, "indexes", "kind")?;
    let mut options: BTreeMap<String, String> = get(row, "indexes", "options")?;
    let what = || format!("the target of index {name}");
    let target_text = options
        .remove("target")
        .ok_or_else(|| SchemaError::malformed(what(), "no target"))?;
    let class = options.remove("class_name");
    let class = if kind == "CUSTOM" { class } else { None };
    Ok(IndexDef {
        name: name.clone(),
        table,
        target: target(&target_text).map_err(|d| SchemaError::malformed(what(), d))?,
        class,
        options,
    })
}

/// `col`, `"Col"`, `keys(col)`, `values(col)`, `entries(col)`, `full(col)`.
fn target(text: &str) -> Result<IndexTarget, String> {
    let toks: Vec<Tok> = tokenize(text, "<target>")
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|t| t.tok)
        .collect();
    let ident = |t: &Tok| match t {
        // The server writes the column as CQL: unquoted is lowercase already.
        Tok::Word(w) => Some(w.clone()),
        Tok::Quoted(q) => Some(q.clone()),
        _ => None,
    };
    match toks.as_slice() {
        [t] => ident(t).map(IndexTarget::Column),
        [Tok::Word(f), Tok::Symbol("("), t, Tok::Symbol(")")] => {
            let col = ident(t);
            match f.to_ascii_lowercase().as_str() {
                "keys" => col.map(IndexTarget::Keys),
                "values" => col.map(IndexTarget::Values),
                "entries" => col.map(IndexTarget::Entries),
                "full" => col.map(IndexTarget::Full),
                _ => None,
            }
        }
        _ => None,
    }
    .ok_or_else(|| format!("unreadable target {text:?}"))
}
