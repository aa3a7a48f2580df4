//! Collection conversions: `Vec` (list, set, vector, and `Vec<u8>` as blob),
//! sets, maps and tuples.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::Hash;

use super::{mismatch, FromValue, IntoValue};
use crate::error::{Error, Result};
use crate::value::Value;

/// Elements of a list, set or vector.
fn elements<'a>(value: &'a Value, wanted: &str) -> Result<&'a [Value]> {
    match value {
        Value::List(items) | Value::Set(items) | Value::Vector(items) => Ok(items),
        other => Err(mismatch(wanted, other)),
    }
}

fn element_error(index: usize, err: &Error) -> Error {
    Error::type_error(format!("element {index}: {}", err.message()))
}

/// A blob as bytes. `Vec<u8>` is a blob, not a list (`u8` has no CQL type):
/// a `list<tinyint>` is a `Vec<i8>`.
impl IntoValue for Vec<u8> {
    fn into_value(self) -> Value {
        Value::Blob(self)
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Blob(b) => Ok(b.clone()),
            other => Err(mismatch("blob", other)),
        }
    }
}

impl<T: IntoValue> IntoValue for Vec<T> {
    fn into_value(self) -> Value {
        Value::List(self.into_iter().map(IntoValue::into_value).collect())
    }
}

impl<T: FromValue> FromValue for Vec<T> {
    fn from_value(value: &Value) -> Result<Self> {
        elements(value, "list")?
            .iter()
            .enumerate()
            .map(|(i, v)| T::from_value(v).map_err(|e| element_error(i, &e)))
            .collect()
    }
}

impl<T: IntoValue + Ord> IntoValue for BTreeSet<T> {
    fn into_value(self) -> Value {
        Value::Set(self.into_iter().map(IntoValue::into_value).collect())
    }
}

impl<T: FromValue + Ord> FromValue for BTreeSet<T> {
    fn from_value(value: &Value) -> Result<Self> {
        elements(value, "set")?.iter().map(T::from_value).collect()
    }
}

impl<T: IntoValue + Eq + Hash> IntoValue for HashSet<T> {
    fn into_value(self) -> Value {
        Value::Set(self.into_iter().map(IntoValue::into_value).collect())
    }
}

impl<T: FromValue + Eq + Hash> FromValue for HashSet<T> {
    fn from_value(value: &Value) -> Result<Self> {
        elements(value, "set")?.iter().map(T::from_value).collect()
    }
}

fn entries(value: &Value) -> Result<&[(Value, Value)]> {
    match value {
        Value::Map(entries) => Ok(entries),
        other => Err(mismatch("map", other)),
    }
}

impl<K: IntoValue + Ord, V: IntoValue> IntoValue for BTreeMap<K, V> {
    fn into_value(self) -> Value {
        Value::Map(
            self.into_iter()
                .map(|(k, v)| (k.into_value(), v.into_value()))
                .collect(),
        )
    }
}

impl<K: FromValue + Ord, V: FromValue> FromValue for BTreeMap<K, V> {
    fn from_value(value: &Value) -> Result<Self> {
        entries(value)?
            .iter()
            .map(|(k, v)| Ok((K::from_value(k)?, V::from_value(v)?)))
            .collect()
    }
}

impl<K: IntoValue + Eq + Hash, V: IntoValue> IntoValue for HashMap<K, V> {
    fn into_value(self) -> Value {
        Value::Map(
            self.into_iter()
                .map(|(k, v)| (k.into_value(), v.into_value()))
                .collect(),
        )
    }
}

impl<K: FromValue + Eq + Hash, V: FromValue> FromValue for HashMap<K, V> {
    fn from_value(value: &Value) -> Result<Self> {
        entries(value)?
            .iter()
            .map(|(k, v)| Ok((K::from_value(k)?, V::from_value(v)?)))
            .collect()
    }
}

