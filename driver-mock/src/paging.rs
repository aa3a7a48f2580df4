//! Paging for `returns_paged` rules: cutting a row set into pages and the
//! opaque paging state the fake hands out.
//!
//! The state is `b"fk1"`, the offset of the next row (`u64`, big endian) and
//! a hash of the CQL text (`u64`, big endian), so a state saved with
//! [`PagingState::to_bytes`] resumes in any session over any fake with the
//! same rule, and a state from another query is rejected like a server would.

use std::sync::Arc;

use cqlbridge_driver_api::{
    ColumnSpec, Error, ExecOptions, Page, PageSize, PagingState, QueryResult, Result, Row,
};

const MAGIC: &[u8; 3] = b"fk1";
const LEN: usize = MAGIC.len() + 16;

/// FNV-1a: a hash that is the same in every process and Rust version.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The state pointing at row `offset` of the result of `cql`.
pub(crate) fn encode(cql: &str, offset: u64) -> PagingState {
    let mut bytes = Vec::with_capacity(LEN);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&offset.to_be_bytes());
    bytes.extend_from_slice(&fnv1a(cql).to_be_bytes());
    PagingState::from_bytes(bytes).expect("a fake paging state is never empty")
}

/// The row offset a state points at; `Invalid` if it is not a state the fake
/// issued for `cql`.
pub(crate) fn decode(cql: &str, state: &PagingState) -> Result<u64> {
    let b = state.as_bytes();
    if b.len() != LEN || &b[..MAGIC.len()] != MAGIC {
        return Err(Error::invalid(format!(
            "fake: {state:?} is not a paging state this backend issued"
        )));
    }
    let word = |at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[at..at + 8]);
        u64::from_be_bytes(w)
    };
    if word(MAGIC.len() + 8) != fnv1a(cql) {
        return Err(Error::invalid(format!(
            "fake: the paging state belongs to another query than `{cql}`"
        )));
    }
    Ok(word(MAGIC.len()))
}

/// The page of `rows` that `options` asks for: from the offset in its paging
/// state (or the start), at most its page size rows (all when unpaged or
/// unset), with a state when more rows follow.
pub(crate) fn cut(
    cql: &str,
    columns: &Arc<[ColumnSpec]>,
    rows: &[Row],
    options: &ExecOptions,
) -> Result<QueryResult> {
    let start = match &options.paging_state {
        None => 0,
        Some(state) => decode(cql, state)?,
    };
    let start = usize::try_from(start)
        .ok()
        .filter(|s| *s <= rows.len())
        .ok_or_else(|| {
            Error::invalid(format!(
                "fake: the paging state points past the {} rows of `{cql}`",
                rows.len()
            ))
        })?;
    let end = match options.page_size {
        Some(PageSize::Rows(n)) => start.saturating_add(n.max(1) as usize).min(rows.len()),
        Some(PageSize::Unpaged) | None => rows.len(),
    };
    let paging_state = (end < rows.len()).then(|| encode(cql, end as u64));
    Ok(QueryResult::Rows(Page {
        columns: columns.clone(),
        rows: rows[start..end].to_vec(),
        paging_state,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqlbridge_driver_api::{ColumnType, Value};

    fn rows(n: i32) -> (Arc<[ColumnSpec]>, Vec<Row>) {
        let cols: Arc<[ColumnSpec]> = vec![ColumnSpec::new("k", ColumnType::Int)].into();
        let rows = (0..n)
            .map(|i| Row::new(cols.clone(), vec![Value::Int(i)]).unwrap())
            .collect();
        (cols, rows)
    }

    #[test]
    fn state_round_trips_and_is_tied_to_the_query() {
        let s = encode("SELECT a", 42);
        assert_eq!(decode("SELECT a", &s).unwrap(), 42);
        assert!(decode("SELECT b", &s).unwrap_err().is_invalid());
        let foreign = PagingState::from_bytes(vec![1u8, 2, 3]).unwrap();
        assert!(decode("SELECT a", &foreign).unwrap_err().is_invalid());
    }

    #[test]
    fn cut_respects_page_size_and_stops_at_the_end() {
        let (cols, all) = rows(5);
        let mut opts = ExecOptions::new().page_size(PageSize::Rows(2));
        let mut seen = Vec::new();
        let mut pages = 0;
        loop {
            let page = cut("q", &cols, &all, &opts).unwrap().into_page();
            pages += 1;
            assert!(page.rows.len() <= 2);
            seen.extend(page.rows);
            match page.paging_state {
                Some(s) => opts.paging_state = Some(s),
                None => break,
            }
        }
        assert_eq!(pages, 3);
        assert_eq!(seen, all);
    }

    #[test]
    fn unpaged_returns_everything_and_bad_offsets_are_invalid() {
        let (cols, all) = rows(3);
        let page = cut("q", &cols, &all, &ExecOptions::new())
            .unwrap()
            .into_page();
        assert_eq!(page.rows.len(), 3);
        assert!(page.paging_state.is_none());
        let past = ExecOptions::new().paging_state(encode("q", 4));
        assert!(cut("q", &cols, &all, &past).unwrap_err().is_invalid());
    }
}
