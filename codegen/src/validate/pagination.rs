//! Pagination: which inputs carry the cursor and the page size, which response fields
//! hold the items, the total or the next marker, resolved to their Rust names.

use super::operations::Ctx;
use crate::diagnostic::Diagnostics;
use crate::ir::*;
use crate::load::raw;

pub(super) fn pagination(
    cx: &Ctx,
    p: &raw::Pagination,
    params: &[Param],
    body: Option<&Model>,
    resp: Option<&Model>,
    d: &mut Diagnostics,
) -> Option<Pagination> {
    let pp = |k: &str| cx.at(&format!("pagination.{k}"));
    let marker = match p.style.as_str() {
        "offset" | "page" => false,
        "marker" => true,
        other => {
            d.push(
                cx.file
                    .error_at(&pp("style"), format!("unknown pagination style `{other}`"))
                    .hint("use offset, page or marker"),
            );
            false
        }
    };
    style_keys(cx, p, marker, d);
    let cursor_name = if marker { &p.marker } else { &p.offset }
        .clone()
        .unwrap_or_default();
    let cursor_key = if marker { "marker" } else { "offset" };
    for (key, name, want_string) in [
        (cursor_key, &cursor_name, marker),
        ("limit", &p.limit, false),
    ] {
        if !name.is_empty() {
            input_ok(cx, &pp(key), name, want_string, params, body, d);
        }
    }
    if p.default_limit == 0 || p.default_limit > p.max_limit {
        d.push(cx.file.error_at(
            &pp("default_limit"),
            format!(
                "default_limit {} must be between 1 and max_limit {}",
                p.default_limit, p.max_limit
            ),
        ));
    }
    let Some(m) = resp else {
        d.push(cx.error(
            "pagination",
            "a paginated operation needs a response body model",
        ));
        return None;
    };
    let items = match m.fields.iter().find(|f| f.wire == p.items) {
        Some(f) => match &f.ty {
            TypeRef::List(inner) => Some((field_ref(f), (**inner).clone())),
            _ => None,
        },
        None => None,
    };
    if items.is_none() {
        d.push(cx.file.error_at(
            &pp("items"),
            format!("`{}` is not a list field of `{}`", p.items, m.name),
        ));
    }
    let cursor = if marker {
        next_marker(cx, p, m, d).map(|next| Cursor::Marker { next })
    } else {
        total(cx, p, m, d).map(|total| match p.style.as_str() {
            "page" => Cursor::Page { total },
            _ => Cursor::Offset { total },
        })
    };
    let ((items, item_ty), cursor) = (items?, cursor?);
    Some(Pagination {
        cursor,
        cursor_input: cursor_name,
        limit_input: p.limit.clone(),
        first: p.first,
        default_limit: p.default_limit,
        max_limit: p.max_limit,
        items,
        item_ty,
    })
}

fn field_ref(f: &Field) -> FieldRef {
    FieldRef {
        wire: f.wire.clone(),
        rust: f.rust.clone(),
    }
}

/// Each style names its own cursor and end-of-list keys; the others must be absent.
fn style_keys(cx: &Ctx, p: &raw::Pagination, marker: bool, d: &mut Diagnostics) {
    let offset_keys = [("offset", p.offset.is_some()), ("total", p.total.is_some())];
    let marker_keys = [
        ("marker", p.marker.is_some()),
        ("next_marker", p.next_marker.is_some()),
    ];
    let (wanted, unwanted) = if marker {
        (marker_keys, offset_keys)
    } else {
        (offset_keys, marker_keys)
    };
    for (key, present) in wanted {
        if !present {
            d.push(
                cx.error(
                    "pagination",
                    format!("`{}` pagination needs `{key}`", p.style),
                )
                .hint("see Pagination in spec/README.md"),
            );
        }
    }
    for (key, present) in unwanted {
        if present {
            d.push(
                cx.file
                    .error_at(
                        &cx.at(&format!("pagination.{key}")),
                        format!("`{key}` does not apply to `{}` pagination", p.style),
                    )
                    .hint("offset and page styles use offset + total; marker style uses marker + next_marker"),
            );
        }
    }
}

/// The cursor and the limit are a query parameter or a body field of the right type.
fn input_ok(
    cx: &Ctx,
    at: &str,
    name: &str,
    want_string: bool,
    params: &[Param],
    body: Option<&Model>,
    d: &mut Diagnostics,
) {
    let as_param = params
        .iter()
        .find(|x| x.wire == name && x.location == ParamIn::Query);
    let as_field = body.and_then(|m| m.fields.iter().find(|f| f.wire == name));
    let ty = as_param.map(|x| &x.ty).or(as_field.map(|f| &f.ty));
    match (ty, want_string) {
        (Some(TypeRef::I32 | TypeRef::I64), false) | (Some(TypeRef::String), true) => {}
        (Some(_), false) => d.push(
            cx.file
                .error_at(at, format!("`{name}` must be an integer to page with")),
        ),
        (Some(_), true) => d.push(
            cx.file
                .error_at(at, format!("`{name}` must be a string marker")),
        ),
        (None, _) => d.push(
            cx.file
                .error_at(
                    at,
                    format!("`{name}` is neither a query parameter nor a body field"),
                )
                .hint("name the parameter or body field that carries it"),
        ),
    }
}

fn total(cx: &Ctx, p: &raw::Pagination, m: &Model, d: &mut Diagnostics) -> Option<FieldRef> {
    let total = p.total.as_ref()?;
    match m.fields.iter().find(|f| &f.wire == total) {
        Some(f) if matches!(f.ty, TypeRef::I32 | TypeRef::I64) => Some(field_ref(f)),
        _ => {
            d.push(cx.file.error_at(
                &cx.at("pagination.total"),
                format!("`{total}` is not an integer field of `{}`", m.name),
            ));
            None
        }
    }
}

/// Walks the dotted path through nested models down to a string field.
fn next_marker(
    cx: &Ctx,
    p: &raw::Pagination,
    m: &Model,
    d: &mut Diagnostics,
) -> Option<Vec<FieldRef>> {
    let path = p.next_marker.as_ref()?;
    let mut model = Some(m);
    let segments: Vec<&str> = path.split('.').collect();
    let mut out = Vec::new();
    for (n, seg) in segments.iter().enumerate() {
        let field = model.and_then(|m| m.fields.iter().find(|f| f.wire == *seg));
        let last = n + 1 == segments.len();
        match (field, last) {
            (Some(f), true) if f.ty == TypeRef::String => out.push(field_ref(f)),
            (Some(f), false) if matches!(f.ty, TypeRef::Model(_)) => {
                out.push(field_ref(f));
                model = match &f.ty {
                    TypeRef::Model(next) => cx.models.get(next),
                    _ => None,
                };
            }
            _ => {
                d.push(
                    cx.file
                        .error_at(
                            &cx.at("pagination.next_marker"),
                            format!("`{path}` does not lead to a string field of `{}`", m.name),
                        )
                        .hint("a dotted path of response fields, e.g. page_info.next_marker"),
                );
                return None;
            }
        }
    }
    Some(out)
}
