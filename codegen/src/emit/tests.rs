//! Generated end-to-end tests: for every operation, a call through the public client
//! against the fake server; for every documented example, a decode and encode round trip;
//! for every paginator, empty, short-last-page and full-last-page walks.
//!
//! Inputs come from the operation's first example where it has one; otherwise each
//! required input gets the simplest value its type and limits allow.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{json, Value as Json};

use super::rust::{self, ident, ty_in};
use crate::ir::*;

pub fn module(api: &Api) -> String {
    let root = quote!(bss_sdk);
    let mut items = Vec::new();
    for op in &api.operations {
        // One call per site that offers it, each against a fake serving that site only.
        let sites: Vec<usize> = (0..api.service.sites.len())
            .filter(|k| op.sites.contains(*k))
            .collect();
        for &k in &sites {
            items.push(call_test(api, op, k, k != sites[0], &root));
        }
        items.extend(example_tests(op, &root));
        if let Some(t) = paging_test(api, op, &root) {
            items.push(t);
        }
    }
    let tokens = quote! {
        //! Generated from the spec: one end-to-end call per operation, a round trip per
        //! documented example, and walks of every paginator.
        #![allow(deprecated, clippy::all)]

        use bss_sdk::fake::{FakeBss, DOMAIN_ID};
        use bss_sdk::__private::signing::encode;
        use futures_util::TryStreamExt;

        use crate::support::{assert_clean, decimal, from_json, only_request, round_trip};

        #(#items)*
    };
    rust::file("spec/groups/*.yaml (examples)", tokens)
}

/// The value each input is sent with on site `k`, as JSON: the example's, or a
/// synthesized one (inputs that site does not take are left out).
fn input_values<'a>(api: &'a Api, op: &'a Operation, k: usize) -> Vec<(&'a Input, Json)> {
    let ex = site_example(op, k);
    op.inputs
        .iter()
        .filter(|i| i.sites.contains(k))
        .filter_map(|i| {
            let documented = ex.and_then(|ex| match &i.from {
                InputFrom::Param(ParamIn::Path) => {
                    ex.path.get(&i.wire).map(|v| Json::String(v.clone()))
                }
                InputFrom::Param(ParamIn::Query) => ex.query.get(&i.wire).cloned(),
                InputFrom::Param(ParamIn::Header) => None,
                InputFrom::Body(_) => ex.request.as_ref().and_then(|r| r.get(&i.wire)).cloned(),
            });
            match documented {
                Some(v) if !v.is_null() => Some((i, v)),
                _ if i.required => Some((i, synth(api, &i.ty, &i.limits, 0))),
                _ => None,
            }
        })
        .collect()
}

/// The simplest value of a type that respects its limits.
fn synth(api: &Api, t: &TypeRef, l: &Limits, depth: usize) -> Json {
    match t {
        TypeRef::String => Json::String("x".repeat(l.min_length.unwrap_or(1).max(1) as usize)),
        TypeRef::Timestamp => json!("2024-05-01T00:00:00Z"),
        TypeRef::Bool => json!(true),
        TypeRef::I32 | TypeRef::I64 => {
            json!(l.minimum.unwrap_or(1).max(l.minimum.unwrap_or(i64::MIN)))
        }
        TypeRef::Decimal | TypeRef::F64 => json!(1),
        TypeRef::DecimalString => json!("1"),
        TypeRef::Json | TypeRef::Map(_) => json!({}),
        TypeRef::List(inner) => json!([synth(api, inner, &Limits::default(), depth + 1)]),
        TypeRef::Enum(e) => api
            .enums
            .get(e)
            .and_then(|e| e.values.first())
            .map(|v| v.wire.clone())
            .unwrap_or(Json::Null),
        TypeRef::Model(m) => {
            let mut obj = serde_json::Map::new();
            if let Some(model) = api.models.get(m) {
                if depth < 4 {
                    for f in model.fields.iter().filter(|f| f.required) {
                        obj.insert(f.wire.clone(), synth(api, &f.ty, &f.limits, depth + 1));
                    }
                }
            }
            Json::Object(obj)
        }
    }
}

