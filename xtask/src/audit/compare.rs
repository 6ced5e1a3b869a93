//! Compares the official SDK's declarations with the spec, item by item.
//!
//! An **item** is one official parameter (path, query, header) or one official body field,
//! walked recursively through nested models, on the request and the response side, counted
//! once per operation and per place it occurs (a model used by two operations counts twice).
//! Each item is matched to the spec by exact JSON key/wire name (a match that differs only in
//! letter case is a key mismatch) and then compared on type and required flag.
//!
//! # Type mapping
//!
//! | official (Python)  | compatible spec types                                         |
//! |--------------------|----------------------------------------------------------------|
//! | `str`              | `string`, `timestamp`, `decimal_string`, a string enum         |
//! | `int`              | `int32`, `int64`, an int32/int64 enum                          |
//! | `float`            | `decimal`, `double`                                            |
//! | `decimal.Decimal`  | `decimal`, `decimal_string`                                    |
//! | `bool`             | `boolean`                                                      |
//! | `object`           | `json`                                                         |
//! | `datetime`, `date` | `timestamp`, `string`                                          |
//! | `list[T]`          | `list<U>` with T ↔ U                                           |
//! | `dict(str, T)`     | `map<U>` with T ↔ U                                            |
//! | a model class      | a model (both are then walked field by field)                  |
//!
//! Everything else is a type mismatch; in particular `str` ↔ `decimal` (the wire sends a
//! string, the spec expects a number) and `float` ↔ `decimal_string` (the reverse). When a
//! model class meets a non-model spec type (`json`, say), the class's fields are counted as
//! missing in the spec. Spec items the official SDK does not have are reported as "missing
//! upstream" but are not part of the agreement figures, whose denominator is the official
//! items. A model already being walked on the current path is not walked again (the
//! recursion is bounded by the number of classes).

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use super::python::{Location, PyClass, PyOperation, PyType};

/// A spec type, reduced to what the comparison needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SType {
    String,
    Timestamp,
    Bool,
    I32,
    I64,
    Decimal,
    DecimalString,
    F64,
    Json,
    List(Box<SType>),
    Map(Box<SType>),
    Model(String),
    StrEnum(String),
    IntEnum(String),
}

