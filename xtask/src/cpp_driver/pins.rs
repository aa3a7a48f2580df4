//! What the provisioning pins: the acsylla release and its wheel, what the wheel must hold, the
//! Python it needs, the Debian packages, and the time bounds of the programs it runs.

use std::time::Duration;

/// The pinned acsylla release.
pub(crate) const ACSYLLA_VERSION: &str = "1.2.0";
/// The wheel `pip download` fetches for CPython 3.11 on manylinux x86_64.
pub(crate) const WHEEL_FILE: &str =
    "acsylla-1.2.0-cp311-cp311-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl";
/// sha256 of [`WHEEL_FILE`].
pub(crate) const WHEEL_SHA256: &str =
    "361c55c5344c14b70d491f6416aab2434f2c1abed5c0425f876edb44d35e3396";
/// Size of [`WHEEL_FILE`] in bytes.
pub(crate) const WHEEL_SIZE: u64 = 7_015_668;
/// The extension module, inside the wheel, that embeds the C++ driver.
pub(crate) const EXTENSION: &str = "acsylla/_cython/cyacsylla.cpython-311-x86_64-linux-gnu.so";
/// The wheel's directory of bundled libraries (its OpenSSL 1.1).
pub(crate) const BUNDLED_LIBS: &str = "acsylla.libs";
/// The run path given to the patched copy: its own directory.
pub(crate) const LIB_RPATH: &str = "$ORIGIN";
/// The number of `cass_*` functions the extension exports (the driver's whole C API).
pub(crate) const CASS_FUNCTIONS: usize = 645;
/// The Python the extension was built for.
pub(crate) const PYTHON_VERSION: &str = "3.11";
/// Debian packages needed: what `cassandra-cpp-sys` links, plus the tools used here.
pub(crate) const APT_PACKAGES: &[&str] =
    &["libuv1-dev", "libssl-dev", "binutils", "unzip", "patchelf"];

/// Limit for `apt-get` and `pip` runs.
pub(crate) const SLOW: Duration = Duration::from_secs(600);
/// Limit for quick local tools (`nm`, `readelf`, `sha256sum`, ...).
pub(crate) const QUICK: Duration = Duration::from_secs(120);
/// Limit for building and running the smoke example.
pub(crate) const SMOKE: Duration = Duration::from_secs(1200);
