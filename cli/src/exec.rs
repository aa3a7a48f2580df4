//! `cqlbridge exec -f FILE`: a script's statements in order, stopping at
//! the first error.

use std::io::Read;
use std::path::Path;

use cqlbridge::schema::migrate::split::split;

use crate::args::Cli;
use crate::failure::Failure;
use crate::session::connect;

/// Runs every statement of `file` (`-`: stdin) in order; the first error
/// stops the run, naming its statement's line. Prints `N statements` at the
/// end on stderr.
pub(crate) fn run(cli: &Cli, file: &Path) -> Result<(), Failure> {
    let name = file.display();
    let script = if file == Path::new("-") {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Failure::usage(format!("cannot read standard input: {e}")))?;
        s
    } else {
        std::fs::read_to_string(file)
            .map_err(|e| Failure::usage(format!("cannot read {name}: {e}")))?
    };
    let statements = split(&script).map_err(|e| Failure::usage(format!("{name}: {e}")))?;
    let session = connect(cli)?;
    for statement in &statements {
        session
            .execute(statement.text.as_str(), ())
            .map_err(|e| Failure::driver(&format!("{name}: line {}", statement.line), &e))?;
    }
    eprintln!("{} statements", statements.len());
    Ok(())
}
