//! The property tests' configuration, shared by every crate's fuzz tests
//! (included with `#[path]`): a fixed case count and seed, so CI runs the
//! same inputs every time; `CQLBRIDGE_FUZZ_CASES` and `CQLBRIDGE_FUZZ_SEED`
//! set them for a longer run.

use proptest::test_runner::{Config, RngSeed};

/// `cases` cases from seed `0x5eed`, unless the environment says otherwise.
pub(crate) fn fuzz_config(cases: u32) -> Config {
    fn var<T: std::str::FromStr>(name: &str) -> Option<T> {
        std::env::var(name).ok()?.parse().ok()
    }
    Config {
        cases: var("CQLBRIDGE_FUZZ_CASES").unwrap_or(cases),
        rng_seed: RngSeed::Fixed(var("CQLBRIDGE_FUZZ_SEED").unwrap_or(0x5eed)),
        ..Config::default()
    }
}
