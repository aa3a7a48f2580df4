//! C43 injected faults (issue 15): through the frame proxy, the requests of
//! one statement are answered with a forged reply — Overloaded,
//! IsBootstrapping, ServerError, Unavailable, ReadTimeout, WriteTimeout —
//! or their connection is dropped in flight. For a read marked idempotent
//! and a write marked not idempotent (ReadTimeout only on the read,
//! WriteTimeout only on the write), each fault gives the caller a typed
//! error of the fault's kind (never `Other`), the proxy sees a bounded
//! number of attempts (at most 3; exactly 1 for the non-idempotent write,
//! which no policy may retry), and the session serves the next request
//! within 30 s. The detail gives each backend's attempts per fault: the
//! backends' own default retry policies.

use super::eventually::Deadline;
use super::prelude::*;
use crate::support::proxy::fault::Fault;

/// How long the session may take to serve again after a fault (a dropped
/// connection is re-opened in the background).
const RECOVERY: Duration = Duration::from_secs(30);
/// The most attempts a backend may make at one faulted request.
const MAX_ATTEMPTS: usize = 3;

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
        // Not one of the faults this case injects (see C42).
        Fault::Rewrite { .. } => false,
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
    let c = ctx
        .connect(&ctx.via(&proxy).request_timeout(Duration::from_secs(10)))
        .await
        .ctx("connect through the proxy")?;
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
            let marker = format!("fault_{}_{idempotent}", fault.name().replace(' ', "_"));
            let cql = match idempotent {
                true => format!("SELECT v FROM {t} WHERE k = 0 /* {marker} */"),
                false => format!("INSERT INTO {t} (k, v) VALUES (1, 1) /* {marker} */"),
            };
            proxy.inject(&marker, fault, 10);
            let what = format!(
                "{} on a {} statement",
                fault.name(),
                match idempotent {
                    true => "idempotent read",
                    false => "non-idempotent write",
                }
            );
            let st = Statement::new(cql).with_idempotent(idempotent);
            let e = expect_err(c.execute(st.into(), Values::Empty).await, &what)?;
            ensure!(expected(fault, e.kind()), "{what}: got {}", show(&e));
            let n = proxy.count(&marker);
            ensure!(
                (1..=MAX_ATTEMPTS).contains(&n),
                "{what}: the proxy saw {n} attempts (1 ..= {MAX_ATTEMPTS})"
            );
            ensure!(idempotent || n == 1, "{what}: retried, {n} attempts");
            attempts.push(n);
            serves_again(&*c, &t, &what).await?;
        }
        seen.push(format!("{} {:?}", fault.name(), attempts));
    }
    Ok(format!(
        "kind as forged, session serves after each; attempts [idempotent read, write]: {}",
        seen.join(", ")
    ))
}
