//! M01–M04: options, errors, timeouts and paging through the session (and
//! the bridge), observed in the fake's call log.

use cqlbridge::mock::{CqlPattern, FakeDriver, Op};
use cqlbridge::{ColumnSpec, ColumnType, ExecOptions, TimeoutOp};

use super::{config, over};
use crate::cases::prelude::*;

fn pat(s: &str) -> CqlPattern {
    CqlPattern::exact(s).expect("valid pattern")
}

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

/// M03: timeouts, their bound, and overrides in both directions.
pub async fn m03_timeout(ctx: &Ctx) -> CaseResult {
    let fake = FakeDriver::new();
    fake.when(pat("SLOW"))
        .delay(Duration::from_secs(2))
        .returns(QueryResult::Void);
    fake.when(pat("MEDIUM"))
        .delay(Duration::from_millis(600))
        .returns(QueryResult::Void);
    let short = Duration::from_millis(300);
    let within = |t0: Instant, what: &str| -> Step {
        let took = t0.elapsed();
        ensure!(
            took <= short + Duration::from_millis(250),
            "{what}: Timeout after {} ms",
            ms(took)
        );
        ensure!(
            took + Duration::from_millis(20) >= short,
            "{what}: Timeout after only {} ms",
            ms(took)
        );
        Ok(())
    };
    let long = over(
        ctx.mode,
        &fake,
        &config().request_timeout(Duration::from_secs(10)),
    )
    .await?;
    let t0 = Instant::now();
    let e = expect_err(
        long.execute(
            Statement::new("SLOW").with_timeout(short).into(),
            Values::Empty,
        )
        .await,
        "300 ms over 10 s",
    )?;
    ensure!(
        e.is_timeout(),
        "300 ms statement: expected Timeout, got {}",
        show(&e)
    );
    within(t0, "300 ms statement")?;
    long.execute(q("FAST"), Values::Empty)
        .await
        .ctx("the session after a timeout")?;

    let shortc = over(ctx.mode, &fake, &config().request_timeout(short)).await?;
    let t0 = Instant::now();
    let e = expect_err(
        shortc.execute(q("SLOW"), Values::Empty).await,
        "300 ms default",
    )?;
    ensure!(
        e.is_timeout(),
        "300 ms default: expected Timeout, got {}",
        show(&e)
    );
    within(t0, "300 ms default")?;
    let t0 = Instant::now();
    shortc
        .execute(
            Statement::new("MEDIUM")
                .with_timeout(Duration::from_secs(3))
                .into(),
            Values::Empty,
        )
        .await
        .ctx("3 s over a 300 ms default")?;
    ensure!(
        t0.elapsed() >= Duration::from_millis(600),
        "the 600 ms reply came early"
    );
    let _ = long.close().await;
    let _ = shortc.close().await;
    Ok("Timeout within timeout + 250 ms via statement and via session default; 3 s statement overrides a 300 ms default; usable after".into())
}

/// M04: paging through the session (and the bridge), resume from bytes in a
/// fresh session, and a lazy stream (calls counted in the fake's log).
pub async fn m04_paging(ctx: &Ctx) -> CaseResult {
    let fake = FakeDriver::new();
    fake.when(pat("SELECT ALL")).returns_paged(
        vec![ColumnSpec::new("c", ColumnType::Int)],
        (0..1000).map(|i| vec![Value::Int(i)]).collect(),
    );
    let c = over(ctx.mode, &fake, &config().page_size(PageSize::Rows(100))).await?;
    let p1 = c
        .page(q("SELECT ALL"), Values::Empty, None)
        .await
        .ctx("page 1")?;
    ensure!(
        p1.rows.len() == 100 && p1.paging_state.is_some(),
        "page 1: {} rows, state {:?}",
        p1.rows.len(),
        p1.paging_state
    );
    let saved = p1
        .paging_state
        .clone()
        .map(|s| s.to_bytes().to_vec())
        .unwrap_or_default();
    let fresh = over(ctx.mode, &fake, &config().page_size(PageSize::Rows(100))).await?;
    let p2 = fresh
        .page(
            q("SELECT ALL"),
            Values::Empty,
            Some(PagingState::from_bytes(saved).ctx("restore")?),
        )
        .await
        .ctx("page 2")?;
    ensure!(
        p2.rows.first().map(|r| r.get::<i32>(0)).transpose()? == Some(100),
        "resumed page starts at {:?}",
        p2.rows.first()
    );

    fake.clear_calls();
    let mut cur = c.stream(q("SELECT ALL"), Values::Empty).await;
    let mut k = 0usize;
    while let Some(r) = cur.next_row().await {
        ensure!(r?.get::<i32>(0)? == k as i32, "row {k} out of order");
        k += 1;
        let calls = fake.call_count();
        ensure!(
            calls <= k / 100 + 1,
            "after {k} rows the stream made {calls} page calls: more than one page ahead"
        );
    }
    ensure!(k == 1000, "the stream yielded {k} rows");
    Ok(format!("pages of 100, resume from bytes in a fresh session, stream of 1000 rows in {} lazy page calls", fake.call_count()))
}