impl fmt::Display for SType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SType::String => f.write_str("string"),
            SType::Timestamp => f.write_str("timestamp"),
            SType::Bool => f.write_str("boolean"),
            SType::I32 => f.write_str("int32"),
            SType::I64 => f.write_str("int64"),
            SType::Decimal => f.write_str("decimal"),
            SType::DecimalString => f.write_str("decimal_string"),
            SType::F64 => f.write_str("double"),
            SType::Json => f.write_str("json"),
            SType::List(t) => write!(f, "list<{t}>"),
            SType::Map(t) => write!(f, "map<{t}>"),
            SType::Model(m) => f.write_str(m),
            SType::StrEnum(e) => write!(f, "{e} (string enum)"),
            SType::IntEnum(e) => write!(f, "{e} (int enum)"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct SField {
    pub key: String,
    pub ty: SType,
    pub required: bool,
}

#[derive(Clone, Debug)]
pub struct SParam {
    pub location: Location,
    pub wire: String,
    pub ty: SType,
    pub required: bool,
}

#[derive(Clone, Debug)]
pub struct SOperation {
    pub id: String,
    pub method: String,
    pub path: String,
    pub params: Vec<SParam>,
    pub body: Option<String>,
    pub response: Option<String>,
    /// `embedded_errors: top_level`: the runtime reads the body's `error_code` and
    /// `error_msg` itself, so the spec models them without listing them as fields.
    pub top_level_errors: bool,
}

/// The spec as the audit sees it.
#[derive(Clone, Debug, Default)]
pub struct SpecView {
    pub operations: Vec<SOperation>,
    pub models: BTreeMap<String, Vec<SField>>,
}

/// The official SDK as parsed.
#[derive(Clone, Debug, Default)]
pub struct Upstream {
    pub operations: Vec<PyOperation>,
    pub classes: BTreeMap<String, PyClass>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffKind {
    MissingInSpec {
        upstream: String,
        required: bool,
    },
    MissingUpstream {
        spec: String,
    },
    Key {
        spec_key: String,
    },
    Type {
        upstream: String,
        spec: String,
    },
    Required {
        upstream: bool,
        spec: bool,
    },
    /// Something the audit could not read (an unknown class or type string).
    Unreadable(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// `query limit`, `body.product_infos[].fee_installment_mode`, `response.amount`, …
    pub path: String,
    pub kind: DiffKind,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let req = |r: bool| if r { "required" } else { "optional" };
        match &self.kind {
            DiffKind::MissingInSpec { upstream, required } => write!(
                f,
                "missing in spec    {}: upstream {upstream}, {}",
                self.path,
                req(*required)
            ),
            DiffKind::MissingUpstream { spec } => {
                write!(f, "missing upstream   {}: spec {spec}", self.path)
            }
            DiffKind::Key { spec_key } => {
                write!(
                    f,
                    "key                {}: spec spells it {spec_key:?}",
                    self.path
                )
            }
            DiffKind::Type { upstream, spec } => write!(
                f,
                "type               {}: upstream {upstream}, spec {spec}",
                self.path
            ),
            DiffKind::Required { upstream, spec } => write!(
                f,
                "required           {}: upstream {}, spec {}",
                self.path,
                req(*upstream),
                req(*spec)
            ),
            DiffKind::Unreadable(what) => write!(f, "unreadable         {}: {what}", self.path),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Official items.
    pub items: usize,
    /// Of those, how many agree on key, type and required flag.
    pub full: usize,
    /// Of those, how many agree on key and type.
    pub key_type: usize,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.items += other.items;
        self.full += other.full;
        self.key_type += other.key_type;
    }
}

pub fn percent(n: usize, of: usize) -> f64 {
    if of == 0 {
        100.0
    } else {
        n as f64 * 100.0 / of as f64
    }
}

#[derive(Clone, Debug)]
pub struct OpReport {
    pub id: String,
    /// The spec's method and path, or the official ones when the spec lacks the operation.
    pub route: String,
    pub in_spec: bool,
    pub upstream: bool,
    /// Same method and path (parameter names in braces ignored).
    pub route_agrees: bool,
    pub counts: Counts,
    /// Counts over the path, query and header parameters only.
    pub param_counts: Counts,
    pub findings: Vec<Finding>,
}

/// The summary figures of a report (what `--write-summary` records in `spec/audit.yaml`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Operations of the official SDK.
    pub official: usize,
    /// Of those, how many the spec has.
    pub in_spec: usize,
    /// Spec operations the official SDK does not have.
    pub only_in_spec: usize,
    /// Operations without any difference (route included).
    pub clean: usize,
    /// Of the operations in both, how many have the same route.
    pub routes: usize,
    pub params: Counts,
    pub items: Counts,
    /// Spec items the official SDK does not have.
    pub missing_upstream: usize,
}

#[derive(Clone, Debug)]
pub struct Report {
    pub operations: Vec<OpReport>,
}

impl Report {
    pub fn totals(&self) -> Counts {
        let mut c = Counts::default();
        for op in &self.operations {
            c.add(&op.counts);
        }
        c
    }

    pub fn param_totals(&self) -> Counts {
        let mut c = Counts::default();
        for op in &self.operations {
            c.add(&op.param_counts);
        }
        c
    }

    /// The figures of the report's summary.
    pub fn summary(&self) -> Summary {
        let matched: Vec<_> = self
            .operations
            .iter()
            .filter(|o| o.upstream && o.in_spec)
            .collect();
        Summary {
            official: self.operations.iter().filter(|o| o.upstream).count(),
            in_spec: matched.len(),
            only_in_spec: self.operations.iter().filter(|o| !o.upstream).count(),
            clean: self
                .operations
                .iter()
                .filter(|o| o.findings.is_empty() && o.route_agrees)
                .count(),
            routes: matched.iter().filter(|o| o.route_agrees).count(),
            params: self.param_totals(),
            items: self.totals(),
            missing_upstream: self
                .operations
                .iter()
                .flat_map(|o| &o.findings)
                .filter(|f| matches!(f.kind, DiffKind::MissingUpstream { .. }))
                .count(),
        }
    }

    /// The whole report as text: per operation with differences, then the summary.
    pub fn render(&self, source: &str) -> String {
        let mut out = String::new();
        for op in &self.operations {
            if op.findings.is_empty() && op.route_agrees {
                continue;
            }
            let _ = write!(out, "{} ({})", op.id, op.route);
            if !op.upstream {
                let _ = writeln!(out, ": not in the official SDK");
                continue;
            }
            if !op.in_spec {
                let _ = writeln!(out, ": not in the spec");
            } else {
                let _ = writeln!(out, ": {}/{} items agree", op.counts.full, op.counts.items);
            }
            if !op.route_agrees && op.in_spec {
                let _ = writeln!(out, "  route differs from the official one");
            }
            for f in &op.findings {
                let _ = writeln!(out, "  {f}");
            }
        }
        let Summary {
            official: upstream_ops,
            in_spec,
            only_in_spec: spec_only,
            clean,
            routes,
            params: p,
            items: t,
            missing_upstream,
        } = self.summary();
        let _ = writeln!(out, "\nsummary ({source})");
        let _ = writeln!(
            out,
            "  operations: {upstream_ops} official, {in_spec} in the spec, {spec_only} only in the spec; {clean} without differences"
        );
        let _ = writeln!(out, "  routes: {routes}/{in_spec} agree");
        let _ = writeln!(
            out,
            "  parameters: {}/{} agree on key, type and required flag",
            p.full, p.items
        );
        let _ = writeln!(
            out,
            "  official items (parameters and body fields, recursively): {}",
            t.items
        );
        let _ = writeln!(
            out,
            "  agreement on key + type + required: {}/{} = {:.1} %",
            t.full,
            t.items,
            percent(t.full, t.items)
        );
        let _ = writeln!(
            out,
            "  agreement on key + type:            {}/{} = {:.1} %",
            t.key_type,
            t.items,
            percent(t.key_type, t.items)
        );
        let _ = writeln!(
            out,
            "  spec items the official SDK does not have: {missing_upstream}"
        );
        out
    }
}

/// `/v2/a/{x}/b` and `/v2/a/{y}/b` are the same route.
fn normalize_path(path: &str) -> String {
    let mut out = String::new();
    let mut in_brace = false;
    for c in path.trim_end_matches('/').chars() {
        match c {
            '{' => {
                in_brace = true;
                out.push('{');
            }
            '}' => {
                in_brace = false;
                out.push('}');
            }
            _ if in_brace => {}
            _ => out.push(c),
        }
    }
    out
}

pub fn compare(upstream: &Upstream, spec: &SpecView) -> Report {
    let mut reports = Vec::new();
    let mut used = vec![false; spec.operations.len()];
    for up in &upstream.operations {
        let route_key = (up.http_method.clone(), normalize_path(&up.path));
        let found = spec
            .operations
            .iter()
            .position(|s| s.id == up.id())
            .or_else(|| {
                spec.operations
                    .iter()
                    .position(|s| (s.method.clone(), normalize_path(&s.path)) == route_key)
            });
        let mut walker = Walker {
            upstream,
            spec,
            findings: Vec::new(),
            counts: Counts::default(),
        };
        let s = found.map(|i| {
            used[i] = true;
            &spec.operations[i]
        });
        walker.params(up, s);
        let param_counts = walker.counts.clone();
        walker.request_body(up, s);
        walker.response_body(up, s);
        reports.push(OpReport {
            id: s.map_or_else(|| up.id().to_string(), |s| s.id.clone()),
            route: match s {
                Some(s) => format!("{} {}", s.method, s.path),
                None => format!("{} {}", up.http_method, up.path),
            },
            in_spec: s.is_some(),
            upstream: true,
            route_agrees: s
                .is_some_and(|s| (s.method.clone(), normalize_path(&s.path)) == route_key),
            counts: walker.counts,
            param_counts,
            findings: walker.findings,
        });
    }
    for (i, s) in spec.operations.iter().enumerate() {
        if !used[i] {
            reports.push(OpReport {
                id: s.id.clone(),
                route: format!("{} {}", s.method, s.path),
                in_spec: true,
                upstream: false,
                route_agrees: false,
                counts: Counts::default(),
                param_counts: Counts::default(),
                findings: Vec::new(),
            });
        }
    }
    reports.sort_by(|a, b| a.id.cmp(&b.id));
    Report {
        operations: reports,
    }
}

struct Walker<'a> {
    upstream: &'a Upstream,
    spec: &'a SpecView,
    findings: Vec<Finding>,
    counts: Counts,
}

/// Type compatibility of one pair; `Some(classes)` when both sides are models to walk.
enum Compat<'a> {
    Yes,
    No,
    Walk(&'a str, &'a str),
}

