//! Binding [`Value`]s: each value is fitted to its marker's type with
//! [`coerce`](cqlbridge_driver_api::backend::coerce), then written through libcassandra's typed
//! setters — the data types come from the prepared metadata, so nested collections,
//! tuples and user types are built against the server's own types. `vector<T, N>` is
//! written as its serialized bytes under the server's class name; `varint` as bytes.
//! An unset value leaves the marker unbound, which the driver sends as "unset" (v4+).

use std::net::IpAddr;

use cqlbridge_driver_api::backend::coerce;
use cqlbridge_driver_api::{ColumnSpec, ColumnType, Error, Result, Value, Values};
use uuid::Uuid;

use crate::cells::encode_vector;
use crate::errors::code_name;
use crate::ffi::{error_desc, sys, CollectionH, DataTypeRef, Sink, StatementH, TupleH, UserTypeH};
use crate::prepared::CppPrepared;

/// A bound statement for `prepared` with `values`.
pub(crate) fn bind(prepared: &CppPrepared, values: &Values) -> Result<StatementH> {
    let params = prepared.params();
    let ordered = ordered(params, values)?;
    let mut statement = prepared.raw().bind().ok_or_else(|| {
        Error::new(
            cqlbridge_driver_api::ErrorKind::Other,
            "libcassandra could not create a bound statement",
        )
    })?;
    for (i, (param, value)) in params.iter().zip(ordered).enumerate() {
        let Some(value) = value else { continue };
        if matches!(value, Value::Unset) {
            continue;
        }
        let named = |detail: String| {
            Error::type_error(format!(
                "bind marker `{}` (position {i}): {detail}",
                param.name
            ))
        };
        let value =
            coerce(value.clone(), &param.typ).map_err(|e| named(e.message().to_string()))?;
        let dt = prepared
            .raw()
            .parameter_type(i)
            .ok_or_else(|| named("libcassandra has no data type for it".into()))?;
        encode(&mut statement, i, &value, dt, &param.typ).map_err(named)?;
    }
    Ok(statement)
}

/// The value for each marker, in marker order (`None`: leave unbound).
pub(crate) fn ordered<'v>(
    params: &[ColumnSpec],
    values: &'v Values,
) -> Result<Vec<Option<&'v Value>>> {
    match values {
        Values::Empty if params.is_empty() => Ok(Vec::new()),
        Values::Empty => Err(Error::invalid(format!(
            "the statement has {} bind markers but no values were given",
            params.len()
        ))),
        Values::Positional(vs) if vs.len() == params.len() => Ok(vs.iter().map(Some).collect()),
        Values::Positional(vs) => Err(Error::invalid(format!(
            "the statement has {} bind markers but {} values were given",
            params.len(),
            vs.len()
        ))),
        Values::Named(pairs) => {
            if let Some((unknown, _)) = pairs
                .iter()
                .find(|(n, _)| !params.iter().any(|p| &p.name == n))
            {
                let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
                return Err(Error::invalid(format!(
                    "no bind marker named `{unknown}` (the statement has: {})",
                    names.join(", ")
                )));
            }
            Ok(params
                .iter()
                .map(|p| pairs.iter().find(|(n, _)| n == &p.name).map(|(_, v)| v))
                .collect())
        }
    }
}

fn rejected(code: sys::CassError) -> String {
    format!(
        "libcassandra rejected it: {} [{}]",
        error_desc(code),
        code_name(code)
    )
}

fn sub<'a>(dt: DataTypeRef<'a>, i: usize) -> Result<DataTypeRef<'a>, String> {
    dt.sub(i)
        .ok_or_else(|| format!("libcassandra has no sub-type {i} for it"))
}

