//! [`coerce`]: fit a bound value to the column type the server expects,
//! losslessly or not at all. Backends call it before serializing, so every
//! backend accepts the same inputs (an `i64` for an `int` column when it fits,
//! text for `ascii` when it is ASCII, a list for a set or vector) and rejects
//! the same ones with a `Type` error.

use crate::column::ColumnType;
use crate::error::{Error, Result};
use crate::value::{CqlVarint, Value};

fn int_of(v: &Value) -> Option<Result<i128>> {
    Some(match v {
        Value::TinyInt(x) => Ok(i128::from(*x)),
        Value::SmallInt(x) => Ok(i128::from(*x)),
        Value::Int(x) => Ok(i128::from(*x)),
        Value::BigInt(x) | Value::Counter(x) => Ok(i128::from(*x)),
        Value::Varint(x) => x.to_i128(),
        _ => return None,
    })
}

fn mismatch(v: &Value, typ: &ColumnType) -> Error {
    Error::type_error(format!(
        "a {} value cannot be bound to a {typ} column",
        v.type_name()
    ))
}

fn narrow<T: TryFrom<i128>>(n: i128, v: &Value, typ: &ColumnType) -> Result<T> {
    T::try_from(n).map_err(|_| {
        Error::type_error(format!(
            "{} value {n} does not fit in a {typ} column",
            v.type_name()
        ))
    })
}

fn each(items: Vec<Value>, element: &ColumnType) -> Result<Vec<Value>> {
    items.into_iter().map(|v| coerce(v, element)).collect()
}