fn compat<'a>(up: &'a PyType, spec: &'a SType) -> Compat<'a> {
    use Compat::*;
    match (up, spec) {
        (
            PyType::Str,
            SType::String | SType::Timestamp | SType::DecimalString | SType::StrEnum(_),
        )
        | (PyType::Int, SType::I32 | SType::I64 | SType::IntEnum(_))
        | (PyType::Float, SType::Decimal | SType::F64)
        | (PyType::Decimal, SType::Decimal | SType::DecimalString)
        | (PyType::Bool, SType::Bool)
        | (PyType::Object, SType::Json)
        | (PyType::DateTime, SType::Timestamp | SType::String) => Yes,
        (PyType::List(u), SType::List(s)) | (PyType::Dict(u), SType::Map(s)) => compat(u, s),
        (PyType::Class(u), SType::Model(s)) => Walk(u, s),
        _ => No,
    }
}

impl Walker<'_> {
    fn find(&mut self, path: String, kind: DiffKind) {
        self.findings.push(Finding { path, kind });
    }

    fn params(&mut self, up: &PyOperation, spec: Option<&SOperation>) {
        let class = self.upstream.classes.get(&up.request_class);
        for p in &up.params {
            let path = format!("{} {}", p.location.as_str(), p.wire);
            let Some(attr) = class.and_then(|c| c.attr(&p.attr)) else {
                self.find(
                    path,
                    DiffKind::Unreadable(format!(
                        "{}.{} is not declared",
                        up.request_class, p.attr
                    )),
                );
                self.counts.items += 1;
                continue;
            };
            let up_ty = match PyType::parse(&attr.ty) {
                Ok(t) => t,
                Err(e) => {
                    self.find(path, DiffKind::Unreadable(e.0));
                    self.counts.items += 1;
                    continue;
                }
            };
            let same_place = |s: &&SParam| s.location == p.location;
            let exact = spec.and_then(|s| {
                s.params
                    .iter()
                    .filter(same_place)
                    .find(|s| s.wire == p.wire)
            });
            let loose = spec.and_then(|s| {
                s.params
                    .iter()
                    .filter(same_place)
                    .find(|s| s.wire.eq_ignore_ascii_case(&p.wire))
            });
            let found = exact
                .or(loose)
                .map(|s| (s.wire.as_str(), &s.ty, s.required));
            self.item(path, &p.wire, &up_ty, attr.required, found, &mut Vec::new());
        }
        if let Some(s) = spec {
            for sp in &s.params {
                let known = up
                    .params
                    .iter()
                    .any(|p| p.location == sp.location && p.wire.eq_ignore_ascii_case(&sp.wire));
                if !known {
                    self.find(
                        format!("{} {}", sp.location.as_str(), sp.wire),
                        DiffKind::MissingUpstream {
                            spec: sp.ty.to_string(),
                        },
                    );
                }
            }
        }
    }

    fn request_body(&mut self, up: &PyOperation, spec: Option<&SOperation>) {
        let up_body = up.body_attr.as_ref().and_then(|attr| {
            self.upstream
                .classes
                .get(&up.request_class)
                .and_then(|c| c.attr(attr))
        });
        let spec_body = spec.and_then(|s| s.body.as_deref());
        match (up_body, spec_body) {
            (Some(attr), Some(model)) => match PyType::parse(&attr.ty) {
                Ok(PyType::Class(class)) => self.walk("body", &class, Some(model), &mut Vec::new()),
                Ok(other) => self.find(
                    "body".into(),
                    DiffKind::Type {
                        upstream: other.to_string(),
                        spec: model.to_string(),
                    },
                ),
                Err(e) => self.find("body".into(), DiffKind::Unreadable(e.0)),
            },
            (Some(attr), None) => {
                if let Some(class) = PyType::parse(&attr.ty)
                    .ok()
                    .and_then(|t| t.class().map(str::to_string))
                {
                    self.walk("body", &class, None, &mut Vec::new());
                }
            }
            (None, Some(model)) => self.find(
                "body".into(),
                DiffKind::MissingUpstream {
                    spec: model.to_string(),
                },
            ),
            (None, None) => {}
        }
    }

    fn response_body(&mut self, up: &PyOperation, spec: Option<&SOperation>) {
        let spec_model = spec.and_then(|s| s.response.as_deref());
        let Some(class) = self.upstream.classes.get(&up.response_class) else {
            self.find(
                "response".into(),
                DiffKind::Unreadable(format!("no model file for {}", up.response_class)),
            );
            return;
        };
        let body_attrs: Vec<_> = class
            .attrs
            .iter()
            .filter(|a| {
                !up.response_headers
                    .iter()
                    .any(|h| h.eq_ignore_ascii_case(&a.key))
            })
            .collect();
        if body_attrs.is_empty() {
            if let Some(m) = spec_model {
                self.find(
                    "response".into(),
                    DiffKind::MissingUpstream {
                        spec: m.to_string(),
                    },
                );
            }
            return;
        }
        let mut fields: Option<Vec<SField>> =
            spec_model.and_then(|m| self.spec.models.get(m)).cloned();
        if spec.is_some_and(|s| s.top_level_errors) {
            let fields = fields.get_or_insert_with(Vec::new);
            for key in ["error_code", "error_msg"] {
                let upstream_has = body_attrs.iter().any(|a| a.key == key);
                if upstream_has && !fields.iter().any(|f| f.key == key) {
                    fields.push(SField {
                        key: key.into(),
                        ty: SType::String,
                        required: false,
                    });
                }
            }
        }
        self.walk_attrs(
            "response",
            &class.name,
            &body_attrs,
            fields.as_deref(),
            &mut Vec::new(),
        );
    }

    /// Walks an official class against a spec model (or against nothing: all missing).
    fn walk(&mut self, prefix: &str, class: &str, model: Option<&str>, stack: &mut Vec<String>) {
        let Some(c) = self.upstream.classes.get(class) else {
            self.find(
                prefix.to_string(),
                DiffKind::Unreadable(format!("no model file for {class}")),
            );
            return;
        };
        let attrs: Vec<_> = c.attrs.iter().collect();
        let spec = self.spec;
        let fields = model.and_then(|m| spec.models.get(m)).map(Vec::as_slice);
        self.walk_attrs(prefix, class, &attrs, fields, stack);
    }

    fn walk_attrs(
        &mut self,
        prefix: &str,
        class: &str,
        attrs: &[&super::python::PyAttr],
        fields: Option<&[SField]>,
        stack: &mut Vec<String>,
    ) {
        if stack.iter().any(|c| c == class) {
            return;
        }
        stack.push(class.to_string());
        for a in attrs {
            let path = format!("{prefix}.{}", a.key);
            let up_ty = match PyType::parse(&a.ty) {
                Ok(t) => t,
                Err(e) => {
                    self.counts.items += 1;
                    self.find(path, DiffKind::Unreadable(e.0));
                    continue;
                }
            };
            let found = fields.and_then(|fs| {
                fs.iter()
                    .find(|f| f.key == a.key)
                    .or_else(|| fs.iter().find(|f| f.key.eq_ignore_ascii_case(&a.key)))
                    .map(|f| (f.key.as_str(), &f.ty, f.required))
            });
            self.item(path, &a.key, &up_ty, a.required, found, stack);
        }
        if let Some(fs) = fields {
            for f in fs {
                if !attrs.iter().any(|a| a.key.eq_ignore_ascii_case(&f.key)) {
                    self.find(
                        format!("{prefix}.{}", f.key),
                        DiffKind::MissingUpstream {
                            spec: f.ty.to_string(),
                        },
                    );
                }
            }
        }
        stack.pop();
    }

    /// Counts and compares one official item, then walks into nested models.
    fn item(
        &mut self,
        path: String,
        key: &str,
        up_ty: &PyType,
        up_required: bool,
        found: Option<(&str, &SType, bool)>,
        stack: &mut Vec<String>,
    ) {
        self.counts.items += 1;
        let child_prefix = |path: &str, t: &PyType| {
            let mut p = path.to_string();
            let mut t = t;
            loop {
                match t {
                    PyType::List(inner) => {
                        p.push_str("[]");
                        t = inner;
                    }
                    PyType::Dict(inner) => {
                        p.push_str("{}");
                        t = inner;
                    }
                    _ => return p,
                }
            }
        };
        let Some((spec_key, spec_ty, spec_required)) = found else {
            self.find(
                path.clone(),
                DiffKind::MissingInSpec {
                    upstream: up_ty.to_string(),
                    required: up_required,
                },
            );
            if let Some(class) = up_ty.class() {
                let prefix = child_prefix(&path, up_ty);
                self.walk(&prefix, class, None, stack);
            }
            return;
        };
        let key_ok = spec_key == key;
        if !key_ok {
            self.find(
                path.clone(),
                DiffKind::Key {
                    spec_key: spec_key.to_string(),
                },
            );
        }
        let (type_ok, walk) = match compat(up_ty, spec_ty) {
            Compat::Yes => (true, None),
            Compat::Walk(u, s) => (true, Some((u.to_string(), Some(s.to_string())))),
            Compat::No => {
                self.find(
                    path.clone(),
                    DiffKind::Type {
                        upstream: up_ty.to_string(),
                        spec: spec_ty.to_string(),
                    },
                );
                (false, up_ty.class().map(|c| (c.to_string(), None)))
            }
        };
        let req_ok = up_required == spec_required;
        if !req_ok {
            self.find(
                path.clone(),
                DiffKind::Required {
                    upstream: up_required,
                    spec: spec_required,
                },
            );
        }
        if key_ok && type_ok {
            self.counts.key_type += 1;
            if req_ok {
                self.counts.full += 1;
            }
        }
        if let Some((class, model)) = walk {
            let prefix = child_prefix(&path, up_ty);
            self.walk(&prefix, &class, model.as_deref(), stack);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::python::{PyAttr, PyParam};
    use super::*;

    fn attr(attr: &str, key: &str, ty: &str, required: bool) -> PyAttr {
        PyAttr {
            attr: attr.into(),
            key: key.into(),
            ty: ty.into(),
            required,
        }
    }

    fn class(name: &str, attrs: Vec<PyAttr>) -> (String, PyClass) {
        (
            name.to_string(),
            PyClass {
                name: name.into(),
                attrs,
            },
        )
    }

    fn field(key: &str, ty: SType, required: bool) -> SField {
        SField {
            key: key.into(),
            ty,
            required,
        }
    }

    fn upstream() -> Upstream {
        Upstream {
            operations: vec![PyOperation {
                method_name: "list_things".into(),
                http_method: "POST".into(),
                path: "/v2/things/{id}/query".into(),
                request_class: "ListThingsRequest".into(),
                response_class: "ListThingsResponse".into(),
                params: vec![
                    PyParam {
                        location: Location::Path,
                        wire: "id".into(),
                        attr: "id".into(),
                    },
                    PyParam {
                        location: Location::Header,
                        wire: "X-Language".into(),
                        attr: "x_language".into(),
                    },
                ],
                body_attr: Some("body".into()),
                response_headers: vec![],
            }],
            classes: [
                class(
                    "ListThingsRequest",
                    vec![
                        attr("id", "id", "str", true),
                        attr("x_language", "X-Language", "str", false),
                        attr("body", "body", "ListThingsReq", false),
                    ],
                ),
                class(
                    "ListThingsReq",
                    vec![
                        attr("items", "items", "list[Item]", true),
                        attr("mode", "mode", "int", false),
                    ],
                ),
                class(
                    "Item",
                    vec![
                        attr("name", "name", "str", true),
                        attr("children", "children", "list[Item]", false),
                    ],
                ),
                class(
                    "ListThingsResponse",
                    vec![
                        attr("amount", "amount", "str", false),
                        attr("total", "total", "float", true),
                        attr("meta", "meta", "Meta", false),
                        attr("error_code", "error_code", "str", false),
                    ],
                ),
                class("Meta", vec![attr("when", "when", "str", false)]),
            ]
            .into_iter()
            .collect(),
        }
    }

    fn spec() -> SpecView {
        SpecView {
            operations: vec![
                SOperation {
                    id: "ListThings".into(),
                    method: "POST".into(),
                    path: "/v2/things/{thing_id}/query".into(),
                    params: vec![
                        SParam {
                            location: Location::Path,
                            wire: "id".into(),
                            ty: SType::String,
                            required: true,
                        },
                        SParam {
                            location: Location::Header,
                            wire: "x-language".into(),
                            ty: SType::StrEnum("XLanguage".into()),
                            required: false,
                        },
                    ],
                    body: Some("ListThingsReq".into()),
                    response: Some("ListThingsResponse".into()),
                    top_level_errors: true,
                },
                SOperation {
                    id: "Extra".into(),
                    method: "GET".into(),
                    path: "/v2/extra".into(),
                    params: vec![],
                    body: None,
                    response: None,
                    top_level_errors: false,
                },
            ],
            models: [
                (
                    "ListThingsReq".to_string(),
                    vec![
                        field(
                            "items",
                            SType::List(Box::new(SType::Model("Item".into()))),
                            true,
                        ),
                        field("mode", SType::IntEnum("Mode".into()), false),
                        field("note", SType::String, false),
                    ],
                ),
                (
                    "Item".to_string(),
                    vec![field(
                        "children",
                        SType::List(Box::new(SType::Model("Item".into()))),
                        false,
                    )],
                ),
                (
                    "ListThingsResponse".to_string(),
                    vec![
                        field("amount", SType::Decimal, false),
                        field("total", SType::Decimal, false),
                        field("meta", SType::Json, false),
                    ],
                ),
            ]
            .into_iter()
            .collect(),
        }
    }

    #[test]
    fn finds_every_kind_of_difference() {
        let report = compare(&upstream(), &spec());
        assert_eq!(report.operations.len(), 2);
        let op = &report.operations[1];
        assert_eq!(op.id, "ListThings");
        assert!(op.route_agrees, "parameter names in braces are ignored");
        let got: Vec<String> = op.findings.iter().map(|f| f.to_string()).collect();
        let want = [
            "key                header X-Language: spec spells it \"x-language\"",
            "missing in spec    body.items[].name: upstream str, required",
            "missing upstream   body.note: spec string",
            "type               response.amount: upstream str, spec decimal",
            "required           response.total: upstream required, spec optional",
            "type               response.meta: upstream Meta, spec json",
            "missing in spec    response.meta.when: upstream str, optional",
        ];
        let got: Vec<&str> = got.iter().map(|s| s.as_str()).collect();
        assert_eq!(got, want);
        // Items: 2 params, body items/items[].name/items[].children/mode (the recursive
        // Item is walked once), response amount/total/meta/meta.when/error_code (carried by
        // top_level_errors).
        assert_eq!(
            op.counts,
            Counts {
                items: 11,
                full: 5,
                key_type: 6
            }
        );
        assert_eq!(
            op.param_counts,
            Counts {
                items: 2,
                full: 1,
                key_type: 1
            }
        );
        let extra = &report.operations[0];
        assert_eq!(extra.id, "Extra");
        assert!(!extra.upstream);
        let text = report.render("demo 1.0");
        assert!(text.contains("Extra (GET /v2/extra): not in the official SDK"));
        assert!(text.contains("agreement on key + type + required: 5/11 = 45.5 %"));
        assert!(text.contains("agreement on key + type:            6/11 = 54.5 %"));
        assert!(text.contains("routes: 1/1 agree"));

        let mut no_embedded = spec();
        no_embedded.operations[0].top_level_errors = false;
        let report = compare(&upstream(), &no_embedded);
        assert!(report.operations[1].findings.contains(&Finding {
            path: "response.error_code".into(),
            kind: DiffKind::MissingInSpec {
                upstream: "str".into(),
                required: false
            }
        }));
    }

    #[test]
    fn type_mapping() {
        let yes = |u: &str, s: SType| matches!(compat(&PyType::parse(u).unwrap(), &s), Compat::Yes);
        assert!(yes("str", SType::DecimalString));
        assert!(yes("str", SType::Timestamp));
        assert!(yes("str", SType::StrEnum("E".into())));
        assert!(!yes("str", SType::Decimal));
        assert!(!yes("str", SType::IntEnum("E".into())));
        assert!(yes("int", SType::I64));
        assert!(yes("int", SType::IntEnum("E".into())));
        assert!(!yes("int", SType::Decimal));
        assert!(yes("float", SType::Decimal));
        assert!(yes("float", SType::F64));
        assert!(!yes("float", SType::DecimalString));
        assert!(yes("decimal.Decimal", SType::Decimal));
        assert!(!yes("decimal.Decimal", SType::F64));
        assert!(yes("object", SType::Json));
        assert!(yes("list[int]", SType::List(Box::new(SType::I32))));
        assert!(!yes("list[int]", SType::I32));
        assert!(yes("dict(str, str)", SType::Map(Box::new(SType::String))));
        assert!(matches!(
            compat(
                &PyType::parse("list[Foo]").unwrap(),
                &SType::List(Box::new(SType::Model("Bar".into())))
            ),
            Compat::Walk("Foo", "Bar")
        ));
    }

    #[test]
    fn operation_missing_in_spec_counts_everything_missing() {
        let mut s = spec();
        s.operations.clear();
        let report = compare(&upstream(), &s);
        let op = &report.operations[0];
        assert!(!op.in_spec);
        assert_eq!(op.counts.full, 0);
        assert_eq!(op.counts.items, 11);
    }
}
