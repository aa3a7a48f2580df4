//! Paging: 1,000 rows in one partition, pages of 100, resumed from saved bytes in
//! another session.

use cqlbridge_driver_api::{PageSize, PagingState, Prepared, Session, Statement};
use futures::{StreamExt, TryStreamExt};

use crate::bed;
use crate::common::{ddl, Keyspace};

async fn fill(session: &Session, ks: &str, n: i32) {
    ddl(
        session,
        &format!("CREATE TABLE {ks}.p (k int, c int, v text, PRIMARY KEY (k, c))"),
    )
    .await;
    let insert: Prepared = session
        .prepare(&format!("INSERT INTO {ks}.p (k, c, v) VALUES (0, ?, ?)"))
        .await
        .unwrap();
    futures::stream::iter(0..n)
        .map(|c| {
            let (session, insert) = (session.clone(), insert.clone());
            async move { session.execute(&insert, (c, format!("row {c}"))).await }
        })
        .buffer_unordered(32)
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
}

fn ids(rows: &[cqlbridge_driver_api::Row]) -> Vec<i32> {
    rows.iter().map(|r| r.get::<i32>("c").unwrap()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_of_100_cover_1000_rows_and_resume_from_bytes_elsewhere() {
    let bed = bed!();
    let session = bed.session().await;
    let ks = Keyspace::create(&session, "paging", 1).await;
    fill(&session, &ks.name, 1000).await;
    let select = Statement::new(format!("SELECT c, v FROM {}.p WHERE k = 0", ks.name))
        .with_page_size(PageSize::rows(100).unwrap());

    let all = session
        .execute(select.clone().with_page_size(PageSize::Unpaged), ())
        .await
        .unwrap();
    assert!(all.page().unwrap().paging_state.is_none());
    let expected = ids(all.rows());
    assert_eq!(expected, (0..1000).collect::<Vec<_>>());

    let (mut seen, mut state, mut pages, mut saved) = (Vec::new(), None, 0, None);
    loop {
        let page = session
            .page(select.clone(), (), state.take())
            .await
            .unwrap();
        assert!(page.rows.len() <= 100, "page of {}", page.rows.len());
        seen.extend(ids(&page.rows));
        pages += 1;
        if pages == 3 {
            saved = page.paging_state.as_ref().map(|s| s.to_bytes().to_vec());
        }
        match page.paging_state {
            Some(s) => state = Some(s),
            None => break,
        }
        assert!(pages < 20, "paging does not end");
    }
    println!("{pages} pages");
    assert_eq!(seen, expected, "pages concatenate to the unpaged read");

    // Resume after page 3 in a brand-new driver and session, from the bytes alone.
    let other = bed.session().await;
    let state = PagingState::from_bytes(saved.expect("a state after page 3")).unwrap();
    let page = other.page(select.clone(), (), Some(state)).await.unwrap();
    assert_eq!(ids(&page.rows), (300..400).collect::<Vec<_>>());
    // Prepared statements page and resume the same way.
    let prepared = other
        .prepare(select.cql())
        .await
        .unwrap()
        .with_page_size(PageSize::rows(100).unwrap());
    let first = other.page(&prepared, (), None).await.unwrap();
    let second = other
        .page(&prepared, (), first.paging_state.clone())
        .await
        .unwrap();
    assert_eq!(ids(&second.rows), (100..200).collect::<Vec<_>>());
    // Streams hold one page at a time and see every row.
    let streamed: Vec<i32> = other
        .stream(select.clone(), ())
        .map(|r| r.unwrap().get::<i32>("c").unwrap())
        .collect()
        .await;
    assert_eq!(streamed, expected);
    other.close().await.unwrap();
    ks.drop_now(&session).await;
}
