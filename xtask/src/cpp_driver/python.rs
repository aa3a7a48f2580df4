//! Finding the shared libpython3.11 the extension module needs.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::apt;
use super::pins::{PYTHON_VERSION, QUICK};
use super::progress::note;
use crate::cmd;

/// The shared libpython the extension is linked with.
pub(crate) struct PythonLib {
    /// The real file (`…/libpython3.11.so.1.0`).
    pub(crate) file: PathBuf,
    /// Its soname, the name the loader looks for.
    pub(crate) soname: String,
    /// Where it came from, for messages.
    pub(crate) origin: String,
}

/// Asks a Python for its version, library directory, soname and whether it is shared.
const PROBE: &str = "import sys, sysconfig\n\
    print('%d.%d' % sys.version_info[:2])\n\
    print(sysconfig.get_config_var('LIBDIR') or '')\n\
    print(sysconfig.get_config_var('INSTSONAME') or '')\n\
    print(sysconfig.get_config_var('Py_ENABLE_SHARED') or 0)";

/// Finds a shared libpython3.11: from a Python 3.11 on `PATH` built with `--enable-shared`,
/// else from Debian's `libpython3.11` package (installed if need be).
pub(crate) fn find() -> Result<PythonLib, String> {
    let mut tried = Vec::new();
    for program in ["python3.11", "python3"] {
        match probe(program) {
            Ok(found) => return Ok(found),
            Err(why) => tried.push(why),
        }
    }
    let soname = format!("libpython{PYTHON_VERSION}.so.1.0");
    let debian = Path::new("/usr/lib/x86_64-linux-gnu").join(&soname);
    if !debian.is_file() {
        note(&format!(
            "no shared libpython{PYTHON_VERSION} on PATH ({}); trying Debian's package",
            tried.join("; ")
        ));
        apt::ensure_packages(&["libpython3.11"]).map_err(|err| {
            format!(
                "no shared libpython{PYTHON_VERSION} found ({}), and {err}",
                tried.join("; ")
            )
        })?;
    }
    if !debian.is_file() {
        return Err(format!(
            "no shared libpython{PYTHON_VERSION}: {} is missing after installing libpython3.11",
            debian.display()
        ));
    }
    Ok(PythonLib {
        file: debian,
        soname,
        origin: "Debian package libpython3.11".into(),
    })
}

/// The shared libpython of `program` if it is Python 3.11 built with one; else why not.
fn probe(program: &str) -> Result<PythonLib, String> {
    let (status, out) = cmd::run_status(
        Command::new(program).args(["-c", PROBE]),
        "asking Python for its libpython",
        QUICK,
    )?;
    if !status.success() {
        return Err(format!("{program}: exited {status}: {}", out.stderr.trim()));
    }
    let answer = out.stdout;
    let lines: Vec<&str> = answer.lines().map(str::trim).collect();
    let [version, libdir, soname, shared] = lines[..] else {
        return Err(format!("{program}: unexpected answer {answer:?}"));
    };
    if version != PYTHON_VERSION {
        return Err(format!("{program} is Python {version}"));
    }
    let file = Path::new(libdir).join(soname);
    if shared != "1" || soname.is_empty() || !file.is_file() {
        return Err(format!(
            "{program} (Python {version}) has no shared libpython ({} missing; only a \
             static library?)",
            file.display()
        ));
    }
    Ok(PythonLib {
        file,
        soname: soname.to_string(),
        origin: format!("{program}'s LIBDIR"),
    })
}
