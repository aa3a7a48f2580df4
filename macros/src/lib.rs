//! Derive macros for cqlbridge: rows to structs, structs to bound values,
//! and structs to and from user-defined types. Use them through the
//! `cqlbridge` crate's `derive` feature.
