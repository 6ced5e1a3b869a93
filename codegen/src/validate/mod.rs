//! Stage 2: check the raw spec and lower it into the IR. Every problem becomes a diagnostic
//! pointing at the offending node; the IR is only returned when there are none.

mod cycles;
mod examples;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ir::*;
use crate::load::raw;
use crate::load::{Loaded, RawSpec};
use crate::names;

pub use types::parse_type;

/// Where a model or enum was defined, for diagnostics and for its module.
struct Def<'a> {
    file: &'a Loaded<raw::GroupFile>,
    path: String,
}

pub fn validate(spec: &RawSpec) -> Result<Api, Diagnostics> {
    let mut d = Diagnostics::default();
    let service = service(&spec.service, &mut d);

    // Names first: every model and enum of every file, so references resolve across files.
    let mut model_defs: BTreeMap<&str, (Def, &raw::Model)> = BTreeMap::new();
    let mut enum_defs: BTreeMap<&str, (Def, &raw::Enum)> = BTreeMap::new();
    for file in &spec.groups {
        for (i, m) in file.value.models.iter().enumerate() {
            let path = format!("models[{i}].name");
            type_name_ok(file, &path, "model", &m.name, &mut d);
            if model_defs.contains_key(m.name.as_str()) || enum_defs.contains_key(m.name.as_str()) {
                d.push(file.error_at(&path, format!("`{}` is defined twice", m.name)).hint(
                    "model and enum names are global across spec files; reference the existing one or rename",
                ));
            } else {
                model_defs.insert(&m.name, (Def { file, path }, m));
            }
        }
        for (i, e) in file.value.enums.iter().enumerate() {
            let path = format!("enums[{i}].name");
            type_name_ok(file, &path, "enum", &e.name, &mut d);
            if model_defs.contains_key(e.name.as_str()) || enum_defs.contains_key(e.name.as_str()) {
                d.push(file.error_at(&path, format!("`{}` is defined twice", e.name)).hint(
                    "model and enum names are global across spec files; reference the existing one or rename",
                ));
            } else {
                enum_defs.insert(&e.name, (Def { file, path }, e));
            }
        }
    }
    let known = types::Known {
        models: model_defs.keys().copied().collect(),
        enums: enum_defs.keys().copied().collect(),
    };

    let mut models = BTreeMap::new();
    for (name, (def, m)) in &model_defs {
        models.insert(name.to_string(), model(def, m, &known, &mut d));
    }
    let mut enums = BTreeMap::new();
    for (name, (def, e)) in &enum_defs {
        enums.insert(name.to_string(), enumeration(def, e, &mut d));
    }
    cycles::check(&models, &model_defs, &mut d);

    let mut operations = Vec::new();
    let mut seen_ops: BTreeMap<String, String> = BTreeMap::new();
    for file in &spec.groups {
        let caller = caller(file, "caller", &file.value.caller, &mut d);
        for (i, op) in file.value.operations.iter().enumerate() {
            let base = format!("operations[{i}]");
            let snake = names::snake(&op.id);
            if let Some(first) = seen_ops.get(&snake) {
                d.push(
                    file.error_at(
                        &format!("{base}.id"),
                        format!("operation `{}` is defined twice", op.id),
                    )
                    .hint(format!(
                        "first defined at {first}; operation ids (and their snake_case method names) are global"
                    )),
                );
                continue;
            }
            let pos = file.locator.value(&format!("{base}.id"));
            seen_ops.insert(
                snake,
                format!(
                    "{}:{}:{} as `{}`",
                    file.path.display(),
                    pos.line,
                    pos.column,
                    op.id
                ),
            );
            if let Some(o) = operation(file, &base, op, caller, &service, &known, &models, &mut d) {
                operations.push(o);
            }
        }
    }
    operations.sort_by(|a, b| a.id.cmp(&b.id));
    let ids: BTreeSet<&str> = operations.iter().map(|o| o.id.as_str()).collect();
    for file in &spec.groups {
        for (i, op) in file.value.operations.iter().enumerate() {
            if let Some(to) = op.deprecated.as_ref().and_then(|x| x.replaced_by.as_ref()) {
                if !ids.contains(to.as_str()) {
                    d.push(
                        file.error_at(
                            &format!("operations[{i}].deprecated.replaced_by"),
                            format!("unknown operation `{to}`"),
                        )
                        .hint("name the id of the operation that replaces this one"),
                    );
                }
            }
        }
    }

    mark_request_models(&operations, &mut models);

    let mut modules: Vec<ModelModule> = spec
        .groups
        .iter()
        .map(|f| ModelModule {
            name: names::snake(&f.stem),
            source: f.path.display().to_string(),
            group: f.value.group.clone(),
            models: f
                .value
                .models
                .iter()
                .map(|m| m.name.clone())
                .filter(|n| models.contains_key(n))
                .collect(),
            enums: f
                .value
                .enums
                .iter()
                .map(|e| e.name.clone())
                .filter(|n| enums.contains_key(n))
                .collect(),
        })
        .collect();
    modules.sort_by(|a, b| a.name.cmp(&b.name));
    // Two files whose names differ only in case or punctuation would share a module.
    let mut module_files: BTreeMap<String, &std::path::Path> = BTreeMap::new();
    for f in &spec.groups {
        let module = names::snake(&f.stem);
        match module_files.get(&module) {
            Some(first) => d.push(file_error(
                f,
                format!(
                    "file name collides with {} as the module `{module}`",
                    first.display()
                ),
            )),
            None => {
                module_files.insert(module, &f.path);
            }
        }
    }

    let api = Api {
        service,
        operations,
        models,
        enums,
        modules,
    };
    if d.is_empty() {
        examples::check(spec, &api, &mut d);
    }
    if d.is_empty() {
        Ok(api)
    } else {
        Err(d.sorted())
    }
}

