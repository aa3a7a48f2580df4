//! C34 tracing spans: inside a caller's span, a read, a syntax error, a
//! prepare, a prepared write, a batch and a stream of 5 rows in pages of 2
//! each make one span, a child of the caller's (through the bridge thread
//! in sync mode), with the OpenTelemetry database fields: `db.system`,
//! `db.operation`, `db.namespace` (the case keyspace), consistency, page
//! size, idempotence, backend, attempts, rows returned, `error.type`; no
//! statement text unless `Config::trace_statement_text(true)`; bound values
//! never.

use cqlbridge::{Session, SyncSession};
use tracing::Instrument;

use super::prelude::*;
use crate::support::spancap::{self, SpanRec};

/// A bound value no span may show.
const SECRET: i32 = 987_654;

async fn run_async(s: &Session, t: &str) -> cqlbridge::Result<()> {
    s.execute(format!("SELECT c, v FROM {t} WHERE k = 1"), ())
        .await?;
    let _ = s.execute("SELEKT nothing", ()).await;
    let p = s
        .prepare(&format!("INSERT INTO {t} (k, c, v) VALUES (?, ?, ?)"))
        .await?;
    s.execute(&p, (9i32, 9i32, SECRET)).await?;
    s.batch(&Batch::new(BatchKind::Logged).add(&p, (9i32, 8i32, SECRET)))
        .await?;
    let paged =
        Statement::new(format!("SELECT v FROM {t} WHERE k = 1")).with_page_size(PageSize::Rows(2));
    let mut rows = s.stream(paged, ());
    while let Some(r) = futures::StreamExt::next(&mut rows).await {
        r?;
    }
    Ok(())
}

fn run_sync(s: &SyncSession, t: &str) -> cqlbridge::Result<()> {
    s.execute(format!("SELECT c, v FROM {t} WHERE k = 1"), ())?;
    let _ = s.execute("SELEKT nothing", ());
    let p = s.prepare(&format!("INSERT INTO {t} (k, c, v) VALUES (?, ?, ?)"))?;
    s.execute(p.clone(), (9i32, 9i32, SECRET))?;
    s.batch(&Batch::new(BatchKind::Logged).add(&p, (9i32, 8i32, SECRET)))?;
    let paged =
        Statement::new(format!("SELECT v FROM {t} WHERE k = 1")).with_page_size(PageSize::Rows(2));
    for r in s.iter(paged, ()) {
        r?;
    }
    Ok(())
}

/// Runs the requests through `c` inside a fresh root span; the spans below it.
async fn traced(c: &Arc<dyn Client>, t: &str) -> Step<Vec<SpanRec>> {
    spancap::arm();
    let root = tracing::info_span!("c34.caller");
    let Some(root_id) = root.id().map(|i| i.into_u64()) else {
        spancap::disarm();
        return Err(fail(
            "the root span is disabled: the capture is not installed",
        ));
    };
    let outcome = match (c.as_async(), c.as_sync()) {
        (Some(s), _) => run_async(s, t).instrument(root.clone()).await,
        (_, Some(s)) => {
            let (s, t, root) = (s.clone(), t.to_string(), root.clone());
            tokio::task::spawn_blocking(move || root.in_scope(|| run_sync(&s, &t)))
                .await
                .map_err(|e| Error::new(ErrorKind::Other, e.to_string()))
                .and_then(|r| r)
        }
        _ => Ok(()),
    };
    drop(root);
    let all = spancap::disarm();
    outcome.ctx("the traced requests")?;
    Ok(spancap::below(&all, root_id))
}

fn field<'a>(s: &'a SpanRec, name: &str) -> &'a str {
    s.get(name).unwrap_or("<unset>")
}

/// C34.
pub async fn c34(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("t");
    ctx.ddl(&format!(
        "CREATE TABLE {t} (k int, c int, v int, PRIMARY KEY (k, c))"
    ))
    .await?;
    let ins = format!("INSERT INTO {t} (k, c, v) VALUES (?, ?, ?)");
    ctx.fill(&ins, (0..5).map(|c| vals((1i32, c, c)))).await?;
    let c = ctx.client().await?;
    let spans = traced(&c, &t).await?;
    let req: Vec<&SpanRec> = spans
        .iter()
        .filter(|s| s.name.starts_with("cqlbridge."))
        .collect();
    let names: Vec<&str> = req.iter().map(|s| s.name).collect();
    let want = [
        "cqlbridge.execute",
        "cqlbridge.execute",
        "cqlbridge.prepare",
        "cqlbridge.execute",
        "cqlbridge.batch",
        "cqlbridge.page",
        "cqlbridge.page",
        "cqlbridge.page",
    ];
    ensure!(names == want, "request spans below the caller's: {names:?}");
    let backend = ctx.backend.as_str();
    for s in &req {
        ensure!(
            field(s, "db.system") == "cassandra" && field(s, "cqlbridge.backend") == backend,
            "{}: system/backend {:?}",
            s.name,
            s.fields
        );
        ensure!(
            !s.fields.values().any(|v| v.contains(&SECRET.to_string())),
            "a bound value in {}: {:?}",
            s.name,
            s.fields
        );
        ensure!(
            s.get("db.query.text").is_none(),
            "statement text without the flag: {:?}",
            s.fields
        );
        ensure!(
            field(s, "cqlbridge.attempts") == "1",
            "attempts: {:?}",
            s.fields
        );
    }
    let read = req[0];
    let expect = [
        ("db.operation", "SELECT"),
        ("db.namespace", ctx.ks.as_str()),
        ("db.response.returned_rows", "5"),
        ("db.cassandra.idempotence", "false"),
    ];
    for (k, v) in expect {
        ensure!(field(read, k) == v, "the read's {k}: {:?}", read.fields);
    }
    ensure!(
        read.get("db.cassandra.consistency_level").is_some()
            && read.get("db.cassandra.page_size").is_some(),
        "the read's options: {:?}",
        read.fields
    );
    ensure!(
        field(req[1], "error.type") == "syntax",
        "the syntax error's span: {:?}",
        req[1].fields
    );
    ensure!(
        field(req[2], "db.operation") == "prepare" && field(req[4], "db.operation") == "batch",
        "prepare/batch operations: {:?} {:?}",
        req[2].fields,
        req[4].fields
    );
    ensure!(
        field(req[3], "db.operation") == "INSERT",
        "{:?}",
        req[3].fields
    );
    let pages: Vec<&str> = req[5..]
        .iter()
        .map(|s| field(s, "db.response.returned_rows"))
        .collect();
    ensure!(pages == ["2", "2", "1"], "rows per page: {pages:?}");
    ensure!(
        field(req[5], "db.cassandra.page_size") == "2",
        "{:?}",
        req[5].fields
    );

    let texts = ctx
        .connect(&ctx.config().trace_statement_text(true))
        .await
        .ctx("connect with trace_statement_text")?;
    let spans = traced(&texts, &t).await?;
    let read = spans
        .iter()
        .find(|s| s.name == "cqlbridge.execute")
        .ok_or_else(|| fail("no execute span with the text on"))?;
    let want = format!("SELECT c, v FROM {t} WHERE k = 1");
    ensure!(
        read.get("db.query.text") == Some(want.as_str()),
        "db.query.text with the flag: {:?}",
        read.fields
    );
    ensure!(
        !spans
            .iter()
            .any(|s| s.fields.values().any(|v| v.contains(&SECRET.to_string()))),
        "a bound value with the text on"
    );
    let _ = texts.close().await;
    Ok(format!(
        "8 request spans, children of the caller's ({}), OTel fields, text only when enabled",
        ctx.mode
    ))
}
