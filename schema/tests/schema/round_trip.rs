//! Introspect → describe → create in a fresh keyspace → introspect: an
//! equal description (modulo the keyspace's name); the parsed DDL diffs
//! empty against the live keyspace; the blocking form reads the same.

use cqlbridge_driver_api::BackendKind;
use cqlbridge_schema::{
    diff_keyspace, parse, statements, ColumnKind, DiffOptions, IndexTarget, Order, SessionSchema,
};
use cqlbridge_testbed::ddl;

use crate::support::{keyspace, run_script, session, EVERY_FEATURE};

/// The round trip on `backend`.
pub(crate) async fn round_trip(backend: BackendKind) {
    let session = session(backend).await;
    let a = keyspace(&session, "schema_rt_a").await;
    run_script(&session, &a.name, EVERY_FEATURE).await;
    let live = session.keyspace_schema(&a.name).await.expect("introspect");

    // What was created is what was read.
    let events = &live.tables["events"];
    assert_eq!(events.partition_key(), ["p", "k"]);
    assert_eq!(events.clustering(), ["C", "c2"]);
    assert_eq!(events.clustering_order, [Order::Desc, Order::Asc]);
    assert_eq!(events.column("s").map(|c| c.kind), Some(ColumnKind::Static));
    assert_eq!(
        events.column("v").map(|c| c.ty.to_string()).as_deref(),
        Some("frozen<map<text, frozen<list<int>>>>")
    );
    assert_eq!(
        events.column("vec").map(|c| c.ty.to_string()).as_deref(),
        Some("vector<float, 3>")
    );
    assert_eq!(live.types["person"].fields[1].1.to_string(), "frozen<addr>");
    assert_eq!(
        live.indexes["events_tags_idx"].target,
        IndexTarget::Values("tags".into())
    );
    assert_eq!(
        live.indexes["plain_keys"].target,
        IndexTarget::Keys("m".into())
    );
    assert_eq!(
        live.indexes["events_vec"].class.as_deref(),
        Some("StorageAttachedIndex")
    );
    assert_eq!(live.indexes["events_note"].class, None);
    assert_eq!(live.views["by_c"].base_table, "events");
    assert!(live.params.as_ref().is_some_and(|p| p.durable_writes));

    // The DDL it came from, parsed, is what is live: no change.
    let parsed = parse(
        &EVERY_FEATURE.replace("{ks}", &a.name),
        "every_feature.cql",
        None,
    )
    .expect("parse the DDL");
    let d = diff_keyspace(
        &live,
        &parsed.keyspaces[&a.name],
        DiffOptions { allow_drop: true },
    );
    assert!(
        d.is_empty(),
        "the parsed DDL differs from the live schema:\n{}",
        d.script()
    );

    // Describe, create under another name, introspect again.
    let b_name = cqlbridge_testbed::Keyspace::unique_name("schema_rt_b");
    for stmt in statements(&live.renamed(b_name.clone())) {
        ddl(&session, &stmt)
            .await
            .unwrap_or_else(|e| panic!("{stmt}\n: {e}"));
    }
    let again = session
        .keyspace_schema(&b_name)
        .await
        .expect("introspect the copy");
    let described = cqlbridge_schema::describe_keyspace(&live);
    assert_eq!(
        again.renamed(a.name.clone()),
        live,
        "the copy differs; the DDL was:\n{described}"
    );

    ddl(&session, &format!("DROP KEYSPACE {b_name}"))
        .await
        .expect("drop the copy");
    a.drop_with(&session).await.expect("drop");
}

/// The blocking form reads what the async one does.
pub(crate) fn blocking_equals_async(backend: BackendKind) {
    use cqlbridge_schema::SyncSessionSchema;
    let config = crate::support::config(backend);
    let sync = cqlbridge_sync_bridge::SyncSession::connect_with(config, move |_| async move {
        Ok(session(backend).await)
    })
    .expect("connect blocking");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let asynchronous = rt.block_on(session(backend));
    let ks = rt.block_on(keyspace(&asynchronous, "schema_sync"));
    rt.block_on(run_script(&asynchronous, &ks.name, EVERY_FEATURE));
    let blocking =
        SyncSessionSchema::keyspace_schema(&sync, &ks.name).expect("blocking introspect");
    let awaited = rt
        .block_on(asynchronous.keyspace_schema(&ks.name))
        .expect("introspect");
    assert_eq!(blocking, awaited);
    let all = SyncSessionSchema::schema(&sync).expect("every keyspace");
    assert!(all.keyspaces.contains_key(&ks.name));
    assert!(all.keyspaces.keys().all(|k| !k.starts_with("system")));
    let missing = SyncSessionSchema::keyspace_schema(&sync, "cqlb_no_such_keyspace");
    assert!(
        matches!(
            missing,
            Err(cqlbridge_schema::SchemaError::UnknownKeyspace { .. })
        ),
        "{missing:?}"
    );
    rt.block_on(ks.drop_with(&asynchronous)).expect("drop");
}
