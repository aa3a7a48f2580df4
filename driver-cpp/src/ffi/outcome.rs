//! Methods of what a request yields: [`PreparedH`] and [`ResultH`].

use std::os::raw::c_char;

use super::handles::{PreparedH, ResultH, StatementH};
use super::view::{DataTypeRef, RowRef};
use super::{read_str, sys};

impl PreparedH {
    /// Takes ownership of a prepared statement from a completed future.
    pub(super) fn from_future(raw: *const sys::CassPrepared) -> Option<Self> {
        // SAFETY: `cass_future_get_prepared` hands the caller a new reference to free.
        unsafe { Self::own(raw.cast_mut()) }
    }

    /// A bound statement for this prepared statement.
    pub(crate) fn bind(&self) -> Option<StatementH> {
        // SAFETY: valid prepared; returns a new statement owned by the caller.
        unsafe { StatementH::own(sys::cass_prepared_bind(self.as_ptr())) }
    }

    /// The name of bind marker `index`, or `None` past the last one.
    pub(crate) fn parameter_name(&self, index: usize) -> Option<String> {
        // SAFETY: valid prepared; the name points into its metadata, read at once.
        unsafe {
            read_str(|ptr, len| sys::cass_prepared_parameter_name(self.as_ptr(), index, ptr, len))
        }
    }

    /// The data type of bind marker `index`.
    pub(crate) fn parameter_type(&self, index: usize) -> Option<DataTypeRef<'_>> {
        // SAFETY: valid prepared; the data type lives as long as it (borrow of `self`).
        unsafe { DataTypeRef::new(sys::cass_prepared_parameter_data_type(self.as_ptr(), index)) }
    }
}

impl ResultH {
    /// Takes ownership of a result from a completed future.
    pub(super) fn from_future(raw: *const sys::CassResult) -> Option<Self> {
        // SAFETY: `cass_future_get_result` hands the caller a new reference to free.
        unsafe { Self::own(raw.cast_mut()) }
    }

    /// Columns per row (0 for a result without rows).
    pub(crate) fn column_count(&self) -> usize {
        // SAFETY: valid result.
        unsafe { sys::cass_result_column_count(self.as_ptr()) }
    }

    /// Rows in this page.
    pub(crate) fn row_count(&self) -> usize {
        // SAFETY: valid result.
        unsafe { sys::cass_result_row_count(self.as_ptr()) }
    }

    /// The name of column `index`.
    pub(crate) fn column_name(&self, index: usize) -> Option<String> {
        // SAFETY: valid result; the name points into its metadata, read at once.
        unsafe { read_str(|ptr, len| sys::cass_result_column_name(self.as_ptr(), index, ptr, len)) }
    }

    /// The data type of column `index`.
    pub(crate) fn column_type(&self, index: usize) -> Option<DataTypeRef<'_>> {
        // SAFETY: valid result; the data type lives as long as the result.
        unsafe { DataTypeRef::new(sys::cass_result_column_data_type(self.as_ptr(), index)) }
    }

    /// The raw paging state when more pages follow, else `None`.
    pub(crate) fn paging_state(&self) -> Option<Vec<u8>> {
        // SAFETY: valid result.
        if unsafe { sys::cass_result_has_more_pages(self.as_ptr()) } != sys::cass_true {
            return None;
        }
        let mut ptr: *const c_char = std::ptr::null();
        let mut len = 0usize;
        // SAFETY: valid result; on success the token points into the result.
        let rc = unsafe { sys::cass_result_paging_state_token(self.as_ptr(), &mut ptr, &mut len) };
        if rc != sys::CassError::CASS_OK || ptr.is_null() || len == 0 {
            return None;
        }
        // SAFETY: `len` bytes at `ptr`, owned by the live result; copied at once.
        Some(unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) }.to_vec())
    }

    /// Calls `each` with every row, in order; stops at the first error.
    pub(crate) fn for_each_row<E>(
        &self,
        mut each: impl FnMut(RowRef<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        // SAFETY: valid result; the iterator is freed below, before the result.
        let iter = unsafe { sys::cass_iterator_from_result(self.as_ptr()) };
        if iter.is_null() {
            return Ok(());
        }
        let outcome = (|| {
            // SAFETY: `iter` is a live result iterator.
            while unsafe { sys::cass_iterator_next(iter) } == sys::cass_true {
                // SAFETY: the current row is valid until the next call to `next`, and
                // `RowRef` cannot escape the closure call.
                if let Some(row) = unsafe { RowRef::new(sys::cass_iterator_get_row(iter)) } {
                    each(row)?;
                }
            }
            Ok(())
        })();
        // SAFETY: created above, freed once.
        unsafe { sys::cass_iterator_free(iter) };
        outcome
    }
}
