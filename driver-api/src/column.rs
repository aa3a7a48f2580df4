//! Column metadata: names and CQL types of result and bind columns.

use std::fmt;

/// The CQL type of a column or bind marker.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ColumnType {
    /// `ascii`
    Ascii,
    /// `text` / `varchar`
    Text,
    /// `blob`
    Blob,
    /// `boolean`
    Boolean,
    /// `tinyint`
    TinyInt,
    /// `smallint`
    SmallInt,
    /// `int`
    Int,
    /// `bigint`
    BigInt,
    /// `varint`
    Varint,
    /// `decimal`
    Decimal,
    /// `float`
    Float,
    /// `double`
    Double,
    /// `counter`
    Counter,
    /// `date`
    Date,
    /// `time`
    Time,
    /// `timestamp`
    Timestamp,
    /// `duration`
    Duration,
    /// `uuid`
    Uuid,
    /// `timeuuid`
    TimeUuid,
    /// `inet`
    Inet,
    /// `list<T>`
    List(Box<ColumnType>),
    /// `set<T>`
    Set(Box<ColumnType>),
    /// `map<K, V>`
    Map(Box<ColumnType>, Box<ColumnType>),
    /// `tuple<…>`
    Tuple(Vec<ColumnType>),
    /// A user-defined type.
    Udt {
        /// Keyspace of the type.
        keyspace: String,
        /// Name of the type.
        name: String,
        /// Field names and types, in declaration order.
        fields: Vec<(String, ColumnType)>,
    },
    /// `vector<T, N>`
    Vector {
        /// Element type.
        element: Box<ColumnType>,
        /// Number of elements.
        dimension: u16,
    },
    /// A type this crate has no variant for (the server's class name).
    Custom(String),
}

impl fmt::Display for ColumnType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let simple = match self {
            ColumnType::Ascii => "ascii",
            ColumnType::Text => "text",
            ColumnType::Blob => "blob",
            ColumnType::Boolean => "boolean",
            ColumnType::TinyInt => "tinyint",
            ColumnType::SmallInt => "smallint",
            ColumnType::Int => "int",
            ColumnType::BigInt => "bigint",
            ColumnType::Varint => "varint",
            ColumnType::Decimal => "decimal",
            ColumnType::Float => "float",
            ColumnType::Double => "double",
            ColumnType::Counter => "counter",
            ColumnType::Date => "date",
            ColumnType::Time => "time",
            ColumnType::Timestamp => "timestamp",
            ColumnType::Duration => "duration",
            ColumnType::Uuid => "uuid",
            ColumnType::TimeUuid => "timeuuid",
            ColumnType::Inet => "inet",
            ColumnType::List(t) => return write!(f, "list<{t}>"),
            ColumnType::Set(t) => return write!(f, "set<{t}>"),
            ColumnType::Map(k, v) => return write!(f, "map<{k}, {v}>"),
            ColumnType::Tuple(ts) => {
                let inner: Vec<String> = ts.iter().map(ToString::to_string).collect();
                return write!(f, "tuple<{}>", inner.join(", "));
            }
            ColumnType::Udt { keyspace, name, .. } => return write!(f, "{keyspace}.{name}"),
            ColumnType::Vector { element, dimension } => {
                return write!(f, "vector<{element}, {dimension}>")
            }
            ColumnType::Custom(class) => return write!(f, "'{class}'"),
        };
        f.write_str(simple)
    }
}

/// One column of a result (or one bind marker of a prepared statement).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ColumnSpec {
    /// Keyspace of the table, when the server says.
    pub keyspace: String,
    /// Table name, when the server says.
    pub table: String,
    /// Column name (or bind-marker name).
    pub name: String,
    /// CQL type.
    pub typ: ColumnType,
}

impl ColumnSpec {
    /// A column with no keyspace or table.
    pub fn new(name: impl Into<String>, typ: ColumnType) -> Self {
        ColumnSpec {
            keyspace: String::new(),
            table: String::new(),
            name: name.into(),
            typ,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_types_display_as_cql() {
        let t = ColumnType::Map(
            Box::new(ColumnType::Text),
            Box::new(ColumnType::List(Box::new(ColumnType::Vector {
                element: Box::new(ColumnType::Float),
                dimension: 3,
            }))),
        );
        assert_eq!(t.to_string(), "map<text, list<vector<float, 3>>>");
    }
}
