//! Scalar conversions: integers, floats, booleans, text, blobs, UUIDs,
//! addresses and the exact CQL number and time types.

use std::net::IpAddr;

use uuid::Uuid;

use super::{mismatch, FromValue, IntoValue};
use crate::error::{Error, Result};
use crate::value::{CqlDate, CqlDecimal, CqlDuration, CqlTime, CqlTimestamp, CqlVarint, Value};

/// Any CQL integer as `i128`, or `None` when `value` is not an integer.
fn integer(value: &Value) -> Option<Result<i128>> {
    Some(Ok(match value {
        Value::TinyInt(v) => i128::from(*v),
        Value::SmallInt(v) => i128::from(*v),
        Value::Int(v) => i128::from(*v),
        Value::BigInt(v) | Value::Counter(v) => i128::from(*v),
        Value::Varint(v) => return Some(v.to_i128()),
        _ => return None,
    }))
}

/// `value` as a `T` through [`integer`]: any CQL integer that fits.
fn widened<T: TryFrom<i128>>(value: &Value, name: &str, rust: &str) -> Result<T> {
    let wide = integer(value).ok_or_else(|| mismatch(name, value))??;
    T::try_from(wide).map_err(|_| {
        Error::type_error(format!(
            "{} value {wide} does not fit in {name} ({rust})",
            value.type_name(),
        ))
    })
}

macro_rules! int_conversions {
    ($($t:ty => $variant:ident, $name:literal;)*) => {$(
        impl IntoValue for $t {
            fn into_value(self) -> Value {
                Value::$variant(self.into())
            }
        }

        impl FromValue for $t {
            fn from_value(value: &Value) -> Result<Self> {
                match value {
                    // The column's own type: no widening, nothing to check.
                    Value::$variant(v) => Ok(*v),
                    other => widened(other, $name, stringify!($t)),
                }
            }

            fn from_owned(value: Value) -> Result<Self> {
                match value {
                    Value::$variant(v) => Ok(v),
                    other => widened(&other, $name, stringify!($t)),
                }
            }
        }
    )*};
}

int_conversions! {
    i8 => TinyInt, "tinyint";
    i16 => SmallInt, "smallint";
    i32 => Int, "int";
    i64 => BigInt, "bigint";
}

impl IntoValue for i128 {
    fn into_value(self) -> Value {
        Value::Varint(self.into())
    }
}

impl FromValue for i128 {
    fn from_value(value: &Value) -> Result<Self> {
        widened(value, "varint", "i128")
    }
}

impl FromValue for f32 {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Float(v) => Ok(*v),
            other => Err(mismatch("float", other)),
        }
    }
}

impl IntoValue for f32 {
    fn into_value(self) -> Value {
        Value::Float(self)
    }
}

impl FromValue for f64 {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Double(v) => Ok(*v),
            Value::Float(v) => Ok(f64::from(*v)),
            other => Err(mismatch("double", other)),
        }
    }
}

impl IntoValue for f64 {
    fn into_value(self) -> Value {
        Value::Double(self)
    }
}

impl FromValue for bool {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Boolean(v) => Ok(*v),
            other => Err(mismatch("boolean", other)),
        }
    }
}

impl IntoValue for bool {
    fn into_value(self) -> Value {
        Value::Boolean(self)
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Text(s) | Value::Ascii(s) => Ok(s.clone()),
            other => Err(mismatch("text", other)),
        }
    }

    fn from_owned(value: Value) -> Result<Self> {
        match value {
            Value::Text(s) | Value::Ascii(s) => Ok(s),
            other => Err(mismatch("text", &other)),
        }
    }
}

impl IntoValue for String {
    fn into_value(self) -> Value {
        Value::Text(self)
    }
}

impl IntoValue for &str {
    fn into_value(self) -> Value {
        Value::Text(self.to_owned())
    }
}

impl IntoValue for &String {
    fn into_value(self) -> Value {
        Value::Text(self.clone())
    }
}

impl IntoValue for &[u8] {
    fn into_value(self) -> Value {
        Value::Blob(self.to_vec())
    }
}

impl IntoValue for bytes::Bytes {
    fn into_value(self) -> Value {
        Value::Blob(self.to_vec())
    }
}

impl FromValue for bytes::Bytes {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Blob(b) => Ok(bytes::Bytes::copy_from_slice(b)),
            other => Err(mismatch("blob", other)),
        }
    }
}

impl FromValue for Uuid {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Uuid(u) | Value::TimeUuid(u) => Ok(*u),
            other => Err(mismatch("uuid", other)),
        }
    }
}

impl IntoValue for Uuid {
    fn into_value(self) -> Value {
        Value::Uuid(self)
    }
}

impl FromValue for IpAddr {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Inet(a) => Ok(*a),
            other => Err(mismatch("inet", other)),
        }
    }
}

impl IntoValue for IpAddr {
    fn into_value(self) -> Value {
        Value::Inet(self)
    }
}

macro_rules! exact_conversions {
    ($($t:ty => $variant:ident, $name:literal;)*) => {$(
        impl IntoValue for $t {
            fn into_value(self) -> Value {
                Value::$variant(self)
            }
        }

        impl FromValue for $t {
            fn from_value(value: &Value) -> Result<Self> {
                match value {
                    Value::$variant(v) => Ok(v.clone()),
                    other => Err(mismatch($name, other)),
                }
            }
        }
    )*};
}

