//! One CQL [`Value`] as text (table and CSV cells) or as JSON (JSON lines).

use cqlbridge::Value;
use serde_json::{json, Number, Value as Json};

/// `value` as the text of one table or CSV cell; `null` is the empty string.
pub(crate) fn to_text(value: &Value) -> String {
    match value {
        Value::Null | Value::Unset => String::new(),
        Value::Ascii(s) | Value::Text(s) => s.clone(),
        other => match to_json(other) {
            Json::String(s) => s,
            j => j.to_string(),
        },
    }
}

/// `value` as JSON: numbers stay numbers (a `varint` or `decimal` too large
/// for a JSON number is a string), blobs are `0x…` hex strings, maps are
/// objects when every key is text and arrays of `[key, value]` otherwise.
pub(crate) fn to_json(value: &Value) -> Json {
    match value {
        Value::Null | Value::Unset => Json::Null,
        Value::Ascii(s) | Value::Text(s) => Json::String(s.clone()),
        Value::Blob(b) => Json::String(hex(b)),
        Value::Boolean(b) => Json::Bool(*b),
        Value::TinyInt(n) => json!(n),
        Value::SmallInt(n) => json!(n),
        Value::Int(n) => json!(n),
        Value::BigInt(n) | Value::Counter(n) => json!(n),
        Value::Varint(v) => match v.to_i128().ok().and_then(|n| i64::try_from(n).ok()) {
            Some(n) => json!(n),
            None => Json::String(format!("{v:?}")),
        },
        Value::Decimal(d) => Json::String(d.to_string()),
        Value::Float(f) => float(f64::from(*f)),
        Value::Double(f) => float(*f),
        Value::Date(d) => json!(d.days_since_epoch()),
        Value::Time(t) => json!(t.nanos()),
        Value::Timestamp(t) => json!(t.millis()),
        Value::Duration(d) => {
            json!({"months": d.months, "days": d.days, "nanoseconds": d.nanoseconds})
        }
        Value::Uuid(u) | Value::TimeUuid(u) => Json::String(u.to_string()),
        Value::Inet(ip) => Json::String(ip.to_string()),
        Value::List(items) | Value::Set(items) | Value::Tuple(items) | Value::Vector(items) => {
            Json::Array(items.iter().map(to_json).collect())
        }
        Value::Map(pairs) => map(pairs),
        Value::Udt(udt) => Json::Object(
            udt.fields
                .iter()
                .map(|(name, v)| (name.clone(), to_json(v)))
                .collect(),
        ),
        other => Json::String(format!("{other:?}")),
    }
}

/// A map: an object if every key is text, else an array of pairs.
fn map(pairs: &[(Value, Value)]) -> Json {
    let text_keys = pairs
        .iter()
        .all(|(k, _)| matches!(k, Value::Text(_) | Value::Ascii(_)));
    if text_keys {
        Json::Object(
            pairs
                .iter()
                .map(|(k, v)| (to_text(k), to_json(v)))
                .collect(),
        )
    } else {
        Json::Array(
            pairs
                .iter()
                .map(|(k, v)| Json::Array(vec![to_json(k), to_json(v)]))
                .collect(),
        )
    }
}

/// A finite float as a JSON number; NaN and infinities as strings.
fn float(f: f64) -> Json {
    Number::from_f64(f).map_or_else(|| Json::String(f.to_string()), Json::Number)
}

/// Bytes as `0x` and lower-case hex, as cqlsh prints a blob.
fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(2 + 2 * bytes.len());
    s.push_str("0x");
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_render_as_text_and_json() {
        assert_eq!(to_text(&Value::Null), "");
        assert_eq!(to_text(&Value::Text("a,b".into())), "a,b");
        assert_eq!(to_text(&Value::Int(-7)), "-7");
        assert_eq!(to_text(&Value::Blob(vec![0, 255])), "0x00ff");
        assert_eq!(to_json(&Value::Double(f64::NAN)), json!("NaN"));
        assert_eq!(to_json(&Value::Boolean(true)), json!(true));
    }

    #[test]
    fn maps_with_text_keys_are_objects() {
        let m = Value::Map(vec![(Value::Text("k".into()), Value::Int(1))]);
        assert_eq!(to_json(&m), json!({"k": 1}));
        let m = Value::Map(vec![(Value::Int(2), Value::Int(1))]);
        assert_eq!(to_json(&m), json!([[2, 1]]));
    }
}
