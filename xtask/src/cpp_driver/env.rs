//! The `env` file of `cargo xtask cpp-driver`: the `export` lines builds and test runs need.

use std::path::Path;

/// The environment builds and test runs need with libcassandra in `lib_dir`, as `export`
/// lines.
///
/// `CASSANDRA_SYS_LIB_PATH` is left out on purpose: `cassandra-cpp-sys` reads it with
/// `option_env!` when its build script is compiled, so setting it in some shells and not in
/// others rebuilds that chain each time, and `driver-cpp/build.rs` adds the same search path.
pub(crate) fn exports(lib_dir: &Path) -> String {
    let dir = shell_quote(&lib_dir.to_string_lossy());
    format!(
        "# libcassandra for cqlbridge's cpp backend, from `cargo xtask cpp-driver`.\n\
         export CASSANDRA_CPP_LIB_DIR={dir}\n\
         export LD_LIBRARY_PATH={dir}\"${{LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}}\"\n"
    )
}

/// `text` as one single-quoted shell word.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_the_directory() {
        let text = exports(Path::new("/c/it's"));
        assert!(text.contains("export CASSANDRA_CPP_LIB_DIR='/c/it'\\''s'\n"));
        assert!(text.contains(
            "export LD_LIBRARY_PATH='/c/it'\\''s'\"${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}\"\n"
        ));
    }
}