fn file_error(f: &Loaded<raw::GroupFile>, msg: String) -> Diagnostic {
    // About the file as a whole, so it points at its start.
    Diagnostic::new(
        &f.path,
        crate::load::locate::Pos { line: 1, column: 1 },
        msg,
    )
    .hint("rename the file")
}

fn type_name_ok(
    file: &Loaded<raw::GroupFile>,
    path: &str,
    what: &str,
    name: &str,
    d: &mut Diagnostics,
) {
    if name.is_empty() || names::pascal(name) != name {
        d.push(
            file.error_at(path, format!("{what} name `{name}` is not PascalCase"))
                .hint(format!("write it as `{}`", names::pascal(name))),
        );
    }
}

fn service(file: &Loaded<raw::Service>, d: &mut Diagnostics) -> Service {
    let s = &file.value;
    if s.regions.is_empty() {
        d.push(file.error_at("regions", "at least one region is needed"));
    }
    let mut seen = BTreeSet::new();
    for (i, r) in s.regions.iter().enumerate() {
        if !seen.insert(r.id.as_str()) {
            d.push(file.error_at(
                &format!("regions[{i}].id"),
                format!("region `{}` is listed twice", r.id),
            ));
        }
        if !r.endpoint.starts_with("https://") {
            d.push(
                file.error_at(
                    &format!("regions[{i}].endpoint"),
                    "endpoint must be an https:// URL",
                )
                .hint("e.g. https://bss-intl.myhuaweicloud.com"),
            );
        }
    }
    if !s.regions.iter().any(|r| r.id == s.default_region) {
        d.push(file.error_at(
            "default_region",
            format!("default region `{}` is not in `regions`", s.default_region),
        ));
    }
    for (i, a) in s.auth.iter().enumerate() {
        if a != "aksk" && a != "token" {
            d.push(
                file.error_at(&format!("auth[{i}]"), format!("unknown auth mode `{a}`"))
                    .hint("use `aksk` or `token`"),
            );
        }
    }
    let mut taken = BTreeMap::new();
    let common_errors = s
        .common_errors
        .iter()
        .enumerate()
        .map(|(i, e)| error_entry(file, &format!("common_errors[{i}]"), e, &mut taken, d))
        .collect();
    Service {
        name: s.name.clone(),
        title: s.title.clone(),
        global: s.global,
        default_region: s.default_region.clone(),
        regions: s
            .regions
            .iter()
            .map(|r| (r.id.clone(), r.endpoint.clone()))
            .collect(),
        auth: s.auth.clone(),
        common_errors,
    }
}

