//! libcassandra data types as [`ColumnType`]s.
//!
//! The C++ driver (2.16) predates `vector<T, N>`: a vector column reaches it as a custom
//! type whose class name is the server's, e.g.
//! `org.apache.cassandra.db.marshal.VectorType(org.apache.cassandra.db.marshal.FloatType, 3)`.
//! [`from_class_name`] parses such names, so vectors get their own [`ColumnType`].

use cqlbridge_driver_api::ColumnType;

use crate::ffi::{sys, DataTypeRef};

/// The [`ColumnType`] of a libcassandra data type (recursively).
pub(crate) fn column_type(dt: DataTypeRef<'_>) -> ColumnType {
    use sys::CassValueType as V;
    use ColumnType as T;
    let sub = |i: usize| {
        dt.sub(i)
            .map(column_type)
            .unwrap_or_else(|| T::Custom("unknown".into()))
    };
    match dt.value_type() {
        V::CASS_VALUE_TYPE_ASCII => T::Ascii,
        V::CASS_VALUE_TYPE_TEXT | V::CASS_VALUE_TYPE_VARCHAR => T::Text,
        V::CASS_VALUE_TYPE_BLOB => T::Blob,
        V::CASS_VALUE_TYPE_BOOLEAN => T::Boolean,
        V::CASS_VALUE_TYPE_TINY_INT => T::TinyInt,
        V::CASS_VALUE_TYPE_SMALL_INT => T::SmallInt,
        V::CASS_VALUE_TYPE_INT => T::Int,
        V::CASS_VALUE_TYPE_BIGINT => T::BigInt,
        V::CASS_VALUE_TYPE_VARINT => T::Varint,
        V::CASS_VALUE_TYPE_DECIMAL => T::Decimal,
        V::CASS_VALUE_TYPE_FLOAT => T::Float,
        V::CASS_VALUE_TYPE_DOUBLE => T::Double,
        V::CASS_VALUE_TYPE_COUNTER => T::Counter,
        V::CASS_VALUE_TYPE_DATE => T::Date,
        V::CASS_VALUE_TYPE_TIME => T::Time,
        V::CASS_VALUE_TYPE_TIMESTAMP => T::Timestamp,
        V::CASS_VALUE_TYPE_DURATION => T::Duration,
        V::CASS_VALUE_TYPE_UUID => T::Uuid,
        V::CASS_VALUE_TYPE_TIMEUUID => T::TimeUuid,
        V::CASS_VALUE_TYPE_INET => T::Inet,
        V::CASS_VALUE_TYPE_LIST => T::List(Box::new(sub(0))),
        V::CASS_VALUE_TYPE_SET => T::Set(Box::new(sub(0))),
        V::CASS_VALUE_TYPE_MAP => T::Map(Box::new(sub(0)), Box::new(sub(1))),
        V::CASS_VALUE_TYPE_TUPLE => T::Tuple((0..dt.sub_count()).map(sub).collect()),
        V::CASS_VALUE_TYPE_UDT => T::Udt {
            keyspace: dt.keyspace().unwrap_or_default(),
            name: dt.type_name().unwrap_or_default(),
            fields: (0..dt.sub_count())
                .map(|i| (dt.sub_name(i).unwrap_or_default(), sub(i)))
                .collect(),
        },
        V::CASS_VALUE_TYPE_CUSTOM => from_class_name(&dt.class_name().unwrap_or_default()),
        V::CASS_VALUE_TYPE_UNKNOWN | V::CASS_VALUE_TYPE_LAST_ENTRY => T::Custom("unknown".into()),
    }
}

const MARSHAL: &str = "org.apache.cassandra.db.marshal.";

