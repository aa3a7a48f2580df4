//! Setting up an Argus pattern (`patterns.rs`): its tables created and
//! filled through the admin session, then its statements prepared on one
//! session of one API (and, for the conversion, its rows fetched there, so
//! that each backend decodes rows it built itself).

use std::time::Duration;

use cqlbridge::{Session, Statement};
use futures::StreamExt;

use crate::argus::PatternReady;
use crate::exec::Api;
use crate::patterns::{Pattern, CONVERTED_ROWS};
use crate::support;

/// Attempts at one fill insert.
const FILL_TRIES: u32 = 5;
/// Fill inserts in flight.
const FILL_IN_FLIGHT: usize = 32;

/// Creates `pattern`'s tables as `{table}…` in keyspace `ks` and fills
/// them for `keys` keys.
pub(crate) async fn create(admin: &Session, ks: &str, table: &str, pattern: Pattern, keys: i64) {
    let spec = pattern.spec();
    let t = format!("{ks}.{table}");
    for ddl in spec.tables {
        let ddl = ddl.replace("{t}", &t);
        admin
            .execute(Statement::new(ddl).with_timeout(support::DDL_TIMEOUT), ())
            .await
            .unwrap_or_else(|e| panic!("create {t}: {e}"));
    }
    for fill in spec.fills {
        let insert = admin
            .prepare(&fill.cql.replace("{t}", &t))
            .await
            .unwrap_or_else(|e| panic!("prepare the fill of {t}: {e}"));
        let insert = insert.with_idempotent(true);
        futures::stream::iter(0..(fill.count)(keys))
            .map(|i| {
                let (insert, t) = (&insert, &t);
                async move {
                    let mut tries = 0;
                    while let Err(e) = admin.execute(insert, (fill.values)(i, keys)).await {
                        tries += 1;
                        assert!(tries < FILL_TRIES, "fill {t} row {i}: {e}");
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                }
            })
            .buffer_unordered(FILL_IN_FLIGHT)
            .collect::<Vec<()>>()
            .await;
    }
}

/// Prepares `pattern`'s statements (tables `{table}…`) on `api`.
pub(crate) async fn ready(api: &Api, table: &str, pattern: Pattern, keys: i64) -> PatternReady {
    let mut statements = Vec::new();
    for cql in pattern.spec().statements {
        let prepared = api
            .prepare(&cql.replace("{t}", table))
            .await
            .unwrap_or_else(|e| panic!("prepare {}: {e}", pattern.name()));
        statements.push(prepared.with_idempotent(false));
    }
    let mut rows = Vec::new();
    if pattern == Pattern::RowConversion {
        let result = api
            .fetch(&statements[0])
            .await
            .unwrap_or_else(|e| panic!("fetch the rows to convert: {e}"));
        rows = result.rows().to_vec();
        assert_eq!(rows.len() as i64, CONVERTED_ROWS, "rows to convert");
    }
    PatternReady {
        statements,
        keys,
        rows,
    }
}
