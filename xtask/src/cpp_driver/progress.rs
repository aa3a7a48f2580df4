//! Progress lines of `cargo xtask cpp-driver`, on standard error (standard output carries the
//! `export` lines).

/// Prints a progress line on standard error.
pub(crate) fn note(message: &str) {
    eprintln!("cpp-driver: {message}");
}
