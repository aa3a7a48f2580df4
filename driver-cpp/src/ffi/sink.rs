//! [`Sink`]: one interface over the four places a value can be written — a statement's
//! bind marker, a collection, a tuple member or a user-type field — so that the encoder in
//! `values.rs` is written once.

use std::os::raw::c_char;

use super::handles::{CollectionH, StatementH, TupleH, UserTypeH};
use super::{cass_bool, check, sys};

/// The outcome of one write: libcassandra's error code on failure.
pub(crate) type SinkResult = Result<(), sys::CassError>;

/// Somewhere a CQL value can be written at position `index` (collections append and
/// ignore the index). libcassandra checks each write against the declared data type.
pub(crate) trait Sink {
    /// A null (collections reject it: CQL forbids null elements).
    fn null(&mut self, index: usize) -> SinkResult;
    /// `tinyint`.
    fn int8(&mut self, index: usize, v: i8) -> SinkResult;
    /// `smallint`.
    fn int16(&mut self, index: usize, v: i16) -> SinkResult;
    /// `int`.
    fn int32(&mut self, index: usize, v: i32) -> SinkResult;
    /// `date` (days with the 2^31 offset).
    fn uint32(&mut self, index: usize, v: u32) -> SinkResult;
    /// `bigint`, `counter`, `timestamp`, `time`.
    fn int64(&mut self, index: usize, v: i64) -> SinkResult;
    /// `float`.
    fn float(&mut self, index: usize, v: f32) -> SinkResult;
    /// `double`.
    fn double(&mut self, index: usize, v: f64) -> SinkResult;
    /// `boolean`.
    fn bool(&mut self, index: usize, v: bool) -> SinkResult;
    /// `text`, `ascii`.
    fn string(&mut self, index: usize, v: &str) -> SinkResult;
    /// `blob`, `varint` (big-endian two's complement).
    fn bytes(&mut self, index: usize, v: &[u8]) -> SinkResult;
    /// A custom type (`vector<…>`) given as its serialized bytes.
    fn custom(&mut self, index: usize, class: &str, v: &[u8]) -> SinkResult;
    /// `uuid`, `timeuuid`.
    fn uuid(&mut self, index: usize, v: sys::CassUuid) -> SinkResult;
    /// `inet`.
    fn inet(&mut self, index: usize, v: sys::CassInet) -> SinkResult;
    /// `decimal`: unscaled varint bytes and scale.
    fn decimal(&mut self, index: usize, unscaled: &[u8], scale: i32) -> SinkResult;
    /// `duration`.
    fn duration(&mut self, index: usize, months: i32, days: i32, nanos: i64) -> SinkResult;
    /// A list, set or map.
    fn collection(&mut self, index: usize, v: &CollectionH) -> SinkResult;
    /// A tuple.
    fn tuple(&mut self, index: usize, v: &TupleH) -> SinkResult;
    /// A user-type value.
    fn user_type(&mut self, index: usize, v: &UserTypeH) -> SinkResult;
}

