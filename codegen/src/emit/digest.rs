//! The API-surface digest: one short block per operation (method and path, retry class,
//! sites, each input with its Rust type and whether it is required, the output type, the error
//! codes, pagination), so a spec change reviews as a few lines of meaning.

use std::fmt::Write;

use super::rust::ty;
use crate::ir::*;

fn rust_type(t: &TypeRef) -> String {
    ty(t)
        .to_string()
        .replace("crate :: models :: ", "")
        .replace("crate :: ", "")
        .replace(' ', "")
}

/// The ids of `set`, for a line of the digest (`intl china`).
fn site_ids(api: &Api, set: SiteSet) -> String {
    api.service.site_ids(set).join(" ")
}

pub fn digest(api: &Api) -> String {
    let mut s = String::new();
    let common: Vec<&str> = api
        .service
        .common_errors
        .iter()
        .map(|e| e.code.as_str())
        .collect();
    let _ = writeln!(
        s,
        "service {} (common errors: {})",
        api.service.name,
        common.join(" ")
    );
    for op in &api.operations {
        let _ = writeln!(s, "\n{} -> Client::{}", op.id, op.names.method);
        let _ = writeln!(
            s,
            "  {} {}  [{}]  sites: {}{}",
            op.method.as_str(),
            op.path,
            op.retry.as_str(),
            site_ids(api, op.sites),
            if op.deprecated.is_some() {
                "  deprecated"
            } else {
                ""
            }
        );
        for p in op.params.iter().filter(|p| p.from_domain_id) {
            let _ = writeln!(s, "  path {}: the domain id", p.wire);
        }
        for i in &op.inputs {
            let at = match i.from {
                InputFrom::Param(ParamIn::Path) => "path",
                InputFrom::Param(ParamIn::Query) => "query",
                InputFrom::Param(ParamIn::Header) => "header",
                InputFrom::Body(_) => "body",
            };
            let _ = writeln!(
                s,
                "  {} {}: {}{}{}{}",
                at,
                i.setter,
                rust_type(&i.ty),
                if i.required { " (required)" } else { "" },
                if i.wire != i.setter {
                    format!(" as `{}`", i.wire)
                } else {
                    String::new()
                },
                if i.sites != op.sites {
                    format!(" [{} only]", site_ids(api, i.sites))
                } else {
                    String::new()
                }
            );
        }
        let out = op.response.body.as_deref().unwrap_or("()");
        let embedded = match &op.response.embedded {
            Embedded::None => String::new(),
            Embedded::TopLevel => ", errors in the body".into(),
            Embedded::Items { wire, .. } => format!(", per-item errors in `{wire}`"),
        };
        let _ = writeln!(s, "  -> {} (HTTP {}{})", out, op.response.status, embedded);
        if !op.errors.is_empty() {
            let codes: Vec<&str> = op.errors.iter().map(|e| e.code.as_str()).collect();
            let _ = writeln!(s, "  errors: {}", codes.join(" "));
        }
        if let Some(p) = &op.pagination {
            let how = match &p.cursor {
                Cursor::Offset { total } => format!(
                    "offset `{}` from {}, total `{}`",
                    p.cursor_input, p.first, total.wire
                ),
                Cursor::Page { total } => format!(
                    "page `{}` from {}, total `{}`",
                    p.cursor_input, p.first, total.wire
                ),
                Cursor::Marker { next } => format!(
                    "marker `{}`, next `{}`",
                    p.cursor_input,
                    next.iter()
                        .map(|f| f.wire.as_str())
                        .collect::<Vec<_>>()
                        .join(".")
                ),
            };
            let _ = writeln!(
                s,
                "  pages: {how}, limit `{}` ({}..={}), items `{}`: {}",
                p.limit_input,
                p.default_limit,
                p.max_limit,
                p.items.wire,
                rust_type(&p.item_ty)
            );
        }
    }
    s
}
