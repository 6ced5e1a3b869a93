//! One module per operation: its static spec, request builder, error enum and paginator.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::builder::{self, BuilderField};
use super::models::{limits_text, value_check};
use super::rust::{self, cell, doc, ident, inner_doc, opt_i64, opt_str, opt_u64, ty};
use crate::ir::*;
use crate::names;

/// Builder methods that body fields and parameters must not shadow.
const RESERVED: &[&str] = &["send", "options", "into_paginator", "new", "client"];

/// One builder input: a parameter or a (flattened) top-level body field.
pub(super) struct Input<'a> {
    pub setter: String,
    pub ty: &'a TypeRef,
    pub required: bool,
    pub wire: &'a str,
    limits: &'a Limits,
    pub source: InputSource<'a>,
}

pub(super) enum InputSource<'a> {
    Param(&'a Param),
    Body(&'a Field),
}

pub(super) fn inputs<'a>(api: &'a Api, op: &'a Operation) -> Vec<Input<'a>> {
    let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    for p in op.params.iter().filter(|p| !p.from_domain_id) {
        out.push(Input {
            setter: names::unique(p.rust.clone(), &mut taken),
            ty: &p.ty,
            required: p.required,
            wire: &p.wire,
            limits: &p.limits,
            source: InputSource::Param(p),
        });
    }
    if let Some(body) = op.body.as_ref().and_then(|b| api.models.get(b)) {
        for f in &body.fields {
            out.push(Input {
                setter: names::unique(f.rust.clone(), &mut taken),
                ty: &f.ty,
                required: f.required,
                wire: &f.wire,
                limits: &f.limits,
                source: InputSource::Body(f),
            });
        }
    }
    out
}

pub fn error_name(op: &Operation) -> String {
    format!("{}Error", op.id)
}

pub fn builder_name(op: &Operation) -> String {
    format!("{}Request", op.id)
}

/// The client method's return type: the builder with every required field still missing.
pub fn initial_type(api: &Api, op: &Operation) -> TokenStream {
    let module = ident(&op.snake);
    let name = ident(&builder_name(op));
    let markers: Vec<_> = inputs(api, op)
        .iter()
        .filter(|i| i.required)
        .map(|i| builder::marker(&i.setter))
        .collect();
    if markers.is_empty() {
        quote!(crate::operations::#module::#name)
    } else {
        quote!(crate::operations::#module::#name<#(crate::operations::#module::#markers),*>)
    }
}

pub fn output_type(op: &Operation) -> TokenStream {
    match &op.response.body {
        Some(m) => ty(&TypeRef::Model(m.clone())),
        None => quote!(()),
    }
}

pub fn module(api: &Api, op: &Operation, source: &str) -> String {
    let inputs = inputs(api, op);
    let spec = spec_static(api, op);
    let err = error_enum(op);
    let builder_ident = ident(&builder_name(op));
    let fields: Vec<BuilderField> = inputs
        .iter()
        .map(|i| BuilderField {
            name: i.setter.clone(),
            ty: i.ty.clone(),
            required: i.required,
            doc: input_doc(api, i),
        })
        .collect();
    let b = builder::emit(&builder::Builder {
        name: builder_ident.clone(),
        doc: doc(&format!(
            "Request builder for `{}`, started by [`Client::{}`](crate::Client::{}).",
            op.id, op.snake, op.snake
        )),
        fixed: vec![
            (ident("client"), quote!(crate::Client)),
            (ident("options"), quote!(crate::CallOptions)),
        ],
        fields: &fields,
    });
    let builder_tokens = &b.tokens;
    let complete = &b.complete;
    let any_state = &b.any_state;
    let send = send_fn(api, op, &inputs);
    let paginator = paginator(api, op, &inputs, complete);
    let mod_doc = inner_doc(&format!("`{}`: {}", op.id, op.summary));
    let tokens = quote! {
        #mod_doc

        #spec

        #builder_tokens

        #any_state {
            /// Overrides the client's retry and timeout settings for this call only.
            pub fn options(mut self, options: crate::CallOptions) -> Self {
                self.options = options;
                self
            }
        }

        impl #complete {
            #send
        }

        #paginator

        #err
    };
    rust::file(source, tokens)
}

fn input_doc(api: &Api, i: &Input) -> String {
    let (doc, location) = match &i.source {
        InputSource::Param(p) => (
            p.doc.clone(),
            match p.location {
                ParamIn::Path => "path parameter",
                ParamIn::Query => "query parameter",
                ParamIn::Header => "header",
            },
        ),
        InputSource::Body(f) => (f.doc.clone(), "body field"),
    };
    let mut text = doc.unwrap_or_else(|| format!("Sets `{}`.", i.wire));
    text.push_str(&format!(
        "\n\n{location} `{}`, {}",
        i.wire,
        rust::describe(api, i.ty)
    ));
    if i.required {
        text.push_str(", required");
    }
    text.push_str(&limits_text(i.limits));
    text.push('.');
    text
}

fn send_fn(api: &Api, op: &Operation, inputs: &[Input]) -> TokenStream {
    let output = output_type(op);
    let error = ident(&error_name(op));
    let mut stmts = Vec::new();
    for p in op.params.iter().filter(|p| p.from_domain_id) {
        let w = &p.wire;
        stmts.push(quote!(req.path_from_domain_id(#w);));
    }
    for i in inputs {
        let InputSource::Param(p) = i.source else {
            continue;
        };
        let n = ident(&i.setter);
        let w = &p.wire;
        let value = if i.required {
            quote!(Some(&self.#n))
        } else {
            quote!(self.#n.as_ref())
        };
        if let Some(check) = value_check(i.ty, i.limits) {
            stmts.push(quote! {
                if let Some(v) = #value { let c = req.checks(); let name = #w; #check }
            });
        }
        stmts.push(match p.location {
            ParamIn::Path => quote!(req.path(#w, #value);),
            ParamIn::Query => quote!(req.query(#w, #value);),
            ParamIn::Header => quote!(req.header(#w, #value);),
        });
    }
    if let Some(model) = op.body.as_ref().and_then(|b| api.models.get(b)) {
        let mname = ident(&model.name);
        let assign = inputs.iter().filter_map(|i| match i.source {
            InputSource::Body(f) => {
                let field = ident(&f.rust);
                let setter = ident(&i.setter);
                Some(quote!(#field: self.#setter))
            }
            InputSource::Param(_) => None,
        });
        stmts.push(quote! {
            let body = crate::models::#mname { #(#assign),* };
            body.check(req.checks(), "");
            req.json(&body);
        });
    }
    let call = if op.response.body.is_some() {
        quote!(self.client.send_json::<#output, #error>(req, &self.options).await)
    } else {
        quote!(self.client.send_empty::<#error>(req, &self.options).await)
    };
    let finish = match (&op.response.embedded, &op.response.body) {
        (Embedded::Items { rust: field, .. }, Some(m)) => {
            let f = ident(field);
            let optional = field_optional(api, m, field);
            let failed = if optional {
                quote!(out.#f.as_ref().is_some_and(|v| !v.is_empty()))
            } else {
                quote!(!out.#f.is_empty())
            };
            quote! {
                let out = #call?;
                if #failed {
                    return Err(crate::SdkError::Service(#error::PartialFailure(Box::new(out))));
                }
                Ok(out)
            }
        }
        _ => call,
    };
    let send_doc = format!(
        "Sends the request. Limits are checked first; see [`Client::{}`](crate::Client::{}) for the errors.",
        op.snake, op.snake
    );
    quote! {
        #[doc = #send_doc]
        pub async fn send(self) -> Result<#output, crate::SdkError<#error>> {
            #[allow(unused_mut)]
            let mut req = crate::runtime::Request::new(&SPEC);
            #(#stmts)*
            #finish
        }
    }
}

/// Whether a model field is stored as `Option` (every field except required ones of
/// request models).
fn field_optional(api: &Api, model: &str, rust_field: &str) -> bool {
    api.models
        .get(model)
        .and_then(|m| {
            m.fields
                .iter()
                .find(|f| f.rust == rust_field)
                .map(|f| !(m.in_request && f.required))
        })
        .unwrap_or(true)
}

fn paginator(api: &Api, op: &Operation, inputs: &[Input], complete: &TokenStream) -> TokenStream {
    let (Some(p), Some(resp)) = (
        &op.pagination,
        op.response.body.as_ref().and_then(|b| api.models.get(b)),
    ) else {
        return quote!();
    };
    let find_input = |wire: &str| inputs.iter().find(|i| i.wire == wire);
    let (Some(cur), Some(lim)) = (find_input(&p.offset), find_input(&p.limit)) else {
        return quote!();
    };
    let Some(items) = resp.fields.iter().find(|f| f.wire == p.items) else {
        return quote!();
    };
    let TypeRef::List(item_ty) = &items.ty else {
        return quote!();
    };
    let item = ty(item_ty);
    let output = output_type(op);
    let error = ident(&error_name(op));
    let wrap = |i: &Input, v: TokenStream| if i.required { v } else { quote!(Some(#v)) };
    let to_int = |i: &Input, v: TokenStream| match i.ty {
        TypeRef::I32 => quote!(i32::try_from(#v).unwrap_or(i32::MAX)),
        _ => quote!(#v),
    };
    let cur_n = ident(&cur.setter);
    let lim_n = ident(&lim.setter);
    let set_cursor = match p.style {
        PageStyle::Marker if cur.required => {
            quote!(page.#cur_n = cursor.into_marker().unwrap_or_default();)
        }
        PageStyle::Marker => quote!(page.#cur_n = cursor.into_marker();),
        _ => {
            let v = wrap(cur, to_int(cur, quote!(cursor.offset())));
            quote!(page.#cur_n = #v;)
        }
    };
    let set_lim = wrap(lim, to_int(lim, quote!(limit)));
    let current_limit = if lim.required {
        quote!(i64::from(self.#lim_n))
    } else {
        let d = i64::from(p.default_limit);
        quote!(self.#lim_n.map(i64::from).unwrap_or(#d))
    };
    let items_n = ident(&items.rust);
    let items_opt = field_optional(api, &resp.name, &items.rust);
    let count = if items_opt {
        quote!(out.#items_n.as_ref().map_or(0, Vec::len))
    } else {
        quote!(out.#items_n.len())
    };
    let total = match p
        .total
        .as_ref()
        .and_then(|t| resp.fields.iter().find(|f| &f.wire == t))
    {
        Some(f) => {
            let n = ident(&f.rust);
            if field_optional(api, &resp.name, &f.rust) {
                quote!(out.#n.map(i64::from))
            } else {
                quote!(Some(i64::from(out.#n)))
            }
        }
        None => quote!(None),
    };
    let next_marker = next_marker_access(api, resp, &p.next_marker);
    let take = if items_opt {
        quote!(out.#items_n.unwrap_or_default())
    } else {
        quote!(out.#items_n)
    };
    let pdoc = match p.style {
        PageStyle::Marker => format!(
            "Pages through every result: `{}` carries the marker from the previous page's `{}`, `{}` the page size (default {}, at most {}), `{}` holds the items. Stops when no next marker comes back.",
            p.offset,
            p.next_marker.join("."),
            p.limit,
            p.default_limit,
            p.max_limit,
            p.items
        ),
        style => format!(
            "Pages through every result: `{}` is the {} (first value {}), `{}` the page size (default {}, at most {}), `{}` the total and `{}` the items. Stops after the last page.",
            p.offset,
            if style == PageStyle::Page { "page number" } else { "record offset" },
            p.first,
            p.limit,
            p.default_limit,
            p.max_limit,
            p.total.as_deref().unwrap_or("-"),
            p.items
        ),
    };
    quote! {
        impl #complete {
            #[doc = #pdoc]
            pub fn into_paginator(self) -> crate::Paginator<#output, #item, #error> {
                let page_size = #current_limit;
                crate::Paginator::new(
                    SPEC.pagination.as_ref().map(|p| (p.style, p.first)).unwrap_or((crate::runtime::spec::PageStyle::Offset, 0)),
                    page_size,
                    move |cursor: crate::runtime::Cursor, limit: i64| {
                        let mut page = self.clone();
                        #set_cursor
                        page.#lim_n = #set_lim;
                        Box::pin(page.send())
                    },
                    |out: &#output| crate::runtime::PageInfo { count: #count, total: #total, next_marker: #next_marker },
                    |out: #output| #take,
                )
            }
        }
    }
}

/// `Option<String>` of the next marker, following `path` through nested response fields.
fn next_marker_access(api: &Api, resp: &Model, path: &[String]) -> TokenStream {
    if path.is_empty() {
        return quote!(None);
    }
    let mut model = Some(resp);
    let mut expr = quote!(Some(out));
    for seg in path {
        let Some(f) = model.and_then(|m| m.fields.iter().find(|f| &f.wire == seg)) else {
            return quote!(None);
        };
        let n = ident(&f.rust);
        let optional = model.is_some_and(|m| field_optional(api, &m.name, &f.rust));
        expr = if optional {
            quote!(#expr.and_then(|x| x.#n.as_ref()))
        } else {
            quote!(#expr.map(|x| &x.#n))
        };
        model = match &f.ty {
            TypeRef::Model(next) => api.models.get(next),
            _ => None,
        };
    }
    quote!(#expr.cloned())
}

fn error_enum(op: &Operation) -> TokenStream {
    let name = ident(&error_name(op));
    let variants = op.errors.iter().map(|e| {
        let v = ident(&e.variant);
        let text = format!("`{}` (HTTP {}): {}", e.code, e.status, e.meaning);
        quote! { #[doc = #text] #v(crate::ErrorMeta), }
    });
    let codes: Vec<&str> = op.errors.iter().map(|e| e.code.as_str()).collect();
    let vnames: Vec<_> = op.errors.iter().map(|e| ident(&e.variant)).collect();
    let partial = match (&op.response.embedded, &op.response.body) {
        (Embedded::Items { wire, .. }, Some(m)) => {
            let out = ty(&TypeRef::Model(m.clone()));
            let text = format!(
                "The call succeeded for some items and failed for others: `{wire}` in the response lists the failures. The whole response is kept."
            );
            Some((
                quote! { #[doc = #text] PartialFailure(Box<#out>), },
                m.clone(),
            ))
        }
        _ => None,
    };
    let partial_variant = partial.as_ref().map(|p| p.0.clone());
    let partial_meta = partial
        .as_ref()
        .map(|_| quote!(Self::PartialFailure(_) => None,));
    let partial_display = partial.as_ref().map(|(_, _)| {
        let text = format!("{}: partial failure, see the per-item errors", op.id);
        quote!(Self::PartialFailure(_) => f.write_str(#text),)
    });
    let edoc = format!(
        "Errors `{}` documents, one variant per code, plus [`Unhandled`]({}::Unhandled) for any other code.",
        op.id,
        error_name(op)
    );
    quote! {
        #[doc = #edoc]
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #partial_variant
            /// An error code this operation's table does not list (code, message, status and request id are kept).
            Unhandled(crate::ErrorMeta),
        }

        impl From<crate::ErrorMeta> for #name {
            fn from(meta: crate::ErrorMeta) -> Self {
                match meta.code() {
                    #( Some(#codes) => Self::#vnames(meta), )*
                    _ => Self::Unhandled(meta),
                }
            }
        }

        impl crate::runtime::ServiceError for #name {
            fn meta(&self) -> Option<&crate::ErrorMeta> {
                match self {
                    #( Self::#vnames(m) )|* | Self::Unhandled(m) => Some(m),
                    #partial_meta
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #( Self::#vnames(m) )|* | Self::Unhandled(m) => std::fmt::Display::fmt(m, f),
                    #partial_display
                }
            }
        }

        impl std::error::Error for #name {}
    }
}

fn spec_static(api: &Api, op: &Operation) -> TokenStream {
    let id = &op.id;
    let method = &op.method;
    let path = &op.path;
    let retry = match op.retry {
        RetryClass::ReadOnly => quote!(ReadOnly),
        RetryClass::Idempotent => quote!(Idempotent),
        RetryClass::Unsafe => quote!(Unsafe),
    };
    let status = op.response.status;
    let embedded = match &op.response.embedded {
        Embedded::None => quote!(None),
        Embedded::TopLevel => quote!(TopLevel),
        Embedded::Items { wire, .. } => quote!(Items(#wire)),
    };
    let params = op.params.iter().map(|p| {
        let name = &p.wire;
        let loc = match p.location {
            ParamIn::Path => quote!(Path),
            ParamIn::Query => quote!(Query),
            ParamIn::Header => quote!(Header),
        };
        let required = p.required;
        let dom = p.from_domain_id;
        let maxl = opt_u64(p.limits.max_length);
        let minl = opt_u64(p.limits.min_length);
        let min = opt_i64(p.limits.minimum);
        let max = opt_i64(p.limits.maximum);
        quote! {
            ParamSpec { name: #name, location: ParamIn::#loc, required: #required, from_domain_id: #dom,
                min_length: #minl, max_length: #maxl, minimum: #min, maximum: #max }
        }
    });
    let body_required: Vec<&str> = op
        .body
        .as_ref()
        .and_then(|b| api.models.get(b))
        .map(|m| {
            m.fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.wire.as_str())
                .collect()
        })
        .unwrap_or_default();
    let has_body = op.body.is_some();
    let errors = op.errors.iter().map(|e| {
        let (s, c, m) = (e.status, &e.code, &e.meaning);
        quote!(ErrorSpec { status: #s, code: #c, meaning: #m })
    });
    let examples = op.examples.iter().map(|e| {
        let title = &e.title;
        let pk = e.path.keys();
        let pv = e.path.values();
        let qk = e.query.keys();
        let qv = e.query.values().map(crate::validate::scalar_text);
        let request = opt_str(
            e.request
                .as_ref()
                .filter(|v| !v.is_null())
                .map(|v| v.to_string())
                .as_deref(),
        );
        let response = opt_str(e.response.as_ref().map(|v| v.to_string()).as_deref());
        let status = e.status;
        quote! {
            ExampleSpec { title: #title, path: &[#((#pk, #pv)),*], query: &[#((#qk, #qv)),*],
                request: #request, status: #status, response: #response }
        }
    });
    let pagination = match &op.pagination {
        Some(p) => {
            let style = match p.style {
                PageStyle::Offset => quote!(Offset),
                PageStyle::Page => quote!(Page),
                PageStyle::Marker => quote!(Marker),
            };
            let (o, l, f, d, m, i) = (
                &p.offset,
                &p.limit,
                p.first,
                p.default_limit,
                p.max_limit,
                &p.items,
            );
            let t = opt_str(p.total.as_deref());
            let nm = &p.next_marker;
            quote! {
                Some(PaginationSpec { style: PageStyle::#style, offset: #o, limit: #l, first: #f,
                    default_limit: #d, max_limit: #m, total: #t, next_marker: &[#(#nm),*], items: #i })
            }
        }
        None => quote!(None),
    };
    let deprecated = op.deprecated.is_some();
    quote! {
        use crate::runtime::spec::*;

        /// What the spec says about this operation. It drives the runtime (method, path,
        /// retry class) and the fake BSS server (parameters, errors, examples).
        pub static SPEC: OperationSpec = OperationSpec {
            id: #id,
            method: #method,
            path: #path,
            retry: RetryClass::#retry,
            success_status: #status,
            embedded_errors: EmbeddedErrors::#embedded,
            params: &[#(#params),*],
            has_body: #has_body,
            body_required: &[#(#body_required),*],
            errors: &[#(#errors),*],
            examples: &[#(#examples),*],
            pagination: #pagination,
            deprecated: #deprecated,
        };
    }
}

/// The full rustdoc of an operation's client method.
pub fn method_doc(api: &Api, op: &Operation) -> String {
    let mut s = format!("{}\n", op.summary);
    if let Some(d) = &op.description {
        s.push_str(&format!("\n{d}\n"));
    }
    if let Some(dep) = &op.deprecated {
        s.push_str("\n**Deprecated.**");
        if let Some(to) = &dep.replaced_by {
            s.push_str(&format!(
                " Use [`{}`](crate::Client::{}) instead.",
                to,
                names::snake(to)
            ));
        }
        if let Some(n) = &dep.note {
            s.push_str(&format!(" {n}"));
        }
        s.push('\n');
    }
    s.push_str(&format!(
        "\n- Request: `{} {}`\n- Caller: {}\n- Retry class: {}\n- API Explorer group: {}\n",
        op.method,
        op.path,
        op.caller.as_str(),
        op.retry.as_str(),
        op.group
    ));
    if let Some(url) = &op.doc_url {
        s.push_str(&format!("- Reference: <{url}>\n"));
    }
    let inputs = inputs(api, op);
    if !inputs.is_empty() {
        s.push_str("\n# Parameters\n\n| Setter | Sent as | Type | Required | Limits | Meaning |\n|---|---|---|---|---|---|\n");
        for i in &inputs {
            let (sent, d) = match &i.source {
                InputSource::Param(p) => (
                    format!(
                        "{} `{}`",
                        match p.location {
                            ParamIn::Path => "path",
                            ParamIn::Query => "query",
                            ParamIn::Header => "header",
                        },
                        p.wire
                    ),
                    p.doc.clone(),
                ),
                InputSource::Body(f) => (format!("body `{}`", f.wire), f.doc.clone()),
            };
            let limits = limits_text(i.limits);
            s.push_str(&format!(
                "| `{}` | {} | {} | {} | {} | {} |\n",
                i.setter,
                sent,
                cell(&rust::describe(api, i.ty)),
                if i.required { "yes" } else { "no" },
                cell(limits.trim_start_matches(", ")),
                cell(d.as_deref().unwrap_or(""))
            ));
        }
    }
    s.push_str(&format!(
        "\n# Errors\n\nReturned as [`{}`](crate::operations::{}::{}) inside [`SdkError::Service`](crate::SdkError::Service).\n\n| HTTP | Code | Meaning |\n|---|---|---|\n",
        error_name(op),
        op.snake,
        error_name(op)
    ));
    for e in &op.errors {
        s.push_str(&format!(
            "| {} | `{}` | {} |\n",
            e.status,
            e.code,
            cell(&e.meaning)
        ));
    }
    if let Some(ex) = op.examples.first() {
        s.push_str(&format!("\n# Example: {}\n", ex.title));
        if let Some(r) = &ex.request {
            s.push_str(&format!("\nRequest body:\n\n```json\n{}\n```\n", pretty(r)));
        }
        match &ex.response {
            Some(r) => s.push_str(&format!(
                "\nResponse (HTTP {}):\n\n```json\n{}\n```\n",
                ex.status,
                pretty(r)
            )),
            None if ex.status == 204 => {
                s.push_str(&format!("\nResponse: HTTP {} with no body.\n", ex.status))
            }
            // A request-only example: the page's response body is not part of it.
            None => s.push_str(&format!(
                "\nResponse: HTTP {}; the example documents the request only.\n",
                ex.status
            )),
        }
    }
    s
}

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
}
