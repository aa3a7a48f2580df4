//! `returns_paged` through `Session::page`, `Session::stream` and a resume
//! from saved paging-state bytes.

use std::sync::Arc;

use cqlbridge_driver_api::{
    ColumnSpec, ColumnType, Config, PageSize, PagingState, Session, Statement, Value,
};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver, Op};
use futures::TryStreamExt;

const CQL: &str = "SELECT k, v FROM ks.big";

fn rows() -> Vec<Vec<Value>> {
    (0..1000)
        .map(|i| vec![Value::Int(i), Value::Text(format!("v{i}"))])
        .collect()
}

fn fake() -> FakeDriver {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::exact(CQL).unwrap()).returns_paged(
        vec![
            ColumnSpec::new("k", ColumnType::Int),
            ColumnSpec::new("v", ColumnType::Text),
        ],
        rows(),
    );
    fake
}

fn session(fake: &FakeDriver) -> Session {
    let config = Config::default().page_size(PageSize::Rows(100));
    Session::with_config(Arc::new(fake.clone()), &config)
}

#[tokio::test]
async fn page_walks_ten_pages_of_at_most_100_rows() {
    let fake = fake();
    let session = session(&fake);
    let mut state = None;
    let mut all = Vec::new();
    let mut pages = 0;
    loop {
        let page = session.page(CQL, (), state.take()).await.unwrap();
        pages += 1;
        assert!(page.rows.len() <= 100);
        all.extend(page.rows.into_iter().map(|r| r.into_values()));
        match page.paging_state {
            Some(s) => state = Some(s),
            None => break,
        }
        assert!(pages < 20, "paging does not end");
    }
    assert_eq!(pages, 10);
    assert_eq!(all, rows());
    let calls = fake.calls();
    assert_eq!(calls.len(), 10);
    assert!(calls[0].options.paging_state.is_none());
    assert!(calls[1..].iter().all(|c| c.options.paging_state.is_some()));
    assert!(calls
        .iter()
        .all(|c| c.options.page_size == Some(PageSize::Rows(100))));
}

#[tokio::test]
async fn every_page_but_the_last_carries_a_state() {
    let fake = fake();
    let session = session(&fake);
    let first = session.page(CQL, (), None).await.unwrap();
    assert_eq!(first.rows.len(), 100);
    assert!(first.has_more());
    // The statement's own page size wins over the session's.
    let big = Statement::new(CQL).with_page_size(PageSize::Rows(999));
    let page = session.page(big.clone(), (), None).await.unwrap();
    assert_eq!(page.rows.len(), 999);
    let last = session.page(big, (), page.paging_state).await.unwrap();
    assert_eq!(last.rows.len(), 1);
    assert!(!last.has_more());
    let unpaged = Statement::new(CQL).with_page_size(PageSize::Unpaged);
    let all = session.page(unpaged, (), None).await.unwrap();
    assert_eq!(all.rows.len(), 1000);
    assert!(all.paging_state.is_none());
}

#[tokio::test]
async fn stream_yields_every_row_in_order_fetching_ten_pages() {
    let fake = fake();
    let session = session(&fake);
    let got: Vec<Vec<Value>> = session
        .stream(CQL, ())
        .map_ok(|r| r.into_values())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(got, rows());
    assert_eq!(fake.call_count(), 10);
    assert!(fake.calls().iter().all(|c| c.op == Op::Execute));
}

#[tokio::test]
async fn stream_over_a_prepared_statement_pages_too() {
    let fake = fake();
    let session = session(&fake);
    let p = session.prepare(CQL).await.unwrap();
    let n = session
        .stream(&p, ())
        .try_fold(0usize, |n, _| async move { Ok(n + 1) })
        .await
        .unwrap();
    assert_eq!(n, 1000);
    assert_eq!(
        fake.calls()
            .iter()
            .filter(|c| c.op == Op::ExecutePrepared)
            .count(),
        10
    );
}

#[tokio::test]
async fn a_saved_state_resumes_in_another_session() {
    let fake_a = fake();
    let first = session(&fake_a).page(CQL, (), None).await.unwrap();
    let saved: Vec<u8> = first.paging_state.unwrap().to_bytes().to_vec();

    // Another session over another fake with the same rule, as another process would.
    let fake_b = fake();
    let session_b = session(&fake_b);
    let state = PagingState::from_bytes(saved).unwrap();
    let second = session_b.page(CQL, (), Some(state)).await.unwrap();
    let keys: Vec<i32> = second
        .rows
        .iter()
        .map(|r| r.get::<i32>("k").unwrap())
        .collect();
    assert_eq!(keys, (100..200).collect::<Vec<_>>());
    assert!(second.has_more());
}

#[tokio::test]
async fn a_state_from_another_query_is_invalid() {
    let fake = fake();
    fake.when(CqlPattern::exact("SELECT other").unwrap())
        .returns_paged(
            vec![ColumnSpec::new("k", ColumnType::Int)],
            (0..300).map(|i| vec![Value::Int(i)]).collect(),
        );
    let session = session(&fake);
    let other = session.page("SELECT other", (), None).await.unwrap();
    let err = session.page(CQL, (), other.paging_state).await.unwrap_err();
    assert!(err.is_invalid(), "{err}");
    let junk = PagingState::from_bytes(vec![9u8; 4]).unwrap();
    assert!(session
        .page(CQL, (), Some(junk))
        .await
        .unwrap_err()
        .is_invalid());
}

#[tokio::test]
async fn returns_rows_is_one_page_whatever_the_page_size() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::Any).returns_rows(
        vec![ColumnSpec::new("k", ColumnType::Int)],
        (0..50).map(|i| vec![Value::Int(i)]).collect(),
    );
    let s = Statement::new("SELECT k FROM t").with_page_size(PageSize::Rows(10));
    let page = session(&fake).page(s, (), None).await.unwrap();
    assert_eq!(page.rows.len(), 50);
    assert!(page.paging_state.is_none());
}