/// Implements [`Sink`] for a handle whose setters take an index, given the setter names.
macro_rules! indexed_sink {
    ($ty:ty { $null:ident, $i8:ident, $i16:ident, $i32:ident, $u32:ident, $i64:ident,
      $f32:ident, $f64:ident, $bool:ident, $str:ident, $bytes:ident, $custom:ident,
      $uuid:ident, $inet:ident, $dec:ident, $dur:ident, $coll:ident, $tup:ident,
      $udt:ident }) => {
        // SAFETY (every method): `self` is a live handle used by one thread at a time;
        // strings and byte slices are copied by libcassandra during the call; handles
        // passed in are live for the call and are copied or referenced by the target.
        impl Sink for $ty {
            fn null(&mut self, i: usize) -> SinkResult {
                // SAFETY: see above.
                check(unsafe { sys::$null(self.as_ptr(), i) })
            }
            fn int8(&mut self, i: usize, v: i8) -> SinkResult {
                // SAFETY: see above.
                check(unsafe { sys::$i8(self.as_ptr(), i, v) })
            }
            fn int16(&mut self, i: usize, v: i16) -> SinkResult {
                // SAFETY: see above.
                check(unsafe { sys::$i16(self.as_ptr(), i, v) })
            }
            fn int32(&mut self, i: usize, v: i32) -> SinkResult {
                // SAFETY: see above.
                check(unsafe { sys::$i32(self.as_ptr(), i, v) })
            }
            fn uint32(&mut self, i: usize, v: u32) -> SinkResult {
                // SAFETY: see above.
                check(unsafe { sys::$u32(self.as_ptr(), i, v) })
            }
            fn int64(&mut self, i: usize, v: i64) -> SinkResult {
                // SAFETY: see above.
                check(unsafe { sys::$i64(self.as_ptr(), i, v) })
            }
            fn float(&mut self, i: usize, v: f32) -> SinkResult {
                // SAFETY: see above.
                check(unsafe { sys::$f32(self.as_ptr(), i, v) })
            }
            fn double(&mut self, i: usize, v: f64) -> SinkResult {
                // SAFETY: see above.
                check(unsafe { sys::$f64(self.as_ptr(), i, v) })
            }
            fn bool(&mut self, i: usize, v: bool) -> SinkResult {
                // SAFETY: see above.
                check(unsafe { sys::$bool(self.as_ptr(), i, cass_bool(v)) })
            }
            fn string(&mut self, i: usize, v: &str) -> SinkResult {
                // SAFETY: see above.
                check(unsafe { sys::$str(self.as_ptr(), i, v.as_ptr().cast::<c_char>(), v.len()) })
            }
            fn bytes(&mut self, i: usize, v: &[u8]) -> SinkResult {
                // SAFETY: see above.
                check(unsafe { sys::$bytes(self.as_ptr(), i, v.as_ptr(), v.len()) })
            }
            fn custom(&mut self, i: usize, class: &str, v: &[u8]) -> SinkResult {
                // SAFETY: see above.
                check(unsafe {
                    sys::$custom(
                        self.as_ptr(),
                        i,
                        class.as_ptr().cast::<c_char>(),
                        class.len(),
                        v.as_ptr(),
                        v.len(),
                    )
                })
            }
            fn uuid(&mut self, i: usize, v: sys::CassUuid) -> SinkResult {
                // SAFETY: see above.
                check(unsafe { sys::$uuid(self.as_ptr(), i, v) })
            }
            fn inet(&mut self, i: usize, v: sys::CassInet) -> SinkResult {
                // SAFETY: see above.
                check(unsafe { sys::$inet(self.as_ptr(), i, v) })
            }
            fn decimal(&mut self, i: usize, unscaled: &[u8], scale: i32) -> SinkResult {
                // SAFETY: see above.
                check(unsafe {
                    sys::$dec(self.as_ptr(), i, unscaled.as_ptr(), unscaled.len(), scale)
                })
            }
            fn duration(&mut self, i: usize, months: i32, days: i32, nanos: i64) -> SinkResult {
                // SAFETY: see above.
                check(unsafe { sys::$dur(self.as_ptr(), i, months, days, nanos) })
            }
            fn collection(&mut self, i: usize, v: &CollectionH) -> SinkResult {
                // SAFETY: see above.
                check(unsafe { sys::$coll(self.as_ptr(), i, v.as_ptr()) })
            }
            fn tuple(&mut self, i: usize, v: &TupleH) -> SinkResult {
                // SAFETY: see above.
                check(unsafe { sys::$tup(self.as_ptr(), i, v.as_ptr()) })
            }
            fn user_type(&mut self, i: usize, v: &UserTypeH) -> SinkResult {
                // SAFETY: see above.
                check(unsafe { sys::$udt(self.as_ptr(), i, v.as_ptr()) })
            }
        }
    };
}

indexed_sink!(StatementH {
    cass_statement_bind_null,
    cass_statement_bind_int8,
    cass_statement_bind_int16,
    cass_statement_bind_int32,
    cass_statement_bind_uint32,
    cass_statement_bind_int64,
    cass_statement_bind_float,
    cass_statement_bind_double,
    cass_statement_bind_bool,
    cass_statement_bind_string_n,
    cass_statement_bind_bytes,
    cass_statement_bind_custom_n,
    cass_statement_bind_uuid,
    cass_statement_bind_inet,
    cass_statement_bind_decimal,
    cass_statement_bind_duration,
    cass_statement_bind_collection,
    cass_statement_bind_tuple,
    cass_statement_bind_user_type
});

indexed_sink!(TupleH {
    cass_tuple_set_null,
    cass_tuple_set_int8,
    cass_tuple_set_int16,
    cass_tuple_set_int32,
    cass_tuple_set_uint32,
    cass_tuple_set_int64,
    cass_tuple_set_float,
    cass_tuple_set_double,
    cass_tuple_set_bool,
    cass_tuple_set_string_n,
    cass_tuple_set_bytes,
    cass_tuple_set_custom_n,
    cass_tuple_set_uuid,
    cass_tuple_set_inet,
    cass_tuple_set_decimal,
    cass_tuple_set_duration,
    cass_tuple_set_collection,
    cass_tuple_set_tuple,
    cass_tuple_set_user_type
});

