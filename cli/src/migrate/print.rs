//! What `cqlbridge migrate` prints: one line per migration for `status`,
//! the statements of the plan for `dry-run`, what `apply` and `rollback`
//! did, and a closing summary line.

use std::io::Write;

use cqlbridge::schema::migrate::{
    utc_timestamp, ApplyReport, MigrationState, Migrator, Plan, RollbackReport, Status,
};

use crate::failure::Failure;

/// Writes `text` to stdout, flushed.
pub(crate) fn out(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Failure::output(&e))
}

/// `text` with every control character but a newline shown as `\u{…}`
/// (a file's statements are printed as they are).
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The statements of migration `name`'s `up` (1 for code).
fn up_len(m: &Migrator, name: &str) -> usize {
    m.migrations()
        .iter()
        .find(|x| x.name() == name)
        .map_or(0, |x| x.up_len())
}

/// `NAME  STATE  DONE/TOTAL  DETAIL` per migration, then a count per state.
pub(crate) fn status(status: &Status, m: &Migrator) -> String {
    let width = status
        .entries
        .iter()
        .map(|e| e.name.len())
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for e in &status.entries {
        let recorded = e
            .record
            .as_ref()
            .map(|r| (r.statements_done, r.statements_total));
        let (done, total) = recorded.unwrap_or((0, up_len(m, &e.name)));
        let (state, detail) = match &e.state {
            MigrationState::Pending => ("pending", String::new()),
            MigrationState::Applied { at } => (
                "applied",
                at.map(|t| format!("at {}", utc_timestamp(t)))
                    .unwrap_or_default(),
            ),
            MigrationState::Partial { done, .. } => (
                "partial",
                format!("apply resumes at statement {}", done + 1),
            ),
            MigrationState::RollingBack { done } => (
                "rolling-back",
                format!("{done} down statement(s) done; run rollback again"),
            ),
            MigrationState::Changed { recorded, found } => (
                "CHANGED",
                format!(
                    "checksum {} was {} when applied: refused",
                    short(found),
                    short(recorded)
                ),
            ),
            MigrationState::Missing => ("MISSING", "recorded, but no file has this name".into()),
        };
        match counts.iter_mut().find(|(s, _)| *s == state) {
            Some((_, n)) => *n += 1,
            None => counts.push((state, 1)),
        }
        let line = format!("{:<width$}  {state:<12}  {done}/{total}  {detail}", e.name);
        text.push_str(line.trim_end());
        text.push('\n');
    }
    if status.entries.is_empty() {
        text.push_str("no migrations\n");
    } else {
        let parts: Vec<String> = counts.iter().map(|(s, n)| format!("{n} {s}")).collect();
        text.push_str(&format!("{}\n", parts.join(", ")));
    }
    clean(&text)
}

/// The first 12 hex digits of a checksum.
fn short(checksum: &str) -> &str {
    checksum.get(..12).unwrap_or(checksum)
}

/// Each step of the plan with its statements, numbered as in the file.
pub(crate) fn plan(plan: &Plan, m: &Migrator) -> String {
    let mut text = String::new();
    let mut count = 0;
    for step in &plan.steps {
        let total = up_len(m, &step.name);
        let resume = if step.from > 0 { " (resumes)" } else { "" };
        text.push_str(&format!(
            "would apply {}: statements {}-{total} of {total}{resume}\n",
            step.name,
            step.from + 1
        ));
        for (i, s) in step.statements.iter().enumerate() {
            let body = s.replace('\n', "\n      ");
            text.push_str(&format!("  {:>2}  {body};\n", step.from + i + 1));
            count += 1;
        }
    }
    if plan.steps.is_empty() {
        text.push_str("nothing to apply\n");
    } else {
        text.push_str(&format!(
            "{} migration(s), {count} statement(s) to run; nothing was run\n",
            plan.steps.len()
        ));
    }
    clean(&text)
}

/// `applied NAME (N statements)` per migration, then the totals.
pub(crate) fn applied(report: &ApplyReport, m: &Migrator) -> String {
    let mut text = String::new();
    for name in &report.applied {
        let total = up_len(m, name);
        match &report.resumed {
            Some((r, from)) if r == name => text.push_str(&format!(
                "applied {name} (resumed: statements {}-{total} of {total})\n",
                from + 1
            )),
            _ => text.push_str(&format!("applied {name} ({total} statement(s))\n")),
        }
    }
    if report.applied.is_empty() {
        text.push_str("nothing to apply: every migration is applied\n");
    } else {
        text.push_str(&format!(
            "{} migration(s) applied, {} statement(s) run\n",
            report.applied.len(),
            report.statements
        ));
    }
    clean(&text)
}

/// `rolled back NAME` per migration, newest first, then the totals.
pub(crate) fn rolled_back(report: &RollbackReport) -> String {
    let mut text: String = report
        .rolled_back
        .iter()
        .map(|n| format!("rolled back {n}\n"))
        .collect();
    if report.rolled_back.is_empty() {
        text.push_str("nothing to roll back\n");
    } else {
        text.push_str(&format!(
            "{} migration(s) rolled back, {} statement(s) run\n",
            report.rolled_back.len(),
            report.statements
        ));
    }
    clean(&text)
}
