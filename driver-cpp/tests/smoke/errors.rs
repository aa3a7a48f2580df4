//! Errors keep libcassandra's code as their source; `AlreadyExists` names the
//! keyspace and table, which libcassandra gives only as text; a role without
//! permissions is `Unauthorized`.

use cqlbridge_driver_api::{BackendKind, ErrorKind};
use cqlbridge_driver_cpp::CppError;
use cqlbridge_testbed::{ddl, Keyspace, TestBed};

use crate::common::{session, session_with};

#[tokio::test(flavor = "multi_thread")]
async fn errors_keep_libcassandras_code_and_name_what_they_are_about() {
    let Some(bed) = TestBed::for_test() else {
        return;
    };
    let session = session(&bed).await;
    let ks = Keyspace::create(&session, "errors", 1).await.unwrap();
    let n = &ks.name;
    let create = format!("CREATE TABLE {n}.t (k int PRIMARY KEY, v int)");
    ddl(&session, &create).await.unwrap();

    let e = session
        .execute("SELEKT * FROM nowhere", ())
        .await
        .unwrap_err();
    let source = std::error::Error::source(&e)
        .and_then(|s| s.downcast_ref::<CppError>())
        .unwrap_or_else(|| panic!("the source of {e:?} is not a CppError"));
    assert_eq!(source.name(), "SERVER_SYNTAX_ERROR");

    let e = ddl(&session, &create).await.unwrap_err();
    println!("already exists: {e}");
    let table = ErrorKind::AlreadyExists {
        keyspace: n.clone(),
        table: "t".into(),
    };
    assert_eq!(e.kind(), &table, "{e}");

    let limited = bed
        .limited_config(BackendKind::Cpp)
        .unwrap_or_else(|e| panic!("{e}"));
    let limited = session_with(&limited).await;
    let e = limited
        .execute(format!("SELECT * FROM {n}.t"), ())
        .await
        .unwrap_err();
    println!("unauthorized: {e}");
    assert_eq!(e.kind(), &ErrorKind::Unauthorized, "{e}");
    limited.close().await.unwrap();
    ks.drop_with(&session).await.unwrap();
}
