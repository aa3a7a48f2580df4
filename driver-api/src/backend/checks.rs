//! The checks a call needs whatever the backend: made here once, by
//! [`Session`](crate::Session) before it calls the backend, and by a
//! backend for what only it can check (whose statement a handle is); and
//! the error of one statement of a batch ([`in_batch`]).

use crate::batch::Batch;
use crate::error::{Error, Result};
use crate::statement::Prepared;

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