indexed_sink!(UserTypeH {
    cass_user_type_set_null,
    cass_user_type_set_int8,
    cass_user_type_set_int16,
    cass_user_type_set_int32,
    cass_user_type_set_uint32,
    cass_user_type_set_int64,
    cass_user_type_set_float,
    cass_user_type_set_double,
    cass_user_type_set_bool,
    cass_user_type_set_string_n,
    cass_user_type_set_bytes,
    cass_user_type_set_custom_n,
    cass_user_type_set_uuid,
    cass_user_type_set_inet,
    cass_user_type_set_decimal,
    cass_user_type_set_duration,
    cass_user_type_set_collection,
    cass_user_type_set_tuple,
    cass_user_type_set_user_type
});

/// Collections append: the index is ignored.
macro_rules! append {
    ($self:ident, $f:ident $(, $arg:expr)*) => {
        // SAFETY: `$self` is a live collection used by one thread; arguments are copied
        // or referenced by libcassandra during the call.
        check(unsafe { sys::$f($self.as_ptr() $(, $arg)*) })
    };
}

impl Sink for CollectionH {
    fn null(&mut self, _: usize) -> SinkResult {
        Err(sys::CassError::CASS_ERROR_LIB_NULL_VALUE)
    }
    fn int8(&mut self, _: usize, v: i8) -> SinkResult {
        append!(self, cass_collection_append_int8, v)
    }
    fn int16(&mut self, _: usize, v: i16) -> SinkResult {
        append!(self, cass_collection_append_int16, v)
    }
    fn int32(&mut self, _: usize, v: i32) -> SinkResult {
        append!(self, cass_collection_append_int32, v)
    }
    fn uint32(&mut self, _: usize, v: u32) -> SinkResult {
        append!(self, cass_collection_append_uint32, v)
    }
    fn int64(&mut self, _: usize, v: i64) -> SinkResult {
        append!(self, cass_collection_append_int64, v)
    }
    fn float(&mut self, _: usize, v: f32) -> SinkResult {
        append!(self, cass_collection_append_float, v)
    }
    fn double(&mut self, _: usize, v: f64) -> SinkResult {
        append!(self, cass_collection_append_double, v)
    }
    fn bool(&mut self, _: usize, v: bool) -> SinkResult {
        append!(self, cass_collection_append_bool, cass_bool(v))
    }
    fn string(&mut self, _: usize, v: &str) -> SinkResult {
        append!(
            self,
            cass_collection_append_string_n,
            v.as_ptr().cast::<c_char>(),
            v.len()
        )
    }
    fn bytes(&mut self, _: usize, v: &[u8]) -> SinkResult {
        append!(self, cass_collection_append_bytes, v.as_ptr(), v.len())
    }
    fn custom(&mut self, _: usize, class: &str, v: &[u8]) -> SinkResult {
        append!(
            self,
            cass_collection_append_custom_n,
            class.as_ptr().cast::<c_char>(),
            class.len(),
            v.as_ptr(),
            v.len()
        )
    }
    fn uuid(&mut self, _: usize, v: sys::CassUuid) -> SinkResult {
        append!(self, cass_collection_append_uuid, v)
    }
    fn inet(&mut self, _: usize, v: sys::CassInet) -> SinkResult {
        append!(self, cass_collection_append_inet, v)
    }
    fn decimal(&mut self, _: usize, unscaled: &[u8], scale: i32) -> SinkResult {
        append!(
            self,
            cass_collection_append_decimal,
            unscaled.as_ptr(),
            unscaled.len(),
            scale
        )
    }
    fn duration(&mut self, _: usize, months: i32, days: i32, nanos: i64) -> SinkResult {
        append!(self, cass_collection_append_duration, months, days, nanos)
    }
    fn collection(&mut self, _: usize, v: &CollectionH) -> SinkResult {
        append!(self, cass_collection_append_collection, v.as_ptr())
    }
    fn tuple(&mut self, _: usize, v: &TupleH) -> SinkResult {
        append!(self, cass_collection_append_tuple, v.as_ptr())
    }
    fn user_type(&mut self, _: usize, v: &UserTypeH) -> SinkResult {
        append!(self, cass_collection_append_user_type, v.as_ptr())
    }
}
