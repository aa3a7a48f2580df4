//! A file changed after it was applied is refused (and nothing runs); a
//! rollback that reaches a migration without `down` fails before running
//! any `down`; a rollback with `down` removes its records.

use cqlbridge_driver_api::{BackendKind, Statement};
use cqlbridge_schema::migrate::{MigrateError, MigrationState};

use super::support::{
    builder, drop_keyspace, folder, keyspace, records, session, status, summary, write,
};

pub(crate) async fn tampered_file_is_refused(backend: BackendKind) {
    let s = session(backend).await;
    let ks = keyspace(&s, "mig_tamper").await;
    let dir = folder("tamper", backend);
    write(
        &dir,
        "20240101_001_a",
        &format!("-- +up\nCREATE TABLE {ks}.a (id int PRIMARY KEY);\n"),
    );
    builder(&dir, &ks)
        .build()
        .unwrap()
        .apply(&s)
        .await
        .expect("apply");

    write(
        &dir,
        "20240101_001_a",
        &format!("-- +up\nCREATE TABLE {ks}.a (id int PRIMARY KEY, x int);\n"),
    );
    write(
        &dir,
        "20240101_002_b",
        &format!("-- +up\nCREATE TABLE {ks}.b (id int PRIMARY KEY);\n"),
    );
    let migrator = builder(&dir, &ks).build().unwrap();
    match migrator.apply(&s).await {
        Err(MigrateError::ChecksumMismatch {
            name,
            recorded,
            found,
        }) => {
            assert_eq!(name, "20240101_001_a");
            assert_ne!(recorded, found);
        }
        other => panic!("expected a checksum mismatch: {other:?}"),
    }
    assert!(matches!(
        migrator.dry_run(&s).await,
        Err(MigrateError::ChecksumMismatch { .. })
    ));
    assert!(matches!(
        status(&migrator, &s).await.entries[0].state,
        MigrationState::Changed { .. }
    ));
    let b = s
        .execute(
            Statement::new("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = 'b'"),
            (ks.as_str(),),
        )
        .await
        .unwrap();
    assert!(b.rows().is_empty(), "nothing ran after the refusal");
    assert_eq!(summary(&records(&migrator, &s).await).len(), 1);
    drop_keyspace(&s, &ks).await;
}

pub(crate) async fn rollback_needs_down(backend: BackendKind) {
    let s = session(backend).await;
    let ks = keyspace(&s, "mig_rollback").await;
    let dir = folder("rollback", backend);
    write(
        &dir,
        "20240101_001_keep",
        &format!("-- +up\nCREATE TABLE {ks}.keep (id int PRIMARY KEY);\n"),
    );
    write(
        &dir,
        "20240101_002_a",
        &format!(
            "-- +up\nCREATE TABLE {ks}.a (id int PRIMARY KEY);\n-- +down\nDROP TABLE {ks}.a;\n"
        ),
    );
    let migrator = builder(&dir, &ks).build().unwrap();
    migrator.apply(&s).await.expect("apply");

    let report = migrator.rollback(&s, 1).await.expect("rollback with down");
    assert_eq!(report.rolled_back, ["20240101_002_a"]);
    assert_eq!(report.statements, 1);
    assert_eq!(
        summary(&records(&migrator, &s).await),
        vec![("20240101_001_keep".to_string(), 1, 1, true)]
    );
    let a = s
        .execute(Statement::new(format!("SELECT * FROM {ks}.a")), ())
        .await;
    assert!(a.is_err(), "the down section dropped the table");

    migrator.apply(&s).await.expect("apply again");
    match migrator.rollback(&s, 2).await {
        Err(MigrateError::NoDown { name }) => assert_eq!(name, "20240101_001_keep"),
        other => panic!("expected NoDown: {other:?}"),
    }
    assert_eq!(
        records(&migrator, &s).await.len(),
        2,
        "no down ran before the refusal"
    );
    drop_keyspace(&s, &ks).await;
}
