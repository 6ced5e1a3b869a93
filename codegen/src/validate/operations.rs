//! One operation: its header (id, method, retry class, caller, text), parameters, path,
//! body and response, errors and examples.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    inputs, json_object, limits_ok, pagination, parse_type, paths, reserved, scalar_text, service,
    text, types,
};
use crate::diagnostic::Diagnostics;
use crate::ir::*;
use crate::load::{raw, Loaded};
use crate::names;

/// What validating one operation needs to know about the rest of the spec.
pub(super) struct Ctx<'a> {
    pub file: &'a Loaded<raw::GroupFile>,
    /// `operations[i]`.
    pub base: &'a str,
    pub file_caller: Caller,
    /// The file's `sites` (default for its operations).
    pub file_sites: SiteSet,
    pub service: &'a Service,
    pub known: &'a types::Known<'a>,
    pub models: &'a BTreeMap<String, Model>,
}

impl Ctx<'_> {
    pub(super) fn at(&self, p: &str) -> String {
        format!("{}.{p}", self.base)
    }
    pub(super) fn error(&self, p: &str, msg: impl Into<String>) -> crate::diagnostic::Diagnostic {
        self.file.error_at(&self.at(p), msg)
    }
}

pub(super) fn caller<T>(file: &Loaded<T>, path: &str, c: &str, d: &mut Diagnostics) -> Caller {
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

pub(super) fn operation(cx: &Ctx, op: &raw::Operation, d: &mut Diagnostics) -> Option<Operation> {
    let names_ = op_names(cx, op, d);
    let method = method(cx, op, d);
    let retry = match op.retry.as_str() {
        "read_only" => RetryClass::ReadOnly,
        "idempotent" => RetryClass::Idempotent,
        "unsafe" => RetryClass::Unsafe,
        other => {
            d.push(
                cx.error("retry", format!("unknown retry class `{other}`"))
                    .hint("use read_only, idempotent or unsafe"),
            );
            RetryClass::Unsafe
        }
    };
    let caller = match &op.caller {
        Some(c) => caller(cx.file, &cx.at("caller"), c, d),
        None => cx.file_caller,
    };
    let sites = match &op.sites {
        Some(ids) => super::sites::list(
            cx.file,
            &cx.at("sites"),
            ids,
            &cx.service.sites,
            (cx.service.all_sites(), "the service"),
            d,
        ),
        None => cx.file_sites,
    };
    if op.summary.trim().is_empty() {
        d.push(cx.error("summary", "summary is empty"));
    }
    text::check(cx.file, &cx.at("summary"), &op.summary, d);
    text::check_opt(cx.file, &cx.at("description"), &op.description, d);
    if let Some(dep) = &op.deprecated {
        text::check_opt(cx.file, &cx.at("deprecated.note"), &dep.note, d);
    }
    for (j, e) in op.examples.iter().enumerate() {
        text::check(
            cx.file,
            &cx.at(&format!("examples[{j}].title")),
            &e.title,
            d,
        );
    }

    let params = params(cx, op, sites, d);
    let path = path(cx, op, &params, d);
    let body = body(cx, op, method, d);
    let (resp_model, embedded) = response(cx, op, d);
    let pagination = op.pagination.as_ref().and_then(|p| {
        let body_model = body.as_ref().and_then(|b| cx.models.get(b));
        pagination::pagination(cx, p, &params, body_model, resp_model, d)
    });
    let errors = service::operation_errors(cx.file, cx.base, &op.errors, cx.service, sites, d);
    let error_table = error_table(cx, op, &errors, d);
    let inputs = inputs::resolve(
        &names_,
        &params,
        body.as_ref().and_then(|b| cx.models.get(b)),
        sites,
    );
    inputs::site_bound_ok(cx, &inputs, d);
    let examples = op
        .examples
        .iter()
        .enumerate()
        .map(|(j, e)| Example {
            sites: super::sites::optional(
                cx.file,
                &cx.at(&format!("examples[{j}].sites")),
                &e.sites,
                &cx.service.sites,
                (sites, "this operation"),
                d,
            ),
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
        source: cx.file.path.display().to_string(),
        names: names_,
        group: cx.file.value.group.clone(),
        caller,
        sites,
        summary: op.summary.trim().to_string(),
        description: op.description.as_ref().map(|s| s.trim().to_string()),
        method,
        path,
        retry,
        doc_url: op.doc_url.clone(),
        deprecated: op.deprecated.as_ref().map(|x| Deprecated {
            replaced_by: x.replaced_by.clone(),
            note: x.note.clone(),
        }),
        params,
        body,
        inputs,
        response: Response {
            status: op.response.status,
            body: resp_model.map(|m| m.name.clone()),
            embedded,
        },
        pagination,
        errors,
        error_table,
        examples,
    })
}

/// `error_table` explains an error list without codes of its own, so it is refused on an
/// operation that has some.
fn error_table(
    cx: &Ctx,
    op: &raw::Operation,
    errors: &[ErrorEntry],
    d: &mut Diagnostics,
) -> Option<ErrorTable> {
    let value = op.error_table.as_deref()?;
    let table = match value {
        "common_only" => ErrorTable::CommonOnly,
        "unread" => ErrorTable::Unread,
        other => {
            d.push(
                cx.error("error_table", format!("unknown value `{other}`"))
                    .hint("`common_only` (the published table lists only common codes) or `unread` (it could not be read in full)"),
            );
            return None;
        }
    };
    let common: BTreeSet<&str> = cx
        .service
        .common_errors
        .iter()
        .map(|e| e.code.as_str())
        .collect();
    if let Some(own) = errors.iter().find(|e| !common.contains(e.code.as_str())) {
        d.push(
            cx.error(
                "error_table",
                format!(
                    "`error_table: {value}` says the operation has no error codes of its own, but it lists `{}`",
                    own.code
                ),
            )
            .hint("remove `error_table`, or move the code to the common table if every operation can return it"),
        );
        return None;
    }
    Some(table)
}

/// The operation's Rust names: its method (and module) must not be one of `Client`'s own.
fn op_names(cx: &Ctx, op: &raw::Operation, d: &mut Diagnostics) -> OpNames {
    if op.id.is_empty() || names::pascal(&op.id) != op.id {
        d.push(
            cx.error("id", format!("operation id `{}` is not PascalCase", op.id))
                .hint(format!("write it as `{}`", names::pascal(&op.id))),
        );
    }
    let method = names::snake(&op.id);
    if reserved::CLIENT_METHODS.contains(&method.as_str()) {
        d.push(
            cx.error(
                "id",
                format!(
                    "operation `{}` would become `Client::{method}`, which the client already has",
                    op.id
                ),
            )
            .hint("rename the operation (its id names the client method)"),
        );
    }
    OpNames {
        method,
        builder: format!("{}Request", op.id),
        error: format!("{}Error", op.id),
        kind: format!("{}ErrorKind", op.id),
    }
}

fn method(cx: &Ctx, op: &raw::Operation, d: &mut Diagnostics) -> Method {
    match op.method.as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "DELETE" => Method::Delete,
        "PATCH" => Method::Patch,
        _ => {
            d.push(
                cx.error("method", format!("unknown HTTP method `{}`", op.method))
                    .hint("use GET, POST, PUT, DELETE or PATCH"),
            );
            Method::Get
        }
    }
}

