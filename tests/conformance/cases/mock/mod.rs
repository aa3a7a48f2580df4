//! Cases for the mock backend (`FakeDriver`, no server). They prove only what
//! a fake can prove — options reach the driver, error kinds pass through
//! unchanged, the session and the sync bridge behave — and are listed as
//! `M..` so they are never mistaken for evidence about a real backend.

mod bridge;
mod guards;
mod options;
mod paging;
mod profiles;
mod telemetry;

use std::sync::Arc;

use cqlbridge::mock::FakeDriver;
use cqlbridge::{Config, Session, SyncSession};

use super::{case, Case, CaseFuture};
use crate::support::check::{fail, Step};
use crate::support::client::{AsyncClient, Client, Mode};
use crate::support::ctx::Ctx;
use crate::support::sync_client::SyncClient;

const SYNC: &[Mode] = &[Mode::Sync];

/// The mock cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!("M01", "options reach the driver", options::m01_options),
        case!("M02", "error kinds pass through", options::m02_errors),
        case!("M03", "timeouts and overrides", paging::m03_timeout),
        case!("M04", "paging, resume, lazy stream", paging::m04_paging),
        case!("M05", "close", bridge::m05_close),
        case!("M06", "concurrency", bridge::m06_concurrency),
        case!(
            "M07",
            "sync call inside a Tokio runtime",
            guards::m07_in_runtime,
            60,
            SYNC
        ),
        case!(
            "M08",
            "sync call from the bridge thread",
            guards::m08_on_bridge,
            60,
            SYNC
        ),
        case!(
            "M09",
            "failed connect leaves no thread",
            guards::m09_failed_connect,
            60,
            SYNC
        ),
        case!(
            "M10",
            "drop with a call in flight is bounded",
            guards::m10_drop,
            60,
            SYNC
        ),
        case!(
            "M11",
            "a panicking driver call is an error",
            guards::m11_panic,
            60,
            SYNC
        ),
        case!("M12", "execution profiles", profiles::m12_profiles),
        case!("M13", "telemetry on the fake", telemetry::m13_telemetry),
    ]
}

/// A client of `mode` over `fake` with `config`'s defaults.
pub async fn over(mode: Mode, fake: &FakeDriver, config: &Config) -> Step<Arc<dyn Client>> {
    let (fake, config) = (fake.clone(), config.clone());
    match mode {
        Mode::Async => Ok(Arc::new(AsyncClient(Session::with_config(
            Arc::new(fake),
            &config,
        )))),
        Mode::Sync => {
            let s = tokio::task::spawn_blocking(move || {
                SyncSession::new(move || async move {
                    Ok(Session::with_config(Arc::new(fake), &config))
                })
            })
            .await
            .map_err(|e| fail(format!("building the SyncSession panicked: {e}")))?
            .map_err(|e| fail(format!("building the SyncSession: {e}")))?;
            Ok(Arc::new(SyncClient(s)))
        }
    }
}

/// The session defaults the mock cases use: none equals a driver default.
pub fn config() -> Config {
    Config::default()
        .backend(cqlbridge::BackendKind::Mock)
        .consistency(cqlbridge::Consistency::LocalOne)
        .serial_consistency(cqlbridge::SerialConsistency::LocalSerial)
        .request_timeout(std::time::Duration::from_secs(7))
        .page_size(cqlbridge::PageSize::Rows(123))
}

/// Unused by mock cases, kept so every case has the same signature.
fn _ctx_type(_: &Ctx) {}
