//! Derive macros for cqlbridge: rows to structs, structs to bound values,
//! and structs to and from user-defined types. Use them through the
//! `cqlbridge` crate's `derive` feature.
//!
//! - `#[derive(FromRow)]`: a struct from a row, each field from the column
//!   of its name (`#[cql(rename = "col")]` to choose another); an `Option<T>`
//!   field accepts null; `#[cql(skip)]` fields take `Default::default()`.
//!   It also implements `DecodeRow`, which `Session::execute_as` uses to
//!   build the struct straight from a backend's cells.
//! - `#[derive(IntoValues)]`: a struct bound by name (its fields' column
//!   names), or by position in field order with `#[cql(positional)]`.
//! - `#[derive(Udt)]`: `FromValue` and `IntoValue` to and from a UDT value,
//!   fields by name (`rename`, `skip` as above); UDT fields nest.
//!
//! The generated code reaches the runtime through `::cqlbridge::__derive`;
//! users of `cqlbridge-driver-api` alone write
//! `#[cql(crate = "cqlbridge_driver_api")]` on the struct.

mod attrs;
mod decode_row;
mod gen;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// `FromRow` for a struct with named fields, by column name.
#[proc_macro_derive(FromRow, attributes(cql))]
pub fn derive_from_row(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, "FromRow", |parsed| {
        let mut out = gen::from_row(parsed);
        out.extend(decode_row::decode_row(parsed));
        out
    })
}

/// `IntoValues` for a struct: named values, or positional with
/// `#[cql(positional)]`.
#[proc_macro_derive(IntoValues, attributes(cql))]
pub fn derive_into_values(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, "IntoValues", gen::into_values)
}

/// `FromValue` and `IntoValue` for a struct, to and from a UDT value.
#[proc_macro_derive(Udt, attributes(cql))]
pub fn derive_udt(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, "Udt", gen::udt)
}

fn expand(
    input: &DeriveInput,
    derive: &str,
    f: fn(&attrs::Input) -> proc_macro2::TokenStream,
) -> TokenStream {
    match attrs::parse(input, derive) {
        Ok(parsed) => f(&parsed).into(),
        Err(e) => e.to_compile_error().into(),
    }
}
