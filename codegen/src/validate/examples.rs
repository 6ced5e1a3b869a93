//! Documented examples must fit the models they illustrate: a key the model lacks, or a
//! value of the wrong JSON type, is a curation mistake and is reported where it is.

use serde_json::Value as Json;

use crate::diagnostic::Diagnostics;
use crate::ir::*;
use crate::load::RawSpec;

pub fn check(spec: &RawSpec, api: &Api, d: &mut Diagnostics) {
    for file in &spec.groups {
        for (i, raw_op) in file.value.operations.iter().enumerate() {
            let Some(op) = api.operations.iter().find(|o| o.id == raw_op.id) else {
                continue;
            };
            for (j, ex) in raw_op.examples.iter().enumerate() {
                let base = format!("operations[{i}].examples[{j}]");
                let mut errs = Vec::new();
                for (key, location) in [("path", ParamIn::Path), ("query", ParamIn::Query)] {
                    let Some(v) = (if key == "path" { &ex.path } else { &ex.query }) else {
                        continue;
                    };
                    let Json::Object(map) = v else {
                        errs.push((
                            format!("{base}.{key}"),
                            format!("`{key}` must be a mapping of parameter values"),
                        ));
                        continue;
                    };
                    for (k, v) in map {
                        match op
                            .params
                            .iter()
                            .find(|p| p.location == location && &p.wire == k)
                        {
                            Some(p) => fits(
                                api,
                                v,
                                &p.ty,
                                Travel::Read,
                                format!("{base}.{key}.{k}"),
                                &mut errs,
                            ),
                            None => errs.push((
                                format!("{base}.{key}.{k}"),
                                format!("`{k}` is not a {key} parameter of {}", op.id),
                            )),
                        }
                    }
                }
                // What it sends must be taken on every site it is documented for.
                let ex_sites = op.examples.get(j).map_or(op.sites, |e| e.sites);
                let bound = |wire: &str, from_body: bool| {
                    op.inputs.iter().find(|i| {
                        i.wire == wire && matches!(i.from, InputFrom::Body(_)) == from_body
                    })
                };
                let mut site_check = |key: &str, wire: &str, from_body: bool| {
                    if let Some(i) = bound(wire, from_body).filter(|i| !ex_sites.is_subset(i.sites))
                    {
                        errs.push((
                            format!("{base}.{key}.{wire}"),
                            format!(
                                "`{}` is taken on fewer sites than the example is documented for",
                                i.wire
                            ),
                        ));
                    }
                };
                if let Some(Json::Object(map)) = &ex.request {
                    for k in map.keys() {
                        site_check("request", k, true);
                    }
                }
                for (key, v) in [("path", &ex.path), ("query", &ex.query)] {
                    if let Some(Json::Object(map)) = v {
                        for k in map.keys() {
                            site_check(key, k, false);
                        }
                    }
                }
                match (&ex.request, &op.body) {
                    (None, _) | (Some(Json::Null), _) => {}
                    (Some(v), Some(model)) => fits(
                        api,
                        v,
                        &TypeRef::Model(model.clone()),
                        Travel::Sent,
                        format!("{base}.request"),
                        &mut errs,
                    ),
                    (Some(_), None) => errs.push((
                        format!("{base}.request"),
                        format!("{} takes no request body", op.id),
                    )),
                }
                // A `top_level` operation's body may also carry its status fields.
                let response = match (&ex.response, &op.response.embedded) {
                    (Some(Json::Object(map)), Embedded::TopLevel) => {
                        let mut rest = map.clone();
                        rest.remove("error_code");
                        rest.remove("error_msg");
                        Some(Json::Object(rest))
                    }
                    (other, _) => other.clone(),
                };
                match (&response, &op.response.body) {
                    (None, _) | (Some(Json::Null), _) => {}
                    (Some(Json::Object(m)), None)
                        if m.is_empty() && op.response.embedded == Embedded::TopLevel => {}
                    (Some(v), Some(model)) => fits(
                        api,
                        v,
                        &TypeRef::Model(model.clone()),
                        Travel::Read,
                        format!("{base}.response"),
                        &mut errs,
                    ),
                    (Some(_), None) => errs.push((
                        format!("{base}.response"),
                        format!("{} returns no body", op.id),
                    )),
                }
                for (path, msg) in errs {
                    d.push(
                        file.error_at(&path, msg)
                            .hint("make the example match the model, or fix the model (or give the example the `sites` it was documented for)"),
                    );
                }
            }
        }
    }
}