/// Splits `Name(arg, arg, …)` into the name and its top-level arguments.
fn split(class: &str) -> (&str, Vec<&str>) {
    let class = class.trim();
    let Some(open) = class.find('(') else {
        return (class, Vec::new());
    };
    let Some(inner) = class[open + 1..].strip_suffix(')') else {
        return (class, Vec::new());
    };
    let mut args = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in inner.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                args.push(inner[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    args.push(inner[start..].trim());
    (&class[..open], args)
}

/// The [`ColumnType`] a server class name stands for; [`ColumnType::Custom`] (with the
/// full name) for anything it does not know, including user types, which never arrive
/// this way.
pub(crate) fn from_class_name(class: &str) -> ColumnType {
    use ColumnType as T;
    let (name, args) = split(class);
    let short = name.strip_prefix(MARSHAL).unwrap_or(name);
    let arg = |i: usize| {
        args.get(i)
            .map_or(T::Custom(String::new()), |a| from_class_name(a))
    };
    let custom = || T::Custom(class.trim().to_string());
    match (short, args.len()) {
        ("AsciiType", 0) => T::Ascii,
        ("UTF8Type", 0) => T::Text,
        ("BytesType", 0) => T::Blob,
        ("BooleanType", 0) => T::Boolean,
        ("ByteType", 0) => T::TinyInt,
        ("ShortType", 0) => T::SmallInt,
        ("Int32Type", 0) => T::Int,
        ("LongType", 0) => T::BigInt,
        ("IntegerType", 0) => T::Varint,
        ("DecimalType", 0) => T::Decimal,
        ("FloatType", 0) => T::Float,
        ("DoubleType", 0) => T::Double,
        ("CounterColumnType", 0) => T::Counter,
        ("SimpleDateType", 0) => T::Date,
        ("TimeType", 0) => T::Time,
        ("TimestampType" | "DateType", 0) => T::Timestamp,
        ("DurationType", 0) => T::Duration,
        ("UUIDType", 0) => T::Uuid,
        ("TimeUUIDType", 0) => T::TimeUuid,
        ("InetAddressType", 0) => T::Inet,
        ("FrozenType" | "ReversedType", 1) => arg(0),
        ("ListType", 1) => T::List(Box::new(arg(0))),
        ("SetType", 1) => T::Set(Box::new(arg(0))),
        ("MapType", 2) => T::Map(Box::new(arg(0)), Box::new(arg(1))),
        ("TupleType", n) if n > 0 => T::Tuple((0..n).map(arg).collect()),
        ("VectorType", 2) => match args[1].parse::<u16>() {
            Ok(dimension) => T::Vector {
                element: Box::new(arg(0)),
                dimension,
            },
            Err(_) => custom(),
        },
        _ => custom(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vector_class_names_become_vectors() {
        let t = from_class_name(
            "org.apache.cassandra.db.marshal.VectorType(org.apache.cassandra.db.marshal.FloatType, 3)",
        );
        assert_eq!(
            t,
            ColumnType::Vector {
                element: Box::new(ColumnType::Float),
                dimension: 3
            }
        );
        let nested = from_class_name(
            "org.apache.cassandra.db.marshal.VectorType(org.apache.cassandra.db.marshal.\
             MapType(org.apache.cassandra.db.marshal.UTF8Type,org.apache.cassandra.db.marshal.\
             Int32Type),2)",
        );
        assert_eq!(nested.to_string(), "vector<map<text, int>, 2>");
    }

    #[test]
    fn known_and_unknown_class_names() {
        assert_eq!(
            from_class_name("org.apache.cassandra.db.marshal.DurationType"),
            ColumnType::Duration
        );
        assert_eq!(
            from_class_name("org.apache.cassandra.db.marshal.FrozenType(org.apache.cassandra.db.marshal.ListType(org.apache.cassandra.db.marshal.TimeUUIDType))"),
            ColumnType::List(Box::new(ColumnType::TimeUuid))
        );
        let odd = "com.example.GeoType";
        assert_eq!(from_class_name(odd), ColumnType::Custom(odd.into()));
        let bad_dim = "org.apache.cassandra.db.marshal.VectorType(org.apache.cassandra.db.marshal.FloatType, x)";
        assert_eq!(from_class_name(bad_dim), ColumnType::Custom(bad_dim.into()));
        assert!(matches!(from_class_name("Broken(("), ColumnType::Custom(_)));
    }
}
