//! Migration files written from a schema [`Diff`]: [`migration_text`]
//! (the `-- +up` section of the runnable changes, unsafe ones and withheld
//! drops as comments, and a `-- +down` section when every change has a
//! known inverse), [`inverse`] (the change that undoes one), and
//! [`next_name`] (the next `YYYYMMDD_NNN_description` of a folder).

use std::path::Path;
use std::time::SystemTime;

use cqlbridge_driver_api::CqlTimestamp;

use crate::diff::{Change, Diff};
use crate::ident::quote;
use crate::migrate::error::{MigrateError, MigrateResult};
use crate::migrate::name::check_name;
use crate::migrate::state::{LOCK_TABLE, SCAN_TABLE, STATE_TABLE};

/// The CQL (without `;`) that undoes `change`, or why none is known: a
/// drop (its data is gone), a changed option or replication (the old value
/// is not in the diff), a new UDT field (CQL cannot drop one), an unsafe
/// change (it is never applied).
pub fn inverse(change: &Change) -> Result<String, &'static str> {
    let undo = match change {
        Change::CreateKeyspace { keyspace, .. } => {
            return Ok(format!("DROP KEYSPACE {}", quote(keyspace)));
        }
        Change::CreateType { keyspace, def } => Change::DropType {
            keyspace: keyspace.clone(),
            name: def.name.clone(),
        },
        Change::CreateTable { keyspace, def } => Change::DropTable {
            keyspace: keyspace.clone(),
            name: def.name.clone(),
        },
        Change::AddColumn {
            keyspace,
            table,
            column,
        } => Change::DropColumn {
            keyspace: keyspace.clone(),
            table: table.clone(),
            column: column.name.clone(),
        },
        Change::CreateIndex { keyspace, def } => Change::DropIndex {
            keyspace: keyspace.clone(),
            name: def.name.clone(),
        },
        Change::CreateView { keyspace, def } => Change::DropView {
            keyspace: keyspace.clone(),
            name: def.name.clone(),
        },
        Change::AlterKeyspace { .. } => return Err("the previous replication is not recorded"),
        Change::AddField { .. } => return Err("CQL cannot drop a field of a type"),
        Change::AlterOptions { .. } => return Err("the previous options are not recorded"),
        Change::Unsafe { .. } => return Err("it is never applied"),
        _ if change.is_drop() => return Err("what it drops cannot be restored"),
        _ => return Err("no inverse is known"),
    };
    undo.cql().ok_or("no inverse is known")
}

/// True for a drop of one of the migrator's own tables (they live in the
/// state keyspace, which a schema file does not describe): never written.
pub fn is_state_table_drop(change: &Change) -> bool {
    matches!(change, Change::DropTable { name, .. }
        if [STATE_TABLE, LOCK_TABLE, SCAN_TABLE].contains(&name.as_str()))
}

/// `text` as `--` comment lines.
fn commented(text: &str) -> String {
    text.lines().map(|l| format!("-- {l}\n")).collect()
}

/// The text of a migration file for `diff`, or `None` when it has nothing
/// runnable (no change, or only unsafe ones). `source` names the schema
/// file in the header comment. Drops of the state tables are left out.
///
/// The `-- +up` section holds the runnable changes in order, with unsafe
/// changes as `-- UNSAFE` comments and a comment counting withheld drops.
/// When every runnable change has an [`inverse`], a `-- +down` section
/// holds the inverses, newest first; otherwise there is no `down` section
/// (a rollback is refused with `NoDown`), and a comment lists the known
/// inverses, commented out, and why the others are not known.
pub fn migration_text(diff: &Diff, source: &str) -> Option<String> {
    let changes: Vec<&Change> = diff
        .changes
        .iter()
        .filter(|c| !is_state_table_drop(c))
        .collect();
    if changes.iter().all(|c| c.is_unsafe()) {
        return None;
    }
    let mut text = format!("-- Written by cqlbridge makemigration from {source}.\n-- +up\n");
    for c in &changes {
        text.push_str(&format!("{c}\n"));
    }
    let withheld = diff
        .withheld
        .iter()
        .filter(|c| !is_state_table_drop(c))
        .count();
    if withheld > 0 {
        text.push_str(&format!(
            "-- {withheld} drop(s) left out: run makemigration with --allow-drop to include them.\n"
        ));
    }
    let mut downs = Vec::new();
    let mut unknown = Vec::new();
    for c in changes.iter().rev().filter(|c| !c.is_unsafe()) {
        match inverse(c) {
            Ok(inv) => downs.push(format!("{inv};\n")),
            Err(why) => unknown.push(format!("{}: {why}", c.cql().unwrap_or_default())),
        }
    }
    if unknown.is_empty() {
        text.push_str("-- +down\n");
        downs.iter().for_each(|d| text.push_str(d));
        return Some(text);
    }
    text.push_str("\n-- No down section: the inverse of these changes is not known:\n");
    for u in &unknown {
        text.push_str(&commented(u));
    }
    if !downs.is_empty() {
        text.push_str(
            "-- The known inverses, newest first (to roll back, undo the rest by hand):\n",
        );
        for d in &downs {
            text.push_str(&commented(d));
        }
    }
    Some(text)
}

/// Today's date in UTC as `YYYYMMDD`.
pub fn today_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days(i64::try_from(secs / 86_400).unwrap_or(0));
    format!("{y:04}{m:02}{d:02}")
}

/// `t` as `YYYY-MM-DD HH:MM:SS UTC`.
pub fn utc_timestamp(t: CqlTimestamp) -> String {
    let ms = t.millis();
    let (days, secs) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000) / 1000);
    let (y, m, d) = civil_from_days(days);
    let (hh, mm, ss) = (secs / 3600, secs / 60 % 60, secs % 60);
    format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02} UTC")
}

/// The (year, month, day) of `days` since 1970-01-01 (proleptic Gregorian).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The next migration name of `dir` for `date` (`YYYYMMDD`) and
/// `description`: `date_NNN_description`, NNN one more than the highest
/// sequence number of that date among the `.cql` files of `dir` (001 when
/// none, or when `dir` does not exist). A bad description or date is
/// [`MigrateError::BadName`]; a date already at 999 too.
pub fn next_name(dir: &Path, date: &str, description: &str) -> MigrateResult<String> {
    check_name(&format!("{date}_001_{description}"))?;
    let mut highest = 0u32;
    if dir.exists() {
        let entries = std::fs::read_dir(dir).map_err(|e| MigrateError::BadFile {
            file: dir.to_path_buf(),
            line: None,
            reason: format!("cannot read the folder: {e}"),
        })?;
        for entry in entries.flatten() {
            let file = entry.file_name();
            let Some(stem) = file.to_str().and_then(|f| f.strip_suffix(".cql")) else {
                continue;
            };
            let mut parts = stem.splitn(3, '_');
            if parts.next() != Some(date) {
                continue;
            }
            if let Some(n) = parts.next().and_then(|s| s.parse::<u32>().ok()) {
                highest = highest.max(n);
            }
        }
    }
    if highest >= 999 {
        return Err(MigrateError::BadName {
            name: format!("{date}_1000_{description}"),
            reason: format!("{date} already has migration 999"),
        });
    }
    Ok(format!("{date}_{:03}_{description}", highest + 1))
}

/// Unit tests.
#[cfg(test)]
#[path = "generate_tests.rs"]
mod tests;
