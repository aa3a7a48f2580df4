//! Test doubles for the cqlbridge [`Driver`](cqlbridge_driver_api::Driver)
//! contract, for unit tests that need no database.
//!
//! * [`MockDriver`]: mockall's mock of `Driver`, for strict "this exact call
//!   happens, with these arguments" tests. [`mock_driver`] returns one with
//!   the calls a `Session` makes by itself (`name`, `is_closed`,
//!   `capabilities`) already expected.
//! * [`FakeDriver`]: a scripted backend. Rules map CQL patterns
//!   ([`CqlPattern`]) to results, pages, errors and latency; every call is
//!   logged ([`Call`]) with its values and the options it received, so a
//!   test can assert "this ran at QUORUM with a 2 s timeout".
//!
//! # `MockDriver`
//!
//! ```
//! use std::sync::Arc;
//! use cqlbridge_driver_api::{Consistency, QueryResult, Session, Statement, Values};
//! use cqlbridge_driver_mock::mock_driver;
//!
//! let mut mock = mock_driver(); // name, is_closed and capabilities are expected already
//! mock.expect_execute()
//!     .withf(|s, values, o| {
//!         s.cql().starts_with("SELECT")
//!             && values.len() == 1
//!             && o.consistency == Some(Consistency::Quorum)
//!     })
//!     .times(1)
//!     .returning(|_, _, _| Ok(QueryResult::Void));
//!
//! let session = Session::new(Arc::new(mock));
//! let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
//! rt.block_on(async {
//!     let q = Statement::new("SELECT * FROM ks.t WHERE k = ?").with_consistency(Consistency::Quorum);
//!     assert_eq!(session.execute(q, (7i32,)).await.unwrap(), QueryResult::Void);
//! });
//! // The mock checks `times(1)` when the session (and so the mock) is dropped.
//! ```
//!
//! # `FakeDriver`
//!
//! ```
//! use std::sync::Arc;
//! use std::time::Duration;
//! use cqlbridge_driver_api::{
//!     ColumnSpec, ColumnType, Config, Consistency, ErrorKind, PageSize, Session, Statement, Value,
//! };
//! use cqlbridge_driver_mock::{CqlPattern, FakeDriver, Op};
//! use futures::TryStreamExt;
//!
//! # fn main() -> cqlbridge_driver_api::Result<()> {
//! let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
//! rt.block_on(async {
//!     let fake = FakeDriver::new();
//!     // 250 rows, served in pages of the caller's page size.
//!     fake.when(CqlPattern::exact("SELECT id FROM ks.events")?).returns_paged(
//!         vec![ColumnSpec::new("id", ColumnType::Int)],
//!         (0..250).map(|i| vec![Value::Int(i)]).collect(),
//!     );
//!     // Writes to ks.audit take 5 s: longer than the timeout below.
//!     fake.when(CqlPattern::regex(r"^INSERT INTO ks\.audit\b")?)
//!         .delay(Duration::from_secs(5))
//!         .returns(cqlbridge_driver_api::QueryResult::Void);
//!     fake.when(CqlPattern::Any).times(1).fails(ErrorKind::Unauthorized, "no");
//!
//!     let config = Config::default().page_size(PageSize::Rows(100));
//!     let session = Session::with_config(Arc::new(fake.clone()), &config);
//!
//!     let ids: Vec<i32> = session
//!         .stream("SELECT id FROM ks.events", ())
//!         .and_then(|row| async move { row.get::<i32>(0) })
//!         .try_collect()
//!         .await?;
//!     assert_eq!(ids, (0..250).collect::<Vec<_>>());
//!     assert_eq!(fake.call_count(), 3, "three pages of at most 100 rows");
//!
//!     let write = Statement::new("INSERT INTO ks.audit (id) VALUES (1)")
//!         .with_consistency(Consistency::Quorum)
//!         .with_timeout(Duration::from_millis(20));
//!     let err = session.execute(write, ()).await.unwrap_err();
//!     assert!(err.is_timeout(), "{err}");
//!
//!     let last = fake.calls().pop().unwrap();
//!     assert_eq!(last.op, Op::Execute);
//!     assert_eq!(last.options.consistency, Some(Consistency::Quorum));
//!     assert_eq!(last.options.timeout, Some(Duration::from_millis(20)));
//!     Ok(())
//! })
//! # }
//! ```

mod call;
mod fake;
mod mock;
mod paging;
mod pattern;
mod rule;
mod rule_builder;
mod state;

pub use call::{Call, Op};
pub use fake::{FakeDriver, BATCH_CQL, FAKE_BACKEND};
pub use mock::{mock_driver, MockDriver, MOCK_BACKEND};
pub use pattern::CqlPattern;
pub use rule_builder::RuleBuilder;
