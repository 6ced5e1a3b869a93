//! Models and enums: one file per spec group file. Every field is optional in Rust: a
//! server may omit anything, and a request model's required fields are enforced by its
//! builder's type state instead.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::operations::{limit_rows, limits_text};
use super::rust::{self, doc, doc_or, exact_encoding, ident, inner_doc};

/// A type as a models module names it (`super::OrderV3`: every model and enum is
/// re-exported by `models`).
fn ty(t: &TypeRef) -> TokenStream {
    rust::ty_in_models(t, &quote!(super))
}
use crate::ir::*;

pub fn module(api: &Api, m: &ModelModule, source: &str) -> String {
    let header = inner_doc(&format!(
        "Models and enums of the API group \"{}\".",
        m.group
    ));
    let models: Vec<&Model> = m.models.iter().filter_map(|n| api.models.get(n)).collect();
    let limits = models.iter().any(|m| m.limits_const.is_some());
    // The import is needed on the sites of the models with limit tables.
    let limit_sites = models
        .iter()
        .filter(|m| m.limits_const.is_some())
        .fold(SiteSet::default(), |acc, m| acc.union(m.sites));
    let module_sites = module_sites(api, m);
    let uses_cfg = (limit_sites != module_sites && !limit_sites.is_empty())
        .then(|| rust::cfg_sites(api, limit_sites))
        .flatten();
    let uses = limits.then(|| {
        quote!(
            #uses_cfg
            use crate::__private::FieldSpec;
        )
    });
    // A module whose models and enums all serve the same sites is gated as a whole (in
    // `models/mod.rs`); an item serving fewer sites than its module is gated on its own.
    let item_cfg = |sites: SiteSet| {
        (sites != module_sites && !sites.is_empty())
            .then(|| rust::cfg_sites(api, sites))
            .flatten()
    };
    let items = models.iter().map(|m| {
        // A model that travels one way only gets the other direction's impl behind the
        // `serde` feature (see `record!`); one that travels both ways, or neither, gets both.
        let travel = match (m.in_request, m.in_response) {
            (true, false) => quote!(sent),
            (false, true) => quote!(received),
            _ => quote!(),
        };
        rust::gated(model(api, m, travel), item_cfg(m.sites))
    });
    let enums = m
        .enums
        .iter()
        .filter_map(|n| api.enums.get(n))
        .map(|e| rust::gated(enumeration(e), item_cfg(e.sites)));
    let tokens = quote! {
        #header
        #uses
        #(#items)*
        #(#enums)*
    };
    rust::file(source, tokens)
}

/// The sites that reach any model or enum of module `m` (unused ones count as every site).
pub fn module_sites(api: &Api, m: &ModelModule) -> SiteSet {
    let models = m
        .models
        .iter()
        .filter_map(|n| api.models.get(n))
        .map(|x| x.sites);
    let enums = m
        .enums
        .iter()
        .filter_map(|n| api.enums.get(n))
        .map(|x| x.sites);
    models
        .chain(enums)
        .map(|s| {
            if s.is_empty() {
                api.service.all_sites()
            } else {
                s
            }
        })
        .fold(SiteSet::default(), SiteSet::union)
}

