//! Date and time values in their exact CQL encodings, with `chrono`
//! conversions behind the `chrono` feature.

use crate::error::{Error, Result};

/// A CQL `date`: days since the Unix epoch, offset by 2^31 as on the wire
/// (so `2^31` is 1970-01-01). Covers every date the server accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CqlDate(pub u32);

impl CqlDate {
    /// The wire value of 1970-01-01.
    pub const EPOCH: u32 = 1 << 31;

    /// A date `days` after (or before, when negative) 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Result<Self> {
        let raw = days + i64::from(Self::EPOCH);
        u32::try_from(raw)
            .map(CqlDate)
            .map_err(|_| Error::type_error(format!("{days} days from the epoch is not a CQL date")))
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        i64::from(self.0) - i64::from(Self::EPOCH)
    }
}

/// A CQL `time`: nanoseconds since midnight, `0 ..= 86_399_999_999_999`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CqlTime(i64);

impl CqlTime {
    /// Nanoseconds in a day.
    pub const NANOS_PER_DAY: i64 = 86_400_000_000_000;

    /// A time of day; out-of-range values are a `Type` error.
    pub fn from_nanos(nanos: i64) -> Result<Self> {
        if (0..Self::NANOS_PER_DAY).contains(&nanos) {
            Ok(CqlTime(nanos))
        } else {
            Err(Error::type_error(format!(
                "{nanos} ns is not a time of day (0 ..= 86399999999999)"
            )))
        }
    }

    /// Nanoseconds since midnight.
    pub fn nanos(self) -> i64 {
        self.0
    }
}

/// A CQL `timestamp`: milliseconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CqlTimestamp(pub i64);

impl CqlTimestamp {
    /// Milliseconds since the Unix epoch.
    pub fn millis(self) -> i64 {
        self.0
    }
}

/// A CQL `duration`: months, days and nanoseconds, each signed; the three
/// must not have mixed signs (the server rejects that).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CqlDuration {
    /// Whole months.
    pub months: i32,
    /// Whole days.
    pub days: i32,
    /// Nanoseconds.
    pub nanoseconds: i64,
}

#[cfg(feature = "chrono")]
mod chrono_conv {
    use super::*;
    use chrono::{DateTime, NaiveDate, NaiveTime, Timelike, Utc};

    impl TryFrom<NaiveDate> for CqlDate {
        type Error = Error;
        fn try_from(d: NaiveDate) -> Result<Self> {
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
            CqlDate::from_days_since_epoch(d.signed_duration_since(epoch).num_days())
        }
    }

    impl TryFrom<CqlDate> for NaiveDate {
        type Error = Error;
        fn try_from(d: CqlDate) -> Result<Self> {
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
            epoch
                .checked_add_signed(chrono::Duration::days(d.days_since_epoch()))
                .ok_or_else(|| Error::type_error(format!("{d:?} is outside chrono's range")))
        }
    }

    impl From<NaiveTime> for CqlTime {
        fn from(t: NaiveTime) -> Self {
            // A leap second (nanosecond field ≥ 1e9) folds into the last second.
            let nanos = i64::from(t.num_seconds_from_midnight()) * 1_000_000_000
                + i64::from(t.nanosecond().min(999_999_999));
            CqlTime(nanos)
        }
    }

    impl From<CqlTime> for NaiveTime {
        fn from(t: CqlTime) -> Self {
            let secs = (t.0 / 1_000_000_000) as u32;
            let nanos = (t.0 % 1_000_000_000) as u32;
            NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos).expect("checked range")
        }
    }

    impl From<DateTime<Utc>> for CqlTimestamp {
        fn from(t: DateTime<Utc>) -> Self {
            CqlTimestamp(t.timestamp_millis())
        }
    }

    impl TryFrom<CqlTimestamp> for DateTime<Utc> {
        type Error = Error;
        fn try_from(t: CqlTimestamp) -> Result<Self> {
            DateTime::from_timestamp_millis(t.0)
                .ok_or_else(|| Error::type_error(format!("{t:?} is outside chrono's range")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_offsets_and_limits() {
        assert_eq!(CqlDate::from_days_since_epoch(0).unwrap().0, 1 << 31);
        assert_eq!(CqlDate(0).days_since_epoch(), -(1i64 << 31));
        assert!(CqlDate::from_days_since_epoch(1i64 << 32)
            .unwrap_err()
            .is_type());
    }

    #[test]
    fn time_range_is_checked() {
        assert!(CqlTime::from_nanos(-1).is_err());
        assert!(CqlTime::from_nanos(CqlTime::NANOS_PER_DAY).is_err());
        assert_eq!(CqlTime::from_nanos(5).unwrap().nanos(), 5);
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn chrono_round_trips() {
        use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
        let d = NaiveDate::from_ymd_opt(1900, 2, 28).unwrap();
        assert_eq!(
            NaiveDate::try_from(CqlDate::try_from(d).unwrap()).unwrap(),
            d
        );
        let t = NaiveTime::from_hms_nano_opt(23, 59, 59, 999_999_999).unwrap();
        assert_eq!(NaiveTime::from(CqlTime::from(t)), t);
        let ts = DateTime::<Utc>::from_timestamp_millis(-1_234_567).unwrap();
        assert_eq!(
            DateTime::<Utc>::try_from(CqlTimestamp::from(ts)).unwrap(),
            ts
        );
    }
}
