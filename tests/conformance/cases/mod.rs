//! The cases of `CONFORMANCE.md`, one file per area, and the mock-only list.
//!
//! A case is `async fn(&Ctx) -> CaseResult`, written once and run in every
//! mode listed for it. Ids with a suffix (`C10.vector`) split off the part of
//! a case that one `Capabilities` feature governs, so a backend without it
//! is `unsupported` for that part only.

use crate::support::client::Mode;
use crate::support::ctx::Ctx;

mod c01_config;
mod c01_connect;
mod c02_auth;
mod c03_tls;
mod c04_consistency;
mod c05_serial;
mod c06_timeout;
mod c07_paging;
mod c08_resume;
mod c09_stream;
mod c10_more_values;
mod c10_types;
mod c10_values;
mod c11_prepared;
mod c12_batch;
mod c13_lwt;
mod c14_results;
mod c15_errors;
mod c16_close;
mod c17_concurrency;
mod c18_ttl;
mod c19_collections;
mod c20_static;
mod c21_conditional;
mod c22_modifiers;
mod c23_udt;
mod c24_batch_failure;
mod c25_idempotent_schema;
mod c26_per_partition_limit;
mod c27_token_range;
mod c28_projection;
mod c29_indexes;
mod c30_materialized_view;
mod c31_vector_ann;
mod c32_schema;
mod c33_profiles;
mod c34_spans;
mod c35_metrics;
mod c36_thousand;
mod c37_observers;
mod c40_server_tracing;
mod c41_derive;
mod c42_limits;
mod c43_faults;
mod c44_speculative;
mod c45_balancing;
mod c46_reconnect;
mod c47_decode;
mod eventually;
#[cfg(feature = "mock")]
mod mock;
mod prelude;
mod telemetry;

pub use crate::support::case::{Case, CaseFuture};

/// Builds a [`Case`] from an `async fn(&Ctx) -> CaseResult`.
macro_rules! case {
    ($id:literal, $title:literal, $f:path) => {
        case!($id, $title, $f, 60, &Mode::BOTH)
    };
    ($id:literal, $title:literal, $f:path, $secs:literal) => {
        case!($id, $title, $f, $secs, &Mode::BOTH)
    };
    ($id:literal, $title:literal, $f:path, $secs:literal, $modes:expr) => {{
        fn run(ctx: &Ctx) -> CaseFuture<'_> {
            Box::pin($f(ctx))
        }
        Case {
            id: $id,
            title: $title,
            limit: std::time::Duration::from_secs($secs),
            modes: $modes,
            run,
        }
    }};
}
#[cfg(feature = "mock")]
pub(crate) use case;

/// The cases that need a real server, in id order.
pub fn real_cases() -> Vec<Case> {
    vec![
        case!("C01", "connect", c01_connect::c01),
        case!(
            "C01.unreachable",
            "connect: nothing listens",
            c01_config::c01_unreachable
        ),
        case!(
            "C01.keyspace",
            "connect: Config::keyspace",
            c01_config::c01_keyspace
        ),
        case!(
            "C01.local_dc",
            "connect: Config::local_dc",
            c01_config::c01_local_dc
        ),
        case!("C02", "auth", c02_auth::c02),
        case!("C03", "tls", c03_tls::c03),
        case!("C03.identity", "tls peer identity", c03_tls::c03_identity),
        case!("C04", "consistency", c04_consistency::c04),
        case!("C05", "serial consistency", c05_serial::c05),
        case!("C06", "timeout", c06_timeout::c06),
        case!("C07", "paging", c07_paging::c07),
        case!("C08", "paging resume", c08_resume::c08),
        case!("C09", "stream", c09_stream::c09, 120),
        case!("C10", "types", c10_types::c10),
        case!("C10.udt", "types: nested UDT", c10_types::c10_udt),
        case!("C10.duration", "types: duration", c10_types::c10_duration),
        case!(
            "C10.vector",
            "types: vector<float, N>",
            c10_types::c10_vector
        ),
        case!("C11", "prepared", c11_prepared::c11),
        case!("C11.named", "values bound by name", c11_prepared::c11_named),
        case!("C12", "batch", c12_batch::c12),
        case!("C12.counter", "counter batch", c12_batch::c12_counter),
        case!("C12.timeout", "batch timeout", c12_batch::c12_timeout),
        case!("C13", "lwt", c13_lwt::c13),
        case!("C14", "results", c14_results::c14),
        case!(
            "C14.kinds",
            "results: SchemaChange, SetKeyspace",
            c14_results::c14_kinds
        ),
        case!("C15", "errors", c15_errors::c15),
        case!(
            "C15.unauthorized",
            "errors: a role without permissions",
            c15_errors::c15_unauthorized
        ),
        case!("C16", "close", c16_close::c16),
        case!("C17", "concurrency", c17_concurrency::c17, 120),
        case!("C18", "ttl & timestamp", c18_ttl::c18),
        case!("C18.wts", "write-timestamp option", c18_ttl::c18_wts),
        case!("C19", "collection mutations", c19_collections::c19),
        case!("C20", "static column", c20_static::c20),
        case!("C21", "conditional update", c21_conditional::c21),
        case!("C22", "ttl & timestamp modifiers", c22_modifiers::c22),
        case!("C23", "udts in use", c23_udt::c23),
        case!("C24", "batch failure", c24_batch_failure::c24),
        case!(
            "C24.counter",
            "counter batch: repeated and refused",
            c24_batch_failure::c24_counter
        ),
        case!("C25", "schema idempotency", c25_idempotent_schema::c25),
        case!("C26", "per-partition limit", c26_per_partition_limit::c26),
        case!(
            "C26.paged",
            "per-partition limit, paged",
            c26_per_partition_limit::c26_paged
        ),
        case!("C27", "token range", c27_token_range::c27),
        case!("C28", "column projection", c28_projection::c28),
        case!("C29", "secondary indexes", c29_indexes::c29),
        case!("C30", "materialized view", c30_materialized_view::c30, 120),
        case!("C31", "vector ann", c31_vector_ann::c31, 120),
        case!("C32", "schema introspection", c32_schema::c32, 120),
        case!("C33", "execution profiles", c33_profiles::c33),
        case!("C34", "tracing spans", c34_spans::c34),
        case!("C35", "metrics", c35_metrics::c35),
        case!("C36", "1,000 requests in metrics", c36_thousand::c36, 120),
        case!("C37", "request observers", c37_observers::c37),
        case!("C40", "server-side tracing", c40_server_tracing::c40, 120),
        case!("C41", "derive macros", c41_derive::c41),
        case!("C42", "input at the limits", c42_limits::c42, 120),
        case!("C43", "injected faults", c43_faults::c43, 300),
        case!("C44", "speculative execution", c44_speculative::c44),
        case!("C45", "load balancing", c45_balancing::c45, 120),
        case!("C46", "reconnection backoff", c46_reconnect::c46, 120),
        case!("C47", "rows decoded into structs", c47_decode::c47),
    ]
}

/// The cases the mock backend can serve honestly (no server involved).
pub fn mock_cases() -> Vec<Case> {
    #[cfg(feature = "mock")]
    {
        mock::cases()
    }
    #[cfg(not(feature = "mock"))]
    {
        Vec::new()
    }
}
