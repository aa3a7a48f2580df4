//! [`SessionSchema`] and [`SyncSessionSchema`]: introspection as methods of
//! the session, `session.schema()` and `session.keyspace_schema(name)`.

use cqlbridge_driver_api::Session;
use futures::future::BoxFuture;

use crate::error::SchemaResult;
use crate::model::{KeyspaceDef, Schema};

/// Introspection as methods of [`Session`].
///
/// ```no_run
/// # async fn demo(session: cqlbridge_driver_api::Session) -> Result<(), cqlbridge_schema::SchemaError> {
/// use cqlbridge_schema::SessionSchema;
///
/// let shop = session.keyspace_schema("shop").await?;
/// print!("{}", cqlbridge_schema::describe_keyspace(&shop));
/// # Ok(()) }
/// ```
pub trait SessionSchema {
    /// Every non-system keyspace; see [`crate::introspect::schema`].
    fn schema(&self) -> BoxFuture<'_, SchemaResult<Schema>>;

    /// One keyspace; see [`crate::introspect::keyspace`].
    fn keyspace_schema<'a>(&'a self, keyspace: &'a str)
        -> BoxFuture<'a, SchemaResult<KeyspaceDef>>;
}

impl SessionSchema for Session {
    fn schema(&self) -> BoxFuture<'_, SchemaResult<Schema>> {
        Box::pin(crate::introspect::schema(self))
    }

    fn keyspace_schema<'a>(
        &'a self,
        keyspace: &'a str,
    ) -> BoxFuture<'a, SchemaResult<KeyspaceDef>> {
        Box::pin(crate::introspect::keyspace(self, keyspace))
    }
}

/// Introspection as methods of the blocking `SyncSession`.
#[cfg(feature = "sync")]
pub trait SyncSessionSchema {
    /// Every non-system keyspace; see [`crate::introspect::schema_blocking`].
    fn schema(&self) -> SchemaResult<Schema>;

    /// One keyspace; see [`crate::introspect::keyspace_blocking`].
    fn keyspace_schema(&self, keyspace: &str) -> SchemaResult<KeyspaceDef>;
}

#[cfg(feature = "sync")]
impl SyncSessionSchema for cqlbridge_sync_bridge::SyncSession {
    fn schema(&self) -> SchemaResult<Schema> {
        crate::introspect::schema_blocking(self)
    }

    fn keyspace_schema(&self, keyspace: &str) -> SchemaResult<KeyspaceDef> {
        crate::introspect::keyspace_blocking(self, keyspace)
    }
}
