//! The diff of types, tables, indexes and views of one keyspace.

use super::{class_tail, Buckets, Change, DiffOptions};
use crate::model::{
    ColumnDef, ColumnKind, IndexDef, KeyspaceDef, OptionValue, Options, Order, TableDef,
};

fn obj(ks: &KeyspaceDef, name: &str) -> String {
    format!("{}.{name}", ks.name)
}

/// New types, new fields; unsafe field changes; dropped types.
pub(super) fn types(b: &mut Buckets, have: &KeyspaceDef, want: &KeyspaceDef, options: DiffOptions) {
    for t in crate::describe::types_in_order(want) {
        let Some(live) = have.types.get(&t.name) else {
            b.types.push(Change::CreateType {
                keyspace: have.name.clone(),
                def: t.clone(),
            });
            continue;
        };
        for (field, ty) in &t.fields {
            match live.fields.iter().find(|(f, _)| f == field) {
                None => b.types.push(Change::AddField {
                    keyspace: have.name.clone(),
                    type_name: t.name.clone(),
                    field: field.clone(),
                    ty: ty.clone(),
                }),
                Some((_, live_ty)) if live_ty != ty => b.types.push(Change::Unsafe {
                    object: obj(have, &format!("{}.{field}", t.name)),
                    problem: format!("UDT field type changes from {live_ty} to {ty}"),
                    advice: "A field's type cannot change in place: add a field of the new type and move the data to it".into(),
                }),
                Some(_) => {}
            }
        }
        if options.allow_drop {
            for (field, _) in live
                .fields
                .iter()
                .filter(|(f, _)| !t.fields.iter().any(|(g, _)| g == f))
            {
                b.types.push(Change::Unsafe {
                    object: obj(have, &format!("{}.{field}", t.name)),
                    problem: "UDT field is gone from the desired schema".into(),
                    advice: "CQL cannot drop a UDT field: leave it unused, or create a new type"
                        .into(),
                });
            }
        }
    }
    for name in have.types.keys().filter(|n| !want.types.contains_key(*n)) {
        b.late_drops.push(Change::DropType {
            keyspace: have.name.clone(),
            name: name.clone(),
        });
    }
}

/// The key columns (names and types) and the clustering order.
fn key_of(
    columns: &[ColumnDef],
    order: &[Order],
) -> (Vec<(String, String, ColumnKind)>, Vec<Order>) {
    let key = columns
        .iter()
        .filter(|c| matches!(c.kind, ColumnKind::PartitionKey | ColumnKind::Clustering))
        .map(|c| (c.name.clone(), c.ty.to_string(), c.kind))
        .collect();
    (key, order.to_vec())
}

fn key_text(t: &TableDef) -> String {
    let pk = t.partition_key().join(", ");
    let ck: Vec<String> = t
        .clustering()
        .iter()
        .zip(&t.clustering_order)
        .map(|(c, o)| format!("{c} {o}"))
        .collect();
    if ck.is_empty() {
        format!("(({pk}))")
    } else {
        format!("(({pk}), {})", ck.join(", "))
    }
}

/// True if the live value is what the desired one asks for.
fn option_matches(live: Option<&OptionValue>, want: &OptionValue) -> bool {
    match (live, want) {
        (Some(OptionValue::Map(h)), OptionValue::Map(w)) => w.iter().all(|(k, v)| {
            h.get(k).is_some_and(|hv| {
                hv == v
                    || (k.ends_with("class") && class_tail(hv).eq_ignore_ascii_case(&class_tail(v)))
            })
        }),
        (Some(OptionValue::Number(h)), OptionValue::Text(w))
        | (Some(OptionValue::Text(h)), OptionValue::Number(w)) => h == w,
        (Some(h), w) => h == w,
        (None, _) => false,
    }
}

