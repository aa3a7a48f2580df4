//! Bind values for a statement: positional or named, and [`IntoValues`] to
//! build them from tuples, vectors or `()`.

use crate::convert::IntoValue;
use crate::value::Value;

/// The values bound to a statement's markers.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Values {
    /// No values.
    #[default]
    Empty,
    /// Values for `?` markers, in order.
    Positional(Vec<Value>),
    /// Values for `:name` markers (or column names), in any order.
    Named(Vec<(String, Value)>),
}

impl Values {
    /// Named values from `(name, value)` pairs.
    pub fn named<N: Into<String>, V: IntoValue>(pairs: impl IntoIterator<Item = (N, V)>) -> Self {
        Values::Named(
            pairs
                .into_iter()
                .map(|(n, v)| (n.into(), v.into_value()))
                .collect(),
        )
    }

    /// How many values there are.
    pub fn len(&self) -> usize {
        match self {
            Values::Empty => 0,
            Values::Positional(v) => v.len(),
            Values::Named(v) => v.len(),
        }
    }

    /// True when no value is bound.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Anything that can become the bound [`Values`] of a statement:
/// `()`, tuples of [`IntoValue`] (up to 16), `Vec<Value>`, or [`Values`].
pub trait IntoValues {
    /// Converts into [`Values`].
    fn into_values(self) -> Values;
}

impl IntoValues for Values {
    fn into_values(self) -> Values {
        self
    }
}

impl IntoValues for () {
    fn into_values(self) -> Values {
        Values::Empty
    }
}

impl IntoValues for Vec<Value> {
    fn into_values(self) -> Values {
        if self.is_empty() {
            Values::Empty
        } else {
            Values::Positional(self)
        }
    }
}

impl IntoValues for &Values {
    fn into_values(self) -> Values {
        self.clone()
    }
}

macro_rules! tuple_values {
    ($(($($name:ident $idx:tt),+);)*) => {$(
        impl<$($name: IntoValue),+> IntoValues for ($($name,)+) {
            fn into_values(self) -> Values {
                Values::Positional(vec![$(self.$idx.into_value()),+])
            }
        }
    )*};
}

tuple_values! {
    (A 0);
    (A 0, B 1);
    (A 0, B 1, C 2);
    (A 0, B 1, C 2, D 3);
    (A 0, B 1, C 2, D 3, E 4);
    (A 0, B 1, C 2, D 3, E 4, F 5);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14);
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14, P 15);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tuples_become_positional_values() {
        assert_eq!(().into_values(), Values::Empty);
        assert_eq!(
            (1i32, "a", None::<i64>).into_values(),
            Values::Positional(vec![Value::Int(1), Value::Text("a".into()), Value::Null])
        );
        assert_eq!(Vec::<Value>::new().into_values(), Values::Empty);
        let named = Values::named([("id", 1i32)]);
        assert_eq!(named, Values::Named(vec![("id".into(), Value::Int(1))]));
        assert_eq!(named.len(), 1);
    }
}
