//! Paging states: ours (opaque bytes) ↔ the `scylla` crate's, through the raw
//! server bytes only, so a state saved by one process resumes in another.

use bytes::Bytes;
use cqlbridge_driver_api::PagingState;
use scylla::response::{PagingState as SPagingState, PagingStateResponse};

/// The `scylla` paging state to send: the start, or our saved bytes.
pub(crate) fn to_scylla(state: Option<&PagingState>) -> SPagingState {
    match state {
        None => SPagingState::start(),
        Some(s) => SPagingState::new_from_raw_bytes(s.as_bytes()),
    }
}

/// Our paging state for the next page, or `None` on the last page.
pub(crate) fn from_response(response: PagingStateResponse) -> Option<PagingState> {
    match response {
        PagingStateResponse::HasMorePages { state } => state
            .as_bytes_slice()
            .filter(|b| !b.is_empty())
            .and_then(|b| PagingState::from_bytes(Bytes::copy_from_slice(b)).ok()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_survive_both_directions() {
        let ours = PagingState::from_bytes(vec![0u8, 7, 255, 3]).unwrap();
        let theirs = to_scylla(Some(&ours));
        assert_eq!(&theirs.as_bytes_slice().unwrap()[..], ours.as_bytes());
        let resp = PagingStateResponse::new_from_raw_bytes(Some(ours.as_bytes()));
        assert_eq!(from_response(resp), Some(ours));
    }

    #[test]
    fn start_and_last_page_have_no_state() {
        assert!(to_scylla(None).as_bytes_slice().is_none());
        assert_eq!(
            from_response(PagingStateResponse::new_from_raw_bytes(None)),
            None
        );
        assert_eq!(
            from_response(PagingStateResponse::new_from_raw_bytes(Some(&[]))),
            None
        );
    }
}
