//! Borrowed views of rows, values and data types inside a result or prepared statement.
//!
//! A view carries the lifetime of what it borrows from, so it cannot outlive it. Items of
//! collections, tuples and user types are handed to a callback instead of being returned:
//! libcassandra's iterators decode the current item in place, so an item is only valid
//! until the iterator moves on.

use std::marker::PhantomData;
use std::os::raw::c_char;
use std::ptr::NonNull;

use super::read_str;
use super::sys;

/// A data type owned by a result, a prepared statement or another data type.
#[derive(Clone, Copy)]
pub(crate) struct DataTypeRef<'a>(NonNull<sys::CassDataType>, PhantomData<&'a ()>);

/// One row of a result, valid while its iterator stays on it.
#[derive(Clone, Copy)]
pub(crate) struct RowRef<'a>(NonNull<sys::CassRow>, PhantomData<&'a ()>);

/// One value of a row, collection, tuple or user type.
#[derive(Clone, Copy)]
pub(crate) struct ValueRef<'a>(NonNull<sys::CassValue>, PhantomData<&'a ()>);

impl<'a> DataTypeRef<'a> {
    /// Wraps a data type pointer; `None` when null.
    ///
    /// # Safety
    ///
    /// `raw` must be null or stay valid for `'a`.
    pub(super) unsafe fn new(raw: *const sys::CassDataType) -> Option<Self> {
        NonNull::new(raw.cast_mut()).map(|p| DataTypeRef(p, PhantomData))
    }

    /// The raw pointer, valid for `'a`.
    pub(crate) fn as_ptr(self) -> *const sys::CassDataType {
        self.0.as_ptr()
    }

    /// The kind of type.
    pub(crate) fn value_type(self) -> sys::CassValueType {
        // SAFETY: valid for `'a`.
        unsafe { sys::cass_data_type_type(self.as_ptr()) }
    }

    /// How many sub-types it has (elements, fields, tuple members).
    pub(crate) fn sub_count(self) -> usize {
        // SAFETY: valid for `'a`.
        unsafe { sys::cass_data_type_sub_type_count(self.as_ptr()) }
    }

    /// Sub-type `index`; it lives as long as this type.
    pub(crate) fn sub(self, index: usize) -> Option<DataTypeRef<'a>> {
        // SAFETY: valid for `'a`; sub-types are owned by their parent.
        unsafe { DataTypeRef::new(sys::cass_data_type_sub_data_type(self.as_ptr(), index)) }
    }

    /// The name of field `index` of a user type.
    pub(crate) fn sub_name(self, index: usize) -> Option<String> {
        // SAFETY: valid for `'a`; the name is copied at once.
        unsafe {
            read_str(|ptr, len| sys::cass_data_type_sub_type_name(self.as_ptr(), index, ptr, len))
        }
    }

    /// The keyspace of a user type.
    pub(crate) fn keyspace(self) -> Option<String> {
        // SAFETY: as above.
        unsafe { read_str(|ptr, len| sys::cass_data_type_keyspace(self.as_ptr(), ptr, len)) }
    }

    /// The name of a user type.
    pub(crate) fn type_name(self) -> Option<String> {
        // SAFETY: as above.
        unsafe { read_str(|ptr, len| sys::cass_data_type_type_name(self.as_ptr(), ptr, len)) }
    }

    /// The server's class name of a custom type (how `vector<…>` arrives).
    pub(crate) fn class_name(self) -> Option<String> {
        // SAFETY: as above.
        unsafe { read_str(|ptr, len| sys::cass_data_type_class_name(self.as_ptr(), ptr, len)) }
    }
}

impl<'a> RowRef<'a> {
    /// # Safety
    ///
    /// `raw` must be null or stay valid for `'a`.
    pub(super) unsafe fn new(raw: *const sys::CassRow) -> Option<Self> {
        NonNull::new(raw.cast_mut()).map(|p| RowRef(p, PhantomData))
    }

    /// Column `index` of the row.
    pub(crate) fn column(self, index: usize) -> Option<ValueRef<'a>> {
        // SAFETY: valid row; its values live as long as it.
        unsafe { ValueRef::new(sys::cass_row_get_column(self.0.as_ptr(), index)) }
    }
}

