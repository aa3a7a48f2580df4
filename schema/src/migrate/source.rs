//! [`Migration`]: one versioned migration, from a `.cql` file (its `up`
//! and optional `down` sections, split into statements) or from Rust code
//! (an async `up`, optionally a `down`), with its checksum; and
//! [`load_dir`], every migration of a folder.
//!
//! # File format
//!
//! ```text
//! -- 20240601_001_create_users.cql
//! -- +up
//! CREATE TABLE users (id uuid PRIMARY KEY, name text);
//! CREATE INDEX ON users (name);
//! -- +down
//! DROP TABLE users;
//! ```
//!
//! A line that holds only `-- +up` (or `-- +down`; blanks around, any
//! case) starts a section. The `up` section is required and comes first;
//! before it only comments and blanks may stand. The `down` section is
//! optional: without one the migration cannot be rolled back; an empty one
//! rolls back by doing nothing. Statements are split on `;` outside quotes
//! and comments ([`split`](super::split)). The checksum is the SHA-256 of
//! the whole file, so any edit after it was applied is refused.

use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures::future::{BoxFuture, FutureExt};
use sha2::{Digest, Sha256};

use crate::migrate::ctx::MigrationContext;
use crate::migrate::error::{MigrateError, MigrateResult};
use crate::migrate::name::check_name;
use crate::migrate::split::{split, ScriptStatement};

/// The `up` or `down` of a code migration.
pub(crate) type CodeFn =
    Arc<dyn Fn(MigrationContext) -> BoxFuture<'static, MigrateResult<()>> + Send + Sync>;

/// What a migration runs.
#[derive(Clone)]
pub(crate) enum Body {
    /// CQL statements.
    Cql {
        up: Vec<ScriptStatement>,
        down: Option<Vec<ScriptStatement>>,
    },
    /// Rust code.
    Code { up: CodeFn, down: Option<CodeFn> },
}

/// One migration: a name (`YYYYMMDD_NNN_description`), a checksum, and
/// the CQL statements or code it runs.
#[derive(Clone)]
pub struct Migration {
    pub(crate) name: String,
    pub(crate) checksum: String,
    pub(crate) body: Body,
}

impl fmt::Debug for Migration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Migration")
            .field("name", &self.name)
            .field("checksum", &self.checksum)
            .field("kind", &if self.is_code() { "code" } else { "cql" })
            .field("up_len", &self.up_len())
            .field("has_down", &self.has_down())
            .finish()
    }
}

/// The hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Boxes an async function of the context.
fn boxed<F, Fut>(f: F) -> CodeFn
where
    F: Fn(MigrationContext) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = MigrateResult<()>> + Send + 'static,
{
    Arc::new(move |ctx| f(ctx).boxed())
}

impl Migration {
    /// A CQL migration named `name` with the text of a migration file
    /// (see the module docs for its sections).
    pub fn cql(name: &str, text: &str) -> MigrateResult<Migration> {
        Self::parse(name, text, Path::new(name))
    }

    /// The migration in `path`, named after the file (`NAME.cql`).
    pub fn from_file(path: impl AsRef<Path>) -> MigrateResult<Migration> {
        let path = path.as_ref();
        let name = migration_name(path)?;
        let text = std::fs::read_to_string(path).map_err(|e| MigrateError::BadFile {
            file: path.to_path_buf(),
            line: None,
            reason: format!("cannot read it: {e}"),
        })?;
        Self::parse(&name, &text, path)
    }

    fn parse(name: &str, text: &str, file: &Path) -> MigrateResult<Migration> {
        check_name(name)?;
        let (up, down) = sections(text, file)?;
        Ok(Migration {
            name: name.to_string(),
            checksum: sha256_hex(text.as_bytes()),
            body: Body::Cql { up, down },
        })
    }

    /// A migration in Rust: `up` runs once with a [`MigrationContext`]
    /// (the session, and table scans whose checkpoints are kept in the
    /// state keyspace). It counts as one statement: done or not.
    pub fn code<F, Fut>(name: &str, up: F) -> MigrateResult<Migration>
    where
        F: Fn(MigrationContext) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = MigrateResult<()>> + Send + 'static,
    {
        check_name(name)?;
        Ok(Migration {
            name: name.to_string(),
            checksum: sha256_hex(format!("code:{name}").as_bytes()),
            body: Body::Code {
                up: boxed(up),
                down: None,
            },
        })
    }

