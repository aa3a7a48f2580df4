//! `chrono` conversions (feature `chrono`): `NaiveDate` ↔ `date`,
//! `NaiveTime` ↔ `time`, `DateTime<Utc>` ↔ `timestamp`.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::{mismatch, FromValue, IntoValue};
use crate::error::Result;
use crate::value::{CqlDate, CqlTime, CqlTimestamp, Value};

impl FromValue for NaiveDate {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Date(d) => NaiveDate::try_from(*d),
            other => Err(mismatch("date", other)),
        }
    }
}

/// A date outside CQL's range (impossible for chrono's ±262,000 years, which
/// fit in CQL's ±5.8 million) cannot occur, so this is infallible.
impl IntoValue for NaiveDate {
    fn into_value(self) -> Value {
        Value::Date(CqlDate::try_from(self).expect("chrono dates fit in CQL dates"))
    }
}

impl FromValue for NaiveTime {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Time(t) => Ok(NaiveTime::from(*t)),
            other => Err(mismatch("time", other)),
        }
    }
}

impl IntoValue for NaiveTime {
    fn into_value(self) -> Value {
        Value::Time(CqlTime::from(self))
    }
}

impl FromValue for DateTime<Utc> {
    fn from_value(value: &Value) -> Result<Self> {
        match value {
            Value::Timestamp(t) => DateTime::<Utc>::try_from(*t),
            other => Err(mismatch("timestamp", other)),
        }
    }
}

impl IntoValue for DateTime<Utc> {
    fn into_value(self) -> Value {
        Value::Timestamp(CqlTimestamp::from(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrono_values_round_trip_and_reject_other_types() {
        let d = NaiveDate::from_ymd_opt(-4000, 1, 1).unwrap();
        assert_eq!(NaiveDate::from_value(&d.into_value()).unwrap(), d);
        let t = NaiveTime::from_hms_milli_opt(12, 0, 1, 5).unwrap();
        assert_eq!(NaiveTime::from_value(&t.into_value()).unwrap(), t);
        let ts = DateTime::<Utc>::from_timestamp_millis(1_700_000_000_123).unwrap();
        assert_eq!(DateTime::<Utc>::from_value(&ts.into_value()).unwrap(), ts);
        assert!(NaiveDate::from_value(&Value::Int(1)).unwrap_err().is_type());
        let far = Value::Timestamp(CqlTimestamp(i64::MAX));
        assert!(DateTime::<Utc>::from_value(&far).unwrap_err().is_type());
    }
}
