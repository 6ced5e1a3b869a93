//! Models and enums: one file per spec group file.

use proc_macro2::TokenStream;
use quote::quote;

use super::builder::{self, BuilderField};
use super::rust::{self, decimal_with, doc, doc_or, ident, inner_doc, ty};
use crate::ir::*;
use crate::names;

pub fn module(api: &Api, m: &ModelModule, source: &str) -> String {
    let header = inner_doc(&format!(
        "Models and enums of the API group \"{}\".",
        m.group
    ));
    let models = m.models.iter().map(|n| model(api, &api.models[n]));
    let enums = m.enums.iter().map(|n| enumeration(&api.enums[n]));
    let tokens = quote! {
        #header
        use serde::{Deserialize, Serialize};
        #(#models)*
        #(#enums)*
    };
    rust::file(source, tokens)
}

fn model(api: &Api, m: &Model) -> TokenStream {
    let name = ident(&m.name);
    let mut struct_doc = m
        .doc
        .clone()
        .unwrap_or_else(|| format!("The `{}` object.", m.name));
    if m.in_request {
        struct_doc.push_str(&format!(
            "\n\nBuild one with [`{}::builder`]; required fields are checked at compile time.",
            m.name
        ));
    }
    let sdoc = doc(&struct_doc);
    let fields = m.fields.iter().map(|f| {
        let optional = !(m.in_request && f.required);
        let n = ident(&f.rust);
        let wire = &f.wire;
        let t = ty(&f.ty);
        let full_ty = if optional { quote!(Option<#t>) } else { t };
        let fdoc = field_doc(api, f);
        let mut attrs = vec![quote!(rename = #wire)];
        if optional {
            attrs.push(quote!(default));
            attrs.push(quote!(skip_serializing_if = "Option::is_none"));
        }
        if let Some(w) = decimal_with(&f.ty, optional) {
            attrs.push(quote!(with = #w));
        }
        quote! {
            #fdoc
            #[serde(#(#attrs),*)]
            pub #n: #full_ty,
        }
    });
    let builder_items = if m.in_request {
        request_model_extras(api, m)
    } else {
        quote!()
    };
    quote! {
        #sdoc
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #builder_items
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

pub fn limits_text(l: &Limits) -> String {
    let mut parts = Vec::new();
    if let Some(x) = l.min_length {
        parts.push(format!("at least {x} characters"));
    }
    if let Some(x) = l.max_length {
        parts.push(format!("at most {x} characters"));
    }
    if let Some(x) = l.minimum {
        parts.push(format!("minimum {x}"));
    }
    if let Some(x) = l.maximum {
        parts.push(format!("maximum {x}"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(", {}", parts.join(", "))
    }
}

/// A request model's builder (in a submodule named after the model) and its limit checks.
fn request_model_extras(api: &Api, m: &Model) -> TokenStream {
    let name = ident(&m.name);
    let module = ident(&names::snake(&m.name));
    // Setters share the builder's namespace with `new` and `build`.
    let mut taken: std::collections::BTreeSet<String> =
        ["new", "build"].iter().map(|s| s.to_string()).collect();
    let setters: Vec<String> = m
        .fields
        .iter()
        .map(|f| names::unique(f.rust.clone(), &mut taken))
        .collect();
    let fields: Vec<BuilderField> = m
        .fields
        .iter()
        .zip(&setters)
        .map(|(f, setter)| BuilderField {
            name: setter.clone(),
            ty: f.ty.clone(),
            required: f.required,
            doc: f
                .doc
                .clone()
                .unwrap_or_else(|| format!("Sets `{}`.", f.wire)),
        })
        .collect();
    let b = builder::emit(&builder::Builder {
        name: ident("Builder"),
        doc: doc(&format!("Builder for [`{0}`](super::{0}).", m.name)),
        fixed: vec![],
        fields: &fields,
    });
    let tokens = b.tokens;
    let complete = b.complete;
    let markers: Vec<_> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| builder::marker(&f.name))
        .collect();
    let initial = if markers.is_empty() {
        quote!(Builder)
    } else {
        quote!(Builder<#(#module::#markers),*>)
    };
    let assign = m.fields.iter().zip(&setters).map(|(f, setter)| {
        let n = ident(&f.rust);
        let s = ident(setter);
        quote!(#n: self.#s)
    });
    let checks = m.fields.iter().map(|f| check_field(api, f, !f.required));
    let mod_doc = format!("The builder of [`{0}`](super::{0}).", m.name);
    let builder_doc = format!("Starts a builder for `{}`.", m.name);
    let complete_in_mod = quote!(#complete);
    quote! {
        impl #name {
            #[doc = #builder_doc]
            pub fn builder() -> #module::#initial {
                #module::Builder::new()
            }

            pub(crate) fn check(&self, c: &mut crate::runtime::Checks, path: &str) {
                let _ = (&c, path);
                #(#checks)*
            }
        }

        #[doc = #mod_doc]
        pub mod #module {
            #tokens

            impl #complete_in_mod {
                /// Finishes the builder.
                pub fn build(self) -> super::#name {
                    super::#name { #(#assign),* }
                }
            }
        }
    }
}

/// Limit checks for one model field (and recursion into nested request models).
fn check_field(api: &Api, f: &Field, optional: bool) -> TokenStream {
    let n = ident(&f.rust);
    let wire = &f.wire;
    let access = if optional {
        quote!(self.#n.as_ref())
    } else {
        quote!(Some(&self.#n))
    };
    let mut out = TokenStream::new();
    if let Some(check) = value_check(&f.ty, &f.limits) {
        out.extend(quote! {
            if let Some(v) = #access { let name = c.join(path, #wire); #check }
        });
    }
    match &f.ty {
        TypeRef::Model(m) if api.models.get(m).is_some_and(|m| m.in_request) => {
            out.extend(quote! {
                if let Some(v) = #access { v.check(c, &c.join(path, #wire)); }
            })
        }
        TypeRef::List(inner) => {
            if let TypeRef::Model(m) = &**inner {
                if api.models.get(m).is_some_and(|m| m.in_request) {
                    out.extend(quote! {
                        if let Some(v) = #access {
                            for (i, item) in v.iter().enumerate() {
                                item.check(c, &format!("{}[{}]", c.join(path, #wire), i));
                            }
                        }
                    });
                }
            }
        }
        _ => {}
    }
    out
}

/// A check of `v` (a reference) against the limits, reporting under `name`.
pub fn value_check(t: &TypeRef, l: &Limits) -> Option<TokenStream> {
    if l.is_empty() {
        return None;
    }
    let min_len = rust::opt_u64(l.min_length);
    let max_len = rust::opt_u64(l.max_length);
    let min = rust::opt_i64(l.minimum);
    let max = rust::opt_i64(l.maximum);
    match t {
        TypeRef::String => Some(quote!(c.length(&name, v, #min_len, #max_len);)),
        TypeRef::Timestamp => Some(quote!(c.length(&name, v.as_str(), #min_len, #max_len);)),
        TypeRef::I32 | TypeRef::I64 => Some(quote!(c.range(&name, i64::from(*v), #min, #max);)),
        _ => None,
    }
}

fn enumeration(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let edoc = doc_or(e.doc.as_deref(), &format!("The `{}` values.", e.name));
    let variants = e.values.iter().map(|v| {
        let vn = ident(&v.rust);
        let wire = crate::validate::scalar_text(&v.wire);
        let text = match &v.doc {
            Some(d) => format!("`{wire}`: {d}"),
            None => format!("`{wire}`."),
        };
        quote! { #[doc = #text] #vn, }
    });
    let (raw_ty, unknown_doc) = match e.repr {
        EnumRepr::String => (
            quote!(String),
            "A value the API reference does not list, kept as sent.",
        ),
        EnumRepr::I32 => (
            quote!(i32),
            "A value the API reference does not list, kept as sent.",
        ),
        EnumRepr::I64 => (
            quote!(i64),
            "A value the API reference does not list, kept as sent.",
        ),
    };
    let names: Vec<_> = e.values.iter().map(|v| ident(&v.rust)).collect();
    let body = match e.repr {
        EnumRepr::String => {
            let wires: Vec<String> = e
                .values
                .iter()
                .map(|v| crate::validate::scalar_text(&v.wire))
                .collect();
            quote! {
                impl #name {
                    /// The value as sent on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #( Self::#names => #wires, )*
                            Self::Unknown(v) => v,
                        }
                    }
                }
                impl From<&str> for #name {
                    fn from(v: &str) -> Self {
                        match v {
                            #( #wires => Self::#names, )*
                            other => Self::Unknown(other.to_string()),
                        }
                    }
                }
                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
                impl Serialize for #name {
                    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                        s.serialize_str(self.as_str())
                    }
                }
                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                        crate::runtime::wire::string_enum(d).map(|s| Self::from(s.as_str()))
                    }
                }
                impl crate::runtime::ParamValue for #name {
                    fn push_values(&self, out: &mut Vec<String>) {
                        out.push(self.as_str().to_string());
                    }
                }
            }
        }
        EnumRepr::I32 | EnumRepr::I64 => {
            let wires: Vec<TokenStream> = e
                .values
                .iter()
                .map(|v| {
                    let x = v.wire.as_i64().unwrap_or_default();
                    if e.repr == EnumRepr::I32 {
                        let x = x as i32;
                        quote!(#x)
                    } else {
                        quote!(#x)
                    }
                })
                .collect();
            quote! {
                impl #name {
                    /// The value as sent on the wire.
                    pub fn value(&self) -> #raw_ty {
                        match self {
                            #( Self::#names => #wires, )*
                            Self::Unknown(v) => *v,
                        }
                    }
                }
                impl From<#raw_ty> for #name {
                    fn from(v: #raw_ty) -> Self {
                        match v {
                            #( #wires => Self::#names, )*
                            other => Self::Unknown(other),
                        }
                    }
                }
                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(f, "{}", self.value())
                    }
                }
                impl Serialize for #name {
                    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                        self.value().serialize(s)
                    }
                }
                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                        crate::runtime::wire::int_enum(d).and_then(|v| {
                            #raw_ty::try_from(v).map(Self::from).map_err(serde::de::Error::custom)
                        })
                    }
                }
                impl crate::runtime::ParamValue for #name {
                    fn push_values(&self, out: &mut Vec<String>) {
                        out.push(self.value().to_string());
                    }
                }
            }
        }
    };
    quote! {
        #edoc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[doc = #unknown_doc]
            Unknown(#raw_ty),
        }
        #body
    }
}
