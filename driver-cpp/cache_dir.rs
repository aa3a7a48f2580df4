// The one rule for where cqlbridge caches things, and where `cargo xtask cpp-driver` puts
// libcassandra under it. Included with `include!` by two crates that cannot depend on each
// other: xtask (`xtask/src/cache.rs`, which holds the tests) and the build script of
// driver-cpp (`driver-cpp/build.rs`, which finds the provisioned copy by default). Items only,
// no inner attributes or `//!` docs (`include!` does not allow them), no imports (the two
// includers import what they like), and every item used by both.

/// The environment variables the rule reads, in order: the first set and not empty wins.
///
/// - `CQLBRIDGE_CACHE_DIR`: the cache root itself;
/// - `XDG_CACHE_HOME`: the root is `$XDG_CACHE_HOME/cqlbridge`;
/// - `HOME`: the root is `$HOME/.cache/cqlbridge`.
pub(crate) const CACHE_VARS: [&str; 3] = ["CQLBRIDGE_CACHE_DIR", "XDG_CACHE_HOME", "HOME"];

/// The marker file `cargo xtask cpp-driver` writes into the lib directory it lays out; its
/// presence tells `driver-cpp/build.rs` that the directory is the provisioned copy.
pub(crate) const CPP_DRIVER_MARKER: &str = "cqlbridge-cpp-driver.txt";

/// The cqlbridge cache root, from `var` (the value of one of [`CACHE_VARS`], `None` when
/// unset): see [`CACHE_VARS`]; `None` when none of them is set. A pure function of `var`.
pub(crate) fn cache_root_from(
    var: impl Fn(&'static str) -> Option<std::ffi::OsString>,
) -> Option<std::path::PathBuf> {
    let [own, xdg, home] = CACHE_VARS.map(|name| var(name).filter(|value| !value.is_empty()));
    if let Some(own) = own {
        return Some(std::path::PathBuf::from(own));
    }
    let cache = match xdg {
        Some(xdg) => std::path::PathBuf::from(xdg),
        None => std::path::PathBuf::from(home?).join(".cache"),
    };
    Some(cache.join("cqlbridge"))
}

/// The directory `cargo xtask cpp-driver` caches into, under the cache `root`.
pub(crate) fn cpp_driver_dir(root: &std::path::Path) -> std::path::PathBuf {
    root.join("cpp-driver")
}

/// The link, under the cache `root`, to the lib directory `cargo xtask cpp-driver` laid out
/// last: the stable path `driver-cpp/build.rs` looks at by default.
pub(crate) fn cpp_driver_lib_link(root: &std::path::Path) -> std::path::PathBuf {
    cpp_driver_dir(root).join("lib")
}
