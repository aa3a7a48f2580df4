//! Consistency levels parsed from text (a URL's `?consistency=`, an
//! environment variable): case-insensitive, `-` or `_`, as the server names
//! them; an unknown name is a `Config` error.

use std::str::FromStr;

use crate::consistency::{Consistency, SerialConsistency};
use crate::error::Error;

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
