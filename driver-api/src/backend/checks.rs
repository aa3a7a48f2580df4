//! The checks a call needs whatever the backend: made here once, by
//! [`Session`](crate::Session) before it calls the backend, and by a
//! backend for what only it can check (whose statement a handle is); and
//! the error of one statement of a batch ([`in_batch`]).

use crate::batch::Batch;
use crate::capabilities::{Capabilities, Feature};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::statement::Prepared;

/// The policies of `config` that `caps` cannot honour, as an
/// `Unsupported` error before any I/O: a local rack without
/// [`Feature::RackAwareBalancing`], a reconnection backoff without
/// [`Feature::ReconnectBackoff`]. A backend calls it when it connects, so
/// a setting is never silently ignored.
pub fn check_policies(config: &Config, caps: &Capabilities) -> Result<()> {
    if config.load_balancing.local_rack.is_some() {
        caps.check(Feature::RackAwareBalancing)?;
    }
    if config.reconnect.is_some() {
        caps.check(Feature::ReconnectBackoff)?;
    }
    Ok(())
}

/// A batch must hold at least one statement: `Invalid` otherwise.
pub fn check_batch(batch: &Batch) -> Result<()> {
    if batch.is_empty() {
        return Err(Error::invalid("a batch needs at least one statement"));
    }
    Ok(())
}

/// `e`, about the statement at `position` in a batch: the same kind, the
/// message prefixed with the position, `e` kept as the source.
pub fn in_batch(position: usize, e: Error) -> Error {
    let message = format!("batch statement {position}: {}", e.message());
    Error::new(e.kind().clone(), message).with_source(e)
}

/// The backend's own handle inside `prepared`, which `backend` (its
/// [`Driver::name`](crate::Driver::name)) must have prepared: a statement
/// of another backend, or one whose handle is not a `T`, is an `Invalid`
/// error naming both.
#[inline]
pub fn handle<'p, T: std::any::Any + Send + Sync>(
    prepared: &'p Prepared,
    backend: &'static str,
) -> Result<&'p T> {
    if prepared.backend() != backend {
        return Err(Error::foreign_prepared(prepared.backend(), backend));
    }
    prepared.handle::<T>().ok_or_else(|| {
        Error::invalid(format!(
            "this prepared statement holds no handle of the {backend} backend"
        ))
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::batch::BatchKind;

    #[test]
    fn policies_a_backend_cannot_honour_are_unsupported() {
        let caps = Capabilities::all("x")
            .without(Feature::RackAwareBalancing, "no racks")
            .without(Feature::ReconnectBackoff, "fixed");
        let plain = Config::default();
        assert!(check_policies(&plain, &caps).is_ok());
        let rack = Config::default().local_dc("dc1").local_rack("r1");
        assert!(check_policies(&rack, &caps).unwrap_err().is_unsupported());
        let backoff = crate::config::ReconnectPolicy::exponential(
            std::time::Duration::from_millis(10),
            std::time::Duration::from_secs(1),
        );
        let e = check_policies(&plain.reconnect(backoff), &caps).unwrap_err();
        assert!(e.to_string().contains("fixed"), "{e}");
        assert!(check_policies(&rack, &Capabilities::all("y")).is_ok());
    }

    #[test]
    fn an_empty_batch_is_invalid() {
        assert!(check_batch(&Batch::new(BatchKind::Logged))
            .unwrap_err()
            .is_invalid());
        let one = Batch::new(BatchKind::Logged).add("INSERT INTO t (k) VALUES (1)", ());
        assert!(check_batch(&one).is_ok());
    }

    #[test]
    fn batch_errors_name_the_statement_position_and_keep_the_kind() {
        let e = in_batch(2, Error::type_error("bind marker `v`: too big"));
        assert!(e.is_type());
        assert_eq!(e.message(), "batch statement 2: bind marker `v`: too big");
        assert!(std::error::Error::source(&e).is_some());
    }

    #[test]
    fn a_handle_is_only_read_by_its_own_backend() {
        let p = Prepared::new("SELECT 1", "one", vec![], vec![], Arc::new(5u8));
        assert_eq!(*handle::<u8>(&p, "one").unwrap(), 5);
        let foreign = handle::<u8>(&p, "two").unwrap_err();
        assert!(foreign.is_invalid() && foreign.message().contains("one"));
        assert!(handle::<u16>(&p, "one").unwrap_err().is_invalid());
    }
}
