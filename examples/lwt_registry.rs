//! A user-name registry on lightweight transactions: 16 registrants race for
//! the same names with `INSERT … IF NOT EXISTS` (exactly one wins each name),
//! then all 16 edit one account with optimistic locking,
//! `UPDATE … IF version = ?`, retrying on a conflict until each edit applied
//! once. After a timeout the outcome of a Paxos round is unknown, so the
//! registrant asks again: the row that comes back says who won.
//!
//! `cargo run --example lwt_registry --features all-drivers -- --backend scylla|cpp`

mod common;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use common::{other, outcome};
use cqlbridge::{Consistency, Prepared, QueryResult, Result, Session};

/// The names everyone wants.
const NAMES: [&str; 8] = ["ada", "bob", "cy", "di", "eve", "fay", "gus", "hal"];
/// How many registrants race.
const REGISTRANTS: i32 = 16;
/// How many times one registrant asks again after a timeout or a lost race.
const ATTEMPTS: u32 = 200;

/// Counts shared by the registrants.
#[derive(Debug, Default)]
struct Tally {
    /// Requests retried after a transient error (unknown outcome).
    retried: AtomicU64,
    /// `IF version = ?` updates that found another version.
    conflicts: AtomicU64,
}

#[tokio::main]
async fn main() {
    common::finish("lwt_registry", run().await);
}

async fn run() -> Result<()> {
    let config = common::config()?;
    let session = cqlbridge::connect(&config).await?;
    let ks = common::keyspace_name("lwt_registry");
    common::create_keyspace(&session, &ks).await?;
    let result = registry(&session, &ks).await;
    let dropped = common::drop_keyspace(&session, &ks).await;
    session.close().await?;
    result.and(dropped)
}

async fn registry(session: &Session, ks: &str) -> Result<()> {
    session
        .execute(
            common::ddl(format!(
                "CREATE TABLE {ks}.users (name text PRIMARY KEY, owner int, email text, \
                 version int, editors set<int>)"
            )),
            (),
        )
        .await?;
    let insert = session
        .prepare(&format!(
            "INSERT INTO {ks}.users (name, owner, email, version) VALUES (?, ?, ?, 1) \
             IF NOT EXISTS"
        ))
        .await?;
    let tally = Arc::new(Tally::default());

    // Every registrant tries every name, each starting at another one.
    let tasks: Vec<_> = (0..REGISTRANTS)
        .map(|me| {
            let (session, insert, tally) = (session.clone(), insert.clone(), tally.clone());
            tokio::spawn(async move {
                let mut won = Vec::new();
                for k in 0..NAMES.len() {
                    let name = NAMES[(k + me as usize) % NAMES.len()];
                    if register(&session, &insert, &tally, name, me).await? {
                        won.push((name, me));
                    }
                }
                Ok::<_, cqlbridge::Error>(won)
            })
        })
        .collect();
    let mut winners = Vec::new();
    for task in tasks {
        winners.extend(task.await.map_err(other)??);
    }
    println!("{REGISTRANTS} registrants raced for {} names:", NAMES.len());
    let owner_of = session
        .prepare(&format!("SELECT owner FROM {ks}.users WHERE name = ?"))
        .await?;
    let mut owners_match = 0;
    for name in NAMES {
        let won: Vec<i32> = winners
            .iter()
            .filter(|w| w.0 == name)
            .map(|w| w.1)
            .collect();
        let stored = session.execute(&owner_of, (name,)).await?;
        let stored: i32 = stored.first_row().ok_or_else(|| other("no row"))?.get(0)?;
        println!("  {name}: won by registrant(s) {won:?}, owner stored {stored}");
        outcome(&format!("winners[{name}]"), won.len());
        if won == [stored] {
            owners_match += 1;
        }
    }
    outcome("owners_match", format!("{owners_match}/{}", NAMES.len()));

    // Optimistic locking: every registrant edits "ada" once, as itself.
    let update = session
        .prepare(&format!(
            "UPDATE {ks}.users SET version = ?, editors = editors + ? WHERE name = 'ada' \
             IF version = ?"
        ))
        .await?;
    let read = session
        .prepare(&format!(
            "SELECT version, editors FROM {ks}.users WHERE name = 'ada'"
        ))
        .await?
        .with_consistency(Consistency::Serial);
    let edits: Vec<_> = (0..REGISTRANTS)
        .map(|me| {
            let (session, update, read) = (session.clone(), update.clone(), read.clone());
            let tally = tally.clone();
            tokio::spawn(async move { edit(&session, &update, &read, &tally, me).await })
        })
        .collect();
    for task in edits {
        task.await.map_err(other)??;
    }
    let (version, editors) = version_and_editors(&session.execute(&read, ()).await?)?;
    println!("{REGISTRANTS} concurrent edits of ada with UPDATE … IF version = ?:");
    outcome("final_version", version);
    outcome("editors", editors.len());
    outcome("conflicts", tally.conflicts.load(Ordering::Relaxed));
    outcome("retried", tally.retried.load(Ordering::Relaxed));
    Ok(())
}

/// Ada's `version` and `editors` (an empty set reads as null).
fn version_and_editors(result: &QueryResult) -> Result<(i32, BTreeSet<i32>)> {
    let row = result.first_row().ok_or_else(|| other("ada is gone"))?;
    Ok((row.get(0)?, row.get::<Option<_>>(1)?.unwrap_or_default()))
}

/// Tries to register `name` for `me`: true when `me` holds it afterwards.
async fn register(
    session: &Session,
    insert: &Prepared,
    tally: &Tally,
    name: &str,
    me: i32,
) -> Result<bool> {
    let email = format!("{name}@user{me}.example");
    for _ in 0..ATTEMPTS {
        match session.execute(insert, (name, me, email.as_str())).await {
            Ok(result) => {
                let row = result.first_row().ok_or_else(|| other("no LWT row"))?;
                return match result.applied() {
                    Some(true) => Ok(true),
                    // Taken: the row shows the owner, maybe us after a timed-out try.
                    Some(false) => Ok(row.get::<i32>("owner")? == me),
                    None => Err(other("the LWT result has no [applied] column")),
                };
            }
            Err(e) if e.is_transient() => {
                tally.retried.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => return Err(e),
        }
    }
    Err(other(format!(
        "{name}: no answer after {ATTEMPTS} attempts"
    )))
}

/// Adds `me` to ada's editors with `IF version = ?`, reading the current
/// version again after every conflict, until the edit applied.
async fn edit(
    session: &Session,
    update: &Prepared,
    read: &Prepared,
    tally: &Tally,
    me: i32,
) -> Result<()> {
    for _ in 0..ATTEMPTS {
        let current = match session.execute(read, ()).await {
            Ok(r) => r,
            Err(e) if e.is_transient() => {
                tally.retried.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            Err(e) => return Err(e),
        };
        let (version, editors) = version_and_editors(&current)?;
        if editors.contains(&me) {
            return Ok(()); // an earlier try whose answer was lost did apply
        }
        let mine = BTreeSet::from([me]);
        match session.execute(update, (version + 1, mine, version)).await {
            Ok(r) if r.applied() == Some(true) => return Ok(()),
            Ok(_) => {
                tally.conflicts.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) if e.is_transient() => {
                tally.retried.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => return Err(e),
        }
    }
    Err(other(format!(
        "registrant {me}: no edit after {ATTEMPTS} attempts"
    )))
}
