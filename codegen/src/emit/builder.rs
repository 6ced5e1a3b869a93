//! The typestate builder shared by operation requests and request models.
//!
//! Each required field is a type parameter whose initial value is a marker type named after
//! the field (`MissingOrderId`). Its setter swaps the marker for the real value, and the
//! finishing method (`send`, `build`) exists only once every marker is gone. Forgetting a
//! required field is therefore a compile error that names the field:
//! "no method named `send` found for struct `CancelCustomerOrderRequest<MissingOrderId>`".
//!
//! Only the builder is generic; finishing methods are concrete, so nothing heavy is
//! monomorphized per field.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::rust::{doc, ident, ty};
use crate::ir::TypeRef;
use crate::names;

pub struct BuilderField {
    pub name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: String,
}

pub struct Builder<'a> {
    pub name: Ident,
    pub doc: TokenStream,
    /// Fields every state carries (e.g. the client), with their types.
    pub fixed: Vec<(Ident, TokenStream)>,
    pub fields: &'a [BuilderField],
}

pub struct Emitted {
    /// Marker types, the struct, its constructor and setters.
    pub tokens: TokenStream,
    /// The builder's type once every required field is set.
    pub complete: TokenStream,
    /// `impl<…> Name<…>` header covering every state, for methods any state may call.
    pub any_state: TokenStream,
}

pub fn marker(field: &str) -> Ident {
    format_ident!("Missing{}", names::pascal(field))
}

pub fn emit(b: &Builder) -> Emitted {
    let name = &b.name;
    let required: Vec<(usize, &BuilderField)> =
        b.fields.iter().filter(|f| f.required).enumerate().collect();
    let params: Vec<Ident> = required
        .iter()
        .map(|(i, _)| format_ident!("P{}", i))
        .collect();
    let markers: Vec<Ident> = required.iter().map(|(_, f)| marker(&f.name)).collect();

    let marker_items = required.iter().zip(&markers).map(|((_, f), m)| {
        let text = format!("Type-state marker: `{}` has not been set yet.", f.name);
        quote! {
            #[doc = #text]
            #[derive(Clone, Copy, Debug, Default)]
            pub struct #m;
        }
    });

    let fixed_names: Vec<&Ident> = b.fixed.iter().map(|(n, _)| n).collect();
    let fixed_types: Vec<&TokenStream> = b.fixed.iter().map(|(_, t)| t).collect();
    let mut req_i = 0;
    let storage: Vec<TokenStream> = b
        .fields
        .iter()
        .map(|f| {
            let n = ident(&f.name);
            if f.required {
                let p = &params[req_i];
                req_i += 1;
                quote!(#n: #p)
            } else {
                let t = ty(&f.ty);
                quote!(#n: Option<#t>)
            }
        })
        .collect();
    let init: Vec<TokenStream> = b
        .fields
        .iter()
        .map(|f| {
            let n = ident(&f.name);
            if f.required {
                let m = marker(&f.name);
                quote!(#n: #m)
            } else {
                quote!(#n: None)
            }
        })
        .collect();
    let all_names: Vec<Ident> = b.fields.iter().map(|f| ident(&f.name)).collect();

    let mut req_i = 0;
    let setters: Vec<TokenStream> = b
        .fields
        .iter()
        .map(|f| {
            let n = ident(&f.name);
            let d = doc(&f.doc);
            let (arg_ty, conv) = match f.ty {
                TypeRef::String => (quote!(impl Into<String>), quote!(value.into())),
                TypeRef::Timestamp => (quote!(impl Into<crate::Timestamp>), quote!(value.into())),
                _ => (ty(&f.ty), quote!(value)),
            };
            if f.required {
                let idx = req_i;
                req_i += 1;
                let out_params = params.iter().enumerate().map(|(j, p)| if j == idx { ty(&f.ty) } else { quote!(#p) });
                let others = all_names.iter().filter(|x| **x != n);
                quote! {
                    #d
                    pub fn #n(self, value: #arg_ty) -> #name<#(#out_params),*> {
                        #name { #(#fixed_names: self.#fixed_names,)* #n: #conv, #(#others: self.#others),* }
                    }
                }
            } else {
                quote! {
                    #d
                    pub fn #n(mut self, value: #arg_ty) -> Self {
                        self.#n = Some(#conv);
                        self
                    }
                }
            }
        })
        .collect();

    let struct_doc = &b.doc;
    // No defaults on the parameters: rustc elides defaulted arguments in messages, which
    // would hide exactly the markers that name the missing fields.
    let generics_decl = if params.is_empty() {
        quote!()
    } else {
        quote!(<#(#params),*>)
    };
    let generics_use = if params.is_empty() {
        quote!()
    } else {
        quote!(<#(#params),*>)
    };
    let complete_args: Vec<TokenStream> = required.iter().map(|(_, f)| ty(&f.ty)).collect();
    let complete = if complete_args.is_empty() {
        quote!(#name)
    } else {
        quote!(#name<#(#complete_args),*>)
    };

    let tokens = quote! {
        #(#marker_items)*

        #struct_doc
        #[derive(Clone, Debug)]
        #[must_use = "a builder does nothing until it is finished"]
        pub struct #name #generics_decl {
            #(#fixed_names: #fixed_types,)*
            #(#storage,)*
        }

        impl #name<#(#markers),*> {
            pub(crate) fn new(#(#fixed_names: #fixed_types),*) -> Self {
                #name { #(#fixed_names,)* #(#init,)* }
            }
        }

        impl #generics_use #name #generics_use {
            #(#setters)*
        }
    };
    let any_state = quote!(impl #generics_use #name #generics_use);
    Emitted {
        tokens,
        complete,
        any_state,
    }
}
