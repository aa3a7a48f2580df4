//! Property tests without a server: random values of every native type, and
//! lists and maps of them, round-trip through the backend's real encoder
//! (the exact-type fast path, else coercion and `CqlValue`) and its real
//! row decoder (`cells::cell`) equal; and the decoder fed arbitrary bytes
//! for any type returns a value or a typed error, never a panic.

use std::net::IpAddr;

use cqlbridge_driver_api::{
    CqlDate, CqlDecimal, CqlDuration, CqlTime, CqlTimestamp, CqlVarint, Value,
};
use proptest::prelude::*;
use scylla::deserialize::FrameSlice;
use scylla::frame::response::result::{ColumnType as SType, NativeType as N};
use scylla::serialize::value::SerializeValue;
use scylla::serialize::writers::CellWriter;
use uuid::Uuid;

use crate::cells;
use crate::types::column_type;
use crate::types::tests::{list, map, natives};
use crate::values::to_cql;
use crate::values_exact;

/// Encodes `v` for `typ` as a bind would, or the encoder's error text.
fn encode(v: &Value, typ: &SType<'static>) -> Result<Vec<u8>, String> {
    let ours = column_type(typ);
    let mut buf = Vec::new();
    let cell = CellWriter::new_without_size(&mut buf);
    if values_exact::exact(v, &ours) {
        values_exact::serialize(v, typ, cell).map_err(|e| e.to_string())?;
    } else {
        let fitted =
            cqlbridge_driver_api::backend::coerce(v.clone(), &ours).map_err(|e| e.to_string())?;
        let cql = to_cql(fitted).map_err(|e| e.to_string())?;
        cql.serialize(typ, cell).map_err(|e| e.to_string())?;
    }
    Ok(buf)
}

/// Decodes one cell of `typ` from `bytes` as a row read does.
fn decode(bytes: &[u8], typ: &SType<'static>) -> Result<Value, String> {
    cells::cell(typ, Some(FrameSlice::new_borrowed(bytes))).map_err(|e| e.to_string())
}

fn n(t: N) -> SType<'static> {
    SType::Native(t)
}

/// A version-1 (time-based) UUID made of random bits.
fn time_uuid(bits: u128) -> Uuid {
    let version = (bits & !(0xF << 76)) | (1 << 76);
    Uuid::from_u128((version & !(0b11 << 62)) | (0b10 << 62))
}

/// A value of a native type, with its type.
fn native() -> impl Strategy<Value = (Value, SType<'static>)> {
    prop_oneof![
        "[ -~]{0,40}".prop_map(|s| (Value::Ascii(s), n(N::Ascii))),
        any::<String>().prop_map(|s| (Value::Text(s), n(N::Text))),
        proptest::collection::vec(any::<u8>(), 0..64).prop_map(|b| (Value::Blob(b), n(N::Blob))),
        any::<bool>().prop_map(|x| (Value::Boolean(x), n(N::Boolean))),
        any::<i8>().prop_map(|x| (Value::TinyInt(x), n(N::TinyInt))),
        any::<i16>().prop_map(|x| (Value::SmallInt(x), n(N::SmallInt))),
        any::<i32>().prop_map(|x| (Value::Int(x), n(N::Int))),
        any::<i64>().prop_map(|x| (Value::BigInt(x), n(N::BigInt))),
        any::<i64>().prop_map(|x| (Value::Counter(x), n(N::Counter))),
        any::<f32>().prop_map(|x| (Value::Float(x), n(N::Float))),
        any::<f64>().prop_map(|x| (Value::Double(x), n(N::Double))),
        proptest::collection::vec(any::<u8>(), 1..24)
            .prop_map(|b| (Value::Varint(CqlVarint::from_be_bytes(b)), n(N::Varint))),
        (proptest::collection::vec(any::<u8>(), 1..24), any::<i32>()).prop_map(|(b, scale)| {
            let unscaled = CqlVarint::from_be_bytes(b);
            (
                Value::Decimal(CqlDecimal { unscaled, scale }),
                n(N::Decimal),
            )
        }),
        any::<u32>().prop_map(|d| (Value::Date(CqlDate(d)), n(N::Date))),
        (0..CqlTime::NANOS_PER_DAY).prop_map(|t| {
            let time = CqlTime::from_nanos(t).expect("a time of day");
            (Value::Time(time), n(N::Time))
        }),
        any::<i64>().prop_map(|t| (Value::Timestamp(CqlTimestamp(t)), n(N::Timestamp))),
        (any::<i32>(), any::<i32>(), any::<i64>()).prop_map(|(months, days, nanoseconds)| {
            let d = CqlDuration {
                months,
                days,
                nanoseconds,
            };
            (Value::Duration(d), n(N::Duration))
        }),
        any::<u128>().prop_map(|u| (Value::Uuid(Uuid::from_u128(u)), n(N::Uuid))),
        any::<u128>().prop_map(|u| (Value::TimeUuid(time_uuid(u)), n(N::Timeuuid))),
        any::<IpAddr>().prop_map(|ip| (Value::Inet(ip), n(N::Inet))),
    ]
}

/// A native value, a list of ints or texts, or a map of text to bigint.
fn typed_value() -> impl Strategy<Value = (Value, SType<'static>)> {
    prop_oneof![
        4 => native(),
        1 => proptest::collection::vec(any::<i32>(), 1..8)
            .prop_map(|xs| (Value::List(xs.into_iter().map(Value::Int).collect()), list(n(N::Int)))),
        1 => proptest::collection::vec(any::<String>(), 1..8)
            .prop_map(|xs| (Value::List(xs.into_iter().map(Value::Text).collect()), list(n(N::Text)))),
        1 => proptest::collection::vec((any::<String>(), any::<i64>()), 1..8).prop_map(|kv| {
            let pairs = kv.into_iter().map(|(k, v)| (Value::Text(k), Value::BigInt(v))).collect();
            (Value::Map(pairs), map(n(N::Text), n(N::BigInt)))
        }),
    ]
}

/// Every native type, and a list and a map, to feed arbitrary bytes.
fn any_type() -> impl Strategy<Value = SType<'static>> {
    let mut all: Vec<SType<'static>> = natives().into_iter().map(|(s, _)| s).collect();
    all.push(list(n(N::Int)));
    all.push(map(n(N::Text), n(N::BigInt)));
    proptest::sample::select(all)
}

#[path = "../../driver-api/tests/common/fuzz_config.rs"]
mod fuzz_config;
use fuzz_config::fuzz_config;

proptest! {
    #![proptest_config(fuzz_config(512))]

    #[test]
    fn every_value_round_trips_through_the_encoder_and_the_row_decoder(
        (v, typ) in typed_value()
    ) {
        let bytes = encode(&v, &typ).map_err(TestCaseError::fail)?;
        let back = decode(&bytes, &typ).map_err(TestCaseError::fail)?;
        prop_assert!(back.same_as(&v), "{typ:?}: sent {v:?}, read {back:?}");
    }

    #[test]
    fn the_row_decoder_never_panics_on_arbitrary_bytes(
        typ in any_type(),
        bytes in proptest::collection::vec(any::<u8>(), 0..48),
    ) {
        // A value or a typed error: the property is that this returns.
        let _ = decode(&bytes, &typ);
    }
}
