//! One module per operation: its spec table, client method, request builder, paginator
//! and error kind. Every name comes resolved from the IR.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{self, cell, doc, ident, inner_doc, opt_i64, opt_u64};
use crate::ir::*;

/// A type as an operation module names it (`models::CustomerOrderV2`).
fn ty(t: &TypeRef) -> TokenStream {
    rust::ty_in_models(t, &quote!(models))
}

/// Whether the module names any model or enum (and so imports `crate::models`).
fn uses_models(op: &Operation) -> bool {
    fn named(t: &TypeRef) -> bool {
        match t {
            TypeRef::Model(_) | TypeRef::Enum(_) => true,
            TypeRef::List(i) | TypeRef::Map(i) => named(i),
            _ => false,
        }
    }
    op.body.is_some()
        || op.response.body.is_some()
        || op
            .inputs
            .iter()
            .any(|i| matches!(i.from, InputFrom::Param(_)) && named(&i.ty))
        || op.pagination.as_ref().is_some_and(|p| named(&p.item_ty))
}

pub fn output_type(op: &Operation) -> TokenStream {
    match &op.response.body {
        Some(m) => ty(&TypeRef::Model(m.clone())),
        None => quote!(()),
    }
}

/// Whether some input is taken by fewer sites than the operation's: then the builder
/// carries its site as a first type parameter, so those setters exist only there.
fn site_bound(op: &Operation) -> bool {
    op.inputs.iter().any(|i| i.sites != op.sites)
}

