//! A web-session store whose rows expire on their own, through the blocking
//! `SyncSession`: the table has a default TTL, some sessions carry a TTL of
//! their own (short, "remember me", or 0 for never), one is refreshed before
//! it expires, one column gets a TTL of its own, and the remaining TTL is read
//! with `TTL(col)`. Then it waits (bounded) until the expired rows are gone.
//!
//! `cargo run --example ttl_sessions --features all-drivers -- --backend scylla|cpp`

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use common::{other, outcome};
use cqlbridge::{Prepared, Result, Statement, SyncSession};

/// The table's `default_time_to_live`, in seconds.
const DEFAULT_TTL: i32 = 3;
/// A session that expires sooner than the default.
const SHORT_TTL: i32 = 2;
/// A "remember me" session.
const REMEMBER_TTL: i32 = 600;
/// How long to wait for the expired rows to disappear.
const EXPIRY_BOUND: Duration = Duration::from_secs(20);

/// The sessions stored: id, user, and the TTL given (`None`: the table
/// default). The short-lived ones come last, written just before the TTLs are read.
const SESSIONS: [(&str, &str, Option<i32>); 7] = [
    ("d2", "bob", None),
    ("r1", "eve", Some(REMEMBER_TTL)),
    ("r2", "fay", Some(REMEMBER_TTL)),
    ("p1", "gus", Some(0)),
    ("d1", "ada", None),
    ("s1", "cy", Some(SHORT_TTL)),
    ("s2", "di", Some(SHORT_TTL)),
];
/// How many of [`SESSIONS`] are written before d2 is refreshed and p1 gets its flash message.
const BEFORE_VISITS: usize = 4;

/// Session id → remaining TTL of `user_name` and of `data`.
type Ttls = BTreeMap<String, (Option<i32>, Option<i32>)>;

fn main() {
    common::finish("ttl_sessions", run());
}

fn run() -> Result<()> {
    let config = common::config()?;
    let session = cqlbridge::connect_blocking(&config)?;
    let ks = common::keyspace_name("ttl_sessions");
    common::create_keyspace_blocking(&session, &ks)?;
    let result = store(&session, &ks);
    let dropped = common::drop_keyspace_blocking(&session, &ks);
    session.close()?;
    result.and(dropped)
}

fn store(session: &SyncSession, ks: &str) -> Result<()> {
    session.execute(
        common::ddl(format!(
            "CREATE TABLE {ks}.sessions (sid text PRIMARY KEY, user_name text, data text) \
             WITH default_time_to_live = {DEFAULT_TTL}"
        )),
        (),
    )?;
    println!("table sessions: default_time_to_live = {DEFAULT_TTL} s");
    let insert_default = session.prepare(&format!(
        "INSERT INTO {ks}.sessions (sid, user_name, data) VALUES (?, ?, ?)"
    ))?;
    let insert_ttl = session.prepare(&format!(
        "INSERT INTO {ks}.sessions (sid, user_name, data) VALUES (?, ?, ?) USING TTL ?"
    ))?;
    let (first, last) = SESSIONS.split_at(BEFORE_VISITS);
    for &(sid, user, ttl) in first {
        store_one(session, (&insert_default, &insert_ttl), sid, user, ttl)?;
    }
    // A visit refreshes d2: written again with a long TTL before its default one runs out.
    store_one(
        session,
        (&insert_default, &insert_ttl),
        "d2",
        "bob",
        Some(REMEMBER_TTL),
    )?;
    println!("refreshed d2 with USING TTL {REMEMBER_TTL}");
    // A flash message on p1's data column only: the cell expires, the row stays.
    session.execute(
        Statement::new(format!(
            "UPDATE {ks}.sessions USING TTL {SHORT_TTL} SET data = 'flash: saved' WHERE sid = 'p1'"
        )),
        (),
    )?;
    for &(sid, user, ttl) in last {
        store_one(session, (&insert_default, &insert_ttl), sid, user, ttl)?;
    }
    println!("stored {} sessions", SESSIONS.len());

    let ttls = read_ttls(session, ks)?;
    println!("remaining TTLs, in seconds (null: never expires):");
    outcome("rows_before", ttls.len());
    for (sid, (user_ttl, data_ttl)) in &ttls {
        let show = |t: &Option<i32>| t.map_or("null".to_string(), |t| t.to_string());
        outcome(&format!("ttl[{sid}]"), show(user_ttl));
        outcome(&format!("data_ttl[{sid}]"), show(data_ttl));
    }

    let started = Instant::now();
    let expected_survivors = ["d2", "p1", "r1", "r2"];
    let survivors = loop {
        let rows = live_rows(session, ks)?;
        if rows.keys().map(String::as_str).eq(expected_survivors) {
            break rows;
        }
        if started.elapsed() > EXPIRY_BOUND {
            return Err(other(format!(
                "after {EXPIRY_BOUND:?} the live sessions are {:?}, not {expected_survivors:?}",
                rows.keys()
            )));
        }
        std::thread::sleep(Duration::from_millis(250));
    };
    println!(
        "expired sessions gone after {:.1} s of polling",
        started.elapsed().as_secs_f64()
    );
    let expired: Vec<&str> = SESSIONS
        .iter()
        .map(|s| s.0)
        .filter(|t| !survivors.contains_key(*t))
        .collect();
    let names: Vec<&str> = survivors.keys().map(String::as_str).collect();
    outcome("survivors", names.join(","));
    outcome("expired", expired.join(","));
    let p1_data = survivors.get("p1").cloned().flatten();
    outcome("p1_data_after", p1_data.as_deref().unwrap_or("null"));
    Ok(())
}

/// Writes one session with `ttl`, or with the table's default TTL when `None`.
fn store_one(
    session: &SyncSession,
    (insert_default, insert_ttl): (&Prepared, &Prepared),
    sid: &str,
    user: &str,
    ttl: Option<i32>,
) -> Result<()> {
    let data = format!("cart of {user}");
    match ttl {
        None => session.execute(insert_default, (sid, user, data))?,
        Some(ttl) => session.execute(insert_ttl, (sid, user, data, ttl))?,
    };
    Ok(())
}

/// Every live session's remaining TTL on `user_name` and on `data`
/// (`None`: the cell never expires).
fn read_ttls(session: &SyncSession, ks: &str) -> Result<Ttls> {
    let cql = format!("SELECT sid, TTL(user_name), TTL(data) FROM {ks}.sessions");
    session
        .iter(Statement::new(cql), ())
        .map(|row| row?.into_typed::<(String, Option<i32>, Option<i32>)>())
        .map(|r| r.map(|(sid, user_ttl, data_ttl)| (sid, (user_ttl, data_ttl))))
        .collect()
}

/// The live sessions and their `data`.
fn live_rows(session: &SyncSession, ks: &str) -> Result<BTreeMap<String, Option<String>>> {
    let cql = format!("SELECT sid, data FROM {ks}.sessions");
    session
        .iter(Statement::new(cql), ())
        .map(|row| row?.into_typed::<(String, Option<String>)>())
        .collect()
}
