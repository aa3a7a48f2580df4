//! M01–M02: options and errors through the session (and the bridge),
//! observed in the fake's call log.

use cqlbridge::mock::{FakeDriver, Op};
use cqlbridge::{ColumnSpec, ColumnType, ExecOptions, TimeoutOp};

use super::bridge::pat;
use super::{config, over};
use crate::cases::prelude::*;

/// M01: session defaults, statement, prepared and batch options and the
/// bound values reach the driver, merged field by field.
pub async fn m01_options(ctx: &Ctx) -> CaseResult {
    let fake = FakeDriver::new();
    let c = over(ctx.mode, &fake, &config()).await?;
    let defaults = config().default_options();

    c.execute(q("INSERT A"), vals((1i32, "a")))
        .await
        .ctx("plain insert")?;
    let own = Statement::new("INSERT B")
        .with_consistency(Consistency::All)
        .with_serial_consistency(SerialConsistency::Serial)
        .with_timeout(Duration::from_secs(3))
        .with_page_size(PageSize::Rows(10))
        .with_timestamp(42)
        .with_idempotent(true);
    c.execute(own.into(), Values::Empty)
        .await
        .ctx("insert with own options")?;
    let p = c.prepare("INSERT C").await.ctx("prepare")?;
    c.execute(p.with_consistency(Consistency::Two).into(), vals((7i64,)))
        .await
        .ctx("prepared")?;
    let b = Batch::new(BatchKind::Unlogged)
        .add(Statement::new("INSERT D"), (1i32,))
        .with_consistency(Consistency::Quorum)
        .with_timeout(Duration::from_secs(2))
        .with_timestamp(99);
    c.batch(&b).await.ctx("batch")?;
    fake.when(pat("SELECT E")).returns_paged(
        vec![ColumnSpec::new("x", ColumnType::Int)],
        (0..5).map(|i| vec![Value::Int(i)]).collect(),
    );
    let state = PagingState::from_bytes(vec![0u8, 0, 0, 2]).ctx("state")?;
    let _ = c
        .page(q("SELECT E"), Values::Empty, Some(state.clone()))
        .await;

    let calls = fake.calls();
    let find = |op: Op, cql: &str| calls.iter().find(|c| c.op == op && c.cql == cql).cloned();
    let a = find(Op::Execute, "INSERT A").ok_or_else(|| fail("INSERT A not logged"))?;
    ensure!(
        a.options == defaults,
        "defaults: driver got {:?}, expected {defaults:?}",
        a.options
    );
    ensure!(
        a.values == vals((1i32, "a")),
        "values: driver got {:?}",
        a.values
    );
    let b_ = find(Op::Execute, "INSERT B").ok_or_else(|| fail("INSERT B not logged"))?;
    let want = ExecOptions::new()
        .consistency(Consistency::All)
        .serial_consistency(SerialConsistency::Serial)
        .timeout(Duration::from_secs(3))
        .page_size(PageSize::Rows(10))
        .timestamp(42)
        .idempotent(true);
    ensure!(
        b_.options == want,
        "own options: driver got {:?}, expected {want:?}",
        b_.options
    );
    let pc = find(Op::ExecutePrepared, "INSERT C")
        .ok_or_else(|| fail("prepared INSERT C not logged"))?;
    ensure!(
        pc.options
            == ExecOptions {
                consistency: Some(Consistency::Two),
                ..defaults.clone()
            },
        "prepared: driver got {:?}",
        pc.options
    );
    let bc = find(Op::Batch, "BATCH").ok_or_else(|| fail("batch not logged"))?;
    let want_b = ExecOptions {
        consistency: Some(Consistency::Quorum),
        timeout: Some(Duration::from_secs(2)),
        timestamp: Some(99),
        ..defaults.clone()
    };
    ensure!(
        bc.options == want_b,
        "batch: driver got {:?}, expected {want_b:?}",
        bc.options
    );
    ensure!(
        bc.batch == Some(vec![("INSERT D".to_string(), vals((1i32,)))]),
        "batch items: {:?}",
        bc.batch
    );
    let e = find(Op::Execute, "SELECT E").ok_or_else(|| fail("page call not logged"))?;
    ensure!(
        e.options.paging_state == Some(state),
        "page: driver got paging state {:?}",
        e.options.paging_state
    );
    Ok("session defaults, statement, prepared, batch and paging-state options and bound values reach the driver merged field by field".into())
}

/// M02: every scripted error kind reaches the caller unchanged.
pub async fn m02_errors(ctx: &Ctx) -> CaseResult {
    let kinds = vec![
        ErrorKind::Unavailable {
            consistency: Consistency::Quorum,
            required: 2,
            alive: 1,
        },
        ErrorKind::ServerTimeout {
            op: TimeoutOp::Write,
            consistency: Consistency::LocalQuorum,
            received: 1,
            required: 2,
        },
        ErrorKind::Syntax,
        ErrorKind::Invalid,
        ErrorKind::AlreadyExists {
            keyspace: "ks".into(),
            table: "t".into(),
        },
        ErrorKind::Unauthorized,
        ErrorKind::Overloaded,
        ErrorKind::Auth,
        ErrorKind::Connection,
        ErrorKind::Server,
        ErrorKind::Protocol,
        ErrorKind::Type,
    ];
    let fake = FakeDriver::new();
    for (i, k) in kinds.iter().enumerate() {
        fake.when(pat(&format!("Q{i}")))
            .fails(k.clone(), &format!("scripted error number {i}"));
    }
    let c = over(ctx.mode, &fake, &config()).await?;
    for (i, k) in kinds.iter().enumerate() {
        let e = expect_err(
            c.execute(q(format!("Q{i}")), Values::Empty).await,
            &format!("Q{i}"),
        )?;
        ensure!(e.kind() == k, "Q{i}: got {:?}, scripted {k:?}", e.kind());
        ensure!(
            e.to_string()
                .contains(&format!("scripted error number {i}")),
            "Q{i}: message lost: {e}"
        );
    }
    Ok(format!(
        "{} error kinds with their details and messages passed through unchanged",
        kinds.len()
    ))
}
