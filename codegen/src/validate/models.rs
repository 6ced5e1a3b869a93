//! Models and enums: fields, values, cycles, which models are request models, their
//! builders and their limit tables.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;

use super::{limits_ok, parse_type, reserved, text, types, Def, ModelDefs};
use crate::diagnostic::Diagnostics;
use crate::ir::*;
use crate::load::raw;
use crate::names;

pub(super) fn model(
    def: &Def,
    m: &raw::Model,
    known: &types::Known,
    service: &Service,
    d: &mut Diagnostics,
) -> Model {
    let base = def.path.trim_end_matches(".name");
    text::check_opt(def.file, &format!("{base}.doc"), &m.doc, d);
    let mut wires = BTreeSet::new();
    let mut rusts = BTreeSet::new();
    let fields = m
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let fpath = format!("{base}.fields[{i}]");
            if !wires.insert(f.name.as_str()) {
                d.push(
                    def.file
                        .error_at(
                            &format!("{fpath}.name"),
                            format!("field `{}` is listed twice in `{}`", f.name, m.name),
                        )
                        .hint("JSON keys must be unique within a model"),
                );
            }
            text::check_opt(def.file, &format!("{fpath}.doc"), &f.doc, d);
            let ty = parse_type(&f.ty, known).unwrap_or_else(|msg| {
                d.push(
                    def.file
                        .error_at(&format!("{fpath}.type"), msg.0)
                        .hint(msg.1),
                );
                TypeRef::Json
            });
            if let Some(msg) = types::decimal_shape_error(&ty) {
                d.push(
                    def.file
                        .error_at(
                            &format!("{fpath}.type"),
                            format!("type `{}` is not supported", f.ty),
                        )
                        .hint(msg),
                );
            }
            let limits = Limits {
                max_length: f.max_length,
                min_length: f.min_length,
                minimum: f.minimum,
                maximum: f.maximum,
            };
            limits_ok(def.file, &fpath, &ty, &limits, d);
            let sites = super::sites::optional(
                def.file,
                &format!("{fpath}.sites"),
                &f.sites,
                &service.sites,
                (service.all_sites(), "the service"),
                d,
            );
            Field {
                sites,
                wire: f.name.clone(),
                rust: names::unique(names::snake(&f.name), &mut rusts),
                ty,
                required: f.required,
                doc: f.doc.clone(),
                limits,
            }
        })
        .collect();
    Model {
        name: m.name.clone(),
        module: names::snake(&def.file.stem),
        doc: m.doc.clone(),
        fields,
        in_request: false,
        in_response: false,
        sites: SiteSet::default(),
        builder: None,
        limits_const: None,
        limit_fields: Vec::new(),
    }
}

pub(super) fn enumeration(def: &Def, e: &raw::Enum, d: &mut Diagnostics) -> Enum {
    let base = def.path.trim_end_matches(".name");
    text::check_opt(def.file, &format!("{base}.doc"), &e.doc, d);
    let repr = match e.ty.as_str() {
        "string" => Some(EnumRepr::String),
        "int32" => Some(EnumRepr::I32),
        "int64" => Some(EnumRepr::I64),
        other => {
            d.push(
                def.file
                    .error_at(
                        &format!("{base}.type"),
                        format!("enum type `{other}` is not supported"),
                    )
                    .hint("use string, int32 or int64"),
            );
            None
        }
    };
    if e.values.is_empty() {
        d.push(def.file.error_at(
            &format!("{base}.values"),
            format!("enum `{}` has no values", e.name),
        ));
    }
    let mut wires = BTreeSet::new();
    let mut rusts = BTreeSet::new();
    rusts.insert("Unknown".to_string());
    let values = e
        .values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let vpath = format!("{base}.values[{i}]");
            value_ok(def, &vpath, e, repr, v, (&mut wires, &mut rusts), d);
            EnumValue {
                wire: v.value.clone(),
                rust: v.name.clone(),
                doc: v.doc.clone(),
            }
        })
        .collect();
    Enum {
        name: e.name.clone(),
        module: names::snake(&def.file.stem),
        repr: repr.unwrap_or(EnumRepr::String),
        doc: e.doc.clone(),
        values,
        sites: SiteSet::default(),
    }
}

