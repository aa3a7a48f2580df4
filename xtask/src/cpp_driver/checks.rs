//! Verifying the laid-out library: its exports, its dynamic section, its dependencies and the
//! Python symbols it needs.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use super::pins::{CASS_FUNCTIONS, LIB_RPATH, PYTHON_VERSION, QUICK};
use super::progress::note;
use super::python::PythonLib;
use crate::cmd;

/// Checks `libcassandra.so` in `lib_dir` (see the module docs); fails saying what is wrong.
pub(crate) fn verify(lib_dir: &Path, python: &PythonLib) -> Result<(), String> {
    let library = lib_dir.join("libcassandra.so");
    let cass_functions = check_exports(&library)?;
    check_patched(&library, python)?;
    check_dependencies(&library)?;
    let python_symbols = check_python_symbols(&library, python)?;
    note(&format!(
        "verified: {cass_functions} cass_* functions, dependencies resolved, {python_symbols} \
         Python symbols provided"
    ));
    Ok(())
}

/// The dynamic symbols of `file` that `nm` lists with `filter` (`--defined-only`, ...).
fn dynamic_symbols(file: &Path, filter: &str) -> Result<String, String> {
    let out = cmd::run(
        Command::new("nm").args(["-D", filter]).arg(file),
        "listing dynamic symbols",
        QUICK,
    )?;
    Ok(out.stdout)
}

/// Checks that `library` exports the whole C API; returns the count of `cass_*` functions.
fn check_exports(library: &Path) -> Result<usize, String> {
    let defined = dynamic_symbols(library, "--defined-only")?;
    let cass_functions = defined
        .lines()
        .filter(|line| line.contains(" T cass_"))
        .count();
    if cass_functions != CASS_FUNCTIONS {
        return Err(format!(
            "{} exports {cass_functions} cass_* functions, expected {CASS_FUNCTIONS}",
            library.display()
        ));
    }
    Ok(cass_functions)
}

/// Checks that `library` lists libpython as needed and has the run path `$ORIGIN`.
fn check_patched(library: &Path, python: &PythonLib) -> Result<(), String> {
    let dynamic = elf_dynamic(library)?;
    let has = |tag: &str, value: &str| {
        dynamic
            .iter()
            .any(|(found_tag, found)| found_tag == tag && found == value)
    };
    let has_run_path = has("RUNPATH", LIB_RPATH) || has("RPATH", LIB_RPATH);
    if !has("NEEDED", &python.soname) || !has_run_path {
        return Err(format!(
            "{} is not patched as expected (NEEDED {} and run path {LIB_RPATH}); run \
             `cargo xtask cpp-driver --force`",
            library.display(),
            python.soname
        ));
    }
    Ok(())
}

/// Checks that the loader finds every dependency of `library` through its run path alone.
fn check_dependencies(library: &Path) -> Result<(), String> {
    let ldd = cmd::run(
        Command::new("ldd")
            .arg(library)
            .env_remove("LD_LIBRARY_PATH"),
        "resolving the dependencies of libcassandra.so",
        QUICK,
    )?;
    let unresolved: Vec<&str> = ldd
        .stdout
        .lines()
        .filter(|line| line.contains("not found"))
        .map(str::trim)
        .collect();
    if !unresolved.is_empty() {
        return Err(format!(
            "libraries needed by {} are missing: {}",
            library.display(),
            unresolved.join(", ")
        ));
    }
    Ok(())
}

/// Checks that the chosen libpython defines every `Py*` symbol `library` needs; returns
/// their count.
fn check_python_symbols(library: &Path, python: &PythonLib) -> Result<usize, String> {
    let undefined = dynamic_symbols(library, "--undefined-only")?;
    let python_defined = dynamic_symbols(&python.file, "--defined-only")?;
    let offered: HashSet<&str> = python_defined
        .lines()
        .filter_map(|line| line.split_whitespace().nth(2))
        .collect();
    let wanted: Vec<&str> = undefined
        .lines()
        .filter_map(|line| line.split_whitespace().last())
        .filter(|symbol| symbol.starts_with("Py") || symbol.starts_with("_Py"))
        .collect();
    let lacking: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|symbol| !offered.contains(symbol))
        .collect();
    if !lacking.is_empty() {
        return Err(format!(
            "{} lacks {} of the {} Python symbols the extension needs (not Python \
             {PYTHON_VERSION}?): {}",
            python.file.display(),
            lacking.len(),
            wanted.len(),
            lacking.join(" ")
        ));
    }
    Ok(wanted.len())
}

/// The `(TAG, value)` pairs of `library`'s dynamic section that name something: `NEEDED`,
/// `SONAME`, `RPATH`, `RUNPATH`.
fn elf_dynamic(library: &Path) -> Result<Vec<(String, String)>, String> {
    let out = cmd::run(
        Command::new("readelf").arg("-d").arg(library),
        "reading the dynamic section",
        QUICK,
    )?;
    Ok(parse_dynamic(&out.stdout))
}

/// The named entries of `readelf -d` output.
fn parse_dynamic(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let tag = line.get(line.find('(')? + 1..line.find(')')?)?;
            let value = line.get(line.find('[')? + 1..line.rfind(']')?)?;
            Some((tag.to_string(), value.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parse_dynamic;

    #[test]
    fn reads_the_named_entries_of_readelf() {
        let text = "\
Dynamic section at offset 0x6c6d28 contains 33 entries:
  Tag        Type                         Name/Value
 0x0000000000000001 (NEEDED)             Shared library: [libpython3.11.so.1.0]
 0x000000000000001d (RUNPATH)            Library runpath: [$ORIGIN]
 0x000000000000000c (INIT)               0x4d000
";
        assert_eq!(
            parse_dynamic(text),
            [
                ("NEEDED".to_string(), "libpython3.11.so.1.0".to_string()),
                ("RUNPATH".to_string(), "$ORIGIN".to_string()),
            ]
        );
    }
}
