//! Consistency levels: ours ↔ libcassandra's.

use cqlbridge_driver_api::{Consistency, Error, Result, SerialConsistency};

use crate::capabilities::NAME;
use crate::ffi::sys;

/// Our consistency as libcassandra's.
pub(crate) fn to_cass_consistency(c: Consistency) -> Result<sys::CassConsistency> {
    use sys::CassConsistency as C;
    Ok(match c {
        Consistency::Any => C::CASS_CONSISTENCY_ANY,
        Consistency::One => C::CASS_CONSISTENCY_ONE,
        Consistency::Two => C::CASS_CONSISTENCY_TWO,
        Consistency::Three => C::CASS_CONSISTENCY_THREE,
        Consistency::Quorum => C::CASS_CONSISTENCY_QUORUM,
        Consistency::All => C::CASS_CONSISTENCY_ALL,
        Consistency::LocalQuorum => C::CASS_CONSISTENCY_LOCAL_QUORUM,
        Consistency::EachQuorum => C::CASS_CONSISTENCY_EACH_QUORUM,
        Consistency::LocalOne => C::CASS_CONSISTENCY_LOCAL_ONE,
        Consistency::Serial => C::CASS_CONSISTENCY_SERIAL,
        Consistency::LocalSerial => C::CASS_CONSISTENCY_LOCAL_SERIAL,
        other => return Err(Error::unsupported(NAME, format!("consistency {other}"))),
    })
}

/// libcassandra's consistency as ours; `None` for `UNKNOWN`.
pub(crate) fn from_cass_consistency(c: sys::CassConsistency) -> Option<Consistency> {
    use sys::CassConsistency as C;
    Some(match c {
        C::CASS_CONSISTENCY_ANY => Consistency::Any,
        C::CASS_CONSISTENCY_ONE => Consistency::One,
        C::CASS_CONSISTENCY_TWO => Consistency::Two,
        C::CASS_CONSISTENCY_THREE => Consistency::Three,
        C::CASS_CONSISTENCY_QUORUM => Consistency::Quorum,
        C::CASS_CONSISTENCY_ALL => Consistency::All,
        C::CASS_CONSISTENCY_LOCAL_QUORUM => Consistency::LocalQuorum,
        C::CASS_CONSISTENCY_EACH_QUORUM => Consistency::EachQuorum,
        C::CASS_CONSISTENCY_SERIAL => Consistency::Serial,
        C::CASS_CONSISTENCY_LOCAL_SERIAL => Consistency::LocalSerial,
        C::CASS_CONSISTENCY_LOCAL_ONE => Consistency::LocalOne,
        C::CASS_CONSISTENCY_UNKNOWN => return None,
    })
}

/// Our serial consistency as libcassandra's.
pub(crate) fn serial(c: SerialConsistency) -> sys::CassConsistency {
    match c {
        SerialConsistency::Serial => sys::CassConsistency::CASS_CONSISTENCY_SERIAL,
        SerialConsistency::LocalSerial => sys::CassConsistency::CASS_CONSISTENCY_LOCAL_SERIAL,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consistency_round_trips_through_libcassandra_values() {
        for c in Consistency::ALL_LEVELS {
            let raw = to_cass_consistency(c).unwrap();
            assert_eq!(from_cass_consistency(raw), Some(c), "{c}");
        }
        assert_eq!(
            from_cass_consistency(sys::CassConsistency::CASS_CONSISTENCY_UNKNOWN),
            None
        );
    }
}