fn model(api: &Api, m: &Model, travel: TokenStream) -> TokenStream {
    let name = ident(&m.name);
    let mut struct_doc = m
        .doc
        .clone()
        .unwrap_or_else(|| format!("The `{}` object.", m.name));
    if m.builder.is_some() {
        struct_doc.push_str(&format!(
            "\n\nBuild one with [`{}::builder`]; required fields are checked at compile time.",
            m.name
        ));
    }
    let sdoc = doc(&struct_doc);
    let fields = m.fields.iter().map(|f| {
        let n = ident(&f.rust);
        let t = ty(&f.ty);
        let fdoc = field_doc(api, f);
        quote! {
            #fdoc
            pub #n: Option<#t>,
        }
    });
    // The wire facts serde needs, one entry per field: the JSON key when it differs from
    // the field name, and the exact-decimal encoding where there is one.
    let wire = m.fields.iter().map(|f| {
        let n = ident(&f.rust);
        let key = (f.wire != f.rust).then(|| {
            let w = &f.wire;
            quote!(= #w)
        });
        let encoding = exact_encoding(&f.ty).map(|e| {
            let e = ident(e);
            quote!((#e))
        });
        quote!(#n #key #encoding)
    });
    let limits = m.limits_const.as_ref().map(|c| {
        let c = ident(c);
        let rows = limit_rows(&m.limit_fields);
        let text = format!("The checked limits of [`{}`]'s fields.", m.name);
        quote! {
            #[doc = #text]
            pub(crate) const #c: &[FieldSpec] = &[#(#rows),*];
        }
    });
    let builder = m.builder.as_ref().map(|b| model_builder(m, b));
    quote! {
        #sdoc
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        crate::__private::record!(#travel #name, #(#wire),*);
        #limits
        #builder
    }
}

pub fn field_doc(api: &Api, f: &Field) -> TokenStream {
    let mut text = f.doc.clone().unwrap_or_else(|| format!("`{}`.", f.wire));
    text.push_str(&format!(
        "\n\nJSON key `{}`, {}",
        f.wire,
        rust::describe(api, &f.ty)
    ));
    if f.required {
        text.push_str(", required");
    }
    text.push_str(&limits_text(&f.limits));
    text.push('.');
    doc(&text)
}

/// A nested request model's builder, in a module named after the model: the value being
/// built plus a type state with one parameter per required field.
fn model_builder(m: &Model, b: &ModelBuilder) -> TokenStream {
    let name = ident(&m.name);
    let module = ident(&b.module);
    let gens: Vec<_> = b
        .markers
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, _)| format_ident!("P{}", i))
        .collect();
    let markers: Vec<_> = b.markers.iter().flatten().map(|m| ident(m)).collect();
    let marker_items = b.markers.iter().zip(&b.setters).filter_map(|(mk, s)| {
        let mk = ident(mk.as_ref()?);
        let text = format!("Type-state marker: `{s}` has not been set yet.");
        Some(quote! { #[doc = #text] #[derive(Clone, Copy, Debug)] pub struct #mk; })
    });
    let mut pos = 0;
    let setters = m
        .fields
        .iter()
        .zip(&b.setters)
        .zip(&b.markers)
        .map(|((f, s), mk)| {
            let n = ident(s);
            let field = ident(&f.rust);
            let d = doc(&f
                .doc
                .clone()
                .unwrap_or_else(|| format!("Sets `{}`.", f.wire)));
            let (arg_ty, conv) = match f.ty {
                TypeRef::String => (quote!(impl Into<String>), quote!(value.into())),
                TypeRef::Timestamp => (quote!(impl Into<crate::Timestamp>), quote!(value.into())),
                _ => (ty(&f.ty), quote!(value)),
            };
            if mk.is_none() {
                return quote! {
                    #d
                    pub fn #n(mut self, value: #arg_ty) -> Self {
                        self.0.value.#field = Some(#conv);
                        self
                    }
                };
            }
            let at = pos;
            pos += 1;
            let out = gens
                .iter()
                .enumerate()
                .map(move |(j, g)| if j == at { ty(&f.ty) } else { quote!(#g) });
            quote! {
                #d
                pub fn #n(mut self, value: #arg_ty) -> Builder<#(#out),*> {
                    self.0.value.#field = Some(#conv);
                    Builder(self.0.state())
                }
            }
        });
    let setters: Vec<TokenStream> = setters.collect();
    let complete: Vec<TokenStream> = m
        .fields
        .iter()
        .zip(&b.markers)
        .filter(|(_, mk)| mk.is_some())
        .map(|(f, _)| ty(&f.ty))
        .collect();
    let g = (!gens.is_empty()).then(|| quote!(<#(#gens),*>));
    let initial_outer = (!markers.is_empty()).then(|| quote!(<#(#module::#markers),*>));
    let complete = (!complete.is_empty()).then(|| quote!(<#(#complete),*>));
    let state = quote!((#(#gens,)*));
    let mod_doc = format!("The builder of [`{0}`](super::{0}).", m.name);
    let builder_doc = format!("Starts a builder for `{}`.", m.name);
    let struct_doc = format!("Builder for [`{0}`](super::{0}).", m.name);
    quote! {
        impl #name {
            #[doc = #builder_doc]
            pub fn builder() -> #module::Builder #initial_outer {
                #module::Builder(crate::__private::Building::new())
            }
        }

        #[doc = #mod_doc]
        pub mod #module {
            #(#marker_items)*

            #[doc = #struct_doc]
            #[derive(Clone, Debug)]
            #[must_use = "a builder does nothing until it is finished"]
            pub struct Builder #g (pub(super) crate::__private::Building<super::#name, #state>);

            impl #g Builder #g {
                #(#setters)*
            }

            impl Builder #complete {
                /// Finishes the builder.
                pub fn build(self) -> super::#name {
                    self.0.value
                }
            }
        }
    }
}

fn enumeration(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let edoc = doc_or(e.doc.as_deref(), &format!("The `{}` values.", e.name));
    let variants = e.values.iter().map(|v| {
        let vn = ident(&v.rust);
        let wire = crate::ir::scalar_text(&v.wire);
        let text = match &v.doc {
            Some(d) => format!("`{wire}`: {d}"),
            None => format!("`{wire}`."),
        };
        quote! { #[doc = #text] #vn, }
    });
    let (raw_ty, wire_ty, imp) = match e.repr {
        EnumRepr::String => (
            quote!(String),
            quote!(&'static str),
            quote!(crate::__private::string_enum!(#name);),
        ),
        EnumRepr::I32 => (
            quote!(i32),
            quote!(i32),
            quote!(crate::__private::int_enum!(#name, i32);),
        ),
        EnumRepr::I64 => (
            quote!(i64),
            quote!(i64),
            quote!(crate::__private::int_enum!(#name, i64);),
        ),
    };
    let values = e.values.iter().map(|v| {
        let vn = ident(&v.rust);
        let w = match (&v.wire, e.repr) {
            (serde_json::Value::String(s), _) => quote!(#s),
            (other, EnumRepr::I32) => {
                let x = proc_macro2::Literal::i32_unsuffixed(
                    other
                        .as_i64()
                        .and_then(|x| i32::try_from(x).ok())
                        .unwrap_or_default(),
                );
                quote!(#x)
            }
            (other, _) => {
                let x = proc_macro2::Literal::i64_unsuffixed(other.as_i64().unwrap_or_default());
                quote!(#x)
            }
        };
        quote!((#w, Self::#vn))
    });
    quote! {
        #edoc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value the API reference does not list, kept as sent.
            Unknown(#raw_ty),
        }

        impl crate::__private::WireEnum for #name {
            type Wire = #wire_ty;
            const VALUES: &'static [(#wire_ty, Self)] = &[#(#values),*];
        }
        #imp
    }
}
