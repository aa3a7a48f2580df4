//! Execution options: every one is set explicitly on every statement and batch, from the
//! [`ResolvedOptions`] the kit made of the request's options over the [`Config`]'s
//! defaults — never from libcassandra's own (LOCAL_ONE, 12 s, unpaged, client-side
//! timestamps).
//!
//! [`Config`]: cqlbridge_driver_api::Config

use cqlbridge_driver_api::backend::ResolvedOptions;
use cqlbridge_driver_api::{Error, ErrorKind, Result};

use crate::consistency::{serial, to_cass_consistency};
use crate::errors::local;
use crate::ffi::{sys, BatchH, StatementH};
use crate::paging::resume;

fn setter(what: &'static str) -> impl Fn(sys::CassError) -> Error {
    move |code| local(code, ErrorKind::Invalid, &format!("cannot set the {what}"))
}

/// Rows per page as libcassandra takes them: -1 for no paging.
pub(crate) fn page_size(r: &ResolvedOptions) -> i32 {
    r.page_rows().unwrap_or(-1)
}

/// Sets every option on a statement.
pub(crate) fn apply_to_statement(s: &mut StatementH, r: &ResolvedOptions) -> Result<()> {
    s.set_consistency(to_cass_consistency(r.consistency)?)
        .map_err(setter("consistency"))?;
    s.set_serial_consistency(serial(r.serial_consistency))
        .map_err(setter("serial consistency"))?;
    s.set_request_timeout(r.timeout_millis())
        .map_err(setter("request timeout"))?;
    s.set_paging_size(page_size(r))
        .map_err(setter("page size"))?;
    if let Some(state) = &r.paging_state {
        resume(s, state)?;
    }
    s.set_idempotent(r.idempotent)
        .map_err(setter("idempotence"))?;
    if let Some(ts) = r.timestamp {
        s.set_timestamp(ts).map_err(setter("write timestamp"))?;
    }
    if r.tracing {
        s.set_tracing(true).map_err(setter("tracing"))?;
    }
    Ok(())
}

/// Sets every option that applies to a batch (batches are not paged).
pub(crate) fn apply_to_batch(b: &mut BatchH, r: &ResolvedOptions) -> Result<()> {
    b.set_consistency(to_cass_consistency(r.consistency)?)
        .map_err(setter("consistency"))?;
    b.set_serial_consistency(serial(r.serial_consistency))
        .map_err(setter("serial consistency"))?;
    b.set_request_timeout(r.timeout_millis())
        .map_err(setter("request timeout"))?;
    b.set_idempotent(r.idempotent)
        .map_err(setter("idempotence"))?;
    if let Some(ts) = r.timestamp {
        b.set_timestamp(ts).map_err(setter("write timestamp"))?;
    }
    if r.tracing {
        b.set_tracing(true).map_err(setter("tracing"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqlbridge_driver_api::{Config, ExecOptions, PageSize};

    #[test]
    fn unpaged_is_minus_one_for_libcassandra() {
        let defaults = ResolvedOptions::from_config(&Config::default()).unwrap();
        assert_eq!(page_size(&defaults), 5000);
        let unpaged = defaults
            .with(&ExecOptions::new().page_size(PageSize::Unpaged))
            .unwrap();
        assert_eq!(page_size(&unpaged), -1);
    }
}
