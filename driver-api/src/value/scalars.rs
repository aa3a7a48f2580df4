//! Arbitrary-precision numbers: `varint` and `decimal`, kept as exact bytes.

use std::fmt;

use crate::error::{Error, Result};

/// A CQL `varint`: a signed integer of any size, stored as its minimal
/// big-endian two's-complement bytes (the wire form), so no digit is lost.
/// Held as a boxed slice: two words, so a [`Value`](crate::Value) stays small.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CqlVarint(Box<[u8]>);

impl CqlVarint {
    /// From big-endian two's-complement bytes; redundant sign bytes are trimmed.
    /// An empty input is zero.
    pub fn from_be_bytes(bytes: impl Into<Vec<u8>>) -> Self {
        let mut bytes = bytes.into();
        if bytes.is_empty() {
            bytes.push(0);
        }
        let mut start = 0;
        while start + 1 < bytes.len() {
            let (b, next) = (bytes[start], bytes[start + 1]);
            let redundant = (b == 0x00 && next & 0x80 == 0) || (b == 0xff && next & 0x80 != 0);
            if !redundant {
                break;
            }
            start += 1;
        }
        bytes.drain(..start);
        CqlVarint(bytes.into_boxed_slice())
    }

    /// The minimal big-endian two's-complement bytes.
    pub fn as_be_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The value as `i128`, if it fits.
    pub fn to_i128(&self) -> Result<i128> {
        if self.0.len() > 16 {
            return Err(Error::type_error(format!(
                "varint of {} bytes does not fit in i128",
                self.0.len()
            )));
        }
        let fill = if self.0[0] & 0x80 != 0 { 0xff } else { 0x00 };
        let mut buf = [fill; 16];
        buf[16 - self.0.len()..].copy_from_slice(&self.0);
        Ok(i128::from_be_bytes(buf))
    }
}

impl From<i128> for CqlVarint {
    fn from(v: i128) -> Self {
        CqlVarint::from_be_bytes(v.to_be_bytes().to_vec())
    }
}

impl From<i64> for CqlVarint {
    fn from(v: i64) -> Self {
        CqlVarint::from(i128::from(v))
    }
}

impl fmt::Debug for CqlVarint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_i128() {
            Ok(v) => write!(f, "CqlVarint({v})"),
            Err(_) => write!(f, "CqlVarint(0x{})", hex(&self.0)),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A CQL `decimal`: `unscaled × 10^(-scale)`, exact.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CqlDecimal {
    /// The digits, as a varint.
    pub unscaled: CqlVarint,
    /// The power of ten to divide by.
    pub scale: i32,
}

impl CqlDecimal {
    /// `unscaled × 10^(-scale)`.
    pub fn new(unscaled: impl Into<CqlVarint>, scale: i32) -> Self {
        CqlDecimal {
            unscaled: unscaled.into(),
            scale,
        }
    }
}

impl fmt::Display for CqlDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unscaled.to_i128() {
            Ok(v) => write!(f, "{v}E{}", -i64::from(self.scale)),
            Err(_) => write!(f, "{:?}E{}", self.unscaled, -i64::from(self.scale)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_round_trips_extremes_with_minimal_bytes() {
        for v in [
            0i128,
            1,
            -1,
            127,
            128,
            -128,
            -129,
            i64::MAX as i128,
            i128::MIN,
            i128::MAX,
        ] {
            let x = CqlVarint::from(v);
            assert_eq!(x.to_i128().unwrap(), v, "{v}");
        }
        assert_eq!(CqlVarint::from(128i64).as_be_bytes(), &[0x00, 0x80]);
        assert_eq!(CqlVarint::from(-1i64).as_be_bytes(), &[0xff]);
        assert_eq!(CqlVarint::from_be_bytes(vec![0, 0, 5]).as_be_bytes(), &[5]);
        assert_eq!(CqlVarint::from_be_bytes(Vec::new()).to_i128().unwrap(), 0);
    }

    #[test]
    fn huge_varint_keeps_its_bytes_but_not_i128() {
        let mut big = vec![0x01];
        big.extend([0u8; 20]);
        let x = CqlVarint::from_be_bytes(big.clone());
        assert_eq!(x.as_be_bytes(), &big[..]);
        assert!(x.to_i128().unwrap_err().is_type());
    }

    #[test]
    fn decimal_displays_in_scientific_form() {
        assert_eq!(CqlDecimal::new(12345i64, 2).to_string(), "12345E-2");
    }
}
