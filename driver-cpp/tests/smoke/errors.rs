//! Errors: each arrives with its kind and a message a person can act on.

use std::time::Duration;

use cqlbridge_driver_api::{ErrorKind, Statement, Value, Values};
use cqlbridge_driver_cpp::CppError;

use crate::bed;
use crate::common::{ddl, session_with, Keyspace};

#[tokio::test(flavor = "multi_thread")]
async fn server_and_binding_errors_have_their_kinds() {
    let bed = bed!();
    let session = bed.session().await;
    let ks = Keyspace::create(&session, "errors", 1).await;
    let n = &ks.name;
    ddl(
        &session,
        &format!("CREATE TABLE {n}.t (k int PRIMARY KEY, v int)"),
    )
    .await;

    let e = session
        .execute("SELEKT * FROM nowhere", ())
        .await
        .unwrap_err();
    println!("syntax: {e}");
    assert!(e.is_syntax(), "{e}");
    let source = std::error::Error::source(&e)
        .unwrap()
        .downcast_ref::<CppError>()
        .unwrap();
    assert_eq!(source.name(), "SERVER_SYNTAX_ERROR");

    let e = session
        .execute(format!("SELECT * FROM {n}.missing"), ())
        .await
        .unwrap_err();
    println!("unknown table: {e}");
    assert!(e.is_invalid(), "{e}");

    let e = session
        .execute(
            Statement::new(format!("CREATE TABLE {n}.t (k int PRIMARY KEY)"))
                .with_timeout(Duration::from_secs(30)),
            (),
        )
        .await
        .unwrap_err();
    println!("already exists: {e}");
    assert_eq!(
        e.kind(),
        &ErrorKind::AlreadyExists {
            keyspace: n.clone(),
            table: "t".into()
        },
        "{e}"
    );

    let insert = format!("INSERT INTO {n}.t (k, v) VALUES (?, ?)");
    let e = session.execute(insert.as_str(), (1,)).await.unwrap_err();
    println!("wrong count: {e}");
    assert!(e.is_invalid(), "{e}");
    let e = session
        .execute(insert.as_str(), (1, "not a number"))
        .await
        .unwrap_err();
    println!("wrong type: {e}");
    assert!(e.is_type() && e.to_string().contains("`v`"), "{e}");
    let e = session
        .execute(insert.as_str(), (1, 1i64 << 40))
        .await
        .unwrap_err();
    assert!(e.is_type() && e.to_string().contains("`v`"), "{e}");
    let e = session
        .execute(
            insert.as_str(),
            Values::Named(vec![("nope".into(), Value::Int(1))]),
        )
        .await
        .unwrap_err();
    assert!(e.is_invalid() && e.to_string().contains("nope"), "{e}");
    // The session is still usable after all of that.
    session.execute(insert.as_str(), (1, 2)).await.unwrap();

    if let Some((user, password)) = &bed.limited {
        let limited = session_with(&bed.config().credentials(user, password)).await;
        let e = limited
            .execute(format!("SELECT * FROM {n}.t"), ())
            .await
            .unwrap_err();
        println!("unauthorized: {e}");
        assert_eq!(e.kind(), &ErrorKind::Unauthorized, "{e}");
        limited.close().await.unwrap();
    }
    ks.drop_now(&session).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tiny_timeout_is_a_client_timeout_and_the_session_survives() {
    let bed = bed!();
    let session = bed.session().await;
    // A full scan of the schema tables takes well over 1 ms; libcassandra's own timer fires.
    let slow = Statement::new("SELECT * FROM system_schema.columns")
        .with_page_size(cqlbridge_driver_api::PageSize::Unpaged)
        .with_timeout(Duration::from_millis(1));
    let mut timeouts = 0;
    for _ in 0..5 {
        match session.execute(slow.clone(), ()).await {
            Ok(_) => {}
            Err(e) => {
                assert!(e.is_timeout(), "{e}");
                timeouts += 1;
            }
        }
    }
    println!("{timeouts} of 5 timed out");
    assert!(timeouts > 0, "a 1 ms timeout never fired");
    session
        .execute("SELECT key FROM system.local", ())
        .await
        .unwrap();
}