macro_rules! tuples {
    ($($len:literal => ($($name:ident $idx:tt),+);)*) => {$(
        impl<$($name: IntoValue),+> IntoValue for ($($name,)+) {
            fn into_value(self) -> Value {
                Value::Tuple(vec![$(self.$idx.into_value()),+])
            }
        }

        impl<$($name: FromValue),+> FromValue for ($($name,)+) {
            fn from_value(value: &Value) -> Result<Self> {
                let items = match value {
                    Value::Tuple(items) => items,
                    other => return Err(mismatch("tuple", other)),
                };
                if items.len() != $len {
                    return Err(Error::type_error(format!(
                        "expected a tuple of {} elements, found {}",
                        $len,
                        items.len()
                    )));
                }
                Ok(($($name::from_value(&items[$idx]).map_err(|e| element_error($idx, &e))?,)+))
            }
        }
    )*};
}

tuples! {
    1 => (A 0);
    2 => (A 0, B 1);
    3 => (A 0, B 1, C 2);
    4 => (A 0, B 1, C 2, D 3);
    5 => (A 0, B 1, C 2, D 3, E 4);
    6 => (A 0, B 1, C 2, D 3, E 4, F 5);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vec_u8_is_a_blob_and_vec_i8_a_list() {
        assert_eq!(vec![1u8, 2].into_value(), Value::Blob(vec![1, 2]));
        assert_eq!(
            vec![1i8, 2].into_value(),
            Value::List(vec![Value::TinyInt(1), Value::TinyInt(2)])
        );
        assert_eq!(
            Vec::<i8>::from_value(&Value::List(vec![Value::TinyInt(3)])).unwrap(),
            vec![3]
        );
    }

    #[test]
    fn nested_collections_round_trip() {
        let v = vec![vec![1i32, 2], vec![], vec![3]];
        assert_eq!(
            Vec::<Vec<i32>>::from_value(&v.clone().into_value()).unwrap(),
            v
        );
        let mut m = BTreeMap::new();
        m.insert("a".to_string(), vec![1.5f64]);
        m.insert("b".to_string(), vec![]);
        assert_eq!(
            BTreeMap::<String, Vec<f64>>::from_value(&m.clone().into_value()).unwrap(),
            m
        );
        let s: HashSet<i64> = [1, 2, 3].into_iter().collect();
        assert_eq!(
            HashSet::<i64>::from_value(&s.clone().into_value()).unwrap(),
            s
        );
        let h: HashMap<i32, String> = [(1, "x".to_string())].into_iter().collect();
        assert_eq!(
            HashMap::<i32, String>::from_value(&h.clone().into_value()).unwrap(),
            h
        );
    }

    #[test]
    fn vectors_read_as_vec() {
        let v = Value::Vector(vec![Value::Float(1.0), Value::Float(-0.5)]);
        assert_eq!(Vec::<f32>::from_value(&v).unwrap(), vec![1.0, -0.5]);
    }

    #[test]
    fn element_errors_name_the_position() {
        let v = Value::List(vec![Value::Int(1), Value::Text("x".into())]);
        let err = Vec::<i32>::from_value(&v).unwrap_err();
        assert!(err.is_type());
        assert!(err.to_string().contains("element 1"), "{err}");
        assert!(Vec::<i32>::from_value(&Value::Int(1))
            .unwrap_err()
            .is_type());
        assert!(BTreeMap::<i32, i32>::from_value(&Value::List(vec![])).is_err());
    }

    #[test]
    fn tuples_check_arity_and_allow_null_elements() {
        let t = (1i32, Some("a".to_string()), None::<bool>).into_value();
        assert_eq!(
            t,
            Value::Tuple(vec![Value::Int(1), Value::Text("a".into()), Value::Null])
        );
        let back = <(i32, Option<String>, Option<bool>)>::from_value(&t).unwrap();
        assert_eq!(back, (1, Some("a".into()), None));
        let err = <(i32, i32)>::from_value(&t).unwrap_err();
        assert!(err.to_string().contains("tuple of 2"), "{err}");
    }
}
