//! Migration names: `YYYYMMDD_NNN_description`, a valid date, a
//! three-digit sequence number, and a description of lowercase ASCII
//! letters, digits and `_`. Names sort in the order they apply.

use crate::migrate::error::{MigrateError, MigrateResult};

/// Checks `name` (a file name without `.cql`, or a code migration's name).
pub fn check_name(name: &str) -> MigrateResult<()> {
    let bad = |reason: &str| MigrateError::BadName {
        name: name.to_string(),
        reason: format!("{reason} (expected YYYYMMDD_NNN_description)"),
    };
    let mut parts = name.splitn(3, '_');
    let (Some(date), Some(seq), Some(desc)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad("it has fewer than three parts"));
    };
    if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("the date is not 8 digits"));
    }
    let (y, m, d) = (&date[..4], &date[4..6], &date[6..]);
    let (y, m, d): (u32, u32, u32) = (
        y.parse().unwrap_or(0),
        m.parse().unwrap_or(0),
        d.parse().unwrap_or(0),
    );
    if y < 1970 || !(1..=12).contains(&m) || d < 1 || d > days_in(y, m) {
        return Err(bad("the date is not a real date"));
    }
    if seq.len() != 3 || !seq.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("the sequence number is not 3 digits"));
    }
    let desc_ok = desc
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if desc.is_empty() || !desc_ok {
        return Err(bad(
            "the description is empty or not lowercase letters, digits and _",
        ));
    }
    Ok(())
}

/// The days of month `m` of year `y`.
fn days_in(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::check_name;

    #[test]
    fn good_names_pass() {
        for n in [
            "20240229_001_add_users",
            "19991231_999_x",
            "20250101_010_a1_b2",
        ] {
            check_name(n).unwrap_or_else(|e| panic!("{n}: {e}"));
        }
    }

    #[test]
    fn bad_names_are_typed_errors() {
        for n in [
            "",
            "add_users",
            "2024011_001_x",
            "20240230_001_x",
            "20231301_001_x",
            "20240101_1_x",
            "20240101_001_",
            "20240101_001_Add",
            "20240101_001_a-b",
            "2024010a_001_x",
        ] {
            let e = check_name(n).unwrap_err();
            assert!(
                matches!(e, crate::migrate::MigrateError::BadName { ref name, .. } if name == n),
                "{n}: {e:?}"
            );
        }
    }
}