fn params(cx: &Ctx, op: &raw::Operation, op_sites: SiteSet, d: &mut Diagnostics) -> Vec<Param> {
    let mut wires = BTreeSet::new();
    let mut out = Vec::new();
    for (i, p) in op.params.iter().enumerate() {
        let ppath = cx.at(&format!("params[{i}]"));
        let location = match p.location.as_str() {
            "path" => ParamIn::Path,
            "query" => ParamIn::Query,
            "header" => ParamIn::Header,
            other => {
                d.push(
                    cx.file
                        .error_at(
                            &format!("{ppath}.in"),
                            format!("unknown parameter location `{other}`"),
                        )
                        .hint("use path, query or header"),
                );
                ParamIn::Query
            }
        };
        if let Some(msg) = paths::name_error(&p.name, location) {
            d.push(cx.file.error_at(&format!("{ppath}.name"), msg));
        }
        if !wires.insert((p.location.clone(), p.name.to_ascii_lowercase())) {
            d.push(cx.file.error_at(
                &format!("{ppath}.name"),
                format!("parameter `{}` is listed twice", p.name),
            ));
        }
        text::check_opt(cx.file, &format!("{ppath}.doc"), &p.doc, d);
        let ty = parse_type(&p.ty, cx.known).unwrap_or_else(|msg| {
            d.push(
                cx.file
                    .error_at(&format!("{ppath}.type"), msg.0)
                    .hint(msg.1),
            );
            TypeRef::String
        });
        let scalar = types::is_scalar(&ty);
        let list_of_scalar = matches!(&ty, TypeRef::List(inner) if types::is_scalar(inner));
        if !(scalar || (location == ParamIn::Query && list_of_scalar)) {
            d.push(
                cx.file
                    .error_at(
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
                cx.file
                    .error_at(
                        &format!("{ppath}.required"),
                        "path parameters must be required",
                    )
                    .hint("set `required: true`"),
            );
        }
        let from_domain_id = source(cx, &ppath, p, location, d);
        let limits = Limits {
            max_length: p.max_length,
            min_length: p.min_length,
            minimum: p.minimum,
            maximum: p.maximum,
        };
        limits_ok(cx.file, &ppath, &ty, &limits, d);
        let sites = super::sites::optional(
            cx.file,
            &format!("{ppath}.sites"),
            &p.sites,
            &cx.service.sites,
            (op_sites, "this operation"),
            d,
        );
        out.push(Param {
            sites,
            wire: p.name.clone(),
            location,
            ty,
            required: p.required,
            doc: p.doc.clone(),
            limits,
            default: p.default.clone(),
            from_domain_id,
        });
    }
    out
}

fn source(cx: &Ctx, ppath: &str, p: &raw::Param, location: ParamIn, d: &mut Diagnostics) -> bool {
    match p.source.as_deref() {
        None => false,
        Some("domain_id") if location == ParamIn::Path => true,
        Some("domain_id") => {
            d.push(
                cx.file
                    .error_at(
                        &format!("{ppath}.source"),
                        "`source: domain_id` only applies to path parameters",
                    )
                    .hint("put the parameter in the path as `{domain_id}`, or remove `source`"),
            );
            false
        }
        Some(other) => {
            d.push(
                cx.file
                    .error_at(
                        &format!("{ppath}.source"),
                        format!("unsupported source `{other}`"),
                    )
                    .hint("the only source is `domain_id`, for path parameters"),
            );
            false
        }
    }
}

/// The parsed template; its placeholders and the path parameters match one to one.
fn path(cx: &Ctx, op: &raw::Operation, params: &[Param], d: &mut Diagnostics) -> PathTemplate {
    let template = match paths::parse(&op.path) {
        Ok(t) => t,
        Err(msg) => {
            // The template is wrong; whether its placeholders match is moot until it is fixed.
            d.push(cx.error("path", msg));
            return PathTemplate { segments: vec![] };
        }
    };
    let placeholders: Vec<&str> = template
        .segments
        .iter()
        .filter_map(|s| match s {
            Segment::Param(p) => Some(p.as_str()),
            Segment::Literal(_) => None,
        })
        .collect();
    let mut seen = BTreeSet::new();
    for ph in &placeholders {
        if !seen.insert(*ph) {
            d.push(cx.error("path", format!("placeholder `{{{ph}}}` appears twice")));
        }
        if !params
            .iter()
            .any(|p| p.location == ParamIn::Path && p.wire == *ph)
        {
            d.push(
                cx.error(
                    "path",
                    format!("placeholder `{{{ph}}}` has no path parameter"),
                )
                .hint(format!("add a parameter `{ph}` with `in: path`")),
            );
        }
    }
    for (i, p) in params.iter().enumerate() {
        if p.location == ParamIn::Path && !placeholders.contains(&p.wire.as_str()) {
            d.push(
                cx.error(
                    &format!("params[{i}].name"),
                    format!(
                        "path parameter `{}` has no `{{{}}}` in the path",
                        p.wire, p.wire
                    ),
                )
                .hint("add the placeholder to `path` or change `in`"),
            );
        }
    }
    template
}

fn body(cx: &Ctx, op: &raw::Operation, method: Method, d: &mut Diagnostics) -> Option<String> {
    let body = op.body.as_ref().and_then(|b| match cx.models.get(b) {
        Some(_) => Some(b.clone()),
        None => {
            d.push(if cx.known.enums.contains(b.as_str()) {
                cx.error(
                    "body",
                    format!("`{b}` is an enum; a request body must be a model"),
                )
                .hint("define a model with the body's fields")
            } else {
                cx.error("body", format!("unknown model `{b}`"))
                    .hint("define it under `models:` in any spec file")
            });
            None
        }
    });
    if body.is_some() && method == Method::Get {
        d.push(cx.error("body", "a GET request cannot carry a body"));
    }
    body
}

fn response<'m>(
    cx: &Ctx<'m>,
    op: &raw::Operation,
    d: &mut Diagnostics,
) -> (Option<&'m Model>, Embedded) {
    let resp_model = op
        .response
        .body
        .as_ref()
        .and_then(|b| match cx.models.get(b) {
            Some(m) => Some(m),
            None => {
                d.push(
                    cx.error("response.body", format!("unknown model `{b}`"))
                        .hint("define it under `models:` in any spec file"),
                );
                None
            }
        });
    if !(200..300).contains(&op.response.status) {
        d.push(cx.error(
            "response.status",
            format!("success status {} is not 2xx", op.response.status),
        ));
    }
    let embedded = match &op.response.embedded_errors {
        None => Embedded::None,
        Some(raw::EmbeddedErrors::Keyword(k)) if k == "none" => Embedded::None,
        Some(raw::EmbeddedErrors::Keyword(k)) if k == "top_level" => Embedded::TopLevel,
        Some(raw::EmbeddedErrors::Keyword(k)) => {
            d.push(
                cx.error("response.embedded_errors", format!("unknown value `{k}`"))
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
                        cx.error(
                            "response.embedded_errors.items",
                            format!("`{items}` is not a list field of the response model"),
                        )
                        .hint("name the list field that holds per-item failures"),
                    );
                    Embedded::None
                }
            }
        }
    };
    (resp_model, embedded)
}
