//! The test roles, created through the built-in CQL client once the nodes answer.
//!
//! | role | password | what |
//! |---|---|---|
//! | `cassandra` | `cassandra` | Cassandra's default superuser (kept; some tools expect it) |
//! | `cqlbridge` | `cqlbridge-pass` | superuser, login: what the test suite uses |
//! | `cqlbridge_limited` | `cqlbridge-limited-pass` | login, no superuser, no grants: for `Unauthorized` tests |
//!
//! With several nodes, `system_auth` is raised to replication factor `min(nodes, 3)` and every
//! role is written again afterwards, so each replica holds every role and a login still works
//! with a node down.

use std::net::SocketAddr;
use std::thread;
use std::time::{Duration, Instant};

use super::cql::{Conn, CqlError, ONE};

/// Cassandra's default superuser.
pub(crate) const DEFAULT_USER: (&str, &str) = ("cassandra", "cassandra");
/// The suite's superuser.
pub(crate) const TEST_USER: (&str, &str) = ("cqlbridge", "cqlbridge-pass");
/// A login role without permissions.
pub(crate) const LIMITED_USER: (&str, &str) = ("cqlbridge_limited", "cqlbridge-limited-pass");

/// Creates (or rewrites) the test roles through the node at `seed`, then checks that every
/// role logs in on every node in `all`.
pub(crate) fn ensure(seed: SocketAddr, all: &[SocketAddr]) -> Result<(), String> {
    let fail = |what: &str, e: CqlError| format!("creating test roles: {what}: {e}");
    let mut admin = login(seed, DEFAULT_USER).map_err(|e| fail("login as cassandra", e))?;
    if all.len() > 1 {
        let rf = all.len().min(3);
        let cql = format!(
            "ALTER KEYSPACE system_auth WITH replication = \
             {{'class': 'SimpleStrategy', 'replication_factor': {rf}}}"
        );
        admin
            .query(&cql, ONE)
            .map_err(|e| fail("raise system_auth RF", e))?;
    }
    for (user, password, superuser) in
        [(TEST_USER, true), (LIMITED_USER, false)].map(|((u, p), s)| (u, p, s))
    {
        let create = format!(
            "CREATE ROLE IF NOT EXISTS {user} WITH PASSWORD = '{password}' \
             AND LOGIN = true AND SUPERUSER = {superuser}"
        );
        admin.query(&create, ONE).map_err(|e| fail(user, e))?;
        // Rewrite: a role created before the RF change must reach every replica.
        let alter = format!(
            "ALTER ROLE {user} WITH PASSWORD = '{password}' AND LOGIN = true AND SUPERUSER = {superuser}"
        );
        admin.query(&alter, ONE).map_err(|e| fail(user, e))?;
    }
    if all.len() > 1 {
        // A superuser cannot alter its own superuser status: rewrite `cassandra` as `cqlbridge`.
        let mut other = login(seed, TEST_USER).map_err(|e| fail("login as cqlbridge", e))?;
        let (user, password) = DEFAULT_USER;
        let alter = format!(
            "ALTER ROLE {user} WITH PASSWORD = '{password}' AND LOGIN = true AND SUPERUSER = true"
        );
        other.query(&alter, ONE).map_err(|e| fail(user, e))?;
    }
    for addr in all {
        for role in [DEFAULT_USER, TEST_USER, LIMITED_USER] {
            login_retrying(*addr, role, Duration::from_secs(30))
                .map_err(|e| format!("role {} cannot log in on {addr}: {e}", role.0))?;
        }
    }
    Ok(())
}

/// Connects to `addr` and logs in as `role`.
pub(crate) fn login(addr: SocketAddr, role: (&str, &str)) -> Result<Conn, CqlError> {
    let mut conn = Conn::plain(addr)?;
    conn.login(role.0, role.1)?;
    Ok(conn)
}

/// [`login`], retried every half second until `limit` (roles spread by gossip and writes).
pub(crate) fn login_retrying(
    addr: SocketAddr,
    role: (&str, &str),
    limit: Duration,
) -> Result<Conn, CqlError> {
    let deadline = Instant::now() + limit;
    loop {
        match login(addr, role) {
            Ok(conn) => return Ok(conn),
            Err(e) if Instant::now() >= deadline => return Err(e),
            Err(_) => thread::sleep(Duration::from_millis(500)),
        }
    }
}
