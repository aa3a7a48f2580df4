//! C25 schema idempotency: `CREATE … IF NOT EXISTS` for a keyspace, a
//! table, a type and an index, each run twice through the client under
//! test. The first creates (a `SchemaChange` of the right target where the
//! backend reports result kinds); the second succeeds and changes nothing:
//! the object's rows in `system_schema` are the same before and after it,
//! also when the table is re-declared with other columns. The second
//! returns no `SchemaChange` for a keyspace, table or type. For an index it
//! may: both backends infer DDL results from the statement text (their
//! client libraries hide them) and probe `IF NOT EXISTS` only for
//! keyspaces, tables, views and types (`backend::schema_inference`,
//! "Limits"), so there the schema rows are the proof. Without `IF NOT EXISTS` the same
//! statement fails with its kind: `AlreadyExists` naming the keyspace (and
//! table) for keyspaces and tables, `Invalid` for types and indexes. The
//! index serves a query; `DROP … IF EXISTS` run twice succeeds both times.

use super::prelude::*;
use crate::support::keyspace::DDL_TIMEOUT;

/// A DDL statement with the suite's DDL bound.
fn ddl(cql: &str) -> Query {
    Query::from(Statement::new(cql).with_timeout(DDL_TIMEOUT))
}

/// One object created twice.
struct Object {
    /// `CREATE … IF NOT EXISTS …`.
    create: String,
    /// What a first `SchemaChange` names as its target.
    target: &'static str,
    /// Whether the second run may read as a `SchemaChange` (an unprobed no-op).
    second_may_report: bool,
    /// A `system_schema` query (bound to the keyspace) that reads the object.
    schema: String,
    /// The same CREATE without `IF NOT EXISTS`, and its error's check.
    plain: String,
    refused_as: fn(&ErrorKind, &str) -> bool,
    /// What `refused_as` accepts, for the failure message.
    refused_name: &'static str,
}

/// The object's `system_schema` rows, as values.
async fn snapshot(c: &dyn Client, o: &Object, ks: &str) -> Step<Vec<Vec<Value>>> {
    let r = c
        .execute(q(o.schema.as_str()), vals((ks,)))
        .await
        .ctx(format!("`{}`", o.schema))?;
    Ok(r.rows().iter().map(|row| row.values().to_vec()).collect())
}

/// Creates `o` twice, then refuses the plain CREATE.
async fn twice(c: &dyn Client, o: &Object, ks: &str, kinds: bool) -> Step {
    let first = c
        .execute(ddl(&o.create), Values::Empty)
        .await
        .ctx(format!("first `{}`", o.create))?;
    if kinds {
        ensure!(
            matches!(&first, QueryResult::SchemaChange(s) if s.target == o.target && s.keyspace == ks),
            "first `{}`: got {first:?}, expected a SchemaChange of a {} in {ks}",
            o.create,
            o.target
        );
    }
    let before = snapshot(c, o, ks).await?;
    ensure!(
        !before.is_empty(),
        "after `{}` system_schema has no row of it",
        o.create
    );
    let second = c
        .execute(ddl(&o.create), Values::Empty)
        .await
        .ctx(format!("second `{}` (it exists now)", o.create))?;
    ensure!(
        o.second_may_report || !matches!(second, QueryResult::SchemaChange(_)),
        "second `{}` reported a schema change: {second:?}",
        o.create
    );
    let after = snapshot(c, o, ks).await?;
    ensure!(
        after == before,
        "second `{}` changed system_schema: {before:?} → {after:?}",
        o.create
    );
    let e = expect_err(c.execute(ddl(&o.plain), Values::Empty).await, &o.plain)?;
    ensure!(
        (o.refused_as)(e.kind(), ks),
        "`{}` (it exists): expected {}, got {}",
        o.plain,
        o.refused_name,
        show(&e)
    );
    Ok(())
}

