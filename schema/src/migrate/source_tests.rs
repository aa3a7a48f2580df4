//! Unit tests of migration files: sections, lines, checksums, bad files.

use super::*;

fn texts(s: Option<&[ScriptStatement]>) -> Vec<(usize, &str)> {
    s.unwrap_or(&[])
        .iter()
        .map(|s| (s.line, s.text.as_str()))
        .collect()
}

#[test]
fn up_and_down_sections_keep_their_lines() {
    let text = "-- a header\n-- +up\nCREATE TABLE t (a int PRIMARY KEY);\n\
                INSERT INTO t (a) VALUES (1);\n--  +DOWN  \nDROP TABLE t;\n";
    let m = Migration::cql("20240101_001_t", text).unwrap();
    assert_eq!(
        texts(m.up_statements()),
        vec![
            (3, "CREATE TABLE t (a int PRIMARY KEY)"),
            (4, "INSERT INTO t (a) VALUES (1)")
        ]
    );
    assert_eq!(texts(m.down_statements()), vec![(6, "DROP TABLE t")]);
    assert!(m.has_down());
    assert_eq!(m.up_len(), 2);
    assert_eq!(m.checksum(), sha256_hex(text.as_bytes()));
    assert_eq!(m.checksum().len(), 64);
}

#[test]
fn without_down_it_cannot_roll_back_and_an_empty_down_can() {
    let m = Migration::cql("20240101_001_t", "-- +up\nSELECT 1;").unwrap();
    assert!(!m.has_down());
    let m = Migration::cql("20240101_001_t", "-- +up\nSELECT 1;\n-- +down\n").unwrap();
    assert!(m.has_down());
    assert_eq!(m.down_statements().map(<[_]>::len), Some(0));
}

#[test]
fn any_edit_changes_the_checksum() {
    let a = Migration::cql("20240101_001_t", "-- +up\nSELECT 1;").unwrap();
    let b = Migration::cql("20240101_001_t", "-- +up\nSELECT 1; ").unwrap();
    assert_ne!(a.checksum(), b.checksum());
}

#[test]
fn bad_files_name_their_line() {
    let cases: [(&str, Option<usize>); 7] = [
        ("SELECT 1;", None),
        ("SELECT 1;\n-- +up\nSELECT 2;", None),
        ("-- +down\n-- +up\nSELECT 1;", Some(1)),
        ("-- +up\nSELECT 1;\n-- +up\nSELECT 2;", Some(3)),
        ("-- +up\nSELECT 1;\n-- +down\n-- +down", Some(4)),
        ("-- +up\n-- nothing\n-- +down\nSELECT 1;", Some(1)),
        ("-- +up\nSELECT 1;\nSELECT 'open;", Some(3)),
    ];
    for (text, line) in cases {
        match Migration::cql("20240101_001_t", text) {
            Err(MigrateError::BadFile { line: l, .. }) => assert_eq!(l, line, "{text:?}"),
            other => panic!("{text:?}: {other:?}"),
        }
    }
}

#[test]
fn a_folder_loads_sorted_and_refuses_bad_names() {
    let dir = std::env::temp_dir().join(format!("cqlb-migrate-unit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("20240102_001_b.cql"), "-- +up\nSELECT 2;").unwrap();
    std::fs::write(dir.join("20240101_001_a.cql"), "-- +up\nSELECT 1;").unwrap();
    std::fs::write(dir.join("notes.txt"), "not a migration").unwrap();
    let names: Vec<String> = load_dir(&dir)
        .unwrap()
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    assert_eq!(names, ["20240101_001_a", "20240102_001_b"]);
    std::fs::write(dir.join("2024_bad.cql"), "-- +up\nSELECT 3;").unwrap();
    assert!(matches!(
        load_dir(&dir),
        Err(MigrateError::BadName { ref name, .. }) if name == "2024_bad"
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn code_migrations_check_their_name() {
    let ok = Migration::code("20240101_001_code", |_ctx| async { Ok(()) }).unwrap();
    assert!(ok.is_code() && !ok.has_down() && ok.up_len() == 1);
    assert!(ok.with_down(|_ctx| async { Ok(()) }).has_down());
    assert!(matches!(
        Migration::code("backfill", |_ctx| async { Ok(()) }),
        Err(MigrateError::BadName { .. })
    ));
}