/// `value` converted to fit `typ`, or a `Type` error that names both.
/// Null and unset fit every type.
pub fn coerce(value: Value, typ: &ColumnType) -> Result<Value> {
    use ColumnType as T;
    if matches!(value, Value::Null | Value::Unset) {
        return Ok(value);
    }
    // A varint of any size fits a varint column as is (it may exceed i128).
    if matches!((&value, typ), (Value::Varint(_), T::Varint)) {
        return Ok(value);
    }
    if let (Some(n), true) = (
        int_of(&value),
        matches!(
            typ,
            T::TinyInt | T::SmallInt | T::Int | T::BigInt | T::Counter | T::Varint
        ),
    ) {
        let n = n?;
        return Ok(match typ {
            T::TinyInt => Value::TinyInt(narrow(n, &value, typ)?),
            T::SmallInt => Value::SmallInt(narrow(n, &value, typ)?),
            T::Int => Value::Int(narrow(n, &value, typ)?),
            T::BigInt => Value::BigInt(narrow(n, &value, typ)?),
            T::Counter => Value::Counter(narrow(n, &value, typ)?),
            _ => match value {
                Value::Varint(v) => Value::Varint(v),
                _ => Value::Varint(CqlVarint::from(n)),
            },
        });
    }
    Ok(match (value, typ) {
        (Value::Text(s) | Value::Ascii(s), T::Ascii) => {
            if !s.is_ascii() {
                return Err(Error::type_error(format!(
                    "text {s:?} is not ASCII and cannot be bound to an ascii column"
                )));
            }
            Value::Ascii(s)
        }
        (Value::Text(s) | Value::Ascii(s), T::Text) => Value::Text(s),
        (Value::Uuid(u) | Value::TimeUuid(u), T::TimeUuid) => {
            if u.get_version_num() != 1 {
                return Err(Error::type_error(format!(
                    "uuid {u} is version {}, a timeuuid column needs version 1",
                    u.get_version_num()
                )));
            }
            Value::TimeUuid(u)
        }
        (Value::Uuid(u) | Value::TimeUuid(u), T::Uuid) => Value::Uuid(u),
        (Value::Float(f), T::Double) => Value::Double(f64::from(f)),
        (Value::Double(d), T::Float) => {
            let f = d as f32;
            if f64::from(f) != d && !d.is_nan() {
                return Err(Error::type_error(format!(
                    "double {d} cannot be stored exactly in a float column"
                )));
            }
            Value::Float(f)
        }
        (Value::List(xs) | Value::Set(xs) | Value::Vector(xs), T::List(e)) => {
            Value::List(each(xs, e)?)
        }
        (Value::List(xs) | Value::Set(xs) | Value::Vector(xs), T::Set(e)) => {
            Value::Set(each(xs, e)?)
        }
        (
            Value::List(xs) | Value::Set(xs) | Value::Vector(xs),
            T::Vector { element, dimension },
        ) => {
            if xs.len() != usize::from(*dimension) {
                return Err(Error::type_error(format!(
                    "a vector of {} elements cannot be bound to a {typ} column",
                    xs.len()
                )));
            }
            Value::Vector(each(xs, element)?)
        }
        (Value::Map(entries), T::Map(kt, vt)) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| Ok((coerce(k, kt)?, coerce(v, vt)?)))
                .collect::<Result<_>>()?,
        ),
        (Value::Tuple(xs), T::Tuple(ts)) => {
            if xs.len() > ts.len() {
                return Err(Error::type_error(format!(
                    "a tuple of {} elements cannot be bound to a {typ} column",
                    xs.len()
                )));
            }
            let mut out = Vec::with_capacity(ts.len());
            let mut xs = xs.into_iter();
            for t in ts {
                out.push(coerce(xs.next().unwrap_or(Value::Null), t)?);
            }
            Value::Tuple(out)
        }
        (
            Value::Udt(given),
            T::Udt {
                keyspace,
                name,
                fields: decl,
            },
        ) => {
            let mut fields: Vec<(String, Value)> = given.fields;
            if let Some((unknown, _)) = fields
                .iter()
                .find(|(n, _)| !decl.iter().any(|(d, _)| d == n))
            {
                return Err(Error::type_error(format!(
                    "type {keyspace}.{name} has no field `{unknown}`"
                )));
            }
            let mut out = Vec::with_capacity(decl.len());
            for (fname, ftype) in decl {
                let v = match fields.iter().position(|(n, _)| n == fname) {
                    Some(i) => fields.swap_remove(i).1,
                    None => Value::Null,
                };
                out.push((fname.clone(), coerce(v, ftype)?));
            }
            Value::udt(keyspace.clone(), name.clone(), out)
        }
        (v @ Value::Blob(_), T::Blob)
        | (v @ Value::Boolean(_), T::Boolean)
        | (v @ Value::Decimal(_), T::Decimal)
        | (v @ Value::Float(_), T::Float)
        | (v @ Value::Double(_), T::Double)
        | (v @ Value::Date(_), T::Date)
        | (v @ Value::Time(_), T::Time)
        | (v @ Value::Timestamp(_), T::Timestamp)
        | (v @ Value::Duration(_), T::Duration)
        | (v @ Value::Inet(_), T::Inet) => v,
        (v, T::Custom(_)) => v,
        (v, typ) => return Err(mismatch(&v, typ)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn integers_fit_or_fail_with_a_type_error() {
        assert_eq!(
            coerce(Value::BigInt(7), &ColumnType::Int).unwrap(),
            Value::Int(7)
        );
        assert_eq!(
            coerce(Value::Int(7), &ColumnType::Counter).unwrap(),
            Value::Counter(7)
        );
        let e = coerce(Value::BigInt(1 << 40), &ColumnType::Int).unwrap_err();
        assert!(
            e.is_type() && e.to_string().contains("does not fit in a int column"),
            "{e}"
        );
        assert!(coerce(Value::Text("1".into()), &ColumnType::Int)
            .unwrap_err()
            .is_type());
        let mut huge = vec![0x7f];
        huge.extend([0xab; 40]);
        let big = Value::Varint(CqlVarint::from_be_bytes(huge));
        assert_eq!(coerce(big.clone(), &ColumnType::Varint).unwrap(), big);
        assert!(coerce(big, &ColumnType::BigInt).unwrap_err().is_type());
    }

    #[test]
    fn text_ascii_uuid_and_floats() {
        assert_eq!(
            coerce(Value::Text("a".into()), &ColumnType::Ascii).unwrap(),
            Value::Ascii("a".into())
        );
        assert!(coerce(Value::Text("é".into()), &ColumnType::Ascii).is_err());
        assert!(coerce(Value::Uuid(Uuid::new_v4()), &ColumnType::TimeUuid).is_err());
        assert_eq!(
            coerce(Value::Float(0.5), &ColumnType::Double).unwrap(),
            Value::Double(0.5)
        );
        assert!(coerce(Value::Double(0.1), &ColumnType::Float).is_err());
        assert!(matches!(
            coerce(Value::Double(f64::NAN), &ColumnType::Float).unwrap(),
            Value::Float(f) if f.is_nan()
        ));
    }

    #[test]
    fn collections_vectors_tuples_and_udts() {
        let vt = ColumnType::Vector {
            element: Box::new(ColumnType::Float),
            dimension: 2,
        };
        assert_eq!(
            coerce(Value::List(vec![Value::Float(1.0), Value::Float(2.0)]), &vt).unwrap(),
            Value::Vector(vec![Value::Float(1.0), Value::Float(2.0)])
        );
        assert!(coerce(Value::List(vec![Value::Float(1.0)]), &vt).is_err());
        let tt = ColumnType::Tuple(vec![ColumnType::Int, ColumnType::Text]);
        assert_eq!(
            coerce(Value::Tuple(vec![Value::BigInt(1)]), &tt).unwrap(),
            Value::Tuple(vec![Value::Int(1), Value::Null])
        );
        let ut = ColumnType::Udt {
            keyspace: "ks".into(),
            name: "addr".into(),
            fields: vec![
                ("street".into(), ColumnType::Text),
                ("no".into(), ColumnType::Int),
            ],
        };
        let v = Value::udt("", "", vec![("no".into(), Value::BigInt(3))]);
        assert_eq!(
            coerce(v, &ut).unwrap(),
            Value::udt(
                "ks",
                "addr",
                vec![("street".into(), Value::Null), ("no".into(), Value::Int(3))],
            )
        );
        let bad = Value::udt("", "", vec![("zip".into(), Value::Int(1))]);
        assert!(coerce(bad, &ut).unwrap_err().to_string().contains("zip"));
    }
}
