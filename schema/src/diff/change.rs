//! [`Change`]: one step from the live schema to the desired one, as the CQL
//! that makes it or, when unsafe, a comment saying what to do instead.

use std::fmt;

use crate::describe::{
    column_definition, create_index, create_keyspace, create_table, create_type, create_view,
};
use crate::ident::{qualified, quote};
use crate::model::{ColumnDef, IndexDef, KeyspaceParams, Options, TableDef, TypeDef, ViewDef};
use crate::types::CqlType;

/// One change. Every variant but [`Change::Unsafe`] is runnable
/// ([`Change::cql`]); the `Drop…` ones appear only when drops are allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Change {
    /// `CREATE KEYSPACE`.
    CreateKeyspace {
        /// The keyspace.
        keyspace: String,
        /// Its replication and durability.
        params: KeyspaceParams,
    },
    /// `ALTER KEYSPACE … WITH replication = … AND durable_writes = …`.
    AlterKeyspace {
        /// The keyspace.
        keyspace: String,
        /// The new replication and durability.
        params: KeyspaceParams,
    },
    /// `CREATE TYPE`.
    CreateType {
        /// The keyspace.
        keyspace: String,
        /// The type.
        def: TypeDef,
    },
    /// `ALTER TYPE … ADD field type`.
    AddField {
        /// The keyspace.
        keyspace: String,
        /// The type.
        type_name: String,
        /// The new field.
        field: String,
        /// Its type.
        ty: CqlType,
    },
    /// `CREATE TABLE`.
    CreateTable {
        /// The keyspace.
        keyspace: String,
        /// The table.
        def: TableDef,
    },
    /// `ALTER TABLE … ADD column type [static]`.
    AddColumn {
        /// The keyspace.
        keyspace: String,
        /// The table.
        table: String,
        /// The new column.
        column: ColumnDef,
    },
    /// `ALTER TABLE|MATERIALIZED VIEW … WITH …`: the options that differ.
    AlterOptions {
        /// The keyspace.
        keyspace: String,
        /// The table or view.
        table: String,
        /// True for a materialized view.
        view: bool,
        /// The options to set.
        options: Options,
    },
    /// `CREATE [CUSTOM] INDEX`.
    CreateIndex {
        /// The keyspace.
        keyspace: String,
        /// The index.
        def: IndexDef,
    },
    /// `CREATE MATERIALIZED VIEW`.
    CreateView {
        /// The keyspace.
        keyspace: String,
        /// The view.
        def: ViewDef,
    },
    /// `DROP MATERIALIZED VIEW`.
    DropView {
        /// The keyspace.
        keyspace: String,
        /// The view.
        name: String,
    },
    /// `DROP INDEX`.
    DropIndex {
        /// The keyspace.
        keyspace: String,
        /// The index.
        name: String,
    },
    /// `ALTER TABLE … DROP column`.
    DropColumn {
        /// The keyspace.
        keyspace: String,
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// `DROP TABLE`.
    DropTable {
        /// The keyspace.
        keyspace: String,
        /// The table.
        name: String,
    },
    /// `DROP TYPE`.
    DropType {
        /// The keyspace.
        keyspace: String,
        /// The type.
        name: String,
    },
    /// A change CQL cannot make in place (a column's type, a primary key):
    /// never runnable, rendered as a comment.
    Unsafe {
        /// `keyspace.object` it concerns.
        object: String,
        /// What differs.
        problem: String,
        /// What to do instead.
        advice: String,
    },
}

impl Change {
    /// The CQL statement (without `;`), or `None` for [`Change::Unsafe`].
    pub fn cql(&self) -> Option<String> {
        Some(match self {
            Change::CreateKeyspace { keyspace, params } => create_keyspace(keyspace, params),
            Change::AlterKeyspace { keyspace, params } => {
                create_keyspace(keyspace, params).replacen("CREATE", "ALTER", 1)
            }
            Change::CreateType { keyspace, def } => create_type(keyspace, def),
            Change::AddField {
                keyspace,
                type_name,
                field,
                ty,
            } => {
                format!(
                    "ALTER TYPE {} ADD {} {ty}",
                    qualified(keyspace, type_name),
                    quote(field)
                )
            }
            Change::CreateTable { keyspace, def } => create_table(keyspace, def),
            Change::AddColumn {
                keyspace,
                table,
                column,
            } => {
                format!(
                    "ALTER TABLE {} ADD {}",
                    qualified(keyspace, table),
                    column_definition(column)
                )
            }
            Change::AlterOptions {
                keyspace,
                table,
                view,
                options,
            } => {
                let set: Vec<String> = options
                    .iter()
                    .map(|(k, v)| format!("{} = {v}", quote(k)))
                    .collect();
                let what = if *view { "MATERIALIZED VIEW" } else { "TABLE" };
                format!(
                    "ALTER {what} {} WITH {}",
                    qualified(keyspace, table),
                    set.join(" AND ")
                )
            }
            Change::CreateIndex { keyspace, def } => create_index(keyspace, def),
            Change::CreateView { keyspace, def } => create_view(keyspace, def),
            Change::DropView { keyspace, name } => {
                format!("DROP MATERIALIZED VIEW {}", qualified(keyspace, name))
            }
            Change::DropIndex { keyspace, name } => {
                format!("DROP INDEX {}", qualified(keyspace, name))
            }
            Change::DropColumn {
                keyspace,
                table,
                column,
            } => {
                format!(
                    "ALTER TABLE {} DROP {}",
                    qualified(keyspace, table),
                    quote(column)
                )
            }
            Change::DropTable { keyspace, name } => {
                format!("DROP TABLE {}", qualified(keyspace, name))
            }
            Change::DropType { keyspace, name } => {
                format!("DROP TYPE {}", qualified(keyspace, name))
            }
            Change::Unsafe { .. } => return None,
        })
    }

    /// True for a change that is never emitted as CQL.
    pub fn is_unsafe(&self) -> bool {
        matches!(self, Change::Unsafe { .. })
    }

    /// True for a drop (shown only when drops are allowed).
    pub fn is_drop(&self) -> bool {
        matches!(
            self,
            Change::DropView { .. }
                | Change::DropIndex { .. }
                | Change::DropColumn { .. }
                | Change::DropTable { .. }
                | Change::DropType { .. }
        )
    }
}

impl fmt::Display for Change {
    /// The statement with its `;`, or for an unsafe change a comment:
    /// `-- UNSAFE object: problem. advice`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.cql(), self) {
            (Some(cql), _) => write!(f, "{cql};"),
            (
                None,
                Change::Unsafe {
                    object,
                    problem,
                    advice,
                },
            ) => {
                write!(f, "-- UNSAFE {object}: {problem}. {advice}")
            }
            (None, _) => Ok(()),
        }
    }
}
