//! CQL type metadata: the `scylla` crate's `ColumnType` / `ColumnSpec` →
//! ours. Used for result columns and for the bind markers of prepared
//! statements (which `coerce` checks values against).

use std::sync::Arc;

use cqlbridge_driver_api::{ColumnSpec, ColumnType};
use scylla::frame::response::result::{
    CollectionType as SCollection, ColumnSpec as SSpec, ColumnType as SType, NativeType as N,
};
use scylla::response::query_result::ColumnSpecs;

/// Our [`ColumnType`] for a `scylla` column type.
pub(crate) fn column_type(t: &SType<'_>) -> ColumnType {
    match t {
        SType::Native(n) => native(n),
        SType::Collection { typ, .. } => match typ {
            SCollection::List(e) => ColumnType::List(Box::new(column_type(e))),
            SCollection::Set(e) => ColumnType::Set(Box::new(column_type(e))),
            SCollection::Map(k, v) => {
                ColumnType::Map(Box::new(column_type(k)), Box::new(column_type(v)))
            }
            other => ColumnType::Custom(format!("{other:?}")),
        },
        SType::Vector { typ, dimensions } => ColumnType::Vector {
            element: Box::new(column_type(typ)),
            dimension: *dimensions,
        },
        SType::UserDefinedType { definition, .. } => ColumnType::Udt {
            keyspace: definition.keyspace.to_string(),
            name: definition.name.to_string(),
            fields: definition
                .field_types
                .iter()
                .map(|(n, t)| (n.to_string(), column_type(t)))
                .collect(),
        },
        SType::Tuple(ts) => ColumnType::Tuple(ts.iter().map(column_type).collect()),
        other => ColumnType::Custom(format!("{other:?}")),
    }
}

fn native(n: &N) -> ColumnType {
    match n {
        N::Ascii => ColumnType::Ascii,
        N::Boolean => ColumnType::Boolean,
        N::Blob => ColumnType::Blob,
        N::Counter => ColumnType::Counter,
        N::Date => ColumnType::Date,
        N::Decimal => ColumnType::Decimal,
        N::Double => ColumnType::Double,
        N::Duration => ColumnType::Duration,
        N::Float => ColumnType::Float,
        N::Int => ColumnType::Int,
        N::BigInt => ColumnType::BigInt,
        N::Text => ColumnType::Text,
        N::Timestamp => ColumnType::Timestamp,
        N::Inet => ColumnType::Inet,
        N::SmallInt => ColumnType::SmallInt,
        N::TinyInt => ColumnType::TinyInt,
        N::Time => ColumnType::Time,
        N::Timeuuid => ColumnType::TimeUuid,
        N::Uuid => ColumnType::Uuid,
        N::Varint => ColumnType::Varint,
        other => ColumnType::Custom(format!("{other:?}")),
    }
}

/// Our [`ColumnSpec`] for a `scylla` column spec.
pub(crate) fn column_spec(s: &SSpec<'_>) -> ColumnSpec {
    ColumnSpec {
        keyspace: s.table_spec().ks_name().to_string(),
        table: s.table_spec().table_name().to_string(),
        name: s.name().to_string(),
        typ: column_type(s.typ()),
    }
}

/// Every column spec converted, shared as one `Arc` (for a page's rows).
pub(crate) fn column_specs<'a, 's: 'a>(
    specs: impl IntoIterator<Item = &'a SSpec<'s>>,
) -> Arc<[ColumnSpec]> {
    specs.into_iter().map(column_spec).collect()
}

/// True when `ours`, a prepared statement's result columns, describes the
/// same columns as `theirs`, a reply to that statement: the same names and
/// types, in order, so rows can share `ours` instead of a new copy. For
/// native types this allocates nothing.
///
/// Keyspace and table are not compared: a prepared statement reads the one
/// table its text names, in the keyspace it was prepared in, so every reply
/// to it names those two; only its columns can change (a `SELECT *` after an
/// `ALTER TABLE`). That saves two string comparisons per column per reply.
pub(crate) fn same_specs(ours: &[ColumnSpec], theirs: &ColumnSpecs<'_, '_>) -> bool {
    ours.len() == theirs.len()
        && ours
            .iter()
            .zip(theirs.iter())
            .all(|(o, t)| same_type(&o.typ, t.typ()) && o.name == t.name())
}

