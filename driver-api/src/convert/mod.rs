//! Conversions between Rust types and [`Value`]: [`IntoValue`] to bind,
//! [`FromValue`] to read.
//!
//! Reading is checked: a value of the wrong type, an integer that does not
//! fit, or a null read into a non-`Option` is a [`Type`](crate::ErrorKind::Type)
//! error, never a panic or a silent truncation. Integers widen freely and
//! narrow only when the value fits.

mod collections;
mod scalars;

#[cfg(feature = "chrono")]
mod chrono_types;

use crate::error::{Error, Result};
use crate::value::Value;

/// A Rust value that can be bound as a CQL value.
pub trait IntoValue {
    /// Converts into a [`Value`].
    fn into_value(self) -> Value;
}

/// A Rust value that can be read from a CQL value.
pub trait FromValue: Sized {
    /// Converts from a [`Value`], or fails with a `Type` error.
    fn from_value(value: &Value) -> Result<Self>;

    /// Converts from a [`Value`] the caller gives up, moving what it owns
    /// (text, a nested value) instead of copying it. The default copies
    /// through [`FromValue::from_value`].
    fn from_owned(value: Value) -> Result<Self> {
        Self::from_value(&value)
    }
}

impl IntoValue for Value {
    fn into_value(self) -> Value {
        self
    }
}

impl FromValue for Value {
    fn from_value(value: &Value) -> Result<Self> {
        Ok(value.clone())
    }

    fn from_owned(value: Value) -> Result<Self> {
        Ok(value)
    }
}

impl<T: IntoValue> IntoValue for Option<T> {
    fn into_value(self) -> Value {
        match self {
            Some(v) => v.into_value(),
            None => Value::Null,
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }

    fn from_owned(value: Value) -> Result<Self> {
        match value {
            Value::Null => Ok(None),
            other => T::from_owned(other).map(Some),
        }
    }
}

/// The error for a value that is not the type a conversion wanted.
pub(crate) fn mismatch(wanted: &str, found: &Value) -> Error {
    match found {
        Value::Null => Error::type_error(format!(
            "expected {wanted}, found null (read it as an Option to accept nulls)"
        )),
        other => Error::type_error(format!("expected {wanted}, found {}", other.type_name())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_into_non_option_is_a_type_error_that_says_what_to_do() {
        let err = i32::from_value(&Value::Null).unwrap_err();
        assert!(err.is_type());
        assert!(err.to_string().contains("Option"), "{err}");
        assert_eq!(Option::<i32>::from_value(&Value::Null).unwrap(), None);
        assert_eq!(Option::<i32>::from_value(&Value::Int(4)).unwrap(), Some(4));
        assert_eq!(None::<i32>.into_value(), Value::Null);
    }
}
