//! [`MockDriver`] (mockall's mock of [`Driver`](cqlbridge_driver_api::Driver))
//! and [`mock_driver`], a mock with the calls every `Session` makes already
//! expected.

use cqlbridge_driver_api::Capabilities;
pub use cqlbridge_driver_api::MockDriver;

/// The backend name [`mock_driver`] reports; give your `Prepared`s this
/// backend so that `Session` accepts them.
pub const MOCK_BACKEND: &str = "mock";

/// A [`MockDriver`] that already expects, any number of times, the calls a
/// [`Session`](cqlbridge_driver_api::Session) makes on its own:
///
/// * `name()` → `"mock"` ([`MOCK_BACKEND`]; `Session` compares it with a
///   prepared statement's backend),
/// * `is_closed()` → `false` (`Session` asks before every call),
/// * `capabilities()` → every feature supported.
///
/// Add expectations only for the calls your test cares about. Mockall tries
/// expectations in the order they were set, so these presets win over later
/// ones for the same three methods: if you need another name or a closed
/// driver, start from `MockDriver::new()` and set all three yourself.
pub fn mock_driver() -> MockDriver {
    let mut mock = MockDriver::new();
    mock.expect_name().return_const(MOCK_BACKEND);
    mock.expect_is_closed().return_const(false);
    mock.expect_capabilities()
        .returning(|| Capabilities::all(MOCK_BACKEND));
    mock
}