fn same_type(ours: &ColumnType, theirs: &SType<'_>) -> bool {
    match theirs {
        SType::Native(n) => same_native(n, ours),
        other => column_type(other) == *ours,
    }
}

/// `native(n) == *ours`, without building (and dropping) a `ColumnType`
/// per column of every reply for the known natives.
fn same_native(n: &N, ours: &ColumnType) -> bool {
    use ColumnType as T;
    match ours {
        T::Custom(_) => native(n) == *ours,
        _ => matches!(
            (n, ours),
            (N::Ascii, T::Ascii)
                | (N::Boolean, T::Boolean)
                | (N::Blob, T::Blob)
                | (N::Counter, T::Counter)
                | (N::Date, T::Date)
                | (N::Decimal, T::Decimal)
                | (N::Double, T::Double)
                | (N::Duration, T::Duration)
                | (N::Float, T::Float)
                | (N::Int, T::Int)
                | (N::BigInt, T::BigInt)
                | (N::Text, T::Text)
                | (N::Timestamp, T::Timestamp)
                | (N::Inet, T::Inet)
                | (N::SmallInt, T::SmallInt)
                | (N::TinyInt, T::TinyInt)
                | (N::Time, T::Time)
                | (N::Timeuuid, T::TimeUuid)
                | (N::Uuid, T::Uuid)
                | (N::Varint, T::Varint)
        ),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use scylla::frame::response::result::{TableSpec, UserDefinedType};
    use std::borrow::Cow;

    /// Every native type, paired with what it must become.
    pub(crate) fn natives() -> Vec<(SType<'static>, ColumnType)> {
        use ColumnType as T;
        vec![
            (SType::Native(N::Ascii), T::Ascii),
            (SType::Native(N::Boolean), T::Boolean),
            (SType::Native(N::Blob), T::Blob),
            (SType::Native(N::Counter), T::Counter),
            (SType::Native(N::Date), T::Date),
            (SType::Native(N::Decimal), T::Decimal),
            (SType::Native(N::Double), T::Double),
            (SType::Native(N::Duration), T::Duration),
            (SType::Native(N::Float), T::Float),
            (SType::Native(N::Int), T::Int),
            (SType::Native(N::BigInt), T::BigInt),
            (SType::Native(N::Text), T::Text),
            (SType::Native(N::Timestamp), T::Timestamp),
            (SType::Native(N::Inet), T::Inet),
            (SType::Native(N::SmallInt), T::SmallInt),
            (SType::Native(N::TinyInt), T::TinyInt),
            (SType::Native(N::Time), T::Time),
            (SType::Native(N::Timeuuid), T::TimeUuid),
            (SType::Native(N::Uuid), T::Uuid),
            (SType::Native(N::Varint), T::Varint),
        ]
    }

    /// A UDT `ks.addr { street text, no int, inner ks.point { x float } }`.
    pub(crate) fn udt_type() -> SType<'static> {
        let point = SType::UserDefinedType {
            frozen: true,
            definition: Arc::new(UserDefinedType {
                name: Cow::Borrowed("point"),
                keyspace: Cow::Borrowed("ks"),
                field_types: vec![(Cow::Borrowed("x"), SType::Native(N::Float))],
            }),
        };
        SType::UserDefinedType {
            frozen: false,
            definition: Arc::new(UserDefinedType {
                name: Cow::Borrowed("addr"),
                keyspace: Cow::Borrowed("ks"),
                field_types: vec![
                    (Cow::Borrowed("street"), SType::Native(N::Text)),
                    (Cow::Borrowed("no"), SType::Native(N::Int)),
                    (Cow::Borrowed("inner"), point),
                ],
            }),
        }
    }

    pub(crate) fn list(e: SType<'static>) -> SType<'static> {
        SType::Collection {
            frozen: false,
            typ: SCollection::List(Box::new(e)),
        }
    }

    pub(crate) fn set(e: SType<'static>) -> SType<'static> {
        SType::Collection {
            frozen: false,
            typ: SCollection::Set(Box::new(e)),
        }
    }

    pub(crate) fn map(k: SType<'static>, v: SType<'static>) -> SType<'static> {
        SType::Collection {
            frozen: false,
            typ: SCollection::Map(Box::new(k), Box::new(v)),
        }
    }

    pub(crate) fn vector(e: SType<'static>, n: u16) -> SType<'static> {
        SType::Vector {
            typ: Box::new(e),
            dimensions: n,
        }
    }

    #[test]
    fn every_native_type_maps() {
        for (s, ours) in natives() {
            assert_eq!(column_type(&s), ours, "{s:?}");
        }
    }

    #[test]
    fn nested_types_map_recursively() {
        let t = map(
            SType::Native(N::Text),
            list(vector(SType::Native(N::Float), 3)),
        );
        assert_eq!(
            column_type(&t).to_string(),
            "map<text, list<vector<float, 3>>>"
        );
        assert_eq!(
            column_type(&set(SType::Tuple(vec![
                SType::Native(N::Int),
                SType::Native(N::Text)
            ])))
            .to_string(),
            "set<tuple<int, text>>"
        );
        match column_type(&udt_type()) {
            ColumnType::Udt {
                keyspace,
                name,
                fields,
            } => {
                assert_eq!((keyspace.as_str(), name.as_str()), ("ks", "addr"));
                assert_eq!(fields[0], ("street".to_string(), ColumnType::Text));
                assert!(matches!(&fields[2].1, ColumnType::Udt { name, .. } if name == "point"));
            }
            other => panic!("not a UDT: {other:?}"),
        }
    }

    #[test]
    fn same_native_agrees_with_building_the_type() {
        let all = natives();
        for (theirs, _) in &all {
            let SType::Native(n) = theirs else { continue };
            for (_, ours) in &all {
                assert_eq!(
                    same_native(n, ours),
                    native(n) == *ours,
                    "{n:?} vs {ours:?}"
                );
            }
            assert!(!same_native(n, &ColumnType::Custom("x".into())));
        }
    }

    #[test]
    fn same_specs_needs_every_name_and_type_to_match() {
        let spec = |name: &str, typ: SType<'static>, table: &str| {
            SSpec::owned(
                name.into(),
                typ,
                TableSpec::owned("ks".into(), table.into()),
            )
        };
        let list = SType::Collection {
            frozen: false,
            typ: SCollection::List(Box::new(SType::Native(N::Int))),
        };
        let theirs = [
            spec("id", SType::Native(N::BigInt), "t"),
            spec("xs", list.clone(), "t"),
        ];
        let ours = column_specs(theirs.iter());
        assert!(same_specs(&ours, &ColumnSpecs::new(&theirs)));
        let renamed = [theirs[0].clone(), spec("ys", list.clone(), "t")];
        assert!(!same_specs(&ours, &ColumnSpecs::new(&renamed)));
        let retyped = [spec("id", SType::Native(N::Int), "t"), theirs[1].clone()];
        assert!(!same_specs(&ours, &ColumnSpecs::new(&retyped)));
        // A reply to a prepared statement always names its table (see
        // `same_specs`), so the table is not what tells columns apart.
        let other_table = [spec("id", SType::Native(N::BigInt), "u"), theirs[1].clone()];
        assert!(same_specs(&ours, &ColumnSpecs::new(&other_table)));
        let wider = [theirs[0].clone(), theirs[1].clone(), spec("w", list, "t")];
        assert!(!same_specs(&ours, &ColumnSpecs::new(&wider)));
        assert!(!same_specs(&ours, &ColumnSpecs::new(&theirs[..1])));
    }

    #[test]
    fn column_specs_keep_keyspace_table_and_name() {
        let spec = SSpec::owned(
            "v".into(),
            SType::Native(N::Int),
            TableSpec::owned("ks".into(), "t".into()),
        );
        let ours = column_specs([&spec]);
        assert_eq!(ours.len(), 1);
        assert_eq!(
            (ours[0].keyspace.as_str(), ours[0].table.as_str()),
            ("ks", "t")
        );
        assert_eq!(ours[0].name, "v");
        assert_eq!(ours[0].typ, ColumnType::Int);
    }
}