fn value_ok(
    def: &Def,
    vpath: &str,
    e: &raw::Enum,
    repr: Option<EnumRepr>,
    v: &raw::EnumValue,
    (wires, rusts): (&mut BTreeSet<String>, &mut BTreeSet<String>),
    d: &mut Diagnostics,
) {
    text::check_opt(def.file, &format!("{vpath}.doc"), &v.doc, d);
    // With an unsupported type, the type error is the one to fix first.
    let ok = match (repr, &v.value) {
        (None, _) | (Some(EnumRepr::String), Json::String(_)) => true,
        (Some(EnumRepr::I32), Json::Number(n)) => {
            n.as_i64().is_some_and(|x| i32::try_from(x).is_ok())
        }
        (Some(EnumRepr::I64), Json::Number(n)) => n.as_i64().is_some(),
        _ => false,
    };
    if !ok {
        d.push(
            def.file
                .error_at(
                    &format!("{vpath}.value"),
                    format!("value {} does not fit enum type `{}`", v.value, e.ty),
                )
                .hint("quote string values; integer enums take whole numbers"),
        );
    }
    if !wires.insert(v.value.to_string()) {
        d.push(def.file.error_at(
            &format!("{vpath}.value"),
            format!("value {} is listed twice", v.value),
        ));
    }
    if names::pascal(&v.name) != v.name {
        d.push(
            def.file
                .error_at(
                    &format!("{vpath}.name"),
                    format!("value name `{}` is not PascalCase", v.name),
                )
                .hint(format!("write it as `{}`", names::pascal(&v.name))),
        );
    } else if !rusts.insert(v.name.clone()) {
        d.push(
            def.file
                .error_at(
                    &format!("{vpath}.name"),
                    format!("value name `{}` is used twice (or is reserved)", v.name),
                )
                .hint("`Unknown` is reserved for values the docs do not list"),
        );
    }
}

/// Marks the models that request bodies reach (`in_request`) and those that response bodies
/// reach (`in_response`), directly or through fields, lists and maps. A work list, not
/// recursion: a deep or cyclic spec cannot exhaust the stack.
pub(super) fn mark_directions(ops: &[Operation], models: &mut BTreeMap<String, Model>) {
    let requests = ops.iter().filter_map(|o| o.body.clone()).collect();
    mark_reached(requests, models, |m| &mut m.in_request);
    let responses = ops.iter().filter_map(|o| o.response.body.clone()).collect();
    mark_reached(responses, models, |m| &mut m.in_response);
}

fn mark_reached(
    mut todo: Vec<String>,
    models: &mut BTreeMap<String, Model>,
    flag: fn(&mut Model) -> &mut bool,
) {
    let mut seen = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(m) = models.get_mut(&name) {
            *flag(m) = true;
            for f in &m.fields {
                types::collect_models(&f.ty, &mut todo);
            }
        }
    }
}