/// The builder's type on `site` (used only by a site-bound builder) with the given state
/// per required input.
fn builder_type(
    op: &Operation,
    site: &TokenStream,
    state: impl Iterator<Item = TokenStream>,
) -> TokenStream {
    let b = ident(&op.names.builder);
    let site = site_bound(op).then_some(site);
    let state: Vec<TokenStream> = site.cloned().into_iter().chain(state).collect();
    if state.is_empty() {
        quote!(#b)
    } else {
        quote!(#b<#(#state),*>)
    }
}

/// `S`, the site type parameter of a site-bound builder.
fn site_param() -> TokenStream {
    quote!(S)
}

/// The required inputs (those with a type-state marker) and their markers.
fn required(op: &Operation) -> impl Iterator<Item = (&Input, &str)> {
    op.inputs
        .iter()
        .filter_map(|i| i.marker.as_deref().map(|m| (i, m)))
}

fn complete(op: &Operation) -> TokenStream {
    builder_type(op, &site_param(), required(op).map(|(i, _)| ty(&i.ty)))
}

/// One type parameter per required input.
fn generics(op: &Operation) -> Vec<proc_macro2::Ident> {
    (0..required(op).count())
        .map(|i| format_ident!("P{}", i))
        .collect()
}

/// The generics an `impl` of the builder declares: the site's (if site-bound) and `rest`.
fn impl_generics(op: &Operation, rest: &[proc_macro2::Ident]) -> Option<TokenStream> {
    match (site_bound(op), rest.is_empty()) {
        (true, _) => Some(quote!(<S: crate::Site, #(#rest),*>)),
        (false, true) => None,
        (false, false) => Some(quote!(<#(#rest),*>)),
    }
}

pub fn module(api: &Api, op: &Operation, source: &str) -> String {
    let mod_doc = inner_doc(&format!("`{}`: {}", op.id, op.summary));
    let spec = spec_static(api, op);
    let method = client_method(api, op);
    let builder = builder(api, op);
    let send = send_fn(op);
    let paginator = paginator(op);
    let complete = complete(op);
    let complete_gens = impl_generics(op, &[]);
    let err = error_kind(op);
    let models = uses_models(op).then(|| {
        quote!(
            use crate::models;
        )
    });
    let tokens = quote! {
        #mod_doc
        use crate::__private::*;
        #models

        #spec
        #method
        #builder
        impl #complete_gens #complete {
            #send
            #paginator
        }
        #err
    };
    rust::file(source, tokens)
}

fn client_method(api: &Api, op: &Operation) -> TokenStream {
    let m = ident(&op.names.method);
    let b = ident(&op.names.builder);
    let d = doc(&method_doc(api, op));
    let dep = op.deprecated.as_ref().map(|dep| {
        let note = match &dep.replaced_by {
            Some(to) => format!(
                "use `{}` instead",
                api.operation(to)
                    .map_or(to.as_str(), |o| o.names.method.as_str())
            ),
            None => dep
                .note
                .clone()
                .unwrap_or_else(|| "going offline".to_string()),
        };
        quote!(#[deprecated(note = #note)])
    });
    // An operation of every site is a method of every site's client; one of fewer sites
    // is a method of those sites' clients only, so calling it on another is a compile error.
    // An input required on some sites only is missing at the start on those; on the others
    // its slot starts out complete (and it has no setter there), so each site gets its own
    // method.
    let per_site_state = required(op).any(|(i, _)| i.sites != op.sites);
    let impls: Vec<(Option<TokenStream>, TokenStream, TokenStream, Option<usize>)> =
        if op.sites == api.service.all_sites() && !per_site_state {
            vec![(None, quote!(<S: crate::Site>), site_param(), None)]
        } else {
            api.service
                .sites
                .iter()
                .enumerate()
                .filter(|(k, _)| op.sites.contains(*k))
                .map(|(k, s)| {
                    let marker = ident(&s.marker);
                    let cfg = rust::cfg_sites(api, SiteSet(1 << k));
                    (cfg, quote!(), quote!(crate::#marker), Some(k))
                })
                .collect()
        };
    let impls = impls.into_iter().map(|(cfg, gens, site, k)| {
        let state = required(op).map(|(i, m)| match k {
            Some(k) if !i.sites.contains(k) => ty(&i.ty),
            _ => {
                let m = ident(m);
                quote!(#m)
            }
        });
        let initial = builder_type(op, &site, state);
        let client = if gens.is_empty() {
            quote!(crate::Client<#site>)
        } else {
            quote!(crate::Client<S>)
        };
        quote! {
            #cfg
            impl #gens #client {
                #d
                #dep
                pub fn #m(&self) -> #initial {
                    #b { call: Call::new(self) }
                }
            }
        }
    });
    quote!(#(#impls)*)
}

fn builder(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.names.builder);
    let gens = generics(op);
    let markers_items = required(op).map(|(i, m)| {
        let m = ident(m);
        let text = format!("Type-state marker: `{}` has not been set yet.", i.setter);
        quote! { #[doc = #text] #[derive(Clone, Copy, Debug)] pub struct #m; }
    });
    let storage = op.inputs.iter().filter_map(|i| match i.from {
        InputFrom::Param(_) => {
            let n = ident(&i.setter);
            let t = ty(&i.ty);
            Some(quote!(#n: Option<#t>,))
        }
        InputFrom::Body(_) => None,
    });
    let body_field = op.body.as_ref().map(|b| {
        let t = ty(&TypeRef::Model(b.clone()));
        quote!(body: #t,)
    });
    let has_input = !op.inputs.is_empty() || op.body.is_some();
    let input_struct = has_input.then(|| {
        quote! {
            /// The inputs set so far.
            #[derive(Clone, Debug, Default)]
            struct Input {
                #(#storage)*
                #body_field
            }
        }
    });
    let input_ty = if has_input { quote!(Input) } else { quote!(()) };
    let bound = site_bound(op);
    let state: Vec<TokenStream> = bound
        .then(site_param)
        .into_iter()
        .chain(gens.iter().map(|g| quote!(#g)))
        .collect();
    let decl_gens = (!state.is_empty()).then(|| quote!(<#(#state),*>));
    let call_ty = if state.is_empty() {
        quote!(Call<#input_ty>)
    } else {
        quote!(Call<#input_ty, (#(#state,)*)>)
    };
    let impl_gens = impl_generics(op, &gens);
    let setters = op
        .inputs
        .iter()
        .enumerate()
        .filter(|(_, i)| i.sites == op.sites)
        .map(|(idx, i)| setter(api, op, idx, i, &site_param()));
    // Setters of inputs only some sites take, on those sites' builders.
    let site_setters = api
        .service
        .sites
        .iter()
        .enumerate()
        .filter_map(|(k, site)| {
            if !op.sites.contains(k) {
                return None;
            }
            let marker = ident(&site.marker);
            let on_site = quote!(crate::#marker);
            let own: Vec<TokenStream> = op
                .inputs
                .iter()
                .enumerate()
                .filter(|(_, i)| i.sites != op.sites && i.sites.contains(k))
                .map(|(idx, i)| setter(api, op, idx, i, &on_site))
                .collect();
            if own.is_empty() {
                return None;
            }
            let cfg = rust::cfg_sites(api, SiteSet(1 << k));
            let gens_decl = (!gens.is_empty()).then(|| quote!(<#(#gens),*>));
            let ty = quote!(#name<#on_site, #(#gens),*>);
            Some(quote! {
                #cfg
                impl #gens_decl #ty {
                    #(#own)*
                }
            })
        });
    let struct_doc = format!(
        "Request builder for `{}`, started by [`Client::{}`](crate::Client::{}).{}",
        op.id,
        op.names.method,
        op.names.method,
        if gens.is_empty() {
            ""
        } else {
            " Each type parameter is a required input: its `Missing…` marker until it is set."
        }
    );
    quote! {
        #(#markers_items)*
        #input_struct

        #[doc = #struct_doc]
        #[derive(Clone, Debug)]
        #[must_use = "a builder does nothing until it is finished"]
        pub struct #name #decl_gens {
            call: #call_ty,
        }

        impl #impl_gens #name #decl_gens {
            /// Overrides the client's retry and timeout settings for this call only.
            pub fn options(mut self, options: crate::CallOptions) -> Self {
                self.call.options = options;
                self
            }
            #(#setters)*
        }
        #(#site_setters)*
    }
}

/// The setter of input `i` (the `idx_all`-th), in a builder impl on `site`.
fn setter(api: &Api, op: &Operation, idx_all: usize, i: &Input, site: &TokenStream) -> TokenStream {
    let n = ident(&i.setter);
    let d = doc(&input_doc(api, i));
    let (arg_ty, conv) = match i.ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(value.into())),
        TypeRef::Timestamp => (quote!(impl Into<crate::Timestamp>), quote!(value.into())),
        _ => (ty(&i.ty), quote!(value)),
    };
    let place = match &i.from {
        InputFrom::Param(_) => quote!(self.call.input.#n),
        InputFrom::Body(field) => {
            let f = ident(field);
            quote!(self.call.input.body.#f)
        }
    };
    if i.marker.is_none() {
        return quote! {
            #d
            pub fn #n(mut self, value: #arg_ty) -> Self {
                #place = Some(#conv);
                self
            }
        };
    }
    // Position of this input among the required ones.
    let pos = op.inputs[..idx_all]
        .iter()
        .filter(|x| x.marker.is_some())
        .count();
    let gens = generics(op);
    let out = gens
        .iter()
        .enumerate()
        .map(|(j, g)| if j == pos { ty(&i.ty) } else { quote!(#g) });
    let out_ty = builder_type(op, site, out);
    let builder = ident(&op.names.builder);
    quote! {
        #d
        pub fn #n(mut self, value: #arg_ty) -> #out_ty {
            #place = Some(#conv);
            #builder { call: self.call.state() }
        }
    }
}

fn input_doc(api: &Api, i: &Input) -> String {
    let location = match i.from {
        InputFrom::Param(ParamIn::Path) => "path parameter",
        InputFrom::Param(ParamIn::Query) => "query parameter",
        InputFrom::Param(ParamIn::Header) => "header",
        InputFrom::Body(_) => "body field",
    };
    let mut text = i
        .doc
        .clone()
        .unwrap_or_else(|| format!("Sets `{}`.", i.wire));
    text.push_str(&format!(
        "\n\n{location} `{}`, {}",
        i.wire,
        rust::describe(api, &i.ty)
    ));
    if i.required {
        text.push_str(", required");
    }
    text.push_str(&limits_text(&i.limits));
    text.push('.');
    text
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

fn send_fn(op: &Operation) -> TokenStream {
    let output = output_type(op);
    let error = ident(&op.names.error);
    let mut stmts = Vec::new();
    for i in &op.inputs {
        let InputFrom::Param(location) = i.from else {
            continue;
        };
        let n = ident(&i.setter);
        let w = &i.wire;
        stmts.push(match location {
            ParamIn::Path => quote!(req.path(#w, self.call.input.#n.as_ref());),
            ParamIn::Query => quote!(req.query(#w, self.call.input.#n.as_ref());),
            ParamIn::Header => quote!(req.header(#w, self.call.input.#n.as_ref());),
        });
    }
    if op.body.is_some() {
        stmts.push(quote!(req.json(&self.call.input.body);));
    }
    let req = if stmts.is_empty() {
        quote!(let req = Request::new(&SPEC);)
    } else {
        quote!(let mut req = Request::new(&SPEC);)
    };
    // `send` only builds the request; the runtime's one attempt loop runs it, and a
    // decoding function of the runtime (or, for batch calls with per-item errors, this
    // operation's `finish`) turns the outcome into the output. `#[inline]` (here and on
    // `into_paginator`) lets the crate that calls an operation compile its decoding, so
    // a user pays for the operations they call, not for all of them.
    let (finish, finish_fn) = match &op.response.embedded {
        Embedded::Items { rust: field, .. } if op.response.body.is_some() => {
            let f = ident(field);
            let kind = ident(&op.names.kind);
            (
                quote!(Self::finish),
                quote! {
                    /// Decodes the outcome; a success that lists failed items is an error.
                    #[inline]
                    fn finish(outcome: Outcome) -> Result<#output, crate::SdkError<#error>> {
                        let out: #output = decode_json(outcome)?;
                        if out.#f.as_ref().is_some_and(|v| !v.is_empty()) {
                            return partial_failure(#kind::PartialFailure(Box::new(out)));
                        }
                        Ok(out)
                    }
                },
            )
        }
        _ if op.response.body.is_some() => (quote!(decode_json), quote!()),
        _ => (quote!(decode_empty), quote!()),
    };
    let send_doc = format!(
        "Sends the request. Limits are checked first; see [`Client::{}`](crate::Client::{}) for the errors.",
        op.names.method, op.names.method
    );
    quote! {
        #[doc = #send_doc]
        #[inline]
        pub fn send(self) -> crate::Sent<#output, #error> {
            #req
            #(#stmts)*
            self.call.send(req, #finish)
        }
        #finish_fn
    }
}

fn paginator(op: &Operation) -> TokenStream {
    let Some(p) = &op.pagination else {
        return quote!();
    };
    let find = |wire: &str| op.inputs.iter().find(|i| i.wire == wire);
    let (Some(cur), Some(lim)) = (find(&p.cursor_input), find(&p.limit_input)) else {
        return quote!();
    };
    let place = |i: &Input| {
        let n = ident(&i.setter);
        match &i.from {
            InputFrom::Param(_) => quote!(page.call.input.#n),
            InputFrom::Body(f) => {
                let f = ident(f);
                quote!(page.call.input.body.#f)
            }
        }
    };
    let read = |i: &Input| {
        let n = ident(&i.setter);
        match &i.from {
            InputFrom::Param(_) => quote!(self.call.input.#n),
            InputFrom::Body(f) => {
                let f = ident(f);
                quote!(self.call.input.body.#f)
            }
        }
    };
    let int = |i: &Input, v: TokenStream| match i.ty {
        TypeRef::I32 => quote!(i32::try_from(#v).unwrap_or(i32::MAX)),
        _ => v,
    };
    let (cur_place, lim_place, lim_read) = (place(cur), place(lim), read(lim));
    let set_cursor = match p.cursor {
        Cursor::Marker { .. } => quote!(#cur_place = cursor.into_marker();),
        _ => {
            let v = int(cur, quote!(cursor.offset()));
            quote!(#cur_place = Some(#v);)
        }
    };
    let set_limit = int(lim, quote!(limit));
    let output = output_type(op);
    let item = ty(&p.item_ty);
    let error = ident(&op.names.error);
    let items = ident(&p.items.rust);
    let total = match p.total() {
        Some(t) => {
            let n = ident(&t.rust);
            quote!(out.#n.map(i64::from))
        }
        None => quote!(None),
    };
    let next_marker = match &p.cursor {
        Cursor::Marker { next } => {
            let mut expr = quote!(out);
            let Some((last, path)) = next.split_last() else {
                return quote!();
            };
            let mut first = true;
            for f in path {
                let n = ident(&f.rust);
                expr = if first {
                    quote!(#expr.#n.as_ref())
                } else {
                    quote!(#expr.and_then(|x| x.#n.as_ref()))
                };
                first = false;
            }
            let n = ident(&last.rust);
            if first {
                quote!(out.#n.clone())
            } else {
                quote!(#expr.and_then(|x| x.#n.clone()))
            }
        }
        _ => quote!(None),
    };
    let pdoc = match &p.cursor {
        Cursor::Marker { next } => format!(
            "Pages through every result: `{}` carries the marker from the previous page's `{}`, `{}` the page size (default {}, at most {}), `{}` holds the items. Stops when no next marker comes back.",
            p.cursor_input,
            next.iter().map(|f| f.wire.as_str()).collect::<Vec<_>>().join("."),
            p.limit_input, p.default_limit, p.max_limit, p.items.wire
        ),
        c => format!(
            "Pages through every result: `{}` is the {} (first value {}), `{}` the page size (default {}, at most {}), `{}` the total and `{}` the items. Stops after the last page.",
            p.cursor_input,
            if matches!(c, Cursor::Page { .. }) { "page number" } else { "record offset" },
            p.first, p.limit_input, p.default_limit, p.max_limit,
            p.total().map_or("-", |t| t.wire.as_str()), p.items.wire
        ),
    };
    quote! {
            #[doc = #pdoc]
            #[inline]
            pub fn into_paginator(self) -> crate::Paginator<#output, #item, #error> {
                crate::Paginator::new(
                    &PAGINATION,
                    #lim_read.map(i64::from),
                    move |cursor, limit| {
                        let mut page = self.clone();
                        #set_cursor
                        #lim_place = Some(#set_limit);
                        page.send()
                    },
                    |out| PageInfo { count: out.#items.as_ref().map_or(0, Vec::len), total: #total, next_marker: #next_marker },
                    |out| out.#items.unwrap_or_default(),
                )
            }
    }
}

fn error_kind(op: &Operation) -> TokenStream {
    let alias = ident(&op.names.error);
    let kind = ident(&op.names.kind);
    let variants = op.errors.iter().map(|e| {
        let v = ident(&e.variant);
        let text = format!("`{}` (HTTP {}): {}", e.code, e.status, e.meaning);
        quote! { #[doc = #text] #v, }
    });
    let codes: Vec<&str> = op.errors.iter().map(|e| e.code.as_str()).collect();
    let vnames: Vec<_> = op.errors.iter().map(|e| ident(&e.variant)).collect();
    let partial = match (&op.response.embedded, &op.response.body) {
        (Embedded::Items { wire, .. }, Some(m)) => {
            let out = ty(&TypeRef::Model(m.clone()));
            let text = format!(
                "The call succeeded for some items and failed for others: `{wire}` in the response lists the failures. The whole response is kept."
            );
            Some(quote! { #[doc = #text] PartialFailure(Box<#out>), })
        }
        _ => None,
    };
    let alias_doc = format!(
        "A service error of `{}`: its [`kind`](crate::OperationError::kind) is a [`{}`].",
        op.id, op.names.kind
    );
    let kind_doc = format!(
        "The errors `{}` documents, one variant per code, then the [common errors](crate::CommonError) and [`Unhandled`]({}::Unhandled) for any other code.",
        op.id, op.names.kind
    );
    quote! {
        #[doc = #alias_doc]
        pub type #alias = crate::OperationError<#kind>;

        #[doc = #kind_doc]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #kind {
            #(#variants)*
            #partial
            /// One of the errors every operation can return.
            Common(crate::CommonError),
            /// An error code neither table lists; the error's `meta` keeps it.
            Unhandled,
        }

        impl ErrorKind for #kind {
            fn from_code(code: Option<&str>) -> Self {
                match code {
                    #( Some(#codes) => Self::#vnames, )*
                    other => crate::CommonError::from_code(other).map_or(Self::Unhandled, Self::Common),
                }
            }
        }
    }
}

fn spec_static(api: &Api, op: &Operation) -> TokenStream {
    let id = &op.id;
    let method = op.method.as_str();
    let path = op.path.to_string();
    let retry = match op.retry {
        RetryClass::ReadOnly => quote!(ReadOnly),
        RetryClass::Idempotent => quote!(Idempotent),
        RetryClass::Unsafe => quote!(Unsafe),
    };
    let status = rust::lit_u16(op.response.status);
    let embedded = match &op.response.embedded {
        Embedded::None => quote!(None),
        Embedded::TopLevel => quote!(TopLevel),
        Embedded::Items { wire, .. } => quote!(Items(#wire)),
    };
    let params = op.params.iter().map(|p| {
        let name = &p.wire;
        let mut e = match p.location {
            ParamIn::Path => quote!(ParamSpec::path(#name)),
            ParamIn::Query => quote!(ParamSpec::query(#name)),
            ParamIn::Header => quote!(ParamSpec::header(#name)),
        };
        // Required on only some sites: the wire schema says where (the table is per
        // operation, not per site).
        if p.required && p.location != ParamIn::Path && p.sites == op.sites {
            e = quote!(#e.required());
        }
        if p.from_domain_id {
            e = quote!(#e.from_domain_id());
        }
        e.extend(limit_calls(&p.limits));
        e
    });
    let body_model = op.body.as_ref().and_then(|b| api.models.get(b));
    // A field required on only some sites is left out: the table is the same on every site.
    let body_required: Vec<&str> = body_model
        .map(|m| {
            m.fields
                .iter()
                .filter(|f| f.required && op.sites.is_subset(f.sites))
                .map(|f| f.wire.as_str())
                .collect()
        })
        .unwrap_or_default();
    let body_limits = match body_model.and_then(|m| m.limits_const.as_ref()) {
        Some(c) => {
            let c = ident(c);
            quote!(crate::models::#c)
        }
        None => quote!(&[]),
    };
    let has_body = op.body.is_some();
    let errors = op.errors.iter().map(|e| {
        let (s, c, m) = (rust::lit_u16(e.status), &e.code, &e.meaning);
        quote!(ErrorSpec::new(#s, #c, #m))
    });
    let examples = example_rows(api, op);
    let (pagination, pagination_const) = pagination_spec(op);
    let mut fields = vec![
        quote!(id: #id),
        quote!(method: #method),
        quote!(path: #path),
        quote!(retry: RetryClass::#retry),
    ];
    if op.response.status != 200 {
        fields.push(quote!(success_status: #status));
    }
    if op.response.embedded != Embedded::None {
        fields.push(quote!(embedded_errors: EmbeddedErrors::#embedded));
    }
    if !op.params.is_empty() {
        fields.push(quote!(params: &[#(#params),*]));
    }
    if has_body {
        fields.push(quote!(has_body: true));
    }
    if !body_required.is_empty() {
        fields.push(quote!(body_required: &[#(#body_required),*]));
    }
    if body_model.is_some_and(|m| m.limits_const.is_some()) {
        fields.push(quote!(body_limits: #body_limits));
    }
    if !op.errors.is_empty() {
        fields.push(quote!(errors: &[#(#errors),*]));
    }
    if !op.examples.is_empty() {
        fields.push(quote!(examples: &[#(#examples),*]));
    }
    if op.pagination.is_some() {
        fields.push(quote!(pagination: #pagination));
    }
    if op.deprecated.is_some() {
        fields.push(quote!(deprecated: true));
    }
    quote! {
        /// What the spec says about this operation; the runtime and the fake server work
        /// from it. Fields left out are [`OperationSpec::DEFAULTS`].
        pub static SPEC: OperationSpec = OperationSpec {
            #(#fields,)*
            ..OperationSpec::DEFAULTS
        };
        #pagination_const
    }
}

/// `ExampleSpec` rows.
fn example_rows(api: &Api, op: &Operation) -> Vec<TokenStream> {
    op.examples
        .iter()
        .map(|e| {
            let title = &e.title;
            let status = rust::lit_u16(e.status);
            let mut x = quote!(ExampleSpec::new(#title, #status));
            if !e.path.is_empty() {
                let (k, v) = (e.path.keys(), e.path.values());
                x = quote!(#x.path(&[#((#k, #v)),*]));
            }
            if !e.query.is_empty() {
                let k = e.query.keys();
                let v = e.query.values().map(crate::ir::scalar_text);
                x = quote!(#x.query(&[#((#k, #v)),*]));
            }
            if let Some(r) = e.request.as_ref().filter(|v| !v.is_null()) {
                let r = r.to_string();
                x = quote!(#x.request(#r));
            }
            if let Some(r) = &e.response {
                let r = r.to_string();
                x = quote!(#x.response(#r));
            }
            if e.sites != op.sites {
                let ids = api.service.site_ids(e.sites);
                x = quote!(#x.sites(&[#(#ids),*]));
            }
            x
        })
        .collect()
}

/// `Some(PAGINATION)` and the `PAGINATION` const, or `None` and nothing.
fn pagination_spec(op: &Operation) -> (TokenStream, TokenStream) {
    match &op.pagination {
        Some(p) => {
            let (style, total, next): (TokenStream, Option<&str>, Vec<&str>) = match &p.cursor {
                Cursor::Offset { total } => (quote!(Offset), Some(&total.wire), vec![]),
                Cursor::Page { total } => (quote!(Page), Some(&total.wire), vec![]),
                Cursor::Marker { next } => (
                    quote!(Marker),
                    None,
                    next.iter().map(|f| f.wire.as_str()).collect(),
                ),
            };
            let (o, l, i) = (&p.cursor_input, &p.limit_input, &p.items.wire);
            let f = proc_macro2::Literal::i64_unsuffixed(p.first);
            let d = proc_macro2::Literal::u32_unsuffixed(p.default_limit);
            let m = proc_macro2::Literal::u32_unsuffixed(p.max_limit);
            let t = rust::opt_str(total);
            (
                quote!(Some(PAGINATION)),
                quote! {
                    /// How `into_paginator` pages.
                    const PAGINATION: PaginationSpec = PaginationSpec {
                        style: PageStyle::#style, offset: #o, limit: #l, first: #f,
                        default_limit: #d, max_limit: #m, total: #t, next_marker: &[#(#next),*], items: #i,
                    };
                },
            )
        }
        None => (quote!(None), quote!()),
    }
}

/// `.length(…)` / `.range(…)` calls for the limits that are set.
pub fn limit_calls(l: &Limits) -> TokenStream {
    let mut out = TokenStream::new();
    if l.min_length.is_some() || l.max_length.is_some() {
        let (a, b) = (opt_u64(l.min_length), opt_u64(l.max_length));
        out.extend(quote!(.length(#a, #b)));
    }
    if l.minimum.is_some() || l.maximum.is_some() {
        let (a, b) = (opt_i64(l.minimum), opt_i64(l.maximum));
        out.extend(quote!(.range(#a, #b)));
    }
    out
}

/// `FieldSpec` rows of a limits table.
pub fn limit_rows(fields: &[LimitField]) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|f| {
            let w = &f.wire;
            let calls = limit_calls(&f.limits);
            let nested = f.nested.as_ref().map(|n| {
                let n = ident(n);
                quote!(.fields(crate::models::#n))
            });
            quote!(FieldSpec::new(#w) #calls #nested)
        })
        .collect()
}

/// The full rustdoc of an operation's client method.
pub fn method_doc(api: &Api, op: &Operation) -> String {
    let mut s = format!("{}\n", op.summary);
    if let Some(d) = &op.description {
        s.push_str(&format!("\n{d}\n"));
    }
    if let Some(dep) = &op.deprecated {
        s.push_str("\n**Deprecated.**");
        if let Some(to) = dep.replaced_by.as_ref().and_then(|to| api.operation(to)) {
            s.push_str(&format!(
                " Use [`{}`](crate::Client::{}) instead.",
                to.id, to.names.method
            ));
        }
        if let Some(n) = &dep.note {
            s.push_str(&format!(" {n}"));
        }
        s.push('\n');
    }
    s.push_str(&format!(
        "\n- Request: `{} {}`\n- Sites: {}\n- Caller: {}\n- Retry class: {}\n- API Explorer group: {}\n",
        op.method.as_str(),
        op.path,
        sites_text(api, op.sites),
        op.caller.as_str(),
        op.retry.as_str(),
        op.group
    ));
    if let Some(url) = &op.doc_url {
        s.push_str(&format!("- Reference: <{url}>\n"));
    }
    if !op.inputs.is_empty() {
        s.push_str("\n# Parameters\n\n| Setter | Sent as | Type | Required | Limits | Meaning |\n|---|---|---|---|---|---|\n");
        for i in &op.inputs {
            let sent = match i.from {
                InputFrom::Param(ParamIn::Path) => format!("path `{}`", i.wire),
                InputFrom::Param(ParamIn::Query) => format!("query `{}`", i.wire),
                InputFrom::Param(ParamIn::Header) => format!("header `{}`", i.wire),
                InputFrom::Body(_) => format!("body `{}`", i.wire),
            };
            let limits = limits_text(&i.limits);
            // An input of fewer sites than the operation's says which (its setter exists
            // only on their builders).
            let sent = if i.sites == op.sites {
                sent
            } else {
                format!("{sent} ({} only)", sites_text(api, i.sites))
            };
            s.push_str(&format!(
                "| `{}` | {} | {} | {} | {} | {} |\n",
                i.setter,
                sent,
                cell(&rust::describe(api, &i.ty)),
                if i.required { "yes" } else { "no" },
                cell(limits.trim_start_matches(", ")),
                cell(i.doc.as_deref().unwrap_or(""))
            ));
        }
    }
    s.push_str(&format!(
        "\n# Errors\n\nReturned as [`{}`](crate::operations::{}::{}) inside [`SdkError::Service`](crate::SdkError::Service); its kind is a [`{}`](crate::operations::{}::{}).\n\n| HTTP | Code | Meaning |\n|---|---|---|\n",
        op.names.error, op.names.method, op.names.error, op.names.kind, op.names.method, op.names.kind
    ));
    for e in &op.errors {
        s.push_str(&format!(
            "| {} | `{}` | {} |\n",
            e.status,
            e.code,
            cell(&e.meaning)
        ));
    }
    s.push_str("| | | and every [common error](crate::CommonError) |\n");
    if let Some(ex) = op.examples.first() {
        s.push_str(&format!("\n# Example: {}\n", ex.title));
        if ex.sites != op.sites {
            s.push_str(&format!(
                "\nDocumented for the {}.\n",
                sites_text(api, ex.sites)
            ));
        }
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

/// The sites of `set` by title, in the spec's order (`International site, Chinese mainland site`).
pub fn sites_text(api: &Api, set: SiteSet) -> String {
    api.service
        .sites_in(set)
        .map(|s| s.title.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
