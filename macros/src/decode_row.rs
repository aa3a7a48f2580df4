//! The `DecodeRow` half of `#[derive(FromRow)]`: the struct built field by
//! field from a backend's cells (see `cqlbridge::decode`), each field read
//! by the most direct path its type has (`FromCell`, else `FromValue`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::attrs::Input;
use crate::gen::wrap;

/// `DecodeRow` for `input`; nothing for a struct with lifetime parameters
/// (a decoded row owns its fields, so it is `'static`).
pub(crate) fn decode_row(input: &Input) -> TokenStream {
    if input.generics.lifetimes().next().is_some() {
        return TokenStream::new();
    }
    let k = &input.krate;
    let rt = quote!(#k::__derive);
    let strukt = input.ident.to_string();
    let used: Vec<_> = input.fields.iter().filter(|f| !f.skip).collect();
    let tys: Vec<_> = used.iter().map(|f| &f.ty).collect();
    let names: Vec<String> = used.iter().map(|f| f.ident.to_string()).collect();
    let columns: Vec<&str> = used.iter().map(|f| f.column.as_str()).collect();
    let slots: Vec<syn::Index> = (0..used.len()).map(syn::Index::from).collect();
    let sets = used.iter().enumerate().map(|(n, f)| {
        let (slot, ty, name, col) = (&slots[n], &f.ty, &names[n], columns[n]);
        quote! {
            #slot => partial.#slot = ::core::option::Option::Some(#rt::named(
                (&#rt::Field::<#ty>::new()).read(cell), #strukt, #name, #col,
            )?),
        }
    });
    let inits = input.fields.iter().map(|f| {
        let id = &f.ident;
        match used.iter().position(|u| u.ident == f.ident) {
            Some(n) => {
                let (slot, name) = (&slots[n], &names[n]);
                quote!(#id: #rt::filled(&mut partial.#slot, #strukt, #name)?)
            }
            None => quote!(#id: ::core::default::Default::default()),
        }
    });
    let body = quote! {
        type Partial = (#(::core::option::Option<#tys>,)*);
        const NAME: &'static str = #strukt;
        const FIELDS: &'static [&'static str] = &[#(#names),*];
        const COLUMNS: &'static [&'static str] = &[#(#columns),*];

        fn partial() -> Self::Partial {
            (#(::core::option::Option::<#tys>::None,)*)
        }

        fn set(
            partial: &mut Self::Partial,
            field: usize,
            cell: &dyn #rt::CellView,
        ) -> #rt::Result<()> {
            #[allow(unused_imports)]
            use #rt::{ByCell as _, ByValue as _};
            let _ = (&partial, cell);
            match field {
                #(#sets)*
                _ => {}
            }
            ::core::result::Result::Ok(())
        }

        fn build(partial: &mut Self::Partial) -> #rt::Result<Self> {
            let _ = &partial;
            ::core::result::Result::Ok(Self { #(#inits),* })
        }
    };
    wrap(
        input,
        &quote!(#rt::DecodeRow),
        &[
            quote!(#rt::FromValue),
            quote!(::core::marker::Send),
            quote!('static),
        ],
        &body,
    )
}
