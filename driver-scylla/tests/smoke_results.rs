//! Smoke: paging and resume from bytes, consistency reaching the server,
//! LWT, schema-change / set-keyspace / void results, batches, and errors.

mod common;

use cqlbridge_driver_api::{
    Batch, BatchKind, Consistency, ErrorKind, PageSize, PagingState, QueryResult, Statement, Value,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_1000_rows_by_100_and_resume_from_bytes_in_a_new_driver() {
    let Some(bed) = bed_or_skip!() else { return };
    let s = bed.session().await;
    let ks = common::keyspace(&s, "scy_paging", 1).await;
    s.execute(
        format!("CREATE TABLE {ks}.p (pk int, ck int, v text, PRIMARY KEY (pk, ck))"),
        (),
    )
    .await
    .unwrap();
    let ins = s
        .prepare(&format!("INSERT INTO {ks}.p (pk, ck, v) VALUES (0, ?, ?)"))
        .await
        .unwrap();
    for i in 0..1000 {
        s.execute(&ins, (i, format!("v{i}"))).await.unwrap();
    }
    let q = Statement::new(format!("SELECT ck FROM {ks}.p WHERE pk = 0"))
        .with_page_size(PageSize::Rows(100));
    let mut state = None;
    let mut seen = Vec::new();
    let mut pages = 0;
    let mut saved: Option<Vec<u8>> = None;
    loop {
        let page = s.page(q.clone(), (), state.take()).await.unwrap();
        assert!(page.rows.len() <= 100);
        pages += 1;
        seen.extend(page.rows.iter().map(|r| r.get::<i32>(0).unwrap()));
        if pages == 3 {
            saved = page.paging_state.as_ref().map(|p| p.to_bytes().to_vec());
        }
        match page.paging_state {
            Some(next) => state = Some(next),
            None => break,
        }
    }
    println!("pages: {pages}, rows: {}", seen.len());
    assert_eq!(seen, (0..1000).collect::<Vec<_>>());
    assert!((10..=11).contains(&pages), "{pages}");
    // Resume from saved bytes in a brand-new driver and session.
    let fresh = bed.session().await;
    let state = PagingState::from_bytes(saved.expect("a state after page 3")).unwrap();
    let page = fresh.page(q.clone(), (), Some(state)).await.unwrap();
    let first: i32 = page.rows[0].get(0).unwrap();
    println!("resumed at ck = {first}");
    assert_eq!(first, 300);
    // Prepared statements page the same way.
    let p = fresh
        .prepare(&format!("SELECT ck FROM {ks}.p WHERE pk = 0"))
        .await
        .unwrap()
        .with_page_size(PageSize::Rows(100));
    let page = fresh.page(&p, (), None).await.unwrap();
    assert_eq!(page.rows.len(), 100);
    assert!(page.has_more());
    let unpaged = Statement::new(format!("SELECT ck FROM {ks}.p WHERE pk = 0"))
        .with_page_size(PageSize::Unpaged);
    let all = fresh.execute(unpaged, ()).await.unwrap();
    assert_eq!(all.rows().len(), 1000);
    assert!(!all.page().unwrap().has_more());
    fresh.close().await.unwrap();
    common::drop_keyspace(&s, &ks).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consistency_reaches_the_server() {
    let Some(bed) = bed_or_skip!() else { return };
    let s = bed.session().await;
    // More replicas than nodes: QUORUM needs more than are alive.
    let rf = 2 * bed.nodes + 1;
    let ks = common::keyspace(&s, "scy_cl", rf).await;
    s.execute(
        format!("CREATE TABLE {ks}.t (k int PRIMARY KEY, v int)"),
        (),
    )
    .await
    .unwrap();
    let ins = format!("INSERT INTO {ks}.t (k, v) VALUES (?, ?)");
    s.execute(
        Statement::new(ins.clone()).with_consistency(Consistency::One),
        (1, 1),
    )
    .await
    .unwrap();
    let e = s
        .execute(
            Statement::new(ins.clone()).with_consistency(Consistency::Quorum),
            (1, 1),
        )
        .await
        .unwrap_err();
    println!("QUORUM with RF {rf} on {} node(s): {e}", bed.nodes);
    match e.kind() {
        ErrorKind::Unavailable {
            consistency,
            required,
            alive,
        } => {
            assert_eq!(*consistency, Consistency::Quorum);
            assert_eq!(*required as usize, rf / 2 + 1);
            assert_eq!(*alive as usize, bed.nodes);
        }
        other => panic!("{other:?}"),
    }
    let p = s.prepare(&ins).await.unwrap();
    let e = s
        .execute(p.clone().with_consistency(Consistency::All), (2, 2))
        .await
        .unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::Unavailable {
                consistency: Consistency::All,
                ..
            }
        ),
        "{e}"
    );
    let b = Batch::new(BatchKind::Logged)
        .add(&p, (3, 3))
        .with_consistency(Consistency::Quorum);
    let e = s.batch(&b).await.unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::Unavailable {
                consistency: Consistency::Quorum,
                ..
            }
        ),
        "{e}"
    );
    common::drop_keyspace(&s, &ks).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lwt_schema_change_set_keyspace_void_and_batch() {
    let Some(bed) = bed_or_skip!() else { return };
    let s = bed.session().await;
    let ks = common::unique("scy_results");
    let r = s
        .execute(
            format!(
                "CREATE KEYSPACE {ks} WITH replication = \
                 {{'class': 'SimpleStrategy', 'replication_factor': 1}}"
            ),
            (),
        )
        .await
        .unwrap();
    println!("create keyspace: {r:?}");
    assert!(
        matches!(&r, QueryResult::SchemaChange(c) if c.target == "KEYSPACE" && c.keyspace == ks && c.change == "CREATED")
    );
    let r = s
        .execute(
            format!("CREATE TABLE {ks}.t (k int PRIMARY KEY, v int)"),
            (),
        )
        .await
        .unwrap();
    println!("create table: {r:?}");
    assert!(
        matches!(&r, QueryResult::SchemaChange(c) if c.target == "TABLE" && c.keyspace == ks && c.name == "t")
    );
    // A guarded DDL that changes nothing is void, as the server answers.
    let r = s
        .execute(
            format!("CREATE TABLE IF NOT EXISTS {ks}.t (k int PRIMARY KEY, v int)"),
            (),
        )
        .await
        .unwrap();
    assert_eq!(r, QueryResult::Void);
    let r = s
        .execute(format!("DROP TABLE IF EXISTS {ks}.nope"), ())
        .await
        .unwrap();
    assert_eq!(r, QueryResult::Void);
    let r = s
        .execute(format!("CREATE TYPE IF NOT EXISTS {ks}.ty (a int)"), ())
        .await
        .unwrap();
    assert!(
        matches!(&r, QueryResult::SchemaChange(c) if c.target == "TYPE" && c.name == "ty"),
        "{r:?}"
    );
    let r = s.execute(format!("USE {ks}"), ()).await.unwrap();
    assert_eq!(r, QueryResult::SetKeyspace(ks.clone()));
    let r = s
        .execute("INSERT INTO t (k, v) VALUES (1, 1)", ())
        .await
        .unwrap();
    assert_eq!(r, QueryResult::Void);
    let r = s
        .execute("INSERT INTO t (k, v) VALUES (2, 2) IF NOT EXISTS", ())
        .await
        .unwrap();
    assert_eq!(r.applied(), Some(true));
    let r = s
        .execute("INSERT INTO t (k, v) VALUES (2, 9) IF NOT EXISTS", ())
        .await
        .unwrap();
    assert_eq!(r.applied(), Some(false));
    assert_eq!(r.first_row().unwrap().get::<i32>("v").unwrap(), 2);
    let r = s
        .execute("UPDATE t SET v = 3 WHERE k = 2 IF v = ?", (2,))
        .await
        .unwrap();
    assert_eq!(r.applied(), Some(true));
    let r = s
        .execute("UPDATE t SET v = 4 WHERE k = 2 IF v = ?", (2,))
        .await
        .unwrap();
    assert_eq!(r.applied(), Some(false));
    let e = s
        .execute(format!("CREATE TABLE {ks}.t (k int PRIMARY KEY)"), ())
        .await
        .unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::AlreadyExists {
            keyspace: ks.clone(),
            table: "t".into()
        }
    );
    let b = Batch::new(BatchKind::Unlogged)
        .add("INSERT INTO t (k, v) VALUES (10, 10)", ())
        .add("INSERT INTO t (k, v) VALUES (?, ?)", (11, 11i64))
        .add(
            s.prepare("INSERT INTO t (k, v) VALUES (?, ?)")
                .await
                .unwrap(),
            (12, 12),
        );
    assert_eq!(s.batch(&b).await.unwrap(), QueryResult::Void);
    let r = s
        .execute("SELECT k FROM t WHERE k IN (10, 11, 12)", ())
        .await
        .unwrap();
    assert_eq!(r.rows().len(), 3);
    let bad = Batch::new(BatchKind::Logged).add(
        "INSERT INTO t (k, v) VALUES (?, ?)",
        (13, Value::Text("x".into())),
    );
    let e = s.batch(&bad).await.unwrap_err();
    assert!(
        e.is_type() && e.to_string().contains("batch statement 0"),
        "{e}"
    );
    let r = s.execute(format!("DROP KEYSPACE {ks}"), ()).await.unwrap();
    assert!(matches!(&r, QueryResult::SchemaChange(c) if c.change == "DROPPED"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_map_to_kinds() {
    let Some(bed) = bed_or_skip!() else { return };
    let s = bed.session().await;
    let e = s.execute("SELEC nothing", ()).await.unwrap_err();
    println!("syntax: {e}");
    assert!(e.is_syntax(), "{e:?}");
    let e = s
        .execute("SELECT * FROM system.no_such_table", ())
        .await
        .unwrap_err();
    println!("unknown table: {e}");
    assert!(e.is_invalid(), "{e:?}");
    let e = s
        .execute("SELECT * FROM system.local WHERE key = ?", (1, 2))
        .await
        .unwrap_err();
    println!("wrong bind count: {e}");
    assert!(e.is_invalid() || e.is_type(), "{e:?}");
    let e = s
        .execute("SELECT * FROM system.local WHERE key = ?", (1,))
        .await
        .unwrap_err();
    println!("wrong bind type: {e}");
    assert!(e.is_type() && e.to_string().contains("key"), "{e:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prepared_rows_share_the_prepared_columns_until_the_table_changes() {
    let Some(bed) = bed_or_skip!() else { return };
    let s = bed.session().await;
    let ks = common::keyspace(&s, "scy_cols", 1).await;
    s.execute(
        format!("CREATE TABLE {ks}.t (k int PRIMARY KEY, v text)"),
        (),
    )
    .await
    .unwrap();
    s.execute(format!("INSERT INTO {ks}.t (k, v) VALUES (1, 'a')"), ())
        .await
        .unwrap();
    let sel = s
        .prepare(&format!("SELECT * FROM {ks}.t WHERE k = ?"))
        .await
        .unwrap();
    let first = s.execute(&sel, (1,)).await.unwrap().into_page();
    let second = s.execute(&sel, (1,)).await.unwrap().into_page();
    // One list of column specs for every reply, the one prepare returned.
    assert!(std::sync::Arc::ptr_eq(&first.columns, &second.columns));
    assert_eq!(&first.columns[..], sel.result_columns());
    assert!(std::ptr::eq(
        first.columns.as_ptr(),
        first.rows[0].columns().as_ptr()
    ));
    assert_eq!(first.rows[0].get::<String>("v").unwrap(), "a");

    // After ALTER the reply has another column: rows get specs of their own.
    s.execute(format!("ALTER TABLE {ks}.t ADD w int"), ())
        .await
        .unwrap();
    let after = s.execute(&sel, (1,)).await.unwrap().into_page();
    let names: Vec<&str> = after.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["k", "v", "w"]);
    assert!(!std::sync::Arc::ptr_eq(&after.columns, &first.columns));
    assert_eq!(after.rows[0].get::<Option<i32>>("w").unwrap(), None);
    assert_eq!(after.rows[0].get::<String>("v").unwrap(), "a");
    common::drop_keyspace(&s, &ks).await;
}
