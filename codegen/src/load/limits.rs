//! How much input the generator takes. Everything beyond these bounds is refused by the
//! loader, with a diagnostic at the place where the bound is crossed, before any later
//! stage (or the YAML parser, for the text bounds) does work on it. The bounds are far
//! above what the BSS spec needs (its figures are in the comments) and low enough that no
//! accepted input makes `cargo xtask codegen` run longer than a few seconds.

/// Bytes in one spec file. The largest real file is 53 KB.
pub const MAX_FILE_BYTES: usize = 1 << 20;
/// Bytes in all spec files together. The real spec is 621 KB.
pub const MAX_TOTAL_BYTES: usize = 4 << 20;
/// Files in `spec/groups/`. The real spec has 44.
pub const MAX_GROUP_FILES: usize = 200;
/// Nesting of YAML lists and mappings, the document itself being level 1. The real spec
/// reaches 8 (inside example bodies). Checked while parsing, and for brackets already in
/// the raw text, since the YAML scanner slows down quadratically with flow nesting.
pub const MAX_YAML_DEPTH: usize = 32;
/// Bytes in one scalar (a description, an example string). The longest real one is
/// under 1 KB.
pub const MAX_SCALAR_BYTES: usize = 16 * 1024;
/// Entries in one YAML list or mapping. The longest real list has 60 entries.
pub const MAX_COLLECTION_ITEMS: usize = 2_000;
/// Bytes in a name (operation id, model, enum, value, field, parameter, error code) and in
/// a group file's stem. The longest real name has 49. Generated file names are derived
/// from operation ids and file stems; in snake_case they stay far below the usual 255-byte
/// limit of file names.
pub const MAX_NAME_BYTES: usize = 80;
/// Bytes in a type expression (`list<map<Model>>`). The longest real one has 39.
pub const MAX_TYPE_BYTES: usize = 200;
/// Nesting of `list<…>`/`map<…>` in one type expression. The real spec uses 1. The
/// generator walks types recursively; this keeps that shallow.
pub const MAX_TYPE_DEPTH: usize = 4;
// The counts below bound the emitter's work. In a debug build on a shared two-core machine
// it spends about 3 ms per operation and 2 ms per field of a request model; there the real
// spec generates in about a second, and the largest spec these bounds accept, in its
// costliest shape, in about four (test `the_largest_accepted_spec_generates_quickly`).

/// Operations in the whole spec. The real spec has 105 (both sites).
pub const MAX_OPERATIONS: usize = 500;
/// Models and enums in the whole spec. The real spec has 434. (One list holds at most
/// `MAX_COLLECTION_ITEMS`, so this many fit in one file.)
pub const MAX_TYPES: usize = 2_000;
/// Fields, parameters, enum values and error entries in the whole spec together. The real
/// spec has 2,821.
pub const MAX_MEMBERS: usize = 16_000;
/// Parameters of all operations together (each gets a setter, a check and docs). The real
/// spec has 302.
pub const MAX_PARAMS: usize = 1_500;
/// Fields of the models reachable from request bodies (each gets a builder setter and a
/// check; the costliest part to generate). The real spec has 321.
pub const MAX_REQUEST_FIELDS: usize = 2_500;
/// Required fields of one model, and required parameters of one operation. The real spec
/// has at most 9 and 5. Builders check required inputs at compile time with one type
/// parameter each, so the generated code (and the time to generate it) grows with the
/// square of this number.
pub const MAX_REQUIRED: usize = 16;

