//! C43 injected faults (issue 15): through the frame proxy, the requests of
//! one statement are answered with a forged reply — Overloaded,
//! IsBootstrapping, ServerError, Unavailable, ReadTimeout, WriteTimeout —
//! or their connection is dropped in flight, for a read marked idempotent
//! and a write marked not idempotent (ReadTimeout only on the read,
//! WriteTimeout only on the write), under both retry policies of
//! `Config::retry`, which the session applies alike on every backend. Each
//! gives the caller a typed error of the fault's kind (never `Other`) after
//! the attempts the policy makes — `never`: one; `default`: two for a
//! ReadTimeout with enough replicas, an Unavailable, and an Overloaded on
//! the idempotent read (at most two after the others); one for the non-idempotent write — and the session
//! serves the next request within 30 s. The detail lists the attempts.

use super::eventually::Deadline;
use super::prelude::*;
use cqlbridge::RetryPolicy;

use crate::support::proxy::fault::Fault;
use crate::support::proxy::Proxy;

/// How long the session may take to serve again after a fault (a dropped
/// connection is re-opened in the background).
const RECOVERY: Duration = Duration::from_secs(30);
/// The most attempts at one faulted request: the first and one retry.
const MAX_ATTEMPTS: usize = 2;

/// Whether `kind` is what the caller should get for `fault`.
fn expected(fault: Fault, kind: &ErrorKind) -> bool {
    match fault {
        Fault::Overloaded => matches!(kind, ErrorKind::Overloaded),
        // A bootstrapping node is not one to send requests to: with no other
        // node, "no host available" (`Connection`) is as right as the reply.
        Fault::IsBootstrapping => matches!(
            kind,
            ErrorKind::Overloaded | ErrorKind::Server | ErrorKind::Connection
        ),
        Fault::ServerError => matches!(kind, ErrorKind::Server),
        Fault::Unavailable => matches!(
            kind,
            ErrorKind::Unavailable {
                consistency: Consistency::One,
                required: 1,
                alive: 0
            }
        ),
        Fault::ReadTimeout => matches!(
            kind,
            ErrorKind::ServerTimeout {
                op: cqlbridge::TimeoutOp::Read,
                ..
            }
        ),
        Fault::WriteTimeout => matches!(
            kind,
            ErrorKind::ServerTimeout {
                op: cqlbridge::TimeoutOp::Write,
                ..
            }
        ),
        // Whether a write on a dropped connection applied is unknown: the
        // backend says so at once (`Connection`) or at the request's
        // timeout (`Timeout`).
        Fault::DropConnection => matches!(kind, ErrorKind::Connection | ErrorKind::Timeout),
        // Not faults this case injects (see C42, C44).
        Fault::Rewrite { .. } | Fault::Stall(_) => false,
    }
}

/// The attempts the session's policy makes (see `Config::retry`), where
/// the outcome is the policy's alone; `None` where the backend's driver
/// may also act (after a bootstrapping node, a server error or a dropped
/// connection, libcassandra skips the node, and the retry then has no node
/// to go to: the caller gets the first attempt's error).
fn attempts_wanted(policy: RetryPolicy, fault: Fault, idempotent: bool) -> Option<usize> {
    if policy == RetryPolicy::Never {
        return Some(1);
    }
    match fault {
        Fault::IsBootstrapping | Fault::ServerError | Fault::DropConnection => None,
        Fault::ReadTimeout | Fault::Unavailable => Some(2),
        _ if idempotent => Some(2),
        _ => Some(1),
    }
}

/// Until `c` answers a plain read, bounded by [`RECOVERY`].
async fn serves_again(c: &dyn Client, t: &str, after: &str) -> Step {
    let wait = Deadline::new(format!("the session to serve after {after}"), RECOVERY);
    loop {
        match c
            .execute(q(format!("SELECT k FROM {t} WHERE k = 0")), Values::Empty)
            .await
        {
            Ok(_) => return Ok(()),
            Err(e) => wait.retry(show(&e)).await?,
        }
    }
}

/// C43.
pub async fn c43(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("faults");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, v int)"))
        .await?;
    ctx.ddl(&format!("INSERT INTO {t} (k, v) VALUES (0, 0)"))
        .await?;
    let proxy = ctx.proxy().await?;
    let mut seen = Vec::new();
    for policy in [RetryPolicy::Default, RetryPolicy::Never] {
        let config = ctx
            .via(&proxy)
            .request_timeout(Duration::from_secs(10))
            .retry_policy(policy);
        let c = ctx
            .connect(&config)
            .await
            .ctx("connect through the proxy")?;
        seen.push(format!(
            "retry={policy}: {}",
            faults(&*c, &proxy, &t, policy).await?
        ));
    }
    Ok(format!(
        "typed kinds, the session serves after each; attempts [idempotent read, write] {}",
        seen.join("; ")
    ))
}

/// Every fault on `c` with `policy`; the attempts per fault.
async fn faults(c: &dyn Client, proxy: &Proxy, t: &str, policy: RetryPolicy) -> Step<String> {
    let mut seen = Vec::new();
    for fault in Fault::ALL {
        let mut attempts = Vec::new();
        // A server sends ReadTimeout only for reads and WriteTimeout only for
        // writes; every other fault may answer either.
        let statements: &[bool] = match fault {
            Fault::ReadTimeout => &[true],
            Fault::WriteTimeout => &[false],
            _ => &[true, false],
        };
        for &idempotent in statements {
            let name = fault.name().replace(' ', "_");
            let marker = format!("fault_{name}_{idempotent}_{policy}");
            let cql = match idempotent {
                true => format!("SELECT v FROM {t} WHERE k = 0 /* {marker} */"),
                false => format!("INSERT INTO {t} (k, v) VALUES (1, 1) /* {marker} */"),
            };
            proxy.inject(&marker, fault, 10);
            let kind = if idempotent {
                "idempotent read"
            } else {
                "non-idempotent write"
            };
            let what = format!("{} on a {kind}, retry={policy}", fault.name());
            let st = Statement::new(cql).with_idempotent(idempotent);
            let e = expect_err(c.execute(st.into(), Values::Empty).await, &what)?;
            ensure!(expected(fault, e.kind()), "{what}: got {}", show(&e));
            let n = proxy.count(&marker);
            ensure!(
                (1..=MAX_ATTEMPTS).contains(&n),
                "{what}: the proxy saw {n} attempts (1 ..= {MAX_ATTEMPTS})"
            );
            if let Some(want) = attempts_wanted(policy, fault, idempotent) {
                ensure!(n == want, "{what}: {n} attempts, expected {want}");
            }
            attempts.push(n);
            serves_again(c, t, &what).await?;
        }
        seen.push(format!("{} {:?}", fault.name(), attempts));
    }
    Ok(seen.join(", "))
}