/// `.setter(value)` for one input.
fn setter_call(i: &Input, value: &Json, root: &TokenStream) -> TokenStream {
    let setter = ident(&i.setter);
    match (&i.ty, value) {
        (TypeRef::String | TypeRef::Timestamp, Json::String(s)) => quote!(.#setter(#s)),
        (TypeRef::Decimal | TypeRef::DecimalString, v) => {
            let text = wire_text(v).unwrap_or_default();
            quote!(.#setter(decimal(#text)))
        }
        _ => {
            let t = ty_in(&i.ty, root);
            let text = value.to_string();
            quote!(.#setter(from_json::<#t>(#text)))
        }
    }
}

/// The wire text of a scalar query value, as the client sends it.
fn wire_text(v: &Json) -> Option<String> {
    match v {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The fake serving site `k` (its first operation site, for paging and round trips).
fn fake_of(api: &Api, k: usize) -> (TokenStream, TokenStream) {
    let marker = ident(&api.service.sites[k].marker);
    (
        quote!(FakeBss::start_site(bss_sdk::#marker).await.unwrap()),
        quote!(fake.client_for(bss_sdk::#marker)),
    )
}

/// The first example documented for site `k`: the one a call on that site sends.
fn site_example(op: &Operation, k: usize) -> Option<&Example> {
    op.examples.iter().find(|e| e.sites.contains(k))
}

/// The first site offering `op`.
fn first_site(api: &Api, op: &Operation) -> usize {
    (0..api.service.sites.len())
        .find(|k| op.sites.contains(*k))
        .unwrap_or(0)
}

/// `client.operation().setter(value)…` on the client expression `client`.
fn builder_on(
    client: &TokenStream,
    op: &Operation,
    values: &[(&Input, Json)],
    root: &TokenStream,
    skip: &BTreeSet<String>,
) -> TokenStream {
    let method = ident(&op.names.method);
    let setters = values
        .iter()
        .filter(|(i, _)| !skip.contains(&i.wire))
        .map(|(i, v)| setter_call(i, v, root));
    quote!(#client.#method() #(#setters)*)
}

/// The source of a library crate that sends every operation once (and builds every
/// paginator): what a user who calls all of them compiles in their own crate. Operations'
/// `send` and `into_paginator` are `#[inline]`, so their decoding is compiled where they
/// are called; `cargo xtask bench --compile` builds this crate to count that cost too.
/// Not a checked-in file.
pub fn every_call(api: &Api) -> String {
    let root = quote!(bss_sdk);
    let client = quote!(client);
    // The default site's operations: the crate is built with its default features.
    let calls = api
        .operations
        .iter()
        .filter(|op| op.sites.contains(0))
        .map(|op| {
            let values = input_values(api, op, 0);
            let call = builder_on(&client, op, &values, &root, &BTreeSet::new());
            let paginator = op
                .pagination
                .as_ref()
                .map(|_| quote!(let _ = #call.into_paginator();));
            quote! {
                let _ = #call.send().await;
                #paginator
            }
        });
    let tokens = quote! {
        //! Sends every operation once (compile-budget bench).
        #![allow(deprecated, clippy::all)]

        fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> T {
            serde_json::from_str(text).unwrap()
        }

        fn decimal(text: &str) -> bss_sdk::Decimal {
            text.parse().unwrap()
        }

        /// Sends every operation on `client`. Boxed as a trait object so that the
        /// future's code is compiled here (a plain `async fn` is compiled only where it
        /// is polled).
        pub fn every_call(
            client: &bss_sdk::Client,
        ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + '_>> {
            Box::pin(async move {
                #(#calls)*
            })
        }
    };
    let text = rust::file("spec/groups/*.yaml (every operation)", tokens);
    let body = text.split_once('\n').map_or("", |(_, rest)| rest);
    format!("// written by `cargo xtask bench --compile` into a scratch crate\n{body}")
}

fn call_test(api: &Api, op: &Operation, k: usize, suffix: bool, root: &TokenStream) -> TokenStream {
    let site = &api.service.sites[k];
    let name = if suffix {
        format_ident!("{}_is_sent_as_documented_on_{}", op.names.method, site.id)
    } else {
        format_ident!("{}_is_sent_as_documented", op.names.method)
    };
    let values = input_values(api, op, k);
    let (start, client) = fake_of(api, k);
    let call = builder_on(&client, op, &values, root, &BTreeSet::new());
    let id = &op.id;
    let method = op.method.as_str();
    let segments = op.path.segments.iter().map(|seg| match seg {
        Segment::Param(name) => {
            let p = op.params.iter().find(|p| &p.wire == name);
            if p.is_some_and(|p| p.from_domain_id) {
                quote!(DOMAIN_ID.to_string())
            } else {
                let v = values
                    .iter()
                    .find(|(i, _)| &i.wire == name && matches!(i.from, InputFrom::Param(_)))
                    .and_then(|(_, v)| wire_text(v))
                    .unwrap_or_default();
                quote!(#v.to_string())
            }
        }
        Segment::Literal(seg) => quote!(#seg.to_string()),
    });
    let query_checks = values.iter().filter_map(|(i, v)| match &i.from {
        InputFrom::Param(ParamIn::Query) => {
            let wire = &i.wire;
            wire_text(v).map(|text| quote!(assert_eq!(req.query_param(#wire), Some(#text), "query parameter `{}`", #wire);))
        }
        _ => None,
    });
    let body_check = site_example(op, k).and_then(|ex| ex.request.as_ref()).filter(|_| op.body.is_some()).map(|r| {
        let text = r.to_string();
        quote! {
            let sent = req.json().expect("a JSON body");
            let documented: serde_json::Value = serde_json::from_str(#text).unwrap();
            assert_eq!(crate::support::without_nulls(sent), crate::support::without_nulls(documented), "body differs from the documented example");
        }
    });
    let doc = format!(
        "`{id}` on the site `{}`: the request the spec describes reaches the fake intact and its answer decodes.",
        site.id
    );
    quote! {
        #[doc = #doc]
        #[tokio::test]
        async fn #name() {
            let fake = #start;
            let result = #call.send().await;
            let req = only_request(&fake);
            assert_clean(&req);
            assert_eq!(req.operation, Some(#id));
            assert_eq!(req.method, #method);
            let segments: Vec<String> = vec![#(#segments),*];
            let expected: String = segments.iter().map(|s| format!("/{}", encode(s))).collect();
            assert_eq!(req.path, expected);
            #(#query_checks)*
            #body_check
            if let Err(e) = result {
                panic!("{} failed: {e:?}", #id);
            }
        }
    }
}

fn example_tests(op: &Operation, root: &TokenStream) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for (n, ex) in op.examples.iter().enumerate() {
        let mut checks = Vec::new();
        let envelope: &[&str] = if op.response.embedded == Embedded::TopLevel {
            &["error_code", "error_msg"]
        } else {
            &[]
        };
        if let (Some(model), Some(resp)) = (&op.response.body, &ex.response) {
            let t = ty_in(&TypeRef::Model(model.clone()), root);
            let text = resp.to_string();
            checks.push(quote!(round_trip::<#t>(#text, &[#(#envelope),*]);));
        }
        if let (Some(model), Some(req)) = (&op.body, &ex.request) {
            let t = ty_in(&TypeRef::Model(model.clone()), root);
            let text = req.to_string();
            checks.push(quote!(round_trip::<#t>(#text, &[]);));
        }
        if checks.is_empty() {
            continue;
        }
        let name = format_ident!("{}_example_{}_round_trips", op.names.method, n);
        let doc = format!(
            "`{}` example \"{}\": decodes into the models and encodes back to the documented JSON.",
            op.id, ex.title
        );
        out.push(quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                #(#checks)*
            }
        });
    }
    out
}

fn paging_test(api: &Api, op: &Operation, root: &TokenStream) -> Option<TokenStream> {
    let p = op.pagination.as_ref()?;
    let item_ty = &p.item_ty;
    let page_size = i64::from(p.max_limit.min(10));
    let k = first_site(api, op);
    let values = input_values(api, op, k);
    let mut skip = BTreeSet::new();
    skip.insert(p.cursor_input.clone());
    skip.insert(p.limit_input.clone());
    let (start, client) = fake_of(api, k);
    let base = builder_on(&client, op, &values, root, &skip);
    let limit_input = op.inputs.iter().find(|i| i.wire == p.limit_input)?;
    let offset_input = op.inputs.iter().find(|i| i.wire == p.cursor_input)?;
    let lim = ident(&limit_input.setter);
    let set_offset = if offset_input.required {
        let off = ident(&offset_input.setter);
        let first = p.first;
        quote!(.#off(from_json(&#first.to_string())))
    } else {
        quote!()
    };
    let limit_value = page_size.to_string();
    // Items carry a label in their first string field, so order and completeness show.
    let label = match item_ty {
        TypeRef::Model(m) => api
            .models
            .get(m)
            .and_then(|m| m.fields.iter().find(|f| f.ty == TypeRef::String)),
        _ => None,
    };
    let (make_item, label_check) = match label {
        Some(f) => {
            let wire = &f.wire;
            let rust_field = ident(&f.rust);
            (
                quote!(serde_json::json!({ #wire: format!("item-{i}") })),
                quote! {
                    let labels: Vec<String> = items.iter().map(|x| x.#rust_field.clone().unwrap_or_default()).collect();
                    let expected: Vec<String> = (0..total).map(|i| format!("item-{i}")).collect();
                    assert_eq!(labels, expected);
                },
            )
        }
        None => match distinct_path(api, item_ty, 0) {
            // No string field at the top: a string or number found deeper makes each
            // item, and so each page, distinct (the paginator treats a page identical to
            // the one before as an ignored offset).
            Some((keys, ty)) => {
                let mut value = if ty == &TypeRef::String || ty == &TypeRef::DecimalString {
                    quote!(i.to_string())
                } else {
                    quote!(i)
                };
                for key in keys.iter().rev() {
                    value = quote!(serde_json::json!({ #key: #value }));
                }
                (value, quote!())
            }
            None => {
                let v = synth(api, item_ty, &Limits::default(), 0).to_string();
                (
                    quote!({ let _ = i; serde_json::from_str::<serde_json::Value>(#v).unwrap() }),
                    quote!(),
                )
            }
        },
    };
    let id = &op.id;
    let name = format_ident!("{}_paginator_walks_every_page", op.names.method);
    let doc = format!(
        "`{id}` pages of {page_size}: an empty result, a short last page and a full last page."
    );
    let ps = page_size as usize;
    Some(quote! {
        #[doc = #doc]
        #[tokio::test]
        async fn #name() {
            for total in [0usize, 2 * #ps + #ps / 2, 2 * #ps] {
                let fake = #start;
                fake.set_items(#id, (0..total).map(|i| #make_item).collect());
                let items: Vec<_> = #base.#lim(from_json(#limit_value)) #set_offset
                    .into_paginator().items().try_collect().await.unwrap();
                assert_eq!(items.len(), total);
                #label_check
                let requests = fake.requests();
                assert_eq!(requests.len(), total.div_ceil(#ps).max(1), "requests for {total} items");
                assert!(requests.iter().all(|r| r.problems.is_empty()), "{:?}", requests.iter().map(|r| &r.problems).collect::<Vec<_>>());
            }
        }
    })
}

/// The JSON keys leading to a string or number field inside `ty` (at most four models
/// deep), to make synthetic list items distinct.
fn distinct_path<'a>(
    api: &'a Api,
    ty: &'a TypeRef,
    depth: usize,
) -> Option<(Vec<&'a str>, &'a TypeRef)> {
    let TypeRef::Model(m) = ty else { return None };
    if depth > 4 {
        return None;
    }
    let model = api.models.get(m)?;
    let scalar = model.fields.iter().find(|f| {
        matches!(
            f.ty,
            TypeRef::String
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::Decimal
                | TypeRef::DecimalString
        )
    });
    if let Some(f) = scalar {
        return Some((vec![f.wire.as_str()], &f.ty));
    }
    model.fields.iter().find_map(|f| {
        let (mut keys, leaf) = distinct_path(api, &f.ty, depth + 1)?;
        keys.insert(0, f.wire.as_str());
        Some((keys, leaf))
    })
}
