//! `cqlbridge query "CQL"`: one statement, every row printed.

use std::io::Write;

use crate::args::Cli;
use crate::failure::Failure;
use crate::output::{Format, RowPrinter};
use crate::session::connect;

/// Runs `cql` and prints its rows in `format` on stdout.
pub(crate) fn run(cli: &Cli, cql: &str, format: Format) -> Result<(), Failure> {
    if cql.trim().is_empty() {
        return Err(Failure::usage("the statement is empty"));
    }
    let session = connect(cli)?;
    let stdout = std::io::stdout().lock();
    let mut printer = RowPrinter::new(format, std::io::BufWriter::new(stdout));
    for row in session.iter(cql.trim().trim_end_matches(';'), ()) {
        let row = row.map_err(|e| Failure::driver("", &e))?;
        printer.row(&row).map_err(|e| Failure::output(&e))?;
    }
    printer.finish().map_err(|e| Failure::output(&e))?;
    let _ = std::io::stderr().flush();
    Ok(())
}
