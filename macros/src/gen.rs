//! The code each derive generates from a parsed [`Input`].

use proc_macro2::TokenStream;
use quote::quote;

use crate::attrs::Input;

/// `impl<..> #trait_path for S<..> where <field types>: #bounds { #body }`.
pub(crate) fn wrap(
    input: &Input,
    trait_path: &TokenStream,
    bounds: &[TokenStream],
    body: &TokenStream,
) -> TokenStream {
    let ident = &input.ident;
    let mut generics = input.generics.clone();
    if generics.type_params().next().is_some() {
        let wc = generics.make_where_clause();
        for f in input.fields.iter().filter(|f| !f.skip) {
            let ty = &f.ty;
            for b in bounds {
                wc.predicates.push(syn::parse_quote!(#ty: #b));
            }
        }
    }
    let (ig, tg, wc) = generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #ig #trait_path for #ident #tg #wc {
            #body
        }
    }
}

/// `FromRow`: positions looked up once, each value moved out of the row.
pub(crate) fn from_row(input: &Input) -> TokenStream {
    let k = &input.krate;
    let rt = quote!(#k::__derive);
    let strukt = input.ident.to_string();
    let used: Vec<_> = input.fields.iter().filter(|f| !f.skip).collect();
    let columns: Vec<&str> = used.iter().map(|f| f.column.as_str()).collect();
    let names: Vec<String> = used.iter().map(|f| f.ident.to_string()).collect();
    let idx: Vec<syn::Ident> = (0..used.len())
        .map(|i| quote::format_ident!("__cql_i{}", i))
        .collect();
    let inits = input.fields.iter().map(|f| {
        let id = &f.ident;
        if f.skip {
            return quote!(#id: ::core::default::Default::default());
        }
        let n = used.iter().position(|u| u.ident == f.ident).unwrap_or(0);
        let (i, col, name, ty) = (&idx[n], &columns[n], &names[n], &f.ty);
        quote!(#id: #rt::take::<#ty>(&mut __cql_values, #i, #strukt, #name, #col)?)
    });
    let body = quote! {
        fn from_row(row: #rt::Row) -> #rt::Result<Self> {
            let (__cql_columns, __cql_values) = row.into_parts();
            let [#(#idx),*] = #rt::positions(
                &__cql_columns,
                &[#(#columns),*],
                #strukt,
                &[#(#names),*],
            )?;
            let mut __cql_values = __cql_values;
            let _ = &mut __cql_values;
            ::core::result::Result::Ok(Self { #(#inits),* })
        }
    };
    wrap(
        input,
        &quote!(#rt::FromRow),
        &[quote!(#rt::FromValue)],
        &body,
    )
}

/// `IntoValues`: named by column, or positional in field order.
pub(crate) fn into_values(input: &Input) -> TokenStream {
    let k = &input.krate;
    let rt = quote!(#k::__derive);
    let used: Vec<_> = input.fields.iter().filter(|f| !f.skip).collect();
    let ids: Vec<_> = used.iter().map(|f| &f.ident).collect();
    let body = if input.positional.is_some() {
        quote! {
            fn into_values(self) -> #rt::Values {
                #rt::Values::Positional(::std::vec![
                    #(#rt::IntoValue::into_value(self.#ids)),*
                ])
            }
        }
    } else {
        let cols = used.iter().map(|f| &f.column);
        quote! {
            fn into_values(self) -> #rt::Values {
                #rt::Values::Named(::std::vec![
                    #((#rt::String::from(#cols), #rt::IntoValue::into_value(self.#ids))),*
                ])
            }
        }
    };
    wrap(
        input,
        &quote!(#rt::IntoValues),
        &[quote!(#rt::IntoValue)],
        &body,
    )
}

/// `FromValue` (borrowed and owned) and `IntoValue`, through a UDT value.
pub(crate) fn udt(input: &Input) -> TokenStream {
    let k = &input.krate;
    let rt = quote!(#k::__derive);
    let strukt = input.ident.to_string();
    let init = |owned: bool| -> Vec<TokenStream> {
        input
            .fields
            .iter()
            .map(|f| {
                let id = &f.ident;
                if f.skip {
                    return quote!(#id: ::core::default::Default::default());
                }
                let (ty, col, name) = (&f.ty, &f.column, f.ident.to_string());
                if owned {
                    quote!(#id: #rt::take_field::<#ty>(&mut __cql_fields, #col, #strukt, #name)?)
                } else {
                    quote!(#id: #rt::field_ref::<#ty>(__cql_fields, #col, #strukt, #name)?)
                }
            })
            .collect()
    };
    let (by_ref, by_val) = (init(false), init(true));
    let from = quote! {
        fn from_value(value: &#rt::Value) -> #rt::Result<Self> {
            let __cql_fields = #rt::udt_fields_ref(value, #strukt)?;
            let _ = __cql_fields;
            ::core::result::Result::Ok(Self { #(#by_ref),* })
        }
        fn from_owned(value: #rt::Value) -> #rt::Result<Self> {
            let mut __cql_fields = #rt::udt_fields(value, #strukt)?;
            let _ = &mut __cql_fields;
            ::core::result::Result::Ok(Self { #(#by_val),* })
        }
    };
    let used: Vec<_> = input.fields.iter().filter(|f| !f.skip).collect();
    let ids = used.iter().map(|f| &f.ident);
    let cols = used.iter().map(|f| &f.column);
    let into = quote! {
        fn into_value(self) -> #rt::Value {
            #rt::udt(::std::vec![
                #((#rt::String::from(#cols), #rt::IntoValue::into_value(self.#ids))),*
            ])
        }
    };
    let mut out = wrap(
        input,
        &quote!(#rt::FromValue),
        &[quote!(#rt::FromValue)],
        &from,
    );
    out.extend(wrap(
        input,
        &quote!(#rt::IntoValue),
        &[quote!(#rt::IntoValue)],
        &into,
    ));
    out
}