use super::raw::{GroupFile, Service};
use super::Loaded;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// Names and type expressions of one group file.
pub fn check_group(file: &Loaded<GroupFile>, d: &mut Diagnostics) {
    if file.stem.len() > MAX_NAME_BYTES {
        d.push(
            Diagnostic::new(
                &file.path,
                super::locate::Pos { line: 1, column: 1 },
                format!(
                    "the file name has {} bytes before `.yaml`, more than the {MAX_NAME_BYTES} a group file name may have",
                    file.stem.len()
                ),
            )
            .hint("rename the file; it names the generated models module"),
        );
    }
    let g = &file.value;
    for (i, op) in g.operations.iter().enumerate() {
        let base = format!("operations[{i}]");
        name(file, &format!("{base}.id"), "operation id", &op.id, d);
        let required = op.params.iter().enumerate().filter(|(_, p)| p.required);
        if let Some((j, _)) = required.clone().nth(MAX_REQUIRED) {
            d.push(
                file.error_at_key(
                    &format!("{base}.params[{j}].required"),
                    format!(
                        "operation `{}` has {} required parameters, more than {MAX_REQUIRED}",
                        super::yaml::shorten(&op.id),
                        required.count()
                    ),
                )
                .hint("group them into a request body model"),
            );
        }
        for (j, p) in op.params.iter().enumerate() {
            name(
                file,
                &format!("{base}.params[{j}].name"),
                "parameter name",
                &p.name,
                d,
            );
            ty(file, &format!("{base}.params[{j}].type"), &p.ty, d);
        }
        for (j, e) in op.errors.iter().enumerate() {
            name(
                file,
                &format!("{base}.errors[{j}].code"),
                "error code",
                &e.code,
                d,
            );
        }
        for (key, model) in [("body", &op.body), ("response.body", &op.response.body)] {
            if let Some(m) = model {
                name(file, &format!("{base}.{key}"), "model name", m, d);
            }
        }
    }
    for (i, m) in g.models.iter().enumerate() {
        name(file, &format!("models[{i}].name"), "model name", &m.name, d);
        let required = m.fields.iter().enumerate().filter(|(_, f)| f.required);
        if let Some((j, _)) = required.clone().nth(MAX_REQUIRED) {
            d.push(
                file.error_at_key(
                    &format!("models[{i}].fields[{j}].required"),
                    format!(
                        "model `{}` has {} required fields, more than {MAX_REQUIRED}",
                        super::yaml::shorten(&m.name),
                        required.count()
                    ),
                )
                .hint("group some of them into a nested model"),
            );
        }
        for (j, f) in m.fields.iter().enumerate() {
            let at = format!("models[{i}].fields[{j}]");
            name(file, &format!("{at}.name"), "field name", &f.name, d);
            ty(file, &format!("{at}.type"), &f.ty, d);
        }
    }
    for (i, e) in g.enums.iter().enumerate() {
        name(file, &format!("enums[{i}].name"), "enum name", &e.name, d);
        for (j, v) in e.values.iter().enumerate() {
            name(
                file,
                &format!("enums[{i}].values[{j}].name"),
                "value name",
                &v.name,
                d,
            );
        }
    }
}

/// Error codes of the service file.
pub fn check_service(file: &Loaded<Service>, d: &mut Diagnostics) {
    for (i, e) in file.value.common_errors.iter().enumerate() {
        name(
            file,
            &format!("common_errors[{i}].code"),
            "error code",
            &e.code,
            d,
        );
    }
}

/// The totals over all group files; each is reported where it is first exceeded.
pub fn check_totals(groups: &[Loaded<GroupFile>], d: &mut Diagnostics) {
    let mut ops = 0;
    let mut types = 0;
    let mut members = 0;
    let mut params = 0;
    let mut reported = [false; 4];
    for file in groups {
        let g = &file.value;
        for (i, op) in g.operations.iter().enumerate() {
            ops += 1;
            members += op.params.len() + op.errors.len();
            params += op.params.len();
            over(
                file,
                &format!("operations[{i}].params"),
                params,
                MAX_PARAMS,
                "parameters",
                &mut reported[3],
                d,
            );
            over(
                file,
                &format!("operations[{i}]"),
                ops,
                MAX_OPERATIONS,
                "operations",
                &mut reported[0],
                d,
            );
            over(
                file,
                &format!("operations[{i}]"),
                members,
                MAX_MEMBERS,
                "fields, parameters, enum values and error entries",
                &mut reported[2],
                d,
            );
        }
        for (i, m) in g.models.iter().enumerate() {
            types += 1;
            members += m.fields.len();
            over(
                file,
                &format!("models[{i}]"),
                types,
                MAX_TYPES,
                "models and enums",
                &mut reported[1],
                d,
            );
            over(
                file,
                &format!("models[{i}]"),
                members,
                MAX_MEMBERS,
                "fields, parameters, enum values and error entries",
                &mut reported[2],
                d,
            );
        }
        for (i, e) in g.enums.iter().enumerate() {
            types += 1;
            members += e.values.len();
            over(
                file,
                &format!("enums[{i}]"),
                types,
                MAX_TYPES,
                "models and enums",
                &mut reported[1],
                d,
            );
            over(
                file,
                &format!("enums[{i}]"),
                members,
                MAX_MEMBERS,
                "fields, parameters, enum values and error entries",
                &mut reported[2],
                d,
            );
        }
    }
}