/// Runs `each` over a libcassandra iterator, then frees it.
///
/// # Safety
///
/// `iter` must be null or a fresh iterator owned by the caller whose items stay valid until
/// the next `cass_iterator_next`; `get` must read the current item of such an iterator.
unsafe fn drive<E>(
    iter: *mut sys::CassIterator,
    mut get: impl FnMut(*const sys::CassIterator) -> Result<(), E>,
) -> Result<(), E> {
    if iter.is_null() {
        return Ok(());
    }
    let mut outcome = Ok(());
    // SAFETY: `iter` is live until freed below.
    while unsafe { sys::cass_iterator_next(iter) } == sys::cass_true {
        outcome = get(iter.cast_const());
        if outcome.is_err() {
            break;
        }
    }
    // SAFETY: owned by us (caller's contract), freed once.
    unsafe { sys::cass_iterator_free(iter) };
    outcome
}

impl<'a> ValueRef<'a> {
    /// # Safety
    ///
    /// `raw` must be null or stay valid for `'a`.
    pub(super) unsafe fn new(raw: *const sys::CassValue) -> Option<Self> {
        NonNull::new(raw.cast_mut()).map(|p| ValueRef(p, PhantomData))
    }

    fn ptr(self) -> *const sys::CassValue {
        self.0.as_ptr()
    }

    /// True for a CQL null.
    pub(crate) fn is_null(self) -> bool {
        // SAFETY: valid value.
        unsafe { sys::cass_value_is_null(self.ptr()) == sys::cass_true }
    }

    /// The value's raw bytes as sent by the server (for a non-collection value).
    pub(crate) fn bytes(self) -> &'a [u8] {
        let mut ptr: *const sys::cass_byte_t = std::ptr::null();
        let mut len = 0usize;
        // SAFETY: valid value; any type is allowed; on success the bytes live in the
        // result buffer, which outlives `'a`.
        let rc = unsafe { sys::cass_value_get_bytes(self.ptr(), &mut ptr, &mut len) };
        if rc != sys::CassError::CASS_OK || ptr.is_null() || len == 0 {
            return &[];
        }
        // SAFETY: `len` readable bytes at `ptr` for `'a` (see above).
        unsafe { std::slice::from_raw_parts(ptr, len) }
    }

    /// Calls `each` with every element of a list or set, or every member of a tuple.
    pub(crate) fn for_each_item<E>(
        self,
        tuple: bool,
        mut each: impl FnMut(ValueRef<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        // SAFETY: valid value; a null iterator (wrong kind) is handled by `drive`.
        let iter = unsafe {
            if tuple {
                sys::cass_iterator_from_tuple(self.ptr())
            } else {
                sys::cass_iterator_from_collection(self.ptr())
            }
        };
        // SAFETY: fresh iterator owned here; `cass_iterator_get_value` reads its current item.
        unsafe {
            drive(iter, |it| {
                match ValueRef::new(sys::cass_iterator_get_value(it)) {
                    Some(v) => each(v),
                    None => Ok(()),
                }
            })
        }
    }

    /// Calls `each` with every key and value of a map.
    pub(crate) fn for_each_entry<E>(
        self,
        mut each: impl FnMut(ValueRef<'_>, ValueRef<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        // SAFETY: valid value.
        let iter = unsafe { sys::cass_iterator_from_map(self.ptr()) };
        // SAFETY: fresh iterator owned here; key and value are its current entry.
        unsafe {
            drive(iter, |it| {
                match (
                    ValueRef::new(sys::cass_iterator_get_map_key(it)),
                    ValueRef::new(sys::cass_iterator_get_map_value(it)),
                ) {
                    (Some(k), Some(v)) => each(k, v),
                    _ => Ok(()),
                }
            })
        }
    }

    /// Calls `each` with the name and value of every field of a user-type value.
    pub(crate) fn for_each_field<E>(
        self,
        mut each: impl FnMut(String, ValueRef<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        // SAFETY: valid value.
        let iter = unsafe { sys::cass_iterator_fields_from_user_type(self.ptr()) };
        // SAFETY: fresh iterator owned here; name and value are its current field.
        unsafe {
            drive(iter, |it| {
                let name = read_str(|p: *mut *const c_char, l| {
                    sys::cass_iterator_get_user_type_field_name(it, p, l)
                })
                .unwrap_or_default();
                match ValueRef::new(sys::cass_iterator_get_user_type_field_value(it)) {
                    Some(v) => each(name, v),
                    None => Ok(()),
                }
            })
        }
    }
}
