//! A fresh keyspace per case: `cqlb_<case>_<mode>_<random>`, created before
//! the case and dropped after it, so cases never see each other's data.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cqlbridge::{Result, Session, Statement};

/// DDL can be slow on a busy single node; it gets its own generous bound.
pub const DDL_TIMEOUT: Duration = Duration::from_secs(30);

/// Eight random hex digits (std's randomly keyed hasher over time and a counter).
pub fn random_suffix() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let mut h = RandomState::new().build_hasher();
    h.write_u64(N.fetch_add(1, Ordering::Relaxed));
    h.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    h.write_u32(std::process::id());
    format!("{:08x}", h.finish() as u32)
}

/// A keyspace name for `case` in `mode` (at most 48 characters, as CQL requires).
pub fn unique_name(case: &str, mode: &str, tag: &str) -> String {
    let clean = |s: &str| -> String {
        s.to_ascii_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect()
    };
    let mut name = format!("cqlb_{}_{}", clean(case), clean(mode));
    if !tag.is_empty() {
        name.push('_');
        name.push_str(&clean(tag));
    }
    name.truncate(48 - 9);
    name.push('_');
    name.push_str(&random_suffix());
    name
}

/// Runs one DDL statement with [`DDL_TIMEOUT`].
pub async fn ddl(admin: &Session, cql: &str) -> Result<()> {
    admin
        .execute(Statement::new(cql).with_timeout(DDL_TIMEOUT), ())
        .await
        .map(|_| ())
}

/// Every keyspace this run created, to check none is left at the end.
static CREATED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Creates `name` with `SimpleStrategy` and replication factor `rf`.
pub async fn create(admin: &Session, name: &str, rf: u32) -> Result<()> {
    CREATED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(name.to_string());
    ddl(
        admin,
        &format!(
            "CREATE KEYSPACE {name} WITH replication = \
             {{'class': 'SimpleStrategy', 'replication_factor': {rf}}}"
        ),
    )
    .await
}

/// Drops `name` if it exists.
pub async fn drop(admin: &Session, name: &str) -> Result<()> {
    ddl(admin, &format!("DROP KEYSPACE IF EXISTS {name}")).await
}

/// The keyspaces this run created that still exist on the server.
pub async fn leftovers(admin: &Session) -> Result<Vec<String>> {
    let r = admin
        .execute("SELECT keyspace_name FROM system_schema.keyspaces", ())
        .await?;
    let existing: Vec<String> = r.map_rows(|row| row.get(0))?;
    let created = CREATED.lock().unwrap_or_else(|p| p.into_inner()).clone();
    Ok(created
        .into_iter()
        .filter(|k| existing.contains(k))
        .collect())
}