/// The fields of all models reachable from request bodies, counted once per model in the
/// order they are reached; reported at the model that crosses the bound.
pub fn check_request_fields(groups: &[Loaded<GroupFile>], d: &mut Diagnostics) {
    use std::collections::{HashMap, HashSet};
    let mut models: HashMap<&str, (&Loaded<GroupFile>, usize)> = HashMap::new();
    for file in groups {
        for (i, m) in file.value.models.iter().enumerate() {
            models.entry(m.name.as_str()).or_insert((file, i));
        }
    }
    let mut todo: Vec<&str> = groups
        .iter()
        .flat_map(|f| f.value.operations.iter().filter_map(|o| o.body.as_deref()))
        .collect();
    todo.reverse();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut fields = 0;
    while let Some(name) = todo.pop() {
        if !seen.insert(name) {
            continue;
        }
        let Some(&(file, i)) = models.get(name) else {
            continue;
        };
        let m = &file.value.models[i];
        fields += m.fields.len();
        if fields > MAX_REQUEST_FIELDS {
            d.push(
                file.error_at(
                    &format!("models[{i}].name"),
                    format!(
                        "the models sent as request bodies have more than {MAX_REQUEST_FIELDS} fields together (with `{}`, {fields})",
                        super::yaml::shorten(name)
                    ),
                )
                .hint("the generator takes at most this many; see Limits in spec/README.md"),
            );
            return;
        }
        for f in &m.fields {
            // The names inside a type expression: `list<map<Model>>` names `Model`.
            todo.extend(
                f.ty.split(['<', '>', ' '])
                    .filter(|t| !t.is_empty() && models.contains_key(t)),
            );
        }
    }
}

fn over<T>(
    file: &Loaded<T>,
    path: &str,
    count: usize,
    max: usize,
    what: &str,
    reported: &mut bool,
    d: &mut Diagnostics,
) {
    if count > max && !*reported {
        *reported = true;
        d.push(
            file.error_at(
                path,
                format!("the spec holds more than {max} {what} (this is number {count})"),
            )
            .hint("the generator takes at most this many; see Limits in spec/README.md"),
        );
    }
}

fn name<T>(file: &Loaded<T>, path: &str, what: &str, text: &str, d: &mut Diagnostics) {
    if text.len() > MAX_NAME_BYTES {
        d.push(
            file.error_at(
                path,
                format!(
                    "{what} `{}` has {} bytes, more than the {MAX_NAME_BYTES} a name may have",
                    super::yaml::shorten(text),
                    text.len()
                ),
            )
            .hint("shorten it (generated file and type names are derived from it)"),
        );
    }
}

fn ty<T>(file: &Loaded<T>, path: &str, text: &str, d: &mut Diagnostics) {
    if text.len() > MAX_TYPE_BYTES {
        d.push(file.error_at(
            path,
            format!(
                "type `{}` has {} bytes, more than the {MAX_TYPE_BYTES} a type may have",
                super::yaml::shorten(text),
                text.len()
            ),
        ));
        return;
    }
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for c in text.chars() {
        match c {
            '<' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            '>' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if deepest > MAX_TYPE_DEPTH {
        d.push(
            file.error_at(
                path,
                format!(
                    "type `{}` nests `<…>` {deepest} levels deep, more than {MAX_TYPE_DEPTH}",
                    super::yaml::shorten(text)
                ),
            )
            .hint("use a model for the inner part"),
        );
    }
}