/// The four objects, in creation order.
fn objects(ks: &str) -> Vec<Object> {
    let replication = "{'class': 'SimpleStrategy', 'replication_factor': 1}";
    let table = format!("{ks}.items (k int PRIMARY KEY, v text)");
    vec![
        Object {
            create: format!("CREATE KEYSPACE IF NOT EXISTS {ks} WITH replication = {replication}"),
            target: "KEYSPACE",
            second_may_report: false,
            schema:
                "SELECT keyspace_name, durable_writes, replication FROM system_schema.keyspaces \
                     WHERE keyspace_name = ?"
                    .into(),
            plain: format!("CREATE KEYSPACE {ks} WITH replication = {replication}"),
            refused_as: |k, ks| matches!(k, ErrorKind::AlreadyExists { keyspace, table } if keyspace == ks && table.is_empty()),
            refused_name: "AlreadyExists naming the keyspace",
        },
        Object {
            create: format!("CREATE TABLE IF NOT EXISTS {table}"),
            target: "TABLE",
            second_may_report: false,
            schema: "SELECT column_name, kind, type FROM system_schema.columns \
                     WHERE keyspace_name = ? AND table_name = 'items'"
                .into(),
            plain: format!("CREATE TABLE {table}"),
            refused_as: |k, ks| matches!(k, ErrorKind::AlreadyExists { keyspace, table } if keyspace == ks && table == "items"),
            refused_name: "AlreadyExists naming the keyspace and table",
        },
        Object {
            create: format!("CREATE TYPE IF NOT EXISTS {ks}.point (x int, y int)"),
            target: "TYPE",
            second_may_report: false,
            schema: "SELECT field_names, field_types FROM system_schema.types \
                     WHERE keyspace_name = ? AND type_name = 'point'"
                .into(),
            plain: format!("CREATE TYPE {ks}.point (x int, y int)"),
            refused_as: |k, _| matches!(k, ErrorKind::Invalid),
            refused_name: "Invalid",
        },
        Object {
            create: format!("CREATE INDEX IF NOT EXISTS items_by_v ON {ks}.items (v)"),
            target: "TABLE",
            second_may_report: true,
            schema: "SELECT index_name, kind, options FROM system_schema.indexes \
                     WHERE keyspace_name = ? AND table_name = 'items'"
                .into(),
            plain: format!("CREATE INDEX items_by_v ON {ks}.items (v)"),
            refused_as: |k, _| matches!(k, ErrorKind::Invalid),
            refused_name: "Invalid",
        },
    ]
}

/// C25.
pub async fn c25(ctx: &Ctx) -> CaseResult {
    let kinds = ctx.caps().await?.reason(Feature::ResultKinds).is_none();
    // Made (and registered for dropping) by the runner's admin session,
    // then dropped, so the client under test creates it from nothing.
    let ks = ctx.keyspace_rf("idem", 1).await?;
    ctx.ddl(&format!("DROP KEYSPACE {ks}")).await?;
    let c = ctx.client().await?;
    let objects = objects(&ks);
    for o in &objects {
        twice(&*c, o, &ks, kinds).await?;
    }

    let table = &objects[1];
    let before = snapshot(&*c, table, &ks).await?;
    c.execute(
        ddl(&format!(
            "CREATE TABLE IF NOT EXISTS {ks}.items (k int PRIMARY KEY, other int)"
        )),
        Values::Empty,
    )
    .await
    .ctx("CREATE TABLE IF NOT EXISTS with other columns")?;
    let after = snapshot(&*c, table, &ks).await?;
    ensure!(
        after == before,
        "re-declaring the table with other columns changed it: {before:?} → {after:?}"
    );

    let ins = format!("INSERT INTO {ks}.items (k, v) VALUES (?, ?)");
    for (k, v) in [(1, "red"), (2, "blue"), (3, "red")] {
        c.execute(q(ins.as_str()), vals((k, v)))
            .await
            .ctx("insert")?;
    }
    let r = c
        .execute(
            q(format!("SELECT k FROM {ks}.items WHERE v = ?")),
            vals(("red",)),
        )
        .await
        .ctx("query by the index")?;
    let mut red: Vec<i32> = r.map_rows(|row| row.get(0))?;
    red.sort_unstable();
    ensure!(red == [1, 3], "the index found keys {red:?} for v = 'red'");

    for cql in [
        format!("DROP INDEX IF EXISTS {ks}.items_by_v"),
        format!("DROP TABLE IF EXISTS {ks}.items"),
        format!("DROP TYPE IF EXISTS {ks}.point"),
        format!("DROP KEYSPACE IF EXISTS {ks}"),
    ] {
        for round in ["first", "second"] {
            c.execute(ddl(&cql), Values::Empty)
                .await
                .ctx(format!("{round} `{cql}`"))?;
        }
    }
    Ok(format!(
        "CREATE … IF NOT EXISTS twice for keyspace, table, type and index: created{}, then no error and \
         system_schema unchanged (also for a table re-declared with other columns); plain CREATE → \
         AlreadyExists (keyspace, table) / Invalid (type, index); the index served a query; DROP … IF EXISTS twice",
        if kinds { " (SchemaChange)" } else { "" }
    ))
}