exact_conversions! {
    CqlDecimal => Decimal, "decimal";
    CqlDate => Date, "date";
    CqlTime => Time, "time";
    CqlTimestamp => Timestamp, "timestamp";
    CqlDuration => Duration, "duration";
}

impl IntoValue for CqlVarint {
    fn into_value(self) -> Value {
        Value::Varint(self)
    }
}

impl FromValue for CqlVarint {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Varint(v) => Ok(v.clone()),
            other => match integer(other) {
                Some(wide) => Ok(CqlVarint::from(wide?)),
                None => Err(mismatch("varint", other)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_widen_and_narrow_only_when_they_fit() {
        assert_eq!(i64::from_value(&Value::TinyInt(-3)).unwrap(), -3);
        assert_eq!(i64::from_value(&Value::Counter(9)).unwrap(), 9);
        assert_eq!(i8::from_value(&Value::BigInt(127)).unwrap(), 127);
        let err = i8::from_value(&Value::Int(128)).unwrap_err();
        assert!(
            err.is_type() && err.to_string().contains("does not fit"),
            "{err}"
        );
        let err = i32::from_value(&Value::BigInt(i64::MAX)).unwrap_err();
        assert!(err.is_type());
        assert_eq!(
            i128::from_value(&Value::Varint(CqlVarint::from(i128::MIN))).unwrap(),
            i128::MIN
        );
        assert!(i64::from_value(&Value::Varint(CqlVarint::from(i128::MAX))).is_err());
    }

    #[test]
    fn owned_integers_convert_like_borrowed_ones() {
        let values = [
            Value::TinyInt(-3),
            Value::SmallInt(300),
            Value::Int(-70_000),
            Value::BigInt(i64::MAX),
            Value::Counter(9),
            Value::Varint(CqlVarint::from(12i64)),
            Value::Text("1".into()),
            Value::Null,
        ];
        for v in values {
            let same = |a: Result<i64>, b: Result<i64>| match (a, b) {
                (Ok(a), Ok(b)) => a == b,
                (Err(a), Err(b)) => a.to_string() == b.to_string(),
                _ => false,
            };
            assert!(
                same(i64::from_value(&v), i64::from_owned(v.clone())),
                "{v:?}"
            );
            let (a, b) = (i32::from_value(&v), i32::from_owned(v.clone()));
            assert_eq!(a.as_ref().ok(), b.as_ref().ok(), "{v:?}");
            assert_eq!(a.is_err(), b.is_err(), "{v:?}");
        }
        assert_eq!(i16::from_owned(Value::SmallInt(-5)).unwrap(), -5);
        assert_eq!(i8::from_owned(Value::Int(7)).unwrap(), 7);
        assert!(i8::from_owned(Value::Int(700)).unwrap_err().is_type());
    }

    #[test]
    fn into_value_picks_the_matching_cql_type() {
        assert_eq!(5i8.into_value(), Value::TinyInt(5));
        assert_eq!(5i16.into_value(), Value::SmallInt(5));
        assert_eq!(5i32.into_value(), Value::Int(5));
        assert_eq!(5i64.into_value(), Value::BigInt(5));
        assert_eq!(5i128.into_value(), Value::Varint(CqlVarint::from(5i64)));
        assert_eq!(1.5f32.into_value(), Value::Float(1.5));
        assert_eq!(1.5f64.into_value(), Value::Double(1.5));
        assert_eq!("é".into_value(), Value::Text("é".into()));
        assert_eq!((&b"ab"[..]).into_value(), Value::Blob(b"ab".to_vec()));
        assert_eq!(true.into_value(), Value::Boolean(true));
    }

    #[test]
    fn wrong_types_are_type_errors() {
        assert!(bool::from_value(&Value::Int(1)).unwrap_err().is_type());
        assert!(String::from_value(&Value::Blob(vec![]))
            .unwrap_err()
            .is_type());
        assert!(f32::from_value(&Value::Double(1.0)).unwrap_err().is_type());
        assert!(Uuid::from_value(&Value::Text("x".into()))
            .unwrap_err()
            .is_type());
        assert!(IpAddr::from_value(&Value::Null).unwrap_err().is_type());
        assert!(CqlDuration::from_value(&Value::Int(1))
            .unwrap_err()
            .is_type());
    }

    #[test]
    fn readers_accept_every_matching_variant() {
        let id = Uuid::from_u128(7);
        assert_eq!(Uuid::from_value(&Value::TimeUuid(id)).unwrap(), id);
        assert_eq!(String::from_value(&Value::Ascii("a".into())).unwrap(), "a");
        assert_eq!(f64::from_value(&Value::Float(0.5)).unwrap(), 0.5);
        assert!(f64::from_value(&Value::Double(f64::NAN)).unwrap().is_nan());
        assert_eq!(
            f64::from_value(&Value::Double(f64::NEG_INFINITY)).unwrap(),
            f64::NEG_INFINITY
        );
        let ip: IpAddr = "::1".parse().unwrap();
        assert_eq!(IpAddr::from_value(&ip.into_value()).unwrap(), ip);
        let d = CqlDuration {
            months: 1,
            days: -0,
            nanoseconds: 3,
        };
        assert_eq!(CqlDuration::from_value(&d.into_value()).unwrap(), d);
        assert_eq!(
            CqlVarint::from_value(&Value::Int(-2)).unwrap(),
            CqlVarint::from(-2i64)
        );
        let b = bytes::Bytes::from_static(b"xyz");
        assert_eq!(
            bytes::Bytes::from_value(&b.clone().into_value()).unwrap(),
            b
        );
    }
}
