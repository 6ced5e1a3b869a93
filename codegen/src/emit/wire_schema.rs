//! The wire-schema table of the request and response models (`generated/wire_schema.rs`,
//! feature `test-util`): what the fake BSS server walks to build a plausible body for an
//! operation without a documented example, and to check the request bodies it receives.
//!
//! One string per row keeps the table lean. A model row is `Name field;field;…` (a model
//! without fields is just `Name`), an operation row `=OperationId ResponseModel` (only where
//! the response model is not `<OperationId>Response`; `=OperationId` alone: no body), a request
//! row `>OperationId RequestModel` (every operation that takes a body), a parameter row
//! `?OperationId param;param;…` (every operation with path, query or header parameters, a
//! parameter written as a field). A field is
//! `key:limits:type`:
//! - limits: empty, or comma-separated `L<min>..<max>` (length) and `R<min>..<max>` (range),
//!   either bound may be empty, and `S<site>|<site>` for a field or parameter only those
//!   sites take (`!` after it: required there);
//! - type: `s` string, `t` timestamp, `b` boolean, `i` int32, `I` int64, `d` decimal as a
//!   JSON number, `D` decimal as a JSON string, `f` double, `j` free-form JSON, `[T` list of
//!   `T`, `{T` map of `T`, `@Model`, `~a|b` string enum, `#1|2` integer enum (values last,
//!   so they may hold `:`).

use quote::quote;

use std::collections::BTreeSet;

use crate::ir::{Api, Limits, SiteSet, TypeRef};

use super::rust;

/// The file's text.
pub fn module(api: &Api) -> String {
    let mut rows: Vec<String> = Vec::new();
    let reachable: BTreeSet<&str> = api
        .models
        .values()
        .filter(|m| m.in_request || m.in_response)
        .map(|m| m.name.as_str())
        .collect();
    // An operation answers `<Id>Response` unless a row says otherwise (`=Id Model`, or
    // `=Id` for no body), which keeps the common case to no row at all.
    for op in &api.operations {
        let conventional = format!("{}Response", op.id);
        match &op.response.body {
            Some(body) if *body == conventional => {}
            Some(body) => rows.push(format!("={} {body}", op.id)),
            None if reachable.contains(conventional.as_str()) => rows.push(format!("={}", op.id)),
            None => {}
        }
    }
    // Requests, which the fake checks: `>Id Model` for every operation that takes a body,
    // `?Id param;…` for every operation with parameters.
    for op in &api.operations {
        if let Some(body) = &op.body {
            rows.push(format!(">{} {body}", op.id));
        }
    }
    for op in api.operations.iter().filter(|op| !op.params.is_empty()) {
        let params: Vec<String> = op
            .params
            .iter()
            .map(|p| {
                let l = with_sites(api, limits(&p.limits), p.sites, op.sites, p.required);
                format!("{}:{l}:{}", p.wire, ty(api, &p.ty))
            })
            .collect();
        rows.push(format!("?{} {}", op.id, params.join(";")));
    }
    for &name in &reachable {
        let model = &api.models[name];
        let fields: Vec<String> = model
            .fields
            .iter()
            .map(|f| {
                let all = api.service.all_sites();
                let l = with_sites(api, limits(&f.limits), f.sites, all, f.required);
                format!("{}:{l}:{}", f.wire, ty(api, &f.ty))
            })
            .collect();
        rows.push(if fields.is_empty() {
            name.to_string()
        } else {
            format!("{name} {}", fields.join(";"))
        });
    }
    let tokens = quote! {
        //! The request and response models as the fake BSS server sees them: JSON keys, wire
        //! types, limits and enum values, one row per model or operation (format:
        //! `codegen/src/emit/wire_schema.rs`).
        /// Response rows (`=Id Model` where the model is not `<Id>Response`), request rows
        /// (`>Id Model`), parameter rows (`?Id name:limits:type;…`), then model rows
        /// (`Name key:limits:type;…`).
        pub(crate) static ROWS: &[&str] = &[#(#rows),*];
    };
    rust::file("spec/groups/*.yaml (request and response models)", tokens)
}

fn bounds<T: std::fmt::Display>(lo: Option<T>, hi: Option<T>) -> String {
    let s = |v: Option<T>| v.map(|v| v.to_string()).unwrap_or_default();
    format!("{}..{}", s(lo), s(hi))
}

/// `limits` with `S<sites>` added when `sites` is fewer than `of` (`!`: required there).
fn with_sites(api: &Api, limits: String, sites: SiteSet, of: SiteSet, required: bool) -> String {
    if sites == of {
        return limits;
    }
    let ids = api.service.site_ids(sites);
    let site = format!("S{}{}", ids.join("|"), if required { "!" } else { "" });
    if limits.is_empty() {
        site
    } else {
        format!("{limits},{site}")
    }
}

fn limits(l: &Limits) -> String {
    let mut parts = Vec::new();
    if l.min_length.is_some() || l.max_length.is_some() {
        parts.push(format!("L{}", bounds(l.min_length, l.max_length)));
    }
    if l.minimum.is_some() || l.maximum.is_some() {
        parts.push(format!("R{}", bounds(l.minimum, l.maximum)));
    }
    parts.join(",")
}

fn ty(api: &Api, t: &TypeRef) -> String {
    match t {
        TypeRef::String => "s".into(),
        TypeRef::Timestamp => "t".into(),
        TypeRef::Bool => "b".into(),
        TypeRef::I32 => "i".into(),
        TypeRef::I64 => "I".into(),
        TypeRef::Decimal => "d".into(),
        TypeRef::DecimalString => "D".into(),
        TypeRef::F64 => "f".into(),
        TypeRef::Json => "j".into(),
        TypeRef::List(inner) => format!("[{}", ty(api, inner)),
        TypeRef::Map(inner) => format!("{{{}", ty(api, inner)),
        TypeRef::Model(m) => format!("@{m}"),
        TypeRef::Enum(e) => {
            let en = &api.enums[e];
            let values: Vec<String> = en
                .values
                .iter()
                .map(|v| crate::ir::scalar_text(&v.wire))
                .collect();
            let sigil = if matches!(en.repr, crate::ir::EnumRepr::String) {
                '~'
            } else {
                '#'
            };
            format!("{sigil}{}", values.join("|"))
        }
    }
}
