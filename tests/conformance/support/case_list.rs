//! Keeps `tests/conformance/CASES.md` honest: checked when the binary
//! starts, whatever the filters.
//!
//! A line of `CASES.md` that starts with a case id (`C01`, `C10.udt`,
//! `M07`: a capital letter and two digits, then letters, digits, `.`, `_`
//! or `-`) is a case line and must read `ID — title: what it proves`, with the title the
//! case is registered with. Every registered id must have exactly one such
//! line, and no line may name an id that is not registered. Every other
//! line (headings, prose) is ignored.
//!
//! Mock ids (`M…`) are registered only when the `mock` feature is compiled
//! in; without it their lines are accepted unchecked, since the binary
//! cannot know that list.

use std::collections::BTreeMap;

use super::case::Case;

/// The list, as it was when this binary was built.
pub const CASES_MD: &str = include_str!("../CASES.md");

/// The separator between an id and its title.
const DASH: &str = " — ";

/// The id a line starts with, when it starts like one (a capital letter
/// and two digits): the run of letters, digits, `.`, `_` and `-` there.
fn leading_id(line: &str) -> Option<&str> {
    let b = line.as_bytes();
    let starts =
        b.len() >= 3 && b[0].is_ascii_uppercase() && b[1].is_ascii_digit() && b[2].is_ascii_digit();
    if !starts {
        return None;
    }
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .unwrap_or(line.len());
    Some(&line[..end])
}

/// Checks `md` against `registered` (`(id, title)` pairs); ids for which
/// `unchecked` is true may be listed without being registered. Returns how
/// many case lines were read, or one message naming every mismatched id.
pub fn check(
    md: &str,
    registered: &[(&str, &str)],
    unchecked: impl Fn(&str) -> bool,
) -> Result<usize, String> {
    let mut titles: BTreeMap<&str, &str> = BTreeMap::new();
    let mut registered_twice = Vec::new();
    for &(id, title) in registered {
        if titles.insert(id, title).is_some() {
            registered_twice.push(id.to_string());
        }
    }
    let mut lines: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut malformed = Vec::new();
    for (n, line) in md.lines().enumerate().map(|(i, l)| (i + 1, l.trim_end())) {
        let Some(id) = leading_id(line) else {
            continue;
        };
        lines.entry(id).or_default().push(n);
        let rest = &line[id.len()..];
        let Some(rest) = rest.strip_prefix(DASH) else {
            malformed.push(format!(
                "line {n} ({id}): no `{}` after the id",
                DASH.trim()
            ));
            continue;
        };
        match titles.get(id) {
            Some(title) => match rest.strip_prefix(title).and_then(|r| r.strip_prefix(": ")) {
                Some(what) if !what.trim().is_empty() => {}
                _ => malformed.push(format!(
                    "line {n} ({id}): expected `{id}{DASH}{title}: what it proves`"
                )),
            },
            None => {
                if !rest.contains(": ") {
                    malformed.push(format!("line {n} ({id}): no `title: what it proves`"));
                }
            }
        }
    }
    let missing: Vec<&str> = titles
        .keys()
        .copied()
        .filter(|id| !lines.contains_key(id))
        .collect();
    let twice: Vec<String> = lines
        .iter()
        .filter(|(_, at)| at.len() > 1)
        .map(|(id, at)| format!("{id} (lines {at:?})"))
        .collect();
    let unknown: Vec<&str> = lines
        .keys()
        .copied()
        .filter(|id| !titles.contains_key(id) && !unchecked(id))
        .collect();
    let mut problems = Vec::new();
    if !missing.is_empty() {
        problems.push(format!("registered but not listed: {}", missing.join(", ")));
    }
    if !twice.is_empty() {
        problems.push(format!("listed more than once: {}", twice.join(", ")));
    }
    if !unknown.is_empty() {
        problems.push(format!("listed but not registered: {}", unknown.join(", ")));
    }
    if !registered_twice.is_empty() {
        problems.push(format!(
            "registered more than once: {}",
            registered_twice.join(", ")
        ));
    }
    if !malformed.is_empty() {
        problems.push(format!("malformed: {}", malformed.join("; ")));
    }
    if problems.is_empty() {
        Ok(lines.len())
    } else {
        Err(format!(
            "tests/conformance/CASES.md does not match the registered cases — {}",
            problems.join(" | ")
        ))
    }
}

/// [`check`] of [`CASES_MD`] against `cases`, every case this binary registers.
pub fn check_registered(cases: &[Case]) -> Result<usize, String> {
    let registered: Vec<(&str, &str)> = cases.iter().map(|c| (c.id, c.title)).collect();
    let mock = cfg!(feature = "mock");
    check(CASES_MD, &registered, |id| !mock && id.starts_with('M'))
}

/// Checks [`check`] itself on small lists, so a broken checker cannot pass
/// a broken `CASES.md`; returns what went wrong.
pub fn self_test() -> Result<(), String> {
    let reg = [("C01", "connect"), ("C01.x", "connect: x"), ("M01", "mock")];
    let good = "# T\n\nC01 — connect: a\nC01.x — connect: x: b\nM01 — mock: c\n";
    let expect = |md: &str, unchecked: bool, want: &[&str]| -> Result<(), String> {
        match (check(md, &reg, |id| unchecked && id.starts_with('M')), want) {
            (Ok(_), []) => Ok(()),
            (Err(e), want) if !want.is_empty() && want.iter().all(|w| e.contains(w)) => Ok(()),
            (got, _) => Err(format!(
                "case_list self-test on {md:?}: got {got:?}, wanted {want:?}"
            )),
        }
    };
    expect(good, false, &[])?;
    expect(
        &good.replace("C01.x — connect: x: b\n", ""),
        false,
        &["not listed: C01.x"],
    )?;
    expect(
        &format!("{good}C01 — connect: again\n"),
        false,
        &["more than once: C01"],
    )?;
    expect(
        &format!("{good}C99 — new: d\n"),
        false,
        &["not registered: C99"],
    )?;
    expect(&format!("{good}M02 — mock: d\n"), true, &[])?;
    expect(
        &good.replace("C01 — connect: a", "C01 connect: a"),
        false,
        &["line 3 (C01)"],
    )?;
    expect(
        &good.replace("C01 — connect: a", "C01 — join: a"),
        false,
        &["line 3 (C01)"],
    )?;
    expect(
        &good.replace("C01 — connect: a", "C01—connect: a"),
        false,
        &["line 3 (C01)"],
    )?;
    Ok(())
}