/// The desired options the live ones do not match.
pub(super) fn changed_options(have: &Options, want: &Options) -> Options {
    want.iter()
        .filter(|(k, v)| !option_matches(have.get(*k), v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// New tables; per table new columns, unsafe changes, options; dropped
/// columns and tables.
pub(super) fn tables(b: &mut Buckets, have: &KeyspaceDef, want: &KeyspaceDef) {
    let ks = have.name.clone();
    for t in want.tables.values() {
        let Some(live) = have.tables.get(&t.name) else {
            b.tables.push(Change::CreateTable {
                keyspace: ks.clone(),
                def: t.clone(),
            });
            continue;
        };
        if key_of(&live.columns, &live.clustering_order) != key_of(&t.columns, &t.clustering_order)
        {
            b.tables.push(Change::Unsafe {
                object: obj(have, &t.name),
                problem: format!("primary key changes from {} to {}", key_text(live), key_text(t)),
                advice: "A primary key cannot change: create a new table with the new key, copy the rows \
                         (cqlbridge scan), switch the readers and writers, then drop the old table"
                    .into(),
            });
            continue;
        }
        for c in t
            .columns
            .iter()
            .filter(|c| matches!(c.kind, ColumnKind::Static | ColumnKind::Regular))
        {
            match live.column(&c.name) {
                None => b.tables.push(Change::AddColumn { keyspace: ks.clone(), table: t.name.clone(), column: c.clone() }),
                Some(l) if l.ty != c.ty => b.tables.push(Change::Unsafe {
                    object: obj(have, &format!("{}.{}", t.name, c.name)),
                    problem: format!("column type changes from {} to {}", l.ty, c.ty),
                    advice: "A column's type cannot change in place: add a column of the new type, \
                             backfill it, move the readers, then drop the old column"
                        .into(),
                }),
                Some(l) if l.kind != c.kind => b.tables.push(Change::Unsafe {
                    object: obj(have, &format!("{}.{}", t.name, c.name)),
                    problem: format!("column changes from {:?} to {:?}", l.kind, c.kind).to_lowercase(),
                    advice: "A column cannot become static or stop being static: add a new column and move the data".into(),
                }),
                Some(_) => {}
            }
        }
        let opts = changed_options(&live.options, &t.options);
        if !opts.is_empty() {
            b.tables.push(Change::AlterOptions {
                keyspace: ks.clone(),
                table: t.name.clone(),
                view: false,
                options: opts,
            });
        }
        for c in live.columns.iter().filter(|c| t.column(&c.name).is_none()) {
            b.late_drops.push(Change::DropColumn {
                keyspace: ks.clone(),
                table: t.name.clone(),
                column: c.name.clone(),
            });
        }
    }
    for name in have.tables.keys().filter(|n| !want.tables.contains_key(*n)) {
        b.late_drops.push(Change::DropTable {
            keyspace: ks.clone(),
            name: name.clone(),
        });
    }
}

fn same_index(a: &IndexDef, b: &IndexDef) -> bool {
    let class = |i: &IndexDef| i.class.as_deref().map(class_tail);
    a.table == b.table && a.target == b.target && class(a) == class(b) && a.options == b.options
}

/// A changed index or view: drop and create, or an unsafe note.
fn recreate(
    b: &mut Buckets,
    options: DiffOptions,
    drop: Change,
    create: Change,
    object: String,
    what: &str,
) {
    if options.allow_drop {
        b.early_drops.push(drop);
        b.indexes_views.push(create);
    } else {
        b.indexes_views.push(Change::Unsafe {
            object,
            problem: format!("the {what} differs from the desired one"),
            advice: format!("Drop the {what} and create it again (run the diff with --allow-drop)"),
        });
    }
}

/// New, changed and dropped indexes.
pub(super) fn indexes(
    b: &mut Buckets,
    have: &KeyspaceDef,
    want: &KeyspaceDef,
    options: DiffOptions,
) {
    let ks = have.name.clone();
    for i in want.indexes.values() {
        let create = Change::CreateIndex {
            keyspace: ks.clone(),
            def: i.clone(),
        };
        match have.indexes.get(&i.name) {
            None => b.indexes_views.push(create),
            Some(l) if !same_index(l, i) => {
                let drop = Change::DropIndex {
                    keyspace: ks.clone(),
                    name: i.name.clone(),
                };
                recreate(b, options, drop, create, obj(have, &i.name), "index");
            }
            Some(_) => {}
        }
    }
    for name in have
        .indexes
        .keys()
        .filter(|n| !want.indexes.contains_key(*n))
    {
        b.early_drops.push(Change::DropIndex {
            keyspace: ks.clone(),
            name: name.clone(),
        });
    }
}

/// New, changed and dropped views; changed view options.
pub(super) fn views(b: &mut Buckets, have: &KeyspaceDef, want: &KeyspaceDef, options: DiffOptions) {
    let ks = have.name.clone();
    for v in want.views.values() {
        let create = Change::CreateView {
            keyspace: ks.clone(),
            def: v.clone(),
        };
        let Some(l) = have.views.get(&v.name) else {
            b.indexes_views.push(create);
            continue;
        };
        let shape = |x: &crate::model::ViewDef| {
            (
                x.base_table.clone(),
                x.include_all_columns,
                x.columns.clone(),
                x.clustering_order.clone(),
                x.where_clause.clone(),
            )
        };
        if shape(l) != shape(v) {
            let drop = Change::DropView {
                keyspace: ks.clone(),
                name: v.name.clone(),
            };
            recreate(
                b,
                options,
                drop,
                create,
                obj(have, &v.name),
                "materialized view",
            );
            continue;
        }
        let opts = changed_options(&l.options, &v.options);
        if !opts.is_empty() {
            b.tables.push(Change::AlterOptions {
                keyspace: ks.clone(),
                table: v.name.clone(),
                view: true,
                options: opts,
            });
        }
    }
    for name in have.views.keys().filter(|n| !want.views.contains_key(*n)) {
        b.early_drops.push(Change::DropView {
            keyspace: ks.clone(),
            name: name.clone(),
        });
    }
}