fn error_entry<T>(
    file: &Loaded<T>,
    path: &str,
    e: &raw::ErrorEntry,
    taken: &mut BTreeMap<String, String>,
    d: &mut Diagnostics,
) -> ErrorEntry {
    if !(100..=599).contains(&e.status) {
        d.push(file.error_at(
            &format!("{path}.status"),
            format!("`{}` is not an HTTP status", e.status),
        ));
    }
    if e.code.trim().is_empty() {
        d.push(file.error_at(&format!("{path}.code"), "error code is empty"));
    }
    let variant = names::pascal(&e.code);
    match taken.get(&variant) {
        Some(first) if *first == e.code => d.push(
            file.error_at(
                &format!("{path}.code"),
                format!("error code `{}` is listed twice", e.code),
            )
            .hint("list each code once per table"),
        ),
        Some(first) => d.push(
            file.error_at(
                &format!("{path}.code"),
                format!(
                    "error codes `{first}` and `{}` would both become the variant `{variant}`",
                    e.code
                ),
            )
            .hint("check the codes against the reference; one of them is probably mistyped"),
        ),
        None => {
            taken.insert(variant.clone(), e.code.clone());
        }
    }
    ErrorEntry {
        status: e.status,
        code: e.code.clone(),
        meaning: e.meaning.clone(),
        variant,
    }
}

fn caller<T>(file: &Loaded<T>, path: &str, c: &str, d: &mut Diagnostics) -> Caller {
    match c {
        "customer" => Caller::Customer,
        "partner" => Caller::Partner,
        "both" => Caller::Both,
        other => {
            d.push(
                file.error_at(path, format!("unknown caller `{other}`"))
                    .hint("use customer, partner or both"),
            );
            Caller::Both
        }
    }
}

fn limits_ok<T>(file: &Loaded<T>, path: &str, ty: &TypeRef, l: &Limits, d: &mut Diagnostics) {
    // Enums may carry the documented limits of their wire value (informational).
    let is_string = matches!(ty, TypeRef::String | TypeRef::Timestamp | TypeRef::Enum(_));
    let is_int = matches!(ty, TypeRef::I32 | TypeRef::I64 | TypeRef::Enum(_));
    if (l.max_length.is_some() || l.min_length.is_some()) && !is_string {
        d.push(file.error_at(path, "max_length/min_length apply to strings only"));
    }
    if (l.minimum.is_some() || l.maximum.is_some()) && !is_int {
        d.push(file.error_at(path, "minimum/maximum apply to integers only"));
    }
    if let (Some(a), Some(b)) = (l.min_length, l.max_length) {
        if a > b {
            d.push(file.error_at(path, format!("min_length {a} is above max_length {b}")));
        }
    }
    if let (Some(a), Some(b)) = (l.minimum, l.maximum) {
        if a > b {
            d.push(file.error_at(path, format!("minimum {a} is above maximum {b}")));
        }
    }
}

fn model(def: &Def, m: &raw::Model, known: &types::Known, d: &mut Diagnostics) -> Model {
    let base = def.path.trim_end_matches(".name");
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
            Field {
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
    }
}

fn enumeration(def: &Def, e: &raw::Enum, d: &mut Diagnostics) -> Enum {
    let base = def.path.trim_end_matches(".name");
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
            // With an unsupported type, the type error above is the one to fix first.
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
    }
}

