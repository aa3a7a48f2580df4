//! Consistency levels: ours ↔ the `scylla` crate's.

use cqlbridge_driver_api::{Consistency, Error, Result, SerialConsistency};
use scylla::statement::{Consistency as SC, SerialConsistency as SSC};

use crate::capabilities::NAME;

/// Our consistency → scylla's.
pub(crate) fn consistency(c: Consistency) -> Result<SC> {
    Ok(match c {
        Consistency::Any => SC::Any,
        Consistency::One => SC::One,
        Consistency::Two => SC::Two,
        Consistency::Three => SC::Three,
        Consistency::Quorum => SC::Quorum,
        Consistency::All => SC::All,
        Consistency::LocalQuorum => SC::LocalQuorum,
        Consistency::EachQuorum => SC::EachQuorum,
        Consistency::LocalOne => SC::LocalOne,
        Consistency::Serial => SC::Serial,
        Consistency::LocalSerial => SC::LocalSerial,
        other => return Err(Error::unsupported(NAME, format!("consistency {other}"))),
    })
}

/// Scylla's consistency → ours (for server errors).
pub(crate) fn from_scylla(c: SC) -> Consistency {
    match c {
        SC::Any => Consistency::Any,
        SC::One => Consistency::One,
        SC::Two => Consistency::Two,
        SC::Three => Consistency::Three,
        SC::Quorum => Consistency::Quorum,
        SC::All => Consistency::All,
        SC::LocalQuorum => Consistency::LocalQuorum,
        SC::EachQuorum => Consistency::EachQuorum,
        SC::LocalOne => Consistency::LocalOne,
        SC::Serial => Consistency::Serial,
        SC::LocalSerial => Consistency::LocalSerial,
    }
}

/// Our serial consistency → scylla's.
pub(crate) fn serial(c: SerialConsistency) -> SSC {
    match c {
        SerialConsistency::Serial => SSC::Serial,
        SerialConsistency::LocalSerial => SSC::LocalSerial,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consistency_round_trips() {
        for c in Consistency::ALL_LEVELS {
            assert_eq!(from_scylla(consistency(c).unwrap()), c);
        }
    }
}
