//! A run stopped by a failing statement resumes at the next statement (the
//! statements done are not run again: counters prove it); the dry run
//! executes nothing; `apply_to` stops at its target; schema agreement.

use std::time::Duration;

use cqlbridge_driver_api::{BackendKind, Statement};
use cqlbridge_schema::migrate::{MigrateError, MigrationState};

use super::support::{
    builder, drop_keyspace, folder, hits, keyspace, records, session, status, summary, write,
};

pub(crate) async fn schema_agreement_is_reached(backend: BackendKind) {
    let s = session(backend).await;
    s.await_schema_agreement(Duration::from_secs(30))
        .await
        .expect("a one-node cluster agrees");
    // One read happens even with no time left; one node always agrees.
    s.await_schema_agreement(Duration::ZERO)
        .await
        .expect("agreement read once");
}

/// The three files of the resume test.
fn files(dir: &std::path::Path, ks: &str) {
    write(
        dir,
        "20240101_001_hits",
        &format!(
            "-- +up\nCREATE TABLE {ks}.hits (id int PRIMARY KEY, n counter);\n\
             -- +down\nDROP TABLE {ks}.hits;\n"
        ),
    );
    write(
        dir,
        "20240101_002_bump",
        &format!(
            "-- +up\nUPDATE {ks}.hits SET n = n + 1 WHERE id = 1;\n\
             INSERT INTO {ks}.later (id) VALUES (1);\n\
             UPDATE {ks}.hits SET n = n + 1 WHERE id = 2;\n"
        ),
    );
    write(
        dir,
        "20240102_001_after",
        &format!("-- +up\nCREATE TABLE {ks}.after (id int PRIMARY KEY);\n"),
    );
}

pub(crate) async fn failed_statement_resumes_at_the_next(backend: BackendKind) {
    let s = session(backend).await;
    let ks = keyspace(&s, "mig_resume").await;
    let dir = folder("resume", backend);
    files(&dir, &ks);
    let migrator = builder(&dir, &ks).build().expect("migrator");

    match migrator.apply(&s).await {
        Err(MigrateError::Statement {
            name, index, line, ..
        }) => {
            assert_eq!((name.as_str(), index, line), ("20240101_002_bump", 2, 3));
        }
        other => panic!("expected the second statement to fail: {other:?}"),
    }
    assert_eq!(
        summary(&records(&migrator, &s).await),
        vec![
            ("20240101_001_hits".to_string(), 1, 1, true),
            ("20240101_002_bump".to_string(), 1, 3, false),
        ],
        "the state table says exactly what was applied"
    );
    assert_eq!(hits(&s, &ks, 1).await, 1);
    let st = status(&migrator, &s).await;
    assert_eq!(
        st.entries[1].state,
        MigrationState::Partial { done: 1, total: 3 }
    );
    assert_eq!(st.entries[2].state, MigrationState::Pending);

    // What the failed statement needed, then the rerun.
    cqlbridge_testbed::ddl(&s, &format!("CREATE TABLE {ks}.later (id int PRIMARY KEY)"))
        .await
        .expect("create later");
    let report = migrator
        .apply(&s)
        .await
        .expect("the rerun applies the rest");
    assert_eq!(report.resumed, Some(("20240101_002_bump".to_string(), 1)));
    assert_eq!(report.applied, ["20240101_002_bump", "20240102_001_after"]);
    assert_eq!(report.statements, 3);
    assert_eq!(hits(&s, &ks, 1).await, 1, "statement 1 was not run again");
    assert_eq!(hits(&s, &ks, 2).await, 1);
    let later = s
        .execute(Statement::new(format!("SELECT id FROM {ks}.later")), ())
        .await
        .expect("read later");
    assert_eq!(later.rows().len(), 1);
    assert!(summary(&records(&migrator, &s).await)
        .iter()
        .all(|(_, done, total, complete)| done == total && *complete));

    let again = migrator.apply(&s).await.expect("nothing left");
    assert!(
        again.applied.is_empty() && again.statements == 0,
        "{again:?}"
    );
    drop_keyspace(&s, &ks).await;
}

pub(crate) async fn dry_run_executes_nothing(backend: BackendKind) {
    let s = session(backend).await;
    let ks = keyspace(&s, "mig_dry").await;
    let dir = folder("dry", backend);
    write(
        &dir,
        "20240101_001_a",
        &format!("-- +up\nCREATE TABLE {ks}.a (id int PRIMARY KEY);\nINSERT INTO {ks}.a (id) VALUES (1);\n"),
    );
    write(
        &dir,
        "20240101_002_b",
        &format!("-- +up\nCREATE TABLE {ks}.b (id int PRIMARY KEY);\n"),
    );
    let migrator = builder(&dir, &ks).build().expect("migrator");

    let plan = migrator.dry_run(&s).await.expect("dry run");
    let steps: Vec<(&str, usize, usize)> = plan
        .steps
        .iter()
        .map(|p| (p.name.as_str(), p.from, p.statements.len()))
        .collect();
    assert_eq!(steps, [("20240101_001_a", 0, 2), ("20240101_002_b", 0, 1)]);
    assert_eq!(
        plan.steps[0].statements[0],
        format!("CREATE TABLE {ks}.a (id int PRIMARY KEY)")
    );
    let tables = s
        .execute(
            Statement::new("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?"),
            (ks.as_str(),),
        )
        .await
        .expect("tables");
    assert!(
        tables.rows().is_empty(),
        "the dry run created no table, not even the state table"
    );

    let report = migrator
        .apply_to(&s, "20240101_001_a")
        .await
        .expect("apply_to");
    assert_eq!(report.applied, ["20240101_001_a"]);
    let plan = migrator.dry_run(&s).await.expect("dry run");
    assert_eq!(plan.steps.len(), 1);
    assert_eq!(plan.steps[0].name, "20240101_002_b");
    assert!(matches!(
        migrator.apply_to(&s, "20240101_009_nope").await,
        Err(MigrateError::UnknownTarget { .. })
    ));
    drop_keyspace(&s, &ks).await;
}
