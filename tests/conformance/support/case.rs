//! [`Case`]: one case of the suite, as the runner and the `CASES.md` check
//! see it (the cases themselves live in `cases/`).

use std::time::Duration;

use futures::future::LocalBoxFuture;

use super::check::CaseResult;
use super::client::Mode;
use super::ctx::Ctx;

/// The future a case returns.
pub type CaseFuture<'a> = LocalBoxFuture<'a, CaseResult>;

/// One case of the suite.
pub struct Case {
    /// Id, e.g. `C04`.
    pub id: &'static str,
    /// What it checks, in a few words.
    pub title: &'static str,
    /// The overall bound: past it the case fails.
    pub limit: Duration,
    /// The modes it runs in.
    pub modes: &'static [Mode],
    /// The case.
    pub run: for<'a> fn(&'a Ctx) -> CaseFuture<'a>,
}
