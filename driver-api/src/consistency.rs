//! Consistency levels, regular and serial.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// The consistency level of a request: how many replicas must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Consistency {
    /// A write is stored by any node, hints included.
    Any,
    /// One replica.
    One,
    /// Two replicas.
    Two,
    /// Three replicas.
    Three,
    /// A majority of replicas across all data centers.
    Quorum,
    /// Every replica.
    All,
    /// A majority of replicas in the local data center.
    LocalQuorum,
    /// A majority of replicas in each data center.
    EachQuorum,
    /// One replica in the local data center.
    LocalOne,
    /// Paxos read across data centers (reads of LWT-written data).
    Serial,
    /// Paxos read in the local data center.
    LocalSerial,
}

impl Consistency {
    /// The name the server and `cqlsh` use, e.g. `LOCAL_QUORUM`.
    pub fn as_str(self) -> &'static str {
        match self {
            Consistency::Any => "ANY",
            Consistency::One => "ONE",
            Consistency::Two => "TWO",
            Consistency::Three => "THREE",
            Consistency::Quorum => "QUORUM",
            Consistency::All => "ALL",
            Consistency::LocalQuorum => "LOCAL_QUORUM",
            Consistency::EachQuorum => "EACH_QUORUM",
            Consistency::LocalOne => "LOCAL_ONE",
            Consistency::Serial => "SERIAL",
            Consistency::LocalSerial => "LOCAL_SERIAL",
        }
    }

    /// Every level, in protocol order.
    pub const ALL_LEVELS: [Consistency; 11] = [
        Consistency::Any,
        Consistency::One,
        Consistency::Two,
        Consistency::Three,
        Consistency::Quorum,
        Consistency::All,
        Consistency::LocalQuorum,
        Consistency::EachQuorum,
        Consistency::Serial,
        Consistency::LocalSerial,
        Consistency::LocalOne,
    ];
}

impl fmt::Display for Consistency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Consistency {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let wanted = s.trim().to_ascii_uppercase().replace('-', "_");
        Consistency::ALL_LEVELS
            .into_iter()
            .find(|c| c.as_str() == wanted)
            .ok_or_else(|| Error::config(format!("unknown consistency level `{s}`")))
    }
}

/// The consistency of the Paxos phase of a lightweight transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SerialConsistency {
    /// Paxos across all data centers.
    Serial,
    /// Paxos in the local data center.
    LocalSerial,
}

impl SerialConsistency {
    /// The name the server uses.
    pub fn as_str(self) -> &'static str {
        match self {
            SerialConsistency::Serial => "SERIAL",
            SerialConsistency::LocalSerial => "LOCAL_SERIAL",
        }
    }
}

impl From<SerialConsistency> for Consistency {
    fn from(s: SerialConsistency) -> Self {
        match s {
            SerialConsistency::Serial => Consistency::Serial,
            SerialConsistency::LocalSerial => Consistency::LocalSerial,
        }
    }
}

impl fmt::Display for SerialConsistency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SerialConsistency {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s.parse::<Consistency>()? {
            Consistency::Serial => Ok(SerialConsistency::Serial),
            Consistency::LocalSerial => Ok(SerialConsistency::LocalSerial),
            other => Err(Error::config(format!(
                "`{other}` is not a serial consistency (use SERIAL or LOCAL_SERIAL)"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Consistency::ALL_LEVELS {
            assert_eq!(c.as_str().parse::<Consistency>().unwrap(), c);
        }
        assert_eq!(
            "local-quorum".parse::<Consistency>().unwrap(),
            Consistency::LocalQuorum
        );
        assert!("most"
            .parse::<Consistency>()
            .unwrap_err()
            .to_string()
            .contains("most"));
    }

    #[test]
    fn serial_rejects_regular_levels() {
        assert_eq!(
            "local_serial".parse::<SerialConsistency>().unwrap(),
            SerialConsistency::LocalSerial
        );
        assert!("QUORUM".parse::<SerialConsistency>().is_err());
    }
}
