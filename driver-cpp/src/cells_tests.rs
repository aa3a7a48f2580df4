//! Unit tests of the cell codecs: known wire bytes both ways, limits and malformed input.

use super::*;

fn vint(v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    write_unsigned_vint(v, &mut out);
    out
}

#[test]
fn unsigned_vints_use_the_fewest_bytes_and_round_trip() {
    assert_eq!(vint(0), [0x00]);
    assert_eq!(vint(127), [0x7f]);
    assert_eq!(vint(128), [0x80, 0x80]);
    assert_eq!(vint(0x3fff), [0xbf, 0xff]);
    assert_eq!(vint(0x4000), [0xc0, 0x40, 0x00]);
    assert_eq!(vint(u64::MAX), [0xff; 9]);
    for v in [
        0,
        1,
        127,
        128,
        300,
        1 << 20,
        1 << 35,
        (1 << 56) - 1,
        1 << 56,
        u64::MAX,
    ] {
        let bytes = vint(v);
        let mut rest = bytes.as_slice();
        assert_eq!(read_unsigned_vint(&mut rest), Some(v), "{v}");
        assert!(rest.is_empty());
    }
    let mut short: &[u8] = &[0xc0, 0x40];
    assert_eq!(read_unsigned_vint(&mut short), None, "truncated vint");
}

#[test]
fn durations_decode_from_known_bytes_and_round_trip() {
    // 1 month, 2 days, 3 ns: zig-zag 2, 4, 6.
    let d = decode_duration(&[0x02, 0x04, 0x06]).unwrap();
    assert_eq!((d.months, d.days, d.nanoseconds), (1, 2, 3));
    // -1 month: zig-zag 1.
    assert_eq!(decode_duration(&[0x01, 0x00, 0x00]).unwrap().months, -1);
    for d in [
        CqlDuration {
            months: 0,
            days: 0,
            nanoseconds: 0,
        },
        CqlDuration {
            months: i32::MAX,
            days: i32::MAX,
            nanoseconds: i64::MAX,
        },
        CqlDuration {
            months: i32::MIN,
            days: i32::MIN,
            nanoseconds: i64::MIN,
        },
        CqlDuration {
            months: 14,
            days: 3,
            nanoseconds: 1_000_000_007,
        },
    ] {
        assert_eq!(decode_duration(&encode_duration(&d)).unwrap(), d);
    }
    assert!(
        decode_duration(&[0x02, 0x04]).unwrap_err().is_type(),
        "two vints"
    );
    assert!(
        decode_duration(&[0x02, 0x04, 0x06, 0x00]).is_err(),
        "trailing byte"
    );
    let months_too_big = {
        let mut b = Vec::new();
        write_unsigned_vint(zigzag_encode(i64::from(i32::MAX) + 1), &mut b);
        b.extend([0, 0]);
        b
    };
    assert!(decode_duration(&months_too_big).unwrap_err().is_type());
}

#[test]
fn varint_and_decimal_keep_every_digit() {
    let v = decode_scalar(&ColumnType::Varint, &[0x00, 0x80]).unwrap();
    assert_eq!(v, Value::Varint(CqlVarint::from(128i64)));
    let mut huge = vec![0x01];
    huge.extend([0u8; 30]);
    let Value::Varint(x) = decode_scalar(&ColumnType::Varint, &huge).unwrap() else {
        panic!("not a varint")
    };
    assert_eq!(x.as_be_bytes(), &huge[..]);
    // 123.45 = 12345 × 10^-2
    let d = decode_scalar(&ColumnType::Decimal, &[0, 0, 0, 2, 0x30, 0x39]).unwrap();
    assert_eq!(d, Value::Decimal(CqlDecimal::new(12345i64, 2)));
    assert!(decode_scalar(&ColumnType::Decimal, &[0, 0, 2])
        .unwrap_err()
        .is_type());
}

#[test]
fn fixed_width_scalars_check_their_length() {
    assert_eq!(
        decode_scalar(&ColumnType::Int, &[0x80, 0, 0, 0]).unwrap(),
        Value::Int(i32::MIN)
    );
    assert!(decode_scalar(&ColumnType::Int, &[0, 0, 1])
        .unwrap_err()
        .is_type());
    assert!(decode_scalar(&ColumnType::BigInt, &[0; 9]).is_err());
    assert_eq!(decode_scalar(&ColumnType::Int, &[]).unwrap(), Value::Null);
    assert_eq!(
        decode_scalar(&ColumnType::Text, &[]).unwrap(),
        Value::Text(String::new())
    );
    assert!(decode_scalar(&ColumnType::Text, &[0xff])
        .unwrap_err()
        .is_type());
    assert_eq!(
        decode_scalar(&ColumnType::Inet, &[127, 0, 0, 1]).unwrap(),
        Value::Inet("127.0.0.1".parse().unwrap())
    );
    assert!(decode_scalar(&ColumnType::Inet, &[1, 2, 3]).is_err());
    assert!(decode_scalar(&ColumnType::Time, &(-1i64).to_be_bytes()).is_err());
    assert_eq!(
        decode_scalar(&ColumnType::Date, &(1u32 << 31).to_be_bytes()).unwrap(),
        Value::Date(CqlDate(1 << 31))
    );
}

#[test]
fn float_vectors_are_packed_without_lengths() {
    let items = vec![
        Value::Float(1.5),
        Value::Float(f32::NAN),
        Value::Float(-0.0),
    ];
    let bytes = encode_vector(&items, &ColumnType::Float).unwrap();
    assert_eq!(bytes.len(), 12);
    assert_eq!(&bytes[..4], &1.5f32.to_be_bytes());
    let back = decode_vector(&bytes, &ColumnType::Float, 3).unwrap();
    assert!(back.same_as(&Value::Vector(items)));
    assert!(decode_vector(&bytes, &ColumnType::Float, 4)
        .unwrap_err()
        .is_type());
    assert!(decode_vector(&bytes[..11], &ColumnType::Float, 3).is_err());
    assert!(
        decode_vector(&bytes, &ColumnType::Float, 2).is_err(),
        "trailing bytes"
    );
}

#[test]
fn variable_size_vector_elements_carry_a_vint_length() {
    let items = vec![Value::Text("a".into()), Value::Text("héllo".into())];
    let bytes = encode_vector(&items, &ColumnType::Text).unwrap();
    assert_eq!(bytes[0], 1);
    assert_eq!(bytes[1], b'a');
    assert_eq!(
        decode_vector(&bytes, &ColumnType::Text, 2).unwrap(),
        Value::Vector(items)
    );
    let list = ColumnType::List(Box::new(ColumnType::Int));
    assert!(encode_vector(&[], &list)
        .unwrap_err()
        .to_string()
        .contains("not supported"));
    assert!(encode_vector(&[Value::Null], &ColumnType::Float).is_err());
}