/// Which way an example value travels. What the client sends has one encoding per type
/// (a `decimal` is a JSON number, a `decimal_string` a JSON string), so a request example
/// in the other one could not be what the client sends; answers are read either way.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Travel {
    /// A request body.
    Sent,
    /// A response body, or parameter text.
    Read,
}

fn fits(
    api: &Api,
    v: &Json,
    ty: &TypeRef,
    travel: Travel,
    path: String,
    errs: &mut Vec<(String, String)>,
) {
    let ok = match (ty, v) {
        (TypeRef::Decimal, Json::String(_)) | (TypeRef::DecimalString, Json::Number(_))
            if travel == Travel::Sent =>
        {
            errs.push((
                path,
                format!(
                    "example value {} is sent as a {}, but the client sends a {} as a JSON {}",
                    short(v),
                    if v.is_string() { "string" } else { "number" },
                    describe(ty),
                    if matches!(ty, TypeRef::Decimal) {
                        "number"
                    } else {
                        "string"
                    }
                ),
            ));
            return;
        }
        (_, Json::Null) | (TypeRef::Json, _) => true,
        (TypeRef::String | TypeRef::Timestamp, Json::String(_))
        | (TypeRef::Bool, Json::Bool(_)) => true,
        (TypeRef::I32, Json::Number(n)) => n.as_i64().is_some_and(|x| i32::try_from(x).is_ok()),
        (TypeRef::I64, Json::Number(n)) => n.as_i64().is_some(),
        (TypeRef::Decimal, Json::Number(_)) | (TypeRef::F64, Json::Number(_)) => true,
        (TypeRef::Decimal | TypeRef::DecimalString, Json::String(s)) => {
            s.trim().parse::<f64>().is_ok()
        }
        (TypeRef::DecimalString, Json::Number(_)) => true,
        (TypeRef::Enum(name), v) => match api.enums.get(name).map(|e| e.repr) {
            Some(EnumRepr::String) => v.is_string(),
            Some(_) => v.as_i64().is_some(),
            None => false,
        },
        (TypeRef::List(inner), Json::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                fits(api, item, inner, travel, format!("{path}[{i}]"), errs);
            }
            true
        }
        (TypeRef::Map(inner), Json::Object(map)) => {
            for (k, item) in map {
                fits(api, item, inner, travel, format!("{path}.{k}"), errs);
            }
            true
        }
        (TypeRef::Model(name), Json::Object(map)) => {
            let Some(model) = api.models.get(name) else {
                return;
            };
            for (k, item) in map {
                match model.fields.iter().find(|f| &f.wire == k) {
                    Some(f) => fits(api, item, &f.ty, travel, format!("{path}.{k}"), errs),
                    None => errs.push((
                        format!("{path}.{k}"),
                        format!("`{k}` is not a field of `{name}`"),
                    )),
                }
            }
            true
        }
        _ => false,
    };
    if !ok {
        errs.push((
            path,
            format!(
                "example value {} does not fit type {}",
                short(v),
                describe(ty)
            ),
        ));
    }
}

fn short(v: &Json) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

pub fn describe(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "string".into(),
        TypeRef::Timestamp => "timestamp".into(),
        TypeRef::Bool => "boolean".into(),
        TypeRef::I32 => "int32".into(),
        TypeRef::I64 => "int64".into(),
        TypeRef::Decimal => "decimal".into(),
        TypeRef::DecimalString => "decimal_string".into(),
        TypeRef::F64 => "double".into(),
        TypeRef::Json => "json".into(),
        TypeRef::List(i) => format!("list<{}>", describe(i)),
        TypeRef::Map(i) => format!("map<{}>", describe(i)),
        TypeRef::Model(m) | TypeRef::Enum(m) => m.clone(),
    }
}
