//! Stage 2: check the raw spec and lower it into the IR. Every problem becomes a diagnostic
//! pointing at the offending node; the IR is only returned when there are none.
//!
//! Split by concern: `service` (service file, error tables), `models` (models, enums,
//! request-model builders and limit tables), `cycles`, `operations` (one operation: header,
//! parameters, body, response, errors), `paths` (path templates and parameter names),
//! `pagination`, `inputs` (builder setters and markers), `text` (doc text that must become
//! valid rustdoc), `reserved` (names the generated code or the runtime already use),
//! `examples` and `types`. Every Rust name the emitters print is decided here.

mod audit;
mod cycles;
mod examples;
mod inputs;
mod models;
mod operations;
mod pagination;
mod paths;
mod reserved;
mod service;
mod sites;
mod text;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ir::*;
use crate::load::raw;
use crate::load::{Loaded, RawSpec};
use crate::names;

pub use audit::{audit, audit_fingerprint, format_percent};
pub use reserved::CLIENT_METHODS;
pub use types::parse_type;

/// Where a model or enum was defined, for diagnostics and for its module.
pub(super) struct Def<'a> {
    pub file: &'a Loaded<raw::GroupFile>,
    pub path: String,
}

type ModelDefs<'a> = BTreeMap<&'a str, (Def<'a>, &'a raw::Model)>;
type EnumDefs<'a> = BTreeMap<&'a str, (Def<'a>, &'a raw::Enum)>;

pub fn validate(spec: &RawSpec) -> Result<Api, Diagnostics> {
    let mut d = Diagnostics::default();
    let service = service::service(&spec.service, &mut d);
    let (model_defs, enum_defs) = definitions(spec, &mut d);
    let known = types::Known {
        models: model_defs.keys().copied().collect(),
        enums: enum_defs.keys().copied().collect(),
    };

    let mut models = BTreeMap::new();
    for (name, (def, m)) in &model_defs {
        models.insert(
            name.to_string(),
            models::model(def, m, &known, &service, &mut d),
        );
    }
    let mut enums = BTreeMap::new();
    for (name, (def, e)) in &enum_defs {
        enums.insert(name.to_string(), models::enumeration(def, e, &mut d));
    }
    cycles::check(&models, &model_defs, &mut d);

    let operations = operations_of(spec, &service, &known, &models, &mut d);
    models::mark_directions(&operations, &mut models);
    sites::mark_reached(&operations, &mut models, &mut enums);
    let modules = modules(spec, &models, &enums, &mut d);
    models::resolve_builders(&mut models, &operations, &modules, &model_defs, &mut d);
    models::resolve_limits(&mut models);

    let api = Api {
        service,
        operations,
        models,
        enums,
        modules,
        audit: Vec::new(),
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

/// Every model and enum of every file, so references resolve across files.
fn definitions<'a>(spec: &'a RawSpec, d: &mut Diagnostics) -> (ModelDefs<'a>, EnumDefs<'a>) {
    let mut model_defs: ModelDefs = BTreeMap::new();
    let mut enum_defs: EnumDefs = BTreeMap::new();
    let mut defined: BTreeSet<&str> = BTreeSet::new();
    for file in &spec.groups {
        let mut define = |path: &str, what: &str, name: &'a str| {
            type_name_ok(file, path, what, name, d);
            if defined.contains(name) {
                d.push(file.error_at(path, format!("`{name}` is defined twice")).hint(
                    "model and enum names are global across spec files; reference the existing one or rename",
                ));
                return false;
            }
            defined.insert(name)
        };
        for (i, m) in file.value.models.iter().enumerate() {
            let path = format!("models[{i}].name");
            if define(&path, "model", &m.name) {
                model_defs.insert(&m.name, (Def { file, path }, m));
            }
        }
        for (i, e) in file.value.enums.iter().enumerate() {
            let path = format!("enums[{i}].name");
            if define(&path, "enum", &e.name) {
                enum_defs.insert(&e.name, (Def { file, path }, e));
            }
        }
    }
    (model_defs, enum_defs)
}

fn operations_of(
    spec: &RawSpec,
    service: &Service,
    known: &types::Known,
    models: &BTreeMap<String, Model>,
    d: &mut Diagnostics,
) -> Vec<Operation> {
    let mut operations = Vec::new();
    let mut seen_ops: BTreeMap<String, String> = BTreeMap::new();
    for file in &spec.groups {
        text::check(file, "group", &file.value.group, d);
        let caller = operations::caller(file, "caller", &file.value.caller, d);
        let file_sites = sites::optional(
            file,
            "sites",
            &file.value.sites,
            &service.sites,
            (service.all_sites(), "the service"),
            d,
        );
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
            let first = format!(
                "{}:{}:{} as `{}`",
                file.path.display(),
                pos.line,
                pos.column,
                op.id
            );
            seen_ops.insert(snake, first);
            let ctx = operations::Ctx {
                file,
                base: &base,
                file_caller: caller,
                file_sites,
                service,
                known,
                models,
            };
            if let Some(o) = operations::operation(&ctx, op, d) {
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
    operations
}

/// One models module per group file; two files whose names differ only in case or
/// punctuation would share one.
fn modules(
    spec: &RawSpec,
    models: &BTreeMap<String, Model>,
    enums: &BTreeMap<String, Enum>,
    d: &mut Diagnostics,
) -> Vec<ModelModule> {
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
    modules
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
    } else if reserved::TYPE_NAMES.contains(&name) {
        d.push(
            file.error_at(
                path,
                format!("{what} name `{name}` would shadow a type the generated code uses"),
            )
            .hint(format!("rename it, e.g. `{name}Info`")),
        );
    }
}

pub(super) fn limits_ok<T>(
    file: &Loaded<T>,
    path: &str,
    ty: &TypeRef,
    l: &Limits,
    d: &mut Diagnostics,
) {
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

pub(super) fn json_object(v: &Option<Json>) -> BTreeMap<String, Json> {
    match v {
        Some(Json::Object(m)) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        _ => BTreeMap::new(),
    }
}

pub(crate) use crate::ir::scalar_text;

#[cfg(test)]
mod tests {
    use crate::load::Source;

    const SERVICE: &str = "service:\n  name: T\n  title: T\n  sites: [{ id: t, product: T, title: T, default_region: r, regions: [{ id: r, endpoint: \"https://t.example\" }] }]\n  auth: [aksk]\n";

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
