//! Bad input: an unknown keyspace, table or column, a rate of 0, a shard
//! out of range, an unreadable checkpoint, a checkpoint of another table,
//! ring, range count or shard: each its typed error, before any range is
//! read (no range request made) and with no checkpoint file touched.

use cqlbridge_driver_api::{BackendKind, Session};
use cqlbridge_scan::{scan, Checkpoint, ScanError, ScanOptions};

use crate::support::counting::Counting;
use crate::support::fixture::{keys_of, Fixture};
use crate::support::{checkpoint_path, config, driver, session};

/// The error of a scan that must not start.
async fn refused(session: &Session, ks: &str, t: &str, options: ScanOptions) -> ScanError {
    match scan(session, ks, t, options).await {
        Ok(s) => panic!("the scan started: {s:?}"),
        Err(e) => e,
    }
}

/// The check, on `backend`.
pub(crate) async fn bad_input_fails_before_any_work(backend: BackendKind) {
    let admin = session(backend).await;
    let fx = Fixture::create(&admin, &format!("scan_bad_{backend}"), 10, 1).await;
    let other = fx.other_table(&admin).await;
    let config = config(backend);
    let counting = Counting::new(driver(&config).await);
    let s = Session::with_config(counting.clone(), &config);
    let (ks, t) = (fx.keyspace.name.as_str(), fx.table.as_str());

    let e = refused(&s, "no_such_keyspace", t, ScanOptions::new()).await;
    assert!(
        matches!(&e, ScanError::UnknownKeyspace { keyspace } if keyspace == "no_such_keyspace"),
        "{e}"
    );
    let e = refused(&s, ks, "no_such_table", ScanOptions::new()).await;
    assert!(
        matches!(&e, ScanError::UnknownTable { table, .. } if table == "no_such_table"),
        "{e}"
    );
    let e = refused(&s, ks, t, ScanOptions::new().columns(["p", "nope"])).await;
    assert!(
        matches!(&e, ScanError::UnknownColumn { column, .. } if column == "nope"),
        "{e}"
    );
    for (options, name) in [
        (ScanOptions::new().rate_limit(0), "rate_limit"),
        (ScanOptions::new().shard(4, 4), "shard"),
        (ScanOptions::new().shard(0, 0), "shard"),
    ] {
        let e = refused(&s, ks, t, options).await;
        assert!(
            matches!(&e, ScanError::InvalidOption { option, .. } if *option == name),
            "{e}"
        );
    }

    // An unreadable file: its typed error, the file as it was.
    let garbage = checkpoint_path("garbage", backend);
    std::fs::write(&garbage, "{ not a checkpoint").unwrap();
    let e = Checkpoint::load(&garbage).unwrap_err();
    assert!(
        matches!(&e, ScanError::CheckpointUnreadable { path: Some(p), .. } if *p == garbage),
        "{e}"
    );
    assert_eq!(
        std::fs::read_to_string(&garbage).unwrap(),
        "{ not a checkpoint"
    );

    // Checkpoints of another table, range count, ring and shard.
    let path = checkpoint_path("other", backend);
    let done = scan(
        &admin,
        ks,
        &other,
        ScanOptions::new().checkpoint_file(&path),
    )
    .await
    .unwrap();
    assert_eq!(keys_of_other(done).await, 1);
    let written = std::fs::read_to_string(&path).unwrap();
    let theirs = Checkpoint::load(&path).unwrap();
    let mine = {
        let mut s = scan(&admin, ks, t, ScanOptions::new()).await.unwrap();
        let _ = keys_of(&mut s).await;
        s.checkpoint()
    };
    let mut other_ring = mine.clone();
    other_ring.ring_hash = "0123456789abcdef".into();
    for (checkpoint, options, field) in [
        (theirs, ScanOptions::new(), "table"),
        (
            mine.clone(),
            ScanOptions::new().ranges(mine.ranges_total + 50),
            "range count",
        ),
        (other_ring, ScanOptions::new(), "ring"),
        (mine.clone(), ScanOptions::new().shard(1, 2), "shard"),
    ] {
        let options = options.resume(checkpoint).checkpoint_file(&path);
        let e = refused(&s, ks, t, options).await;
        assert!(
            matches!(&e, ScanError::CheckpointMismatch { field: f, .. } if *f == field),
            "{field}: {e}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        written,
        "the checkpoint file was overwritten"
    );
    assert!(
        counting.requests().is_empty(),
        "range requests before the error: {:?}",
        counting.requests()
    );
    fx.drop_with(&admin).await;
}

/// Rows of the one-row `other` table.
async fn keys_of_other(scan: cqlbridge_scan::Scan) -> usize {
    use futures::TryStreamExt;
    let rows: Vec<_> = scan.try_collect().await.unwrap_or_else(|e| panic!("{e}"));
    rows.len()
}
