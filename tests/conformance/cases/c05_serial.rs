//! C05 serial consistency: an LWT's serial consistency reaches the server.
//! With replication factor 1 both SERIAL and LOCAL_SERIAL apply; with
//! replication factor 3 on one node both fail with `Unavailable`, and the
//! level the server names tells which one it received: Cassandra 5 reports
//! the Paxos quorum it could not reach — QUORUM for SERIAL, LOCAL_QUORUM for
//! LOCAL_SERIAL (older servers name SERIAL / LOCAL_SERIAL themselves). A
//! backend that dropped the serial consistency would get the same answer for
//! both.

use super::prelude::*;

const LEVELS: [SerialConsistency; 2] = [SerialConsistency::Serial, SerialConsistency::LocalSerial];

/// The levels a server may name in `Unavailable` for an LWT at `sc`.
fn named_for(sc: SerialConsistency) -> [Consistency; 2] {
    match sc {
        SerialConsistency::Serial => [Consistency::Serial, Consistency::Quorum],
        SerialConsistency::LocalSerial => [Consistency::LocalSerial, Consistency::LocalQuorum],
    }
}

/// C05.
pub async fn c05(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::SerialConsistency).await?;
    let ks3 = ctx.keyspace_rf("rf3", 3).await?;
    for ks in [ctx.ks.as_str(), ks3.as_str()] {
        ctx.ddl(&format!("CREATE TABLE {ks}.t (k int PRIMARY KEY, v int)"))
            .await?;
    }
    let c = ctx.client().await?;
    let mut key = 0i32;
    let mut named = Vec::new();
    for sc in LEVELS {
        // RF 1: applies.
        let lwt = format!(
            "INSERT INTO {}.t (k, v) VALUES (?, ?) IF NOT EXISTS",
            ctx.ks
        );
        let p = c.prepare(&lwt).await.ctx("prepare LWT")?;
        for query in [Query::from(Statement::new(lwt.as_str())), Query::from(p)] {
            key += 1;
            let what = format!(
                "LWT at {sc} (RF 1, {})",
                if matches!(query, Query::Prepared(_)) {
                    "prepared"
                } else {
                    "text"
                }
            );
            let query = match query {
                Query::Statement(s) => Query::from(
                    s.with_serial_consistency(sc)
                        .with_consistency(Consistency::One),
                ),
                Query::Prepared(p) => Query::from(
                    p.with_serial_consistency(sc)
                        .with_consistency(Consistency::One),
                ),
            };
            let r = c.execute(query, vals((key, 1i32))).await.ctx(&what)?;
            ensure!(
                r.applied() == Some(true),
                "{what}: applied() = {:?}",
                r.applied()
            );
        }
        // RF 3 on one node: the Paxos phase cannot reach a quorum.
        let lwt3 = format!("INSERT INTO {ks3}.t (k, v) VALUES (?, ?) IF NOT EXISTS");
        let p3 = c.prepare(&lwt3).await.ctx("prepare LWT (RF 3)")?;
        let r = c
            .execute(
                Statement::new(lwt3.as_str())
                    .with_serial_consistency(sc)
                    .with_consistency(Consistency::One)
                    .into(),
                vals((1i32, 1i32)),
            )
            .await;
        let a = expect_unavailable_as(
            r,
            sc.into(),
            &named_for(sc),
            &format!("LWT at {sc} (RF 3, text)"),
        )?;
        let r = c
            .execute(
                p3.with_serial_consistency(sc)
                    .with_consistency(Consistency::One)
                    .into(),
                vals((2i32, 1i32)),
            )
            .await;
        let b = expect_unavailable_as(
            r,
            sc.into(),
            &named_for(sc),
            &format!("LWT at {sc} (RF 3, prepared)"),
        )?;
        named.push(format!("{sc} → {a}/{b}"));
    }
    Ok(format!(
        "SERIAL and LOCAL_SERIAL applied with RF 1; with RF 3 Unavailable naming the Paxos level ({}) for text/prepared",
        named.join(", ")
    ))
}
