//! Where xtask caches things: one rule, shared with `driver-cpp/build.rs`.
//!
//! The rule lives in `driver-cpp/cache_dir.rs` (inside that package, so that it ships
//! with its build script), included here and by the build script of driver-cpp (which
//! cannot depend on xtask), so that the copy of libcassandra
//! `cargo xtask cpp-driver` provisions is the one the build finds:
//!
//! - the cache root is `$CQLBRIDGE_CACHE_DIR`, else `$XDG_CACHE_HOME/cqlbridge`, else
//!   `$HOME/.cache/cqlbridge` (empty values count as unset); the test bed lives there
//!   (see `db::layout`);
//! - libcassandra is provisioned in `<root>/cpp-driver`, its lib directory linked from
//!   `<root>/cpp-driver/lib` (see `cpp_driver`).
//!
//! The tests pin the rule and check that the build script still includes it.

// The shared rule names `std::path` in full, as it must where nothing is imported; this
// module imports nothing from it for the same reason.
include!("../../driver-cpp/cache_dir.rs");

/// The cache root from the process environment (see the module docs).
pub(crate) fn root() -> Result<std::path::PathBuf, String> {
    cache_root_from(std::env::var_os).ok_or_else(|| {
        format!(
            "cannot find a cache directory: set {} (or {})",
            CACHE_VARS[2], CACHE_VARS[0]
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::ffi::OsString;
    use std::path::{Path, PathBuf};

    /// The rule applied to the variables `set` (name, value) and nothing else.
    fn root_with(set: &[(&str, &str)]) -> Option<PathBuf> {
        let vars: HashMap<&str, OsString> = set
            .iter()
            .map(|(name, value)| (*name, value.into()))
            .collect();
        cache_root_from(|name| vars.get(name).cloned())
    }

    #[test]
    fn the_rule_for_given_variables() {
        let home = [("HOME", "/home/u")];
        let xdg = [("HOME", "/home/u"), ("XDG_CACHE_HOME", "/xdg")];
        let own = [
            ("HOME", "/home/u"),
            ("XDG_CACHE_HOME", "/xdg"),
            ("CQLBRIDGE_CACHE_DIR", "/own"),
        ];
        let empty = [
            ("HOME", "/home/u"),
            ("XDG_CACHE_HOME", ""),
            ("CQLBRIDGE_CACHE_DIR", ""),
        ];
        for (set, root) in [
            (&home[..], "/home/u/.cache/cqlbridge"),
            (&xdg[..], "/xdg/cqlbridge"),
            (&own[..], "/own"),
            (&empty[..], "/home/u/.cache/cqlbridge"),
        ] {
            assert_eq!(root_with(set), Some(PathBuf::from(root)), "{set:?}");
        }
        assert_eq!(root_with(&[]), None);
        assert_eq!(root_with(&[("HOME", "")]), None);
    }

    #[test]
    fn the_cpp_driver_paths_under_the_root() {
        let root = root_with(&[("XDG_CACHE_HOME", "/xdg")]).unwrap();
        assert_eq!(
            cpp_driver_dir(&root),
            Path::new("/xdg/cqlbridge/cpp-driver")
        );
        assert_eq!(
            cpp_driver_lib_link(&root),
            Path::new("/xdg/cqlbridge/cpp-driver/lib")
        );
    }

    /// `driver-cpp/build.rs` follows the same rule: it includes the same file, reads the same
    /// variables through it, and has no rule of its own.
    #[test]
    fn the_build_script_of_driver_cpp_follows_the_rule() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../driver-cpp/build.rs");
        let build = std::fs::read_to_string(&path).expect("driver-cpp/build.rs is readable");
        for needle in [
            "include!(\"cache_dir.rs\");",
            "cache_root_from(",
            "cpp_driver_lib_link(",
            "CACHE_VARS",
            "CPP_DRIVER_MARKER",
        ] {
            assert!(build.contains(needle), "build.rs lacks `{needle}`");
        }
        for own_rule in ["\"XDG_CACHE_HOME\"", "\".cache\"", "\"cpp-driver\""] {
            assert!(
                !build.contains(own_rule),
                "build.rs spells {own_rule} itself: it must use the shared rule"
            );
        }
    }
}
