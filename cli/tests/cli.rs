//! The `cqlbridge` binary end to end: spawned as a process with piped
//! (non-terminal) streams against the test bed, on both backends, its
//! output and exit codes checked (`scan` in scan/mod.rs). Without a test
//! bed these tests fail.

mod scan;
mod support;

use support::{for_each_backend, run, run_bare, Keyspace};

/// A table of three rows, one with a comma, quotes, a newline and an escape in its text.
fn seed(bed: &cqlbridge_testbed::TestBed, backend: &str, ks: &str) {
    let script = format!(
        "-- the table; and its rows\n\
         CREATE TABLE {ks}.people (id int PRIMARY KEY, name text, tags list<text>);\n\
         INSERT INTO {ks}.people (id, name, tags) VALUES (1, 'ann', ['a', 'b']);\n\
         INSERT INTO {ks}.people (id, name) VALUES (2, 'bo, \"the\" one;\n\u{1b}[31m');\n\
         BEGIN BATCH\n\
         INSERT INTO {ks}.people (id, name) VALUES (3, 'cy');\n\
         APPLY BATCH;\n"
    );
    let out = run(bed, backend, &["exec", "-f", "-"], &script);
    out.expect_code(0).expect_no_control_characters();
    assert_eq!(out.stderr.trim(), "4 statements", "{}", out.stderr);
}

#[test]
fn query_prints_a_table_json_lines_and_csv() {
    for_each_backend("query", |bed, backend| {
        let ks = Keyspace::create(bed, backend, "query");
        seed(bed, backend, &ks.name);
        let cql = format!(
            "SELECT id, name, tags FROM {}.people WHERE id IN (1, 2, 3)",
            ks.name
        );

        let json = run(bed, backend, &["query", &cql, "--format", "json"], "");
        json.expect_code(0).expect_no_control_characters();
        assert_eq!(
            json.stdout,
            "{\"id\":1,\"name\":\"ann\",\"tags\":[\"a\",\"b\"]}\n\
             {\"id\":2,\"name\":\"bo, \\\"the\\\" one;\\n\\u001b[31m\",\"tags\":null}\n\
             {\"id\":3,\"name\":\"cy\",\"tags\":null}\n"
        );

        let csv = run(bed, backend, &["query", &cql, "--format", "csv"], "");
        csv.expect_code(0);
        assert_eq!(
            csv.stdout,
            "id,name,tags\n1,ann,\"[\"\"a\"\",\"\"b\"\"]\"\n\
             2,\"bo, \"\"the\"\" one;\n\u{1b}[31m\",\n3,cy,\n"
        );

        let table = run(bed, backend, &["query", &cql], "");
        table.expect_code(0).expect_no_control_characters();
        let lines: Vec<&str> = table.stdout.lines().collect();
        assert_eq!(lines.len(), 6, "{}", table.stdout);
        assert_eq!(
            lines[0].split('|').map(str::trim).collect::<Vec<_>>(),
            ["id", "name", "tags"]
        );
        assert!(
            lines[3].contains(r#"bo, "the" one;\n\u{1b}[31m"#),
            "{}",
            table.stdout
        );
        assert_eq!(lines[5], "(3 rows)");
    });
}

#[test]
fn a_bad_query_exits_1_with_the_server_error() {
    for_each_backend("bad_query", |bed, backend| {
        let ks = Keyspace::create(bed, backend, "bad_query");
        let syntax = run(bed, backend, &["query", "SELEC nothing"], "");
        syntax.expect_code(1).expect_no_control_characters();
        assert!(syntax.stdout.is_empty(), "{}", syntax.stdout);
        assert!(syntax.stderr.contains("syntax error"), "{}", syntax.stderr);

        let missing = format!("SELECT * FROM {}.no_such_table", ks.name);
        let out = run(bed, backend, &["query", &missing, "--format", "json"], "");
        out.expect_code(1).expect_no_control_characters();
        assert!(out.stderr.contains("no_such_table"), "{}", out.stderr);
    });
}

#[test]
fn exec_stops_at_the_first_error_and_names_its_line() {
    for_each_backend("exec", |bed, backend| {
        let ks = Keyspace::create(bed, backend, "exec");
        let k = &ks.name;
        let script = format!(
            "CREATE TABLE {k}.t (id int PRIMARY KEY);\n\
             INSERT INTO {k}.t (id) VALUES (1);\n\
             /* a comment;\n spanning lines */\n\
             INSERT INTO {k}.t (id, nope) VALUES (2, 2);\n\
             INSERT INTO {k}.t (id) VALUES (3);\n"
        );
        let file = std::env::temp_dir().join(format!("{k}.cql"));
        std::fs::write(&file, script).expect("write the script");
        let path = file.to_str().expect("a UTF-8 path");
        let out = run(bed, backend, &["exec", "-f", path], "");
        let _ = std::fs::remove_file(&file);
        out.expect_code(1).expect_no_control_characters();
        assert!(
            out.stderr.contains(&format!("{path}: line 5:")),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("nope"), "{}", out.stderr);

        let ids = run(
            bed,
            backend,
            &["query", &format!("SELECT id FROM {k}.t"), "--format", "csv"],
            "",
        );
        ids.expect_code(0);
        assert_eq!(
            ids.stdout, "id\n1\n",
            "the statements before the error ran, none after"
        );
    });
}

#[test]
fn usage_and_configuration_errors_exit_2() {
    let bed = support::bed();
    for backend in support::BACKENDS {
        let missing = run(&bed, backend, &["exec", "-f", "/nonexistent/x.cql"], "");
        missing.expect_code(2).expect_no_control_characters();
        assert!(
            missing.stderr.contains("cannot read /nonexistent/x.cql"),
            "{}",
            missing.stderr
        );

        let unclosed = run(
            &bed,
            backend,
            &["exec", "-f", "-"],
            "SELECT 1 FROM system.local;\nSELECT 'x",
        );
        unclosed.expect_code(2);
        assert!(
            unclosed.stderr.contains("line 2: unclosed quote"),
            "{}",
            unclosed.stderr
        );

        run(&bed, backend, &["query", "x", "--format", "xml"], "")
            .expect_code(2)
            .expect_no_control_characters();
        run(&bed, backend, &["query", "  "], "").expect_code(2);
    }
    let url = run_bare(&["--url", "http://x", "query", "SELECT 1"]);
    url.expect_code(2).expect_no_control_characters();
    assert!(url.stderr.contains("configuration error"), "{}", url.stderr);
    run_bare(&["--backend", "oracle", "query", "x"]).expect_code(2);
}

#[test]
fn help_lists_examples_and_exit_codes_without_colour() {
    let help = run_bare(&["--help"]);
    help.expect_code(0).expect_no_control_characters();
    for want in [
        "Examples:",
        "cqlbridge exec -f",
        "Exit codes:",
        "2  usage",
        "--backend",
    ] {
        assert!(
            help.stdout.contains(want),
            "no {want:?} in:\n{}",
            help.stdout
        );
    }
}
