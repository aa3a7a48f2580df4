//! [`UdtValue`]: the value of a user-defined type.

use super::Value;

/// The value of a user-defined type: which type, and its fields.
///
/// [`Value::Udt`] holds it boxed: a UDT is three growable parts, and inline
/// they would make every [`Value`] (an `int` too) that large.
#[derive(Debug, Clone, PartialEq)]
pub struct UdtValue {
    /// The keyspace of the type (may be empty when binding).
    pub keyspace: String,
    /// The type's name (may be empty when binding).
    pub name: String,
    /// Field names and values, in declaration order; a null field is
    /// [`Value::Null`].
    pub fields: Vec<(String, Value)>,
}
