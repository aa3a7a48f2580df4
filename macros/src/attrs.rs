//! `#[cql(...)]` attributes: on the struct (`crate`, `positional`) and on
//! fields (`rename`, `skip`), parsed into [`Input`], with spanned errors.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Type};

/// One field of the struct, with its column (or UDT field) name.
pub(crate) struct Field {
    pub(crate) ident: Ident,
    pub(crate) ty: Type,
    pub(crate) column: String,
    pub(crate) skip: bool,
}

/// The parsed struct: its name, runtime path, options and fields.
pub(crate) struct Input {
    pub(crate) ident: Ident,
    pub(crate) generics: syn::Generics,
    pub(crate) krate: TokenStream,
    pub(crate) positional: Option<Span>,
    pub(crate) fields: Vec<Field>,
}

/// Parses `input` for the derive named `derive`.
pub(crate) fn parse(input: &DeriveInput, derive: &str) -> syn::Result<Input> {
    let mut krate = quote!(::cqlbridge);
    let mut positional = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("cql")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                let s: LitStr = meta.value()?.parse()?;
                let path: syn::Path = s.parse()?;
                krate = quote!(#path);
                Ok(())
            } else if meta.path.is_ident("positional") {
                if derive != "IntoValues" {
                    return Err(meta.error(format!(
                        "`positional` applies to #[derive(IntoValues)], not {derive}"
                    )));
                }
                positional = Some(syn::spanned::Spanned::span(&meta.path));
                Ok(())
            } else {
                Err(meta
                    .error("unknown cql attribute on a struct (expected `crate` or `positional`)"))
            }
        })?;
    }
    let named = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(n) => n,
            _ => {
                return Err(syn::Error::new_spanned(
                    &input.ident,
                    format!("#[derive({derive})] needs a struct with named fields"),
                ))
            }
        },
        _ => {
            return Err(syn::Error::new_spanned(
                &input.ident,
                format!("#[derive({derive})] applies to structs only"),
            ))
        }
    };
    let mut fields: Vec<Field> = Vec::new();
    for f in &named.named {
        let Some(ident) = f.ident.clone() else {
            continue;
        };
        let mut column = ident.to_string().trim_start_matches("r#").to_owned();
        let mut skip = false;
        for attr in f.attrs.iter().filter(|a| a.path().is_ident("cql")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    let s: LitStr = meta.value()?.parse()?;
                    if s.value().is_empty() {
                        return Err(syn::Error::new_spanned(&s, "a column name cannot be empty"));
                    }
                    column = s.value();
                    Ok(())
                } else if meta.path.is_ident("skip") {
                    skip = true;
                    Ok(())
                } else {
                    Err(meta
                        .error("unknown cql attribute on a field (expected `rename` or `skip`)"))
                }
            })?;
        }
        if !skip {
            if let Some(other) = fields.iter().find(|o| !o.skip && o.column == column) {
                return Err(syn::Error::new_spanned(
                    &ident,
                    format!(
                        "fields `{}` and `{ident}` both map to `{column}`",
                        other.ident
                    ),
                ));
            }
        }
        fields.push(Field {
            ident,
            ty: f.ty.clone(),
            column,
            skip,
        });
    }
    Ok(Input {
        ident: input.ident.clone(),
        generics: input.generics.clone(),
        krate,
        positional,
        fields,
    })
}