    /// The `down` of a code migration (ignored for a CQL one, whose
    /// `down` is its file's section).
    pub fn with_down<F, Fut>(mut self, down: F) -> Self
    where
        F: Fn(MigrationContext) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = MigrateResult<()>> + Send + 'static,
    {
        if let Body::Code { down: d, .. } = &mut self.body {
            *d = Some(boxed(down));
        }
        self
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The SHA-256 (hex) of its file; for code, of `code:` and its name.
    pub fn checksum(&self) -> &str {
        &self.checksum
    }

    /// True for a migration in Rust.
    pub fn is_code(&self) -> bool {
        matches!(self.body, Body::Code { .. })
    }

    /// True when it can be rolled back.
    pub fn has_down(&self) -> bool {
        match &self.body {
            Body::Cql { down, .. } => down.is_some(),
            Body::Code { down, .. } => down.is_some(),
        }
    }

    /// How many statements its `up` runs (1 for code).
    pub fn up_len(&self) -> usize {
        match &self.body {
            Body::Cql { up, .. } => up.len(),
            Body::Code { .. } => 1,
        }
    }

    /// The statements of its `up` section (`None` for code).
    pub fn up_statements(&self) -> Option<&[ScriptStatement]> {
        match &self.body {
            Body::Cql { up, .. } => Some(up),
            Body::Code { .. } => None,
        }
    }

    /// The statements of its `down` section (`None` for code or without one).
    pub fn down_statements(&self) -> Option<&[ScriptStatement]> {
        match &self.body {
            Body::Cql { down, .. } => down.as_deref(),
            Body::Code { .. } => None,
        }
    }
}

/// The migration name of a file: its name without `.cql`, checked.
fn migration_name(path: &Path) -> MigrateResult<String> {
    let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let Some(name) = file.strip_suffix(".cql") else {
        return Err(MigrateError::BadName {
            name: file.to_string(),
            reason: "a migration file ends in .cql".into(),
        });
    };
    check_name(name)?;
    Ok(name.to_string())
}

/// Every `*.cql` file of `dir` as a migration, sorted by name. Other files
/// are left out; a `.cql` file with a bad name is an error.
pub fn load_dir(dir: impl AsRef<Path>) -> MigrateResult<Vec<Migration>> {
    let dir = dir.as_ref();
    let unreadable = |e: std::io::Error| MigrateError::BadFile {
        file: dir.to_path_buf(),
        line: None,
        reason: format!("cannot read the folder: {e}"),
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "cql") {
            paths.push(path);
        }
    }
    paths.sort();
    paths.iter().map(Migration::from_file).collect()
}

/// What a section marker line starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Up,
    Down,
}

fn marker(line: &str) -> Option<Marker> {
    let rest = line.trim().strip_prefix("--")?.trim().to_ascii_lowercase();
    match rest.as_str() {
        "+up" => Some(Marker::Up),
        "+down" => Some(Marker::Down),
        _ => None,
    }
}

/// The `up` and `down` statements of a file's text.
type Sections = (Vec<ScriptStatement>, Option<Vec<ScriptStatement>>);

fn sections(text: &str, file: &Path) -> MigrateResult<Sections> {
    let bad = |line: Option<usize>, reason: String| MigrateError::BadFile {
        file: file.to_path_buf(),
        line,
        reason,
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut up_at = None;
    let mut down_at = None;
    for (i, l) in lines.iter().enumerate() {
        match (marker(l), up_at, down_at) {
            (Some(Marker::Up), None, None) => up_at = Some(i),
            (Some(Marker::Down), Some(_), None) => down_at = Some(i),
            (Some(Marker::Up), _, _) => {
                return Err(bad(Some(i + 1), "a second or late `-- +up` marker".into()))
            }
            (Some(Marker::Down), None, _) => {
                return Err(bad(Some(i + 1), "`-- +down` before `-- +up`".into()))
            }
            (Some(Marker::Down), _, Some(_)) => {
                return Err(bad(Some(i + 1), "a second `-- +down` marker".into()))
            }
            (None, _, _) => {}
        }
    }
    let Some(up_at) = up_at else {
        return Err(bad(None, "no `-- +up` section marker".into()));
    };
    let end = down_at.unwrap_or(lines.len());
    let piece = |from: usize, to: usize| -> MigrateResult<Vec<ScriptStatement>> {
        // Lines outside the section are blanked, so lines keep their numbers.
        let blanked: Vec<&str> = (0..lines.len())
            .map(|i| if i >= from && i < to { lines[i] } else { "" })
            .collect();
        split(&blanked.join("\n")).map_err(|e| bad(Some(e.line), e.reason.to_string()))
    };
    if !piece(0, up_at)?.is_empty() {
        return Err(bad(None, "statements before the `-- +up` marker".into()));
    }
    let up = piece(up_at + 1, end)?;
    if up.is_empty() {
        return Err(bad(
            Some(up_at + 1),
            "the up section has no statement".into(),
        ));
    }
    let down = down_at.map(|d| piece(d + 1, lines.len())).transpose()?;
    Ok((up, down))
}

#[cfg(test)]
#[path = "source_tests.rs"]
mod tests;
