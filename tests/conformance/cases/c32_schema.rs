//! C32 schema introspection: a type, a table (composite key, clustering
//! order DESC, a static column, nested frozen collections, options), a
//! secondary index, an SAI index and a materialized view, read back from
//! `system_schema` through the case's API (async or blocking). Every
//! backend must describe them as the DDL that made them says (the parsed
//! DDL diffs empty against the live keyspace), so every backend reads the
//! same description; the description's DDL parses back equal. Built
//! without the feature `schema`, the case is unsupported.

#[cfg(not(feature = "schema"))]
use super::prelude::*;

/// C32, without the `schema` feature: unsupported.
#[cfg(not(feature = "schema"))]
pub async fn c32(_ctx: &Ctx) -> CaseResult {
    Err(Failure::Unsupported(
        "built without the `schema` feature (cqlbridge::schema)".into(),
    ))
}

#[cfg(feature = "schema")]
pub use with_schema::c32;

#[cfg(feature = "schema")]
mod with_schema {
    use cqlbridge::schema::{describe_keyspace, diff_keyspace, parse, DiffOptions, KeyspaceDef};

    use super::super::prelude::*;

    /// The DDL, `{ks}` for the case keyspace.
    const DDL: &str = "
CREATE TYPE {ks}.c32_addr (street text, zip int);
CREATE TABLE {ks}.c32_t (p int, k text, c int, s text STATIC, v frozen<map<text, list<int>>>,
    home frozen<c32_addr>, note text, PRIMARY KEY ((p, k), c))
    WITH CLUSTERING ORDER BY (c DESC) AND comment = 'c32' AND gc_grace_seconds = 3600;
CREATE INDEX c32_note ON {ks}.c32_t (note);
CREATE CUSTOM INDEX c32_sai ON {ks}.c32_t (s) USING 'StorageAttachedIndex';
CREATE MATERIALIZED VIEW {ks}.c32_by_c AS SELECT p, k, c, note FROM {ks}.c32_t
    WHERE p IS NOT NULL AND k IS NOT NULL AND c IS NOT NULL PRIMARY KEY ((c), p, k)
";

    /// The case keyspace as the client's API reads it.
    async fn introspect(c: &dyn Client, ks: &str) -> Step<KeyspaceDef> {
        let read = if let Some(session) = c.as_async() {
            use cqlbridge::schema::SessionSchema;
            session.keyspace_schema(ks).await
        } else if let Some(session) = c.as_sync() {
            use cqlbridge::schema::SyncSessionSchema;
            let (session, ks) = (session.clone(), ks.to_owned());
            tokio::task::spawn_blocking(move || session.keyspace_schema(&ks))
                .await
                .map_err(|e| fail(format!("the blocking introspection panicked: {e}")))?
        } else {
            return Err(fail("the client has no session"));
        };
        read.map_err(|e| fail(format!("introspect {ks}: {e}")))
    }

    /// C32.
    pub async fn c32(ctx: &Ctx) -> CaseResult {
        let ddl = DDL.replace("{ks}", &ctx.ks);
        for stmt in ddl.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            ctx.ddl(stmt).await?;
        }
        let c = ctx.client().await?;
        let live = introspect(&*c, &ctx.ks).await?;
        let desired =
            parse(&ddl, "c32.cql", None).map_err(|e| fail(format!("parse the DDL: {e}")))?;
        let want = desired
            .keyspaces
            .get(&ctx.ks)
            .ok_or_else(|| fail("the parsed DDL has no case keyspace"))?;
        let d = diff_keyspace(&live, want, DiffOptions::default());
        ensure!(
            d.is_empty(),
            "the live schema differs from its DDL:\n{}",
            d.script()
        );
        let t = live
            .tables
            .get("c32_t")
            .ok_or_else(|| fail("no table c32_t"))?;
        ensure!(
            t.partition_key() == ["p", "k"] && t.clustering() == ["c"],
            "key {:?} {:?}",
            t.partition_key(),
            t.clustering()
        );
        let described = describe_keyspace(&live);
        let again = parse(&described, "described.cql", None)
            .map_err(|e| fail(format!("the description does not parse: {e}\n{described}")))?;
        ensure!(
            again.keyspaces.get(&ctx.ks) == Some(&live),
            "the description parses back different:\n{described}"
        );
        Ok(format!(
        "{} types, {} tables, {} indexes, {} views read; equal to the DDL; described DDL parses back equal",
        live.types.len(),
        live.tables.len(),
        live.indexes.len(),
        live.views.len()
    ))
    }
}
