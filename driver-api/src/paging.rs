//! Paging: page sizes and the opaque, resumable paging state.

use bytes::Bytes;

use crate::error::{Error, Result};

/// The server's opaque position in a paged read.
///
/// It comes back with a [`Page`](crate::Page) (it is never stored in the
/// driver) and can be saved with [`PagingState::to_bytes`] and restored with
/// [`PagingState::from_bytes`], so a scan can resume in another session or
/// another process.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PagingState(Bytes);

impl PagingState {
    /// Restores a paging state saved with [`PagingState::to_bytes`].
    ///
    /// An empty byte string is rejected: it would mean "start over", which is
    /// what passing no state does.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Result<Self> {
        let bytes = bytes.into();
        if bytes.is_empty() {
            return Err(Error::invalid("a paging state cannot be empty"));
        }
        Ok(PagingState(bytes))
    }

    /// The raw bytes, to store and resume later.
    pub fn to_bytes(&self) -> Bytes {
        self.0.clone()
    }

    /// The raw bytes, borrowed.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for PagingState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PagingState({} bytes)", self.0.len())
    }
}

/// How many rows a page may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageSize {
    /// Ask the server for everything in one reply.
    Unpaged,
    /// At most this many rows per page (never zero).
    Rows(u32),
}

impl PageSize {
    /// A page of `n` rows; zero is rejected.
    pub fn rows(n: u32) -> Result<Self> {
        if n == 0 {
            return Err(Error::invalid(
                "a page size must be at least 1 row (use PageSize::Unpaged for no paging)",
            ));
        }
        Ok(PageSize::Rows(n))
    }

    /// The row count as the protocol's `i32`, or `None` when unpaged.
    pub fn as_i32(self) -> Option<i32> {
        match self {
            PageSize::Unpaged => None,
            PageSize::Rows(n) => Some(i32::try_from(n).unwrap_or(i32::MAX)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_state_round_trips_through_bytes() {
        let s = PagingState::from_bytes(vec![1u8, 2, 3]).unwrap();
        let saved: Vec<u8> = s.to_bytes().to_vec();
        assert_eq!(PagingState::from_bytes(saved).unwrap(), s);
        assert_eq!(format!("{s:?}"), "PagingState(3 bytes)");
    }

    #[test]
    fn empty_state_and_zero_page_are_rejected() {
        assert!(PagingState::from_bytes(Vec::new())
            .unwrap_err()
            .is_invalid());
        assert!(PageSize::rows(0).unwrap_err().is_invalid());
        assert_eq!(PageSize::rows(100).unwrap().as_i32(), Some(100));
        assert_eq!(PageSize::Rows(u32::MAX).as_i32(), Some(i32::MAX));
        assert_eq!(PageSize::Unpaged.as_i32(), None);
    }
}
