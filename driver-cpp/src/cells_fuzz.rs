//! Property tests of the cell codecs, no server: the decoder fed arbitrary
//! bytes for any scalar or vector type returns a value or a `Type` error,
//! never a panic; durations and vectors of every supported element type
//! round-trip through the backend's own encoder and decoder; and fixed-width
//! scalars read back from the bytes the server sends for them.

use proptest::prelude::*;

use super::*;

/// Every type `decode_scalar` reads from raw bytes, vectors included.
fn scalar_type() -> impl Strategy<Value = ColumnType> {
    use ColumnType as T;
    let plain = vec![
        T::Ascii,
        T::Text,
        T::Blob,
        T::Boolean,
        T::TinyInt,
        T::SmallInt,
        T::Int,
        T::BigInt,
        T::Varint,
        T::Decimal,
        T::Float,
        T::Double,
        T::Counter,
        T::Date,
        T::Time,
        T::Timestamp,
        T::Duration,
        T::Uuid,
        T::TimeUuid,
        T::Inet,
    ];
    prop_oneof![
        3 => proptest::sample::select(plain),
        1 => (vector_element(), 0u16..6).prop_map(|(e, dimension)| T::Vector {
            element: Box::new(e),
            dimension,
        }),
    ]
}

/// The vector element types the backend encodes.
fn vector_element() -> impl Strategy<Value = ColumnType> {
    use ColumnType as T;
    proptest::sample::select(vec![
        T::Boolean,
        T::Float,
        T::Int,
        T::Double,
        T::BigInt,
        T::Timestamp,
        T::Uuid,
        T::TimeUuid,
        T::Text,
        T::Ascii,
        T::Blob,
    ])
}

/// A value of `element`, as a vector item.
fn element_value(element: &ColumnType) -> BoxedStrategy<Value> {
    use ColumnType as T;
    match element {
        T::Boolean => any::<bool>().prop_map(Value::Boolean).boxed(),
        T::Float => any::<f32>().prop_map(Value::Float).boxed(),
        T::Int => any::<i32>().prop_map(Value::Int).boxed(),
        T::Double => any::<f64>().prop_map(Value::Double).boxed(),
        T::BigInt => any::<i64>().prop_map(Value::BigInt).boxed(),
        T::Timestamp => any::<i64>()
            .prop_map(|t| Value::Timestamp(CqlTimestamp(t)))
            .boxed(),
        T::Uuid => any::<u128>()
            .prop_map(|u| Value::Uuid(Uuid::from_u128(u)))
            .boxed(),
        T::TimeUuid => any::<u128>()
            .prop_map(|u| Value::TimeUuid(Uuid::from_u128(u)))
            .boxed(),
        T::Text => any::<String>().prop_map(Value::Text).boxed(),
        T::Ascii => "[ -~]{0,20}".prop_map(Value::Ascii).boxed(),
        _ => proptest::collection::vec(any::<u8>(), 0..20)
            .prop_map(Value::Blob)
            .boxed(),
    }
}

/// A vector type with items of its element type.
fn vector() -> impl Strategy<Value = (ColumnType, Vec<Value>)> {
    vector_element().prop_flat_map(|e| {
        let items = proptest::collection::vec(element_value(&e), 1..8);
        (Just(e), items)
    })
}

#[path = "../../driver-api/tests/common/fuzz_config.rs"]
mod fuzz_config;
use fuzz_config::fuzz_config;

proptest! {
    #![proptest_config(fuzz_config(512))]

    #[test]
    fn decoding_arbitrary_bytes_gives_a_value_or_a_type_error(
        typ in scalar_type(),
        bytes in proptest::collection::vec(any::<u8>(), 0..48),
    ) {
        if let Err(e) = decode_scalar(&typ, &bytes) {
            prop_assert!(e.is_type(), "{typ}: {e}");
        }
    }

    #[test]
    fn durations_round_trip(months in any::<i32>(), days in any::<i32>(), nanoseconds in any::<i64>()) {
        let d = CqlDuration { months, days, nanoseconds };
        prop_assert_eq!(decode_duration(&encode_duration(&d)).map_err(|e| TestCaseError::fail(e.to_string()))?, d);
    }

    #[test]
    fn vectors_round_trip((element, items) in vector()) {
        let bytes = encode_vector(&items, &element).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let dimension = u16::try_from(items.len()).expect("a few items");
        let back = decode_vector(&bytes, &element, dimension)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(back.same_as(&Value::Vector(items.clone())), "{element}: {items:?} read {back:?}");
    }

    #[test]
    fn fixed_width_scalars_read_back_from_their_wire_bytes(
        i in any::<i32>(), b in any::<i64>(), f in any::<f64>(), u in any::<u128>(),
    ) {
        let cases = [
            (ColumnType::Int, i.to_be_bytes().to_vec(), Value::Int(i)),
            (ColumnType::BigInt, b.to_be_bytes().to_vec(), Value::BigInt(b)),
            (ColumnType::Double, f.to_be_bytes().to_vec(), Value::Double(f)),
            (ColumnType::Uuid, u.to_be_bytes().to_vec(), Value::Uuid(Uuid::from_u128(u))),
        ];
        for (typ, bytes, want) in cases {
            let got = decode_scalar(&typ, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(got.same_as(&want), "{typ}: {got:?} != {want:?}");
        }
    }
}