fn mark_request_models(ops: &[Operation], models: &mut BTreeMap<String, Model>) {
    let mut todo: Vec<String> = ops.iter().filter_map(|o| o.body.clone()).collect();
    let mut seen = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(m) = models.get_mut(&name) {
            m.in_request = true;
            for f in &m.fields {
                types::collect_models(&f.ty, &mut todo);
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn operation(
    file: &Loaded<raw::GroupFile>,
    base: &str,
    op: &raw::Operation,
    file_caller: Caller,
    service: &Service,
    known: &types::Known,
    models: &BTreeMap<String, Model>,
    d: &mut Diagnostics,
) -> Option<Operation> {
    let at = |p: &str| format!("{base}.{p}");
    if op.id.is_empty() || names::pascal(&op.id) != op.id {
        d.push(
            file.error_at(
                &at("id"),
                format!("operation id `{}` is not PascalCase", op.id),
            )
            .hint(format!("write it as `{}`", names::pascal(&op.id))),
        );
    }
    let method = op.method.to_ascii_uppercase();
    if !["GET", "POST", "PUT", "DELETE", "PATCH"].contains(&method.as_str()) || method != op.method
    {
        d.push(
            file.error_at(
                &at("method"),
                format!("unknown HTTP method `{}`", op.method),
            )
            .hint("use GET, POST, PUT, DELETE or PATCH"),
        );
    }
    let retry = match op.retry.as_str() {
        "read_only" => RetryClass::ReadOnly,
        "idempotent" => RetryClass::Idempotent,
        "unsafe" => RetryClass::Unsafe,
        other => {
            d.push(
                file.error_at(&at("retry"), format!("unknown retry class `{other}`"))
                    .hint("use read_only, idempotent or unsafe"),
            );
            RetryClass::Unsafe
        }
    };
    let caller = match &op.caller {
        Some(c) => caller(file, &at("caller"), c, d),
        None => file_caller,
    };
    if op.summary.trim().is_empty() {
        d.push(file.error_at(&at("summary"), "summary is empty"));
    }

    // Parameters.
    let mut taken = BTreeSet::new();
    let mut wires = BTreeSet::new();
    let mut params = Vec::new();
    for (i, p) in op.params.iter().enumerate() {
        let ppath = at(&format!("params[{i}]"));
        let location = match p.location.as_str() {
            "path" => ParamIn::Path,
            "query" => ParamIn::Query,
            "header" => ParamIn::Header,
            other => {
                d.push(
                    file.error_at(
                        &format!("{ppath}.in"),
                        format!("unknown parameter location `{other}`"),
                    )
                    .hint("use path, query or header"),
                );
                ParamIn::Query
            }
        };
        if !wires.insert((p.location.clone(), p.name.to_ascii_lowercase())) {
            d.push(file.error_at(
                &format!("{ppath}.name"),
                format!("parameter `{}` is listed twice", p.name),
            ));
        }
        let ty = parse_type(&p.ty, known).unwrap_or_else(|msg| {
            d.push(file.error_at(&format!("{ppath}.type"), msg.0).hint(msg.1));
            TypeRef::String
        });
        let scalar = types::is_scalar(&ty);
        let list_of_scalar = matches!(&ty, TypeRef::List(inner) if types::is_scalar(inner));
        if !(scalar || (location == ParamIn::Query && list_of_scalar)) {
            d.push(
                file.error_at(
                    &format!("{ppath}.type"),
                    format!(
                        "parameter type `{}` cannot be sent in the {}",
                        p.ty, p.location
                    ),
                )
                .hint("parameters are scalars (or, in the query, lists of scalars)"),
            );
        }
        if location == ParamIn::Path && !p.required {
            d.push(
                file.error_at(
                    &format!("{ppath}.required"),
                    "path parameters must be required",
                )
                .hint("set `required: true`"),
            );
        }
        let from_domain_id = match p.source.as_deref() {
            None => false,
            Some("domain_id") if location == ParamIn::Path => true,
            Some("domain_id") => {
                d.push(
                    file.error_at(
                        &format!("{ppath}.source"),
                        "`source: domain_id` only applies to path parameters",
                    )
                    .hint("put the parameter in the path as `{domain_id}`, or remove `source`"),
                );
                false
            }
            Some(other) => {
                d.push(
                    file.error_at(
                        &format!("{ppath}.source"),
                        format!("unsupported source `{other}`"),
                    )
                    .hint("the only source is `domain_id`, for path parameters"),
                );
                false
            }
        };
        let limits = Limits {
            max_length: p.max_length,
            min_length: p.min_length,
            minimum: p.minimum,
            maximum: p.maximum,
        };
        limits_ok(file, &ppath, &ty, &limits, d);
        let rust = if from_domain_id {
            names::snake(&p.name)
        } else {
            names::unique(names::snake(&p.name), &mut taken)
        };
        params.push(Param {
            wire: p.name.clone(),
            rust,
            location,
            ty,
            required: p.required,
            doc: p.doc.clone(),
            limits,
            default: p.default.clone(),
            from_domain_id,
        });
    }

    // The path and its placeholders must match the path parameters one to one.
    if !op.path.starts_with('/') {
        d.push(file.error_at(&at("path"), "path must start with `/`"));
    }
    let placeholders = match placeholders(&op.path) {
        Ok(p) => p,
        Err(msg) => {
            d.push(file.error_at(&at("path"), msg));
            Vec::new()
        }
    };
    for ph in &placeholders {
        if !params
            .iter()
            .any(|p| p.location == ParamIn::Path && &p.wire == ph)
        {
            d.push(
                file.error_at(
                    &at("path"),
                    format!("placeholder `{{{ph}}}` has no path parameter"),
                )
                .hint(format!("add a parameter `{ph}` with `in: path`")),
            );
        }
    }
    for (i, p) in params.iter().enumerate() {
        if p.location == ParamIn::Path && !placeholders.contains(&p.wire) {
            d.push(
                file.error_at(
                    &at(&format!("params[{i}].name")),
                    format!(
                        "path parameter `{}` has no `{{{}}}` in the path",
                        p.wire, p.wire
                    ),
                )
                .hint("add the placeholder to `path` or change `in`"),
            );
        }
    }

    // Body and response.
    let body = op.body.as_ref().and_then(|b| match models.get(b) {
        Some(_) => Some(b.clone()),
        None => {
            d.push(if known.enums.contains(b.as_str()) {
                file.error_at(
                    &at("body"),
                    format!("`{b}` is an enum; a request body must be a model"),
                )
                .hint("define a model with the body's fields")
            } else {
                file.error_at(&at("body"), format!("unknown model `{b}`"))
                    .hint("define it under `models:` in any spec file")
            });
            None
        }
    });
    if body.is_some() && method == "GET" {
        d.push(file.error_at(&at("body"), "a GET request cannot carry a body"));
    }
    let resp_model = op.response.body.as_ref().and_then(|b| match models.get(b) {
        Some(m) => Some(m),
        None => {
            d.push(
                file.error_at(&at("response.body"), format!("unknown model `{b}`"))
                    .hint("define it under `models:` in any spec file"),
            );
            None
        }
    });
    if !(200..300).contains(&op.response.status) {
        d.push(file.error_at(
            &at("response.status"),
            format!("success status {} is not 2xx", op.response.status),
        ));
    }
    let embedded = match &op.response.embedded_errors {
        None => Embedded::None,
        Some(raw::EmbeddedErrors::Keyword(k)) if k == "none" => Embedded::None,
        Some(raw::EmbeddedErrors::Keyword(k)) if k == "top_level" => Embedded::TopLevel,
        Some(raw::EmbeddedErrors::Keyword(k)) => {
            d.push(
                file.error_at(
                    &at("response.embedded_errors"),
                    format!("unknown value `{k}`"),
                )
                .hint("use none, top_level or { items: <list field> }"),
            );
            Embedded::None
        }
        Some(raw::EmbeddedErrors::Items { items }) => {
            match resp_model.and_then(|m| m.fields.iter().find(|f| &f.wire == items)) {
                Some(f) if matches!(f.ty, TypeRef::List(_)) => Embedded::Items {
                    wire: f.wire.clone(),
                    rust: f.rust.clone(),
                },
                _ => {
                    d.push(
                        file.error_at(
                            &at("response.embedded_errors.items"),
                            format!("`{items}` is not a list field of the response model"),
                        )
                        .hint("name the list field that holds per-item failures"),
                    );
                    Embedded::None
                }
            }
        }
    };

    let pagination = op.pagination.as_ref().map(|p| {
        let pp = |k: &str| at(&format!("pagination.{k}"));
        let style = match p.style.as_str() {
            "offset" => PageStyle::Offset,
            "page" => PageStyle::Page,
            "marker" => PageStyle::Marker,
            other => {
                d.push(
                    file.error_at(&pp("style"), format!("unknown pagination style `{other}`"))
                        .hint("use offset, page or marker"),
                );
                PageStyle::Offset
            }
        };
        // Each style names its own cursor and end-of-list keys; the others must be absent.
        // (key, present) pairs for the keys a style needs and those it must not have.
        type Keys<'k> = [(&'k str, bool); 2];
        let (cursor_key, wanted, unwanted): (&str, Keys, Keys) = match style {
            PageStyle::Marker => (
                "marker",
                [("marker", p.marker.is_some()), ("next_marker", p.next_marker.is_some())],
                [("offset", p.offset.is_some()), ("total", p.total.is_some())],
            ),
            _ => (
                "offset",
                [("offset", p.offset.is_some()), ("total", p.total.is_some())],
                [("marker", p.marker.is_some()), ("next_marker", p.next_marker.is_some())],
            ),
        };
        for (key, present) in wanted {
            if !present {
                d.push(
                    file.error_at(&at("pagination"), format!("`{}` pagination needs `{key}`", p.style))
                        .hint("see Pagination in spec/README.md"),
                );
            }
        }
        for (key, present) in unwanted {
            if present {
                d.push(
                    file.error_at(&pp(key), format!("`{key}` does not apply to `{}` pagination", p.style))
                        .hint("offset and page styles use offset + total; marker style uses marker + next_marker"),
                );
            }
        }
        let cursor = match style {
            PageStyle::Marker => p.marker.clone(),
            _ => p.offset.clone(),
        }
        .unwrap_or_default();
        let body_model = body.as_ref().and_then(|b| models.get(b));
        for (key, name, want_string) in [(cursor_key, &cursor, style == PageStyle::Marker), ("limit", &p.limit, false)] {
            if name.is_empty() {
                continue;
            }
            let as_param = params
                .iter()
                .find(|x| &x.wire == name && x.location == ParamIn::Query);
            let as_field = body_model.and_then(|m| m.fields.iter().find(|f| &f.wire == name));
            let ty = as_param.map(|x| &x.ty).or(as_field.map(|f| &f.ty));
            match (ty, want_string) {
                (Some(TypeRef::I32 | TypeRef::I64), false) | (Some(TypeRef::String), true) => {}
                (Some(_), false) => d.push(file.error_at(
                    &pp(key),
                    format!("`{name}` must be an integer to page with"),
                )),
                (Some(_), true) => d.push(file.error_at(&pp(key), format!("`{name}` must be a string marker"))),
                (None, _) => d.push(
                    file.error_at(
                        &pp(key),
                        format!("`{name}` is neither a query parameter nor a body field"),
                    )
                    .hint("name the parameter or body field that carries it"),
                ),
            }
        }
        let mut next_marker = Vec::new();
        if let Some(m) = resp_model {
            match m.fields.iter().find(|f| f.wire == p.items) {
                Some(f) if matches!(f.ty, TypeRef::List(_)) => {}
                _ => d.push(file.error_at(
                    &pp("items"),
                    format!("`{}` is not a list field of `{}`", p.items, m.name),
                )),
            }
            if let Some(total) = p.total.as_ref().filter(|_| style != PageStyle::Marker) {
                match m.fields.iter().find(|f| &f.wire == total) {
                    Some(f) if matches!(f.ty, TypeRef::I32 | TypeRef::I64) => {}
                    _ => d.push(file.error_at(
                        &pp("total"),
                        format!("`{total}` is not an integer field of `{}`", m.name),
                    )),
                }
            }
            if let Some(path) = &p.next_marker {
                // Walk the dotted path through nested models down to a string field.
                let mut model = Some(m);
                let segments: Vec<&str> = path.split('.').collect();
                for (n, seg) in segments.iter().enumerate() {
                    let field = model.and_then(|m| m.fields.iter().find(|f| f.wire == *seg));
                    let last = n + 1 == segments.len();
                    match (field.map(|f| &f.ty), last) {
                        (Some(TypeRef::String), true) => next_marker.push(seg.to_string()),
                        (Some(TypeRef::Model(next)), false) => {
                            next_marker.push(seg.to_string());
                            model = models.get(next);
                        }
                        _ => {
                            d.push(
                                file.error_at(&pp("next_marker"), format!("`{path}` does not lead to a string field of `{}`", m.name))
                                    .hint("a dotted path of response fields, e.g. page_info.next_marker"),
                            );
                            next_marker.clear();
                            break;
                        }
                    }
                }
            }
        } else {
            d.push(file.error_at(
                &at("pagination"),
                "a paginated operation needs a response body model",
            ));
        }
        if p.default_limit == 0 || p.default_limit > p.max_limit {
            d.push(file.error_at(
                &pp("default_limit"),
                format!(
                    "default_limit {} must be between 1 and max_limit {}",
                    p.default_limit, p.max_limit
                ),
            ));
        }
        Pagination {
            style,
            offset: cursor,
            limit: p.limit.clone(),
            first: p.first,
            default_limit: p.default_limit,
            max_limit: p.max_limit,
            total: p.total.clone(),
            next_marker,
            items: p.items.clone(),
        }
    });

    // Errors: own table first, then the common ones it does not redefine.
    // `Unhandled` and `PartialFailure` are the enum's own variants; no code may become them.
    let mut taken: BTreeMap<String, String> = ["Unhandled", "PartialFailure"]
        .iter()
        .map(|v| (v.to_string(), format!("(reserved variant {v})")))
        .collect();
    let mut errors: Vec<ErrorEntry> = op
        .errors
        .iter()
        .enumerate()
        .map(|(i, e)| error_entry(file, &at(&format!("errors[{i}]")), e, &mut taken, d))
        .collect();
    for c in &service.common_errors {
        if errors.iter().any(|e| e.code == c.code) {
            continue;
        }
        match errors.iter().position(|e| e.variant == c.variant) {
            Some(i) => d.push(
                file.error_at(
                    &at(&format!("errors[{i}].code")),
                    format!(
                        "error code `{}` and the common error `{}` would both become the variant `{}`",
                        errors[i].code, c.code, c.variant
                    ),
                )
                .hint("check the code against the reference; it is probably mistyped"),
            ),
            None => errors.push(c.clone()),
        }
    }
    let examples = op
        .examples
        .iter()
        .map(|e| Example {
            title: e.title.clone(),
            path: json_object(&e.path)
                .into_iter()
                .map(|(k, v)| (k, scalar_text(&v)))
                .collect(),
            query: json_object(&e.query),
            request: e.request.clone(),
            status: e.status,
            response: e.response.clone().filter(|v| !v.is_null()),
        })
        .collect();

    Some(Operation {
        id: op.id.clone(),
        source: file.path.display().to_string(),
        snake: names::snake(&op.id),
        group: file.value.group.clone(),
        caller,
        summary: op.summary.trim().to_string(),
        description: op.description.as_ref().map(|s| s.trim().to_string()),
        method,
        path: op.path.clone(),
        retry,
        doc_url: op.doc_url.clone(),
        deprecated: op.deprecated.as_ref().map(|x| Deprecated {
            replaced_by: x.replaced_by.clone(),
            note: x.note.clone(),
        }),
        params,
        body,
        response: Response {
            status: op.response.status,
            body: resp_model.map(|m| m.name.clone()),
            embedded,
        },
        pagination,
        errors,
        examples,
    })
}

fn json_object(v: &Option<Json>) -> BTreeMap<String, Json> {
    match v {
        Some(Json::Object(m)) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        _ => BTreeMap::new(),
    }
}

pub(crate) fn scalar_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The `{name}` placeholders of a path, in order.
fn placeholders(path: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| "unclosed `{` in path".to_string())?;
        let name = &after[..close];
        if name.is_empty() || name.contains(['{', '/']) {
            return Err(format!("malformed placeholder `{{{name}}}` in path"));
        }
        out.push(name.to_string());
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err("unmatched `}` in path".to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::load::Source;

    const SERVICE: &str = "service:\n  name: T\n  title: T\n  default_region: r\n  regions: [{ id: r, endpoint: \"https://t.example\" }]\n  auth: [aksk]\n";

    #[test]
    fn files_that_would_share_a_module_are_reported() {
        let group = |path: &str| Source {
            path: path.into(),
            text: "group: G\ncaller: both\n".into(),
        };
        let err = crate::load_sources(
            &Source {
                path: "spec/service.yaml".into(),
                text: SERVICE.into(),
            },
            &[group("spec/groups/a-b.yaml"), group("spec/groups/a_b.yaml")],
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "spec/groups/a_b.yaml:1:1: error: file name collides with spec/groups/a-b.yaml as the module `a_b`\n  hint: rename the file"
        );
    }
}