/// Writes `value` (already coerced to `typ`, whose libcassandra type is `dt`) at `index`.
fn encode(
    sink: &mut dyn Sink,
    index: usize,
    value: &Value,
    dt: DataTypeRef<'_>,
    typ: &ColumnType,
) -> Result<(), String> {
    use ColumnType as T;
    let outcome = match value {
        Value::Null | Value::Unset => sink.null(index),
        Value::Ascii(s) | Value::Text(s) => sink.string(index, s),
        Value::Blob(b) => match typ {
            T::Custom(_) => sink.custom(index, &dt.class_name().unwrap_or_default(), b),
            _ => sink.bytes(index, b),
        },
        Value::Boolean(b) => sink.bool(index, *b),
        Value::TinyInt(v) => sink.int8(index, *v),
        Value::SmallInt(v) => sink.int16(index, *v),
        Value::Int(v) => sink.int32(index, *v),
        Value::BigInt(v) | Value::Counter(v) => sink.int64(index, *v),
        Value::Varint(v) => sink.bytes(index, v.as_be_bytes()),
        Value::Decimal(d) => sink.decimal(index, d.unscaled.as_be_bytes(), d.scale),
        Value::Float(v) => sink.float(index, *v),
        Value::Double(v) => sink.double(index, *v),
        Value::Date(d) => sink.uint32(index, d.0),
        Value::Time(t) => sink.int64(index, t.nanos()),
        Value::Timestamp(t) => sink.int64(index, t.0),
        Value::Duration(d) => sink.duration(index, d.months, d.days, d.nanoseconds),
        Value::Uuid(u) | Value::TimeUuid(u) => sink.uuid(index, to_cass_uuid(u)),
        Value::Inet(ip) => sink.inet(index, to_cass_inet(ip)),
        Value::List(items) | Value::Set(items) => {
            let (T::List(et) | T::Set(et)) = typ else {
                return Err(format!("a list cannot be written as {typ}"));
            };
            let edt = sub(dt, 0)?;
            let mut c = CollectionH::new(dt, items.len()).ok_or("cannot create a collection")?;
            for item in items {
                element(&mut c, item, edt, et)?;
            }
            sink.collection(index, &c)
        }
        Value::Map(entries) => {
            let T::Map(kt, vt) = typ else {
                return Err(format!("a map cannot be written as {typ}"));
            };
            let (kdt, vdt) = (sub(dt, 0)?, sub(dt, 1)?);
            let mut c = CollectionH::new(dt, entries.len() * 2).ok_or("cannot create a map")?;
            for (k, v) in entries {
                element(&mut c, k, kdt, kt)?;
                element(&mut c, v, vdt, vt)?;
            }
            sink.collection(index, &c)
        }
        Value::Tuple(items) => {
            let T::Tuple(ts) = typ else {
                return Err(format!("a tuple cannot be written as {typ}"));
            };
            let mut t = TupleH::new(dt).ok_or("cannot create a tuple")?;
            for (j, (item, it)) in items.iter().zip(ts).enumerate() {
                encode(&mut t, j, item, sub(dt, j)?, it)
                    .map_err(|e| format!("tuple member {j}: {e}"))?;
            }
            sink.tuple(index, &t)
        }
        Value::Udt(udt) => {
            let T::Udt { fields: decl, .. } = typ else {
                return Err(format!("a user-type value cannot be written as {typ}"));
            };
            let mut u = UserTypeH::new(dt).ok_or("cannot create a user-type value")?;
            for (j, ((name, item), (_, ft))) in udt.fields.iter().zip(decl).enumerate() {
                encode(&mut u, j, item, sub(dt, j)?, ft)
                    .map_err(|e| format!("field `{name}`: {e}"))?;
            }
            sink.user_type(index, &u)
        }
        Value::Vector(items) => {
            let T::Vector { element, .. } = typ else {
                return Err(format!("a vector cannot be written as {typ}"));
            };
            let bytes = encode_vector(items, element).map_err(|e| e.message().to_string())?;
            sink.custom(index, &dt.class_name().unwrap_or_default(), &bytes)
        }
        other => {
            return Err(format!(
                "a {} value cannot be bound by the cpp backend",
                other.type_name()
            ))
        }
    };
    outcome.map_err(rejected)
}

/// One element of a collection: never null.
fn element(
    c: &mut CollectionH,
    item: &Value,
    dt: DataTypeRef<'_>,
    typ: &ColumnType,
) -> Result<(), String> {
    if matches!(item, Value::Null | Value::Unset) {
        return Err("a collection cannot hold null".into());
    }
    encode(c, 0, item, dt, typ)
}

