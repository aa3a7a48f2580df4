//! [`Value`]: one CQL value of any type, owned and backend-neutral.
//!
//! Every CQL type has its own variant, so what is written reads back equal:
//! `ascii` and `text` stay apart, `counter` is not a `bigint`, a `timeuuid`
//! is not a plain `uuid`, and `varint` / `decimal` keep all their digits.

mod scalars;
mod time;
mod udt;

pub use scalars::{CqlDecimal, CqlVarint};
pub use time::{CqlDate, CqlDuration, CqlTime, CqlTimestamp};
pub use udt::UdtValue;

use std::net::IpAddr;

use uuid::Uuid;

/// One CQL value.
///
/// Collections hold `Value`s; a `null` inside a tuple or UDT field is
/// [`Value::Null`]. [`Value::Unset`] binds "leave this column untouched"
/// (protocol v4+), distinct from writing a null.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// CQL `null`.
    Null,
    /// An unset bind value: the column is not written.
    Unset,
    /// `ascii`: US-ASCII text.
    Ascii(String),
    /// `text` / `varchar`: UTF-8 text.
    Text(String),
    /// `blob`: raw bytes.
    Blob(Vec<u8>),
    /// `boolean`.
    Boolean(bool),
    /// `tinyint`: 8-bit signed.
    TinyInt(i8),
    /// `smallint`: 16-bit signed.
    SmallInt(i16),
    /// `int`: 32-bit signed.
    Int(i32),
    /// `bigint`: 64-bit signed.
    BigInt(i64),
    /// `varint`: arbitrary-precision integer.
    Varint(CqlVarint),
    /// `decimal`: arbitrary-precision decimal.
    Decimal(CqlDecimal),
    /// `float`: IEEE-754 single precision.
    Float(f32),
    /// `double`: IEEE-754 double precision.
    Double(f64),
    /// `counter`: a 64-bit counter value.
    Counter(i64),
    /// `date`: days, without time or zone.
    Date(CqlDate),
    /// `time`: nanoseconds since midnight.
    Time(CqlTime),
    /// `timestamp`: milliseconds since the Unix epoch.
    Timestamp(CqlTimestamp),
    /// `duration`: months, days and nanoseconds.
    Duration(CqlDuration),
    /// `uuid`.
    Uuid(Uuid),
    /// `timeuuid`: a version-1 UUID.
    TimeUuid(Uuid),
    /// `inet`: an IPv4 or IPv6 address.
    Inet(IpAddr),
    /// `list<T>`.
    List(Vec<Value>),
    /// `set<T>`, in the server's order.
    Set(Vec<Value>),
    /// `map<K, V>`, in the server's order.
    Map(Vec<(Value, Value)>),
    /// `tuple<…>`; a null element is [`Value::Null`].
    Tuple(Vec<Value>),
    /// A user-defined type; fields in declaration order, a null field is
    /// [`Value::Null`]. Boxed, so that every other value stays small (see
    /// [`Value::udt`]).
    Udt(Box<UdtValue>),
    /// `vector<T, N>` (Cassandra 5): fixed-length, elements of one type.
    Vector(Vec<Value>),
}

impl Value {
    /// A user-defined type's value: its keyspace and name (either may be
    /// empty when binding) and its fields in declaration order.
    pub fn udt(
        keyspace: impl Into<String>,
        name: impl Into<String>,
        fields: Vec<(String, Value)>,
    ) -> Value {
        Value::Udt(Box::new(UdtValue {
            keyspace: keyspace.into(),
            name: name.into(),
            fields,
        }))
    }

    /// True for [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The CQL name of this value's type, for error messages (`"int"`, `"list"`, …).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Unset => "unset",
            Value::Ascii(_) => "ascii",
            Value::Text(_) => "text",
            Value::Blob(_) => "blob",
            Value::Boolean(_) => "boolean",
            Value::TinyInt(_) => "tinyint",
            Value::SmallInt(_) => "smallint",
            Value::Int(_) => "int",
            Value::BigInt(_) => "bigint",
            Value::Varint(_) => "varint",
            Value::Decimal(_) => "decimal",
            Value::Float(_) => "float",
            Value::Double(_) => "double",
            Value::Counter(_) => "counter",
            Value::Date(_) => "date",
            Value::Time(_) => "time",
            Value::Timestamp(_) => "timestamp",
            Value::Duration(_) => "duration",
            Value::Uuid(_) => "uuid",
            Value::TimeUuid(_) => "timeuuid",
            Value::Inet(_) => "inet",
            Value::List(_) => "list",
            Value::Set(_) => "set",
            Value::Map(_) => "map",
            Value::Tuple(_) => "tuple",
            Value::Udt(_) => "udt",
            Value::Vector(_) => "vector",
        }
    }

    /// Equality that treats two NaNs of the same width as equal, for
    /// round-trip checks (`PartialEq` follows IEEE-754, where NaN ≠ NaN).
    pub fn same_as(&self, other: &Value) -> bool {
        fn all(a: &[Value], b: &[Value]) -> bool {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_as(y))
        }
        match (self, other) {
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits() || a == b,
            (Value::Double(a), Value::Double(b)) => a.to_bits() == b.to_bits() || a == b,
            (Value::List(a), Value::List(b))
            | (Value::Set(a), Value::Set(b))
            | (Value::Tuple(a), Value::Tuple(b))
            | (Value::Vector(a), Value::Vector(b)) => all(a, b),
            (Value::Map(a), Value::Map(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((k1, v1), (k2, v2))| k1.same_as(k2) && v1.same_as(v2))
            }
            (Value::Udt(a), Value::Udt(b)) => {
                a.keyspace == b.keyspace
                    && a.name == b.name
                    && a.fields.len() == b.fields.len()
                    && a.fields
                        .iter()
                        .zip(&b.fields)
                        .all(|((n1, x), (n2, y))| n1 == n2 && x.same_as(y))
            }
            _ => self == other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_four_words_whatever_its_type() {
        // Rows and bound values are vectors of `Value`: an `int` costs as
        // much as the largest variant held inline.
        assert_eq!(size_of::<Value>(), 32);
    }

    #[test]
    fn udts_compare_type_and_fields() {
        let udt = |k: &str, x: f64| Value::udt(k, "p", vec![("x".into(), Value::Double(x))]);
        assert!(udt("ks", f64::NAN).same_as(&udt("ks", f64::NAN)));
        assert!(!udt("ks", 1.0).same_as(&udt("other", 1.0)));
        assert!(!udt("ks", 1.0).same_as(&udt("ks", 2.0)));
        assert_eq!(udt("ks", 1.0), udt("ks", 1.0));
    }

    #[test]
    fn same_as_treats_nan_as_equal_but_eq_does_not() {
        let a = Value::List(vec![Value::Double(f64::NAN), Value::Float(f32::NAN)]);
        assert_ne!(a, a.clone());
        assert!(a.same_as(&a.clone()));
        assert!(!Value::Double(1.0).same_as(&Value::Float(1.0)));
    }

    #[test]
    fn type_names_are_cql_names() {
        assert_eq!(Value::TimeUuid(Uuid::nil()).type_name(), "timeuuid");
        assert_eq!(Value::Counter(1).type_name(), "counter");
    }
}