/// Request models nested in a body get a builder in a module named after the model; a
/// top-level body is set through its operation's builder, so it gets none. Setter and
/// marker names are made unique here; a builder module that would clash with a models
/// module (the glob re-exports would be ambiguous) is reported.
pub(super) fn resolve_builders(
    models: &mut BTreeMap<String, Model>,
    ops: &[Operation],
    modules: &[ModelModule],
    defs: &ModelDefs,
    d: &mut Diagnostics,
) {
    let bodies: BTreeSet<&str> = ops.iter().filter_map(|o| o.body.as_deref()).collect();
    let module_names: BTreeSet<&str> = modules.iter().map(|m| m.name.as_str()).collect();
    for m in models.values_mut() {
        if !m.in_request || bodies.contains(m.name.as_str()) {
            continue;
        }
        let module = names::snake(&m.name);
        if module_names.contains(module.as_str()) {
            if let Some((def, _)) = defs.get(m.name.as_str()) {
                d.push(
                    def.file
                        .error_at(
                            &def.path,
                            format!("the builder module `{module}` of `{}` would clash with the models module of the same name", m.name),
                        )
                        .hint("rename the model or the group file"),
                );
            }
        }
        // A nested model's builder is the same on every site that reaches it, so each of
        // its fields must exist on all of them; fields that reach further are harmless.
        if m.fields.iter().any(|f| !m.sites.is_subset(f.sites)) {
            if let Some((def, _)) = defs.get(m.name.as_str()) {
                d.push(
                    def.file
                        .error_at(&def.path, format!("`{}` is built inside a request body and has a field that only some of its sites have", m.name))
                        .hint("site-bound request fields are supported at the top level of a body (set on the operation's builder); move the field there"),
                );
            }
        }
        let mut taken = reserved::set(reserved::MODEL_BUILDER_METHODS);
        let mut types: BTreeSet<String> = reserved::set(&["Builder"]);
        let mut setters = Vec::new();
        let mut markers = Vec::new();
        for f in &m.fields {
            let setter = names::unique(f.rust.clone(), &mut taken);
            markers.push(
                f.required.then(|| {
                    names::unique(format!("Missing{}", names::pascal(&setter)), &mut types)
                }),
            );
            setters.push(setter);
        }
        m.builder = Some(ModelBuilder {
            module,
            setters,
            markers,
        });
    }
}

/// The limit tables: for every request model, the fields with checked limits (strings,
/// timestamps and integers; enum limits are informational) and the fields that hold a
/// model (or a list of models) with a table of its own. A reference back into a model
/// being resolved (a recursive structure) is left out rather than looping.
pub(super) fn resolve_limits(models: &mut BTreeMap<String, Model>) {
    let names: Vec<String> = models
        .values()
        .filter(|m| m.in_request)
        .map(|m| m.name.clone())
        .collect();
    let mut done: BTreeMap<String, Vec<LimitField>> = BTreeMap::new();
    for name in &names {
        let mut path = BTreeSet::new();
        resolve_one(models, name, &mut path, &mut done);
    }
    for (name, fields) in done {
        if let Some(m) = models.get_mut(&name) {
            if !fields.is_empty() {
                m.limits_const = Some(format!("{}_LIMITS", names::snake(&name).to_uppercase()));
            }
            m.limit_fields = fields;
        }
    }
}

fn resolve_one(
    models: &BTreeMap<String, Model>,
    name: &str,
    path: &mut BTreeSet<String>,
    done: &mut BTreeMap<String, Vec<LimitField>>,
) -> bool {
    if let Some(f) = done.get(name) {
        return !f.is_empty();
    }
    let Some(m) = models.get(name) else {
        return false;
    };
    path.insert(name.to_string());
    let mut out = Vec::new();
    for f in &m.fields {
        let checked = matches!(
            f.ty,
            TypeRef::String | TypeRef::Timestamp | TypeRef::I32 | TypeRef::I64
        ) && !f.limits.is_empty();
        let inner = match &f.ty {
            TypeRef::Model(n) => Some(n),
            TypeRef::List(i) => match &**i {
                TypeRef::Model(n) => Some(n),
                _ => None,
            },
            _ => None,
        };
        let nested = inner
            .filter(|n| !path.contains(n.as_str()))
            .filter(|n| resolve_one(models, n, path, done))
            .map(|n| format!("{}_LIMITS", names::snake(n).to_uppercase()));
        if checked || nested.is_some() {
            out.push(LimitField {
                wire: f.wire.clone(),
                limits: if checked {
                    f.limits.clone()
                } else {
                    Limits::default()
                },
                nested,
            });
        }
    }
    path.remove(name);
    let any = !out.is_empty();
    done.insert(name.to_string(), out);
    any
}