/// libcassandra's split form of a UUID: time fields in one word, clock and node in the other.
pub(crate) fn to_cass_uuid(u: &Uuid) -> sys::CassUuid {
    let b = u.as_bytes();
    let time_low = u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    let time_mid = u64::from(u16::from_be_bytes([b[4], b[5]]));
    let time_hi = u64::from(u16::from_be_bytes([b[6], b[7]]));
    let mut rest = [0u8; 8];
    rest.copy_from_slice(&b[8..]);
    sys::CassUuid {
        time_and_version: (time_hi << 48) | (time_mid << 32) | time_low,
        clock_seq_and_node: u64::from_be_bytes(rest),
    }
}

/// A UUID from libcassandra's split form (the inverse of [`to_cass_uuid`]).
pub(crate) fn from_cass_uuid(c: sys::CassUuid) -> Uuid {
    let t = c.time_and_version;
    let mut b = [0u8; 16];
    b[0..4].copy_from_slice(&((t & 0xFFFF_FFFF) as u32).to_be_bytes());
    b[4..6].copy_from_slice(&(((t >> 32) & 0xFFFF) as u16).to_be_bytes());
    b[6..8].copy_from_slice(&((t >> 48) as u16).to_be_bytes());
    b[8..16].copy_from_slice(&c.clock_seq_and_node.to_be_bytes());
    Uuid::from_bytes(b)
}

/// libcassandra's inet.
pub(crate) fn to_cass_inet(ip: &IpAddr) -> sys::CassInet {
    let mut address = [0u8; 16];
    let address_length = match ip {
        IpAddr::V4(v4) => {
            address[..4].copy_from_slice(&v4.octets());
            4
        }
        IpAddr::V6(v6) => {
            address.copy_from_slice(&v6.octets());
            16
        }
    };
    sys::CassInet {
        address,
        address_length,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> Vec<ColumnSpec> {
        vec![
            ColumnSpec::new("id", ColumnType::Int),
            ColumnSpec::new("name", ColumnType::Text),
        ]
    }

    #[test]
    fn values_are_ordered_by_marker_or_rejected() {
        let p = params();
        let pos = Values::Positional(vec![Value::Int(1), Value::Text("a".into())]);
        assert_eq!(ordered(&p, &pos).unwrap().len(), 2);
        let short = Values::Positional(vec![Value::Int(1)]);
        let e = ordered(&p, &short).unwrap_err();
        assert!(
            e.is_invalid() && e.to_string().contains("2 bind markers but 1"),
            "{e}"
        );
        assert!(ordered(&p, &Values::Empty).unwrap_err().is_invalid());
        assert!(ordered(&[], &Values::Empty).unwrap().is_empty());
        let named = Values::Named(vec![("name".into(), Value::Text("b".into()))]);
        let got = ordered(&p, &named).unwrap();
        assert!(got[0].is_none(), "a missing name stays unbound");
        assert_eq!(got[1], Some(&Value::Text("b".into())));
        let unknown = Values::Named(vec![("nope".into(), Value::Int(1))]);
        let e = ordered(&p, &unknown).unwrap_err();
        assert!(
            e.to_string().contains("`nope`") && e.to_string().contains("id, name"),
            "{e}"
        );
    }

    #[test]
    fn uuids_come_back_from_the_split_form() {
        let u = Uuid::parse_str("00112233-4455-6677-8899-aabbccddeeff").unwrap();
        assert_eq!(from_cass_uuid(to_cass_uuid(&u)), u);
    }

    #[test]
    fn uuids_split_like_libcassandra() {
        let u = Uuid::parse_str("00112233-4455-6677-8899-aabbccddeeff").unwrap();
        let c = to_cass_uuid(&u);
        assert_eq!(c.time_and_version, 0x6677_4455_0011_2233);
        assert_eq!(c.clock_seq_and_node, 0x8899_aabb_ccdd_eeff);
    }

    #[test]
    fn inets_keep_their_width() {
        let v4 = to_cass_inet(&"10.1.2.3".parse().unwrap());
        assert_eq!(
            (v4.address_length, &v4.address[..4]),
            (4, &[10, 1, 2, 3][..])
        );
        let v6 = to_cass_inet(&"::1".parse().unwrap());
        assert_eq!((v6.address_length, v6.address[15]), (16, 1));
    }
}
