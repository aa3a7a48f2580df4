//! RESULT bodies: rows rendered as text, for the few column types the test bed reads.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::error::CqlError;
use super::wire::Reader;

/// What a query returned, rendered as text.
#[derive(Debug, Default)]
pub(crate) struct Rows {
    /// Each row's values; `None` is null.
    pub(crate) rows: Vec<Vec<Option<String>>>,
}

/// Parses a RESULT body; only `Rows` carries data.
pub(crate) fn parse_result(body: &[u8]) -> Result<Rows, CqlError> {
    let mut r = Reader::new(body);
    if r.int()? != 2 {
        return Ok(Rows::default());
    }
    let flags = r.int()?;
    let count = r.int()?;
    if flags & 0x0002 != 0 {
        r.bytes()?; // paging state
    }
    if flags & 0x0004 != 0 {
        return Err(CqlError::Protocol("rows without metadata".into()));
    }
    let global = flags & 0x0001 != 0;
    if global {
        r.string()?;
        r.string()?;
    }
    let mut types = Vec::new();
    for _ in 0..count {
        if !global {
            r.string()?;
            r.string()?;
        }
        r.string()?; // the column name
        types.push(ColType::parse(&mut r)?);
    }
    let n = r.int()?;
    let mut rows = Vec::new();
    for _ in 0..n {
        let row = types
            .iter()
            .map(|ty| Ok(r.bytes()?.map(|b| ty.render(b))))
            .collect::<Result<Vec<_>, CqlError>>()?;
        rows.push(row);
    }
    Ok(Rows { rows })
}

/// A column type, as far as rendering needs it.
#[derive(Debug)]
enum ColType {
    /// ascii, text, varchar.
    Text,
    /// int.
    Int,
    /// bigint, counter.
    BigInt,
    /// boolean.
    Boolean,
    /// inet.
    Inet,
    /// uuid, timeuuid.
    Uuid,
    /// list or set of the inner type.
    Collection(Box<ColType>),
    /// Anything else: rendered as hex.
    Other,
}

impl ColType {
    /// Reads an `[option]` type, skipping the parts of types it does not render.
    fn parse(r: &mut Reader<'_>) -> Result<Self, CqlError> {
        Ok(match r.short()? {
            0x0001 | 0x000D => Self::Text,
            0x0009 => Self::Int,
            0x0002 | 0x0005 => Self::BigInt,
            0x0004 => Self::Boolean,
            0x0010 => Self::Inet,
            0x000C | 0x000F => Self::Uuid,
            0x0000 => {
                r.string()?;
                Self::Other
            }
            0x0020 | 0x0022 => Self::Collection(Box::new(Self::parse(r)?)),
            0x0021 => {
                Self::parse(r)?;
                Self::parse(r)?;
                Self::Other
            }
            0x0030 => {
                r.string()?;
                r.string()?;
                for _ in 0..r.short()? {
                    r.string()?;
                    Self::parse(r)?;
                }
                Self::Other
            }
            0x0031 => {
                for _ in 0..r.short()? {
                    Self::parse(r)?;
                }
                Self::Other
            }
            _ => Self::Other,
        })
    }

    /// Renders one non-null value.
    fn render(&self, b: &[u8]) -> String {
        match (self, b.len()) {
            (Self::Text, _) => String::from_utf8_lossy(b).into_owned(),
            (Self::Int, 4) => i32::from_be_bytes([b[0], b[1], b[2], b[3]]).to_string(),
            (Self::BigInt, 8) => {
                i64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]).to_string()
            }
            (Self::Boolean, 1) => (b[0] != 0).to_string(),
            (Self::Inet, 4) => Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string(),
            (Self::Inet, 16) => {
                let mut a = [0u8; 16];
                a.copy_from_slice(b);
                IpAddr::from(Ipv6Addr::from(a)).to_string()
            }
            (Self::Uuid, 16) => {
                let h = hex(b);
                format!(
                    "{}-{}-{}-{}-{}",
                    &h[..8],
                    &h[8..12],
                    &h[12..16],
                    &h[16..20],
                    &h[20..]
                )
            }
            (Self::Collection(inner), _) => {
                let mut r = Reader::new(b);
                let items: Result<Vec<String>, CqlError> = (0..r.int().unwrap_or(0))
                    .map(|_| Ok(r.bytes()?.map_or("null".into(), |v| inner.render(v))))
                    .collect();
                items.map_or_else(
                    |_| format!("0x{}", hex(b)),
                    |v| format!("[{}]", v.join(", ")),
                )
            }
            _ => format!("0x{}", hex(b)),
        }
    }
}

/// Lower-case hex of `b`.
fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::cql::wire::{put_int, put_short, put_string};

    #[test]
    fn rows_are_rendered_as_text() {
        let mut body = Vec::new();
        put_int(&mut body, 2); // Rows
        put_int(&mut body, 0x0001); // global table spec
        put_int(&mut body, 3); // columns
        put_string(&mut body, "system");
        put_string(&mut body, "local");
        for (name, ty) in [("v", 0x000D), ("n", 0x0009), ("ip", 0x0010)] {
            put_string(&mut body, name);
            put_short(&mut body, ty);
        }
        put_int(&mut body, 1); // rows
        put_int(&mut body, 5);
        body.extend_from_slice(b"5.0.9");
        put_int(&mut body, 4);
        put_int(&mut body, -3);
        put_int(&mut body, -1); // null
        let rows = parse_result(&body).unwrap();
        assert_eq!(
            rows.rows,
            [[Some("5.0.9".to_string()), Some("-3".to_string()), None]]
        );
    }

    #[test]
    fn other_results_have_no_rows() {
        let mut body = Vec::new();
        put_int(&mut body, 1); // Void
        assert!(parse_result(&body).unwrap().rows.is_empty());
    }
}
