//! The validated, in-memory API model the emitters work from. Everything here is already
//! checked and decided: every Rust name the output uses (methods, setters, markers,
//! modules, variants, statics) is resolved and unique, types resolve, paths are parsed and
//! match their parameters. Emitters only render. Collections are sorted or in document
//! order, never hash-ordered, so output is stable.

use std::collections::BTreeMap;

use serde_json::Value as Json;

#[derive(Debug)]
pub struct Api {
    pub service: Service,
    /// Sorted by operation id.
    pub operations: Vec<Operation>,
    /// By spec name.
    pub models: BTreeMap<String, Model>,
    /// By spec name.
    pub enums: BTreeMap<String, Enum>,
    /// One per group file, sorted by module name.
    pub modules: Vec<ModelModule>,
    /// The checked-in summaries of the last upstream audits (`spec/audit.yaml`): at most
    /// one per site, in the service's site order; empty without the file.
    pub audit: Vec<AuditSummary>,
}

/// One entry of `spec/audit.yaml`, checked: what `cargo xtask audit` measured against the
/// official SDK of one site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditSummary {
    /// The `id` of the site the audited package covers (a site of the service).
    pub site: String,
    pub package: String,
    pub version: String,
    pub module: String,
    /// The audited spec's fingerprint (see `validate::audit_fingerprint`).
    pub fingerprint: String,
    /// The spec no longer has that fingerprint: it changed since the audit ran.
    pub stale: bool,
    pub operations_official: u64,
    pub operations_in_spec: u64,
    pub operations_only_in_spec: u64,
    pub operations_without_differences: u64,
    pub routes: (u64, u64),
    pub parameters: (u64, u64),
    pub items_agree: u64,
    pub items_agree_key_type: u64,
    pub items: u64,
    /// `items_agree / items` in percent, one decimal, as written (and checked).
    pub agreement_percent: String,
    pub spec_items_not_upstream: u64,
}

impl Api {
    /// The operation with this id.
    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.id == id)
    }
}

#[derive(Debug)]
pub struct Service {
    pub name: String,
    pub title: String,
    pub global: bool,
    /// In document order; a [`SiteSet`] indexes into it.
    pub sites: Vec<Site>,
    pub auth: Vec<String>,
    pub common_errors: Vec<ErrorEntry>,
}

impl Service {
    /// Every site of the service.
    pub fn all_sites(&self) -> SiteSet {
        SiteSet::first(self.sites.len())
    }

    /// The sites of `set`, in document order.
    pub fn sites_in(&self, set: SiteSet) -> impl Iterator<Item = &Site> {
        self.sites
            .iter()
            .enumerate()
            .filter(move |(i, _)| set.contains(*i))
            .map(|(_, s)| s)
    }

    /// The ids of the sites of `set`, in document order.
    pub fn site_ids(&self, set: SiteSet) -> Vec<&str> {
        self.sites_in(set).map(|s| s.id.as_str()).collect()
    }
}

/// One site of the service: its own endpoints, Cargo feature and marker type.
#[derive(Debug)]
pub struct Site {
    /// snake_case id; also the Cargo feature that compiles its operations.
    pub id: String,
    /// API Explorer product name on this site.
    pub product: String,
    pub title: String,
    /// The marker type (`Intl`), PascalCase of the id.
    pub marker: String,
    /// The static holding its facts (`INTL`).
    pub spec_static: String,
    pub default_region: String,
    /// Region id → endpoint.
    pub regions: Vec<(String, String)>,
}

/// A set of the service's sites: bit `i` is `Service::sites[i]`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SiteSet(pub u32);

impl SiteSet {
    /// The first `n` sites.
    pub fn first(n: usize) -> SiteSet {
        SiteSet((1u32 << n) - 1)
    }
    pub fn contains(self, i: usize) -> bool {
        self.0 & (1 << i) != 0
    }
    pub fn is_subset(self, of: SiteSet) -> bool {
        self.0 & !of.0 == 0
    }
    pub fn union(self, other: SiteSet) -> SiteSet {
        SiteSet(self.0 | other.0)
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// The models and enums defined in one group file.
#[derive(Debug)]
pub struct ModelModule {
    /// snake_case of the file stem.
    pub name: String,
    /// The spec file, as shown in diagnostics (`spec/groups/orders-public.yaml`).
    pub source: String,
    pub group: String,
    pub models: Vec<String>,
    pub enums: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller {
    Customer,
    Partner,
    Both,
}

impl Caller {
    pub fn as_str(self) -> &'static str {
        match self {
            Caller::Customer => "customer",
            Caller::Partner => "partner",
            Caller::Both => "customer or partner",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryClass {
    ReadOnly,
    Idempotent,
    Unsafe,
}

impl RetryClass {
    pub fn as_str(self) -> &'static str {
        match self {
            RetryClass::ReadOnly => "read-only",
            RetryClass::Idempotent => "idempotent",
            RetryClass::Unsafe => "unsafe",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
    Patch,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
        }
    }
}

/// One `/`-separated segment of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Sent as written (only unreserved characters).
    Literal(String),
    /// A whole segment filled from the path parameter of this wire name.
    Param(String),
}

/// A parsed path template: `/v2/orders/{order_id}` is `[v2, orders, {order_id}]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathTemplate {
    pub segments: Vec<Segment>,
}

impl std::fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for s in &self.segments {
            match s {
                Segment::Literal(l) => write!(f, "/{l}")?,
                Segment::Param(p) => write!(f, "/{{{p}}}")?,
            }
        }
        Ok(())
    }
}

/// The Rust names of one operation's items, decided once in `validate`.
#[derive(Debug)]
pub struct OpNames {
    /// The client method and the module name (snake_case).
    pub method: String,
    /// `…Request`.
    pub builder: String,
    /// `…Error` (an alias of `OperationError<…ErrorKind>`).
    pub error: String,
    /// `…ErrorKind`.
    pub kind: String,
}

/// One builder input: a parameter or a top-level body field, with its resolved setter.
#[derive(Debug)]
pub struct Input {
    /// Setter and storage field name (unique within the builder).
    pub setter: String,
    /// Type-state marker of a required input (`MissingOrderId`), unique in the module.
    pub marker: Option<String>,
    pub wire: String,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
    pub limits: Limits,
    pub from: InputFrom,
    /// The sites that take it; fewer than the operation's makes its setter site-bound.
    pub sites: SiteSet,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputFrom {
    Param(ParamIn),
    /// A field of the body model, by its Rust field name.
    Body(String),
}

#[derive(Debug)]
pub struct Operation {
    pub id: String,
    /// The spec file that defines it.
    pub source: String,
    pub names: OpNames,
    pub group: String,
    pub caller: Caller,
    /// The sites offering it.
    pub sites: SiteSet,
    pub summary: String,
    pub description: Option<String>,
    pub method: Method,
    pub path: PathTemplate,
    pub retry: RetryClass,
    pub doc_url: Option<String>,
    pub deprecated: Option<Deprecated>,
    pub params: Vec<Param>,
    /// The request body model; its fields are flattened into the builder.
    pub body: Option<String>,
    /// What the builder sets, in order: parameters (not `source: domain_id`), then body
    /// fields.
    pub inputs: Vec<Input>,
    pub response: Response,
    pub pagination: Option<Pagination>,
    /// The operation's own error table (the common errors are in `Service`).
    pub errors: Vec<ErrorEntry>,
    /// For an operation that lists no code beyond the common table: why.
    pub error_table: Option<ErrorTable>,
    pub examples: Vec<Example>,
}

/// What the reference's status-code table of an operation says, when the spec lists no
/// code of its own for it (`error_table` in a group file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorTable {
    /// The published table lists only codes of the common table.
    CommonOnly,
    /// The published table could not be read in full; only the common errors are known.
    Unread,
}

#[derive(Debug)]
pub struct Deprecated {
    pub replaced_by: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamIn {
    Path,
    Query,
    Header,
}

#[derive(Clone, Debug, Default)]
pub struct Limits {
    pub max_length: Option<u64>,
    pub min_length: Option<u64>,
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
}

impl Limits {
    pub fn is_empty(&self) -> bool {
        self.max_length.is_none()
            && self.min_length.is_none()
            && self.minimum.is_none()
            && self.maximum.is_none()
    }
}

#[derive(Debug)]
pub struct Param {
    pub wire: String,
    pub location: ParamIn,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
    pub limits: Limits,
    pub default: Option<Json>,
    /// Filled by the runtime from the credentials instead of a setter.
    pub from_domain_id: bool,
    /// The sites that take it (a subset of the operation's).
    pub sites: SiteSet,
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub body: Option<String>,
    pub embedded: Embedded,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Embedded {
    None,
    TopLevel,
    /// The JSON key of the list that holds per-item failures, and its Rust field name.
    Items {
        wire: String,
        rust: String,
    },
}

/// What a list operation's cursor counts, and how the end is found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cursor {
    /// Records; the response field `total` holds the total.
    Offset { total: FieldRef },
    /// Pages; the response field `total` holds the total of records.
    Page { total: FieldRef },
    /// An opaque marker: the dotted path of response fields to the next one.
    Marker { next: Vec<FieldRef> },
}

/// A response field: JSON key and Rust field name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldRef {
    pub wire: String,
    pub rust: String,
}

#[derive(Debug)]
pub struct Pagination {
    pub cursor: Cursor,
    /// The input carrying the cursor (offset, page number or marker), by wire name.
    pub cursor_input: String,
    /// The input carrying the page size, by wire name.
    pub limit_input: String,
    pub first: i64,
    pub default_limit: u32,
    pub max_limit: u32,
    /// The response list field with the items, and the item type.
    pub items: FieldRef,
    pub item_ty: TypeRef,
}

impl Pagination {
    pub fn total(&self) -> Option<&FieldRef> {
        match &self.cursor {
            Cursor::Offset { total } | Cursor::Page { total } => Some(total),
            Cursor::Marker { .. } => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorEntry {
    pub status: u16,
    pub code: String,
    pub meaning: String,
    /// The error enum variant (PascalCase of the code, unique within the operation).
    pub variant: String,
    /// The sites that return it.
    pub sites: SiteSet,
}

#[derive(Debug)]
pub struct Example {
    pub title: String,
    pub path: BTreeMap<String, String>,
    pub query: BTreeMap<String, Json>,
    pub request: Option<Json>,
    pub status: u16,
    pub response: Option<Json>,
    /// The sites it illustrates.
    pub sites: SiteSet,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeRef {
    String,
    /// A date-time in a fixed documented format (kept as sent; parsed on request).
    Timestamp,
    Bool,
    I32,
    I64,
    Decimal,
    /// A decimal carried as a JSON string (`"10.18"`).
    DecimalString,
    F64,
    Json,
    List(Box<TypeRef>),
    Map(Box<TypeRef>),
    Model(String),
    Enum(String),
}

#[derive(Debug)]
pub struct Model {
    pub name: String,
    pub module: String,
    pub doc: Option<String>,
    pub fields: Vec<Field>,
    /// Reachable from a request body: serialized without absent fields.
    pub in_request: bool,
    /// Reachable from a response body: decoded.
    pub in_response: bool,
    /// The sites of the operations that reach it (empty: unused).
    pub sites: SiteSet,
    /// A nested request model users build: the builder's module and its setters (one
    /// per field, in order) and markers. Top-level bodies are set through the
    /// operation's builder instead.
    pub builder: Option<ModelBuilder>,
    /// The const holding the checked limits of its fields (and nested models), if any.
    pub limits_const: Option<String>,
    /// The fields the limits table lists: checked limits of their own, or a nested table.
    pub limit_fields: Vec<LimitField>,
}

#[derive(Debug)]
pub struct ModelBuilder {
    pub module: String,
    /// Per field, in order.
    pub setters: Vec<String>,
    /// Per field, in order: the marker of a required field.
    pub markers: Vec<Option<String>>,
}

#[derive(Debug)]
pub struct LimitField {
    pub wire: String,
    pub limits: Limits,
    /// The nested model's limits const.
    pub nested: Option<String>,
}

#[derive(Debug)]
pub struct Field {
    pub wire: String,
    pub rust: String,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
    pub limits: Limits,
    /// The sites that have it.
    pub sites: SiteSet,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnumRepr {
    String,
    I32,
    I64,
}

#[derive(Debug)]
pub struct Enum {
    pub name: String,
    pub module: String,
    pub repr: EnumRepr,
    pub doc: Option<String>,
    pub values: Vec<EnumValue>,
    /// The sites of the operations that reach it (empty: unused).
    pub sites: SiteSet,
}

#[derive(Debug)]
pub struct EnumValue {
    /// The wire value: a string, or an integer for integer-coded enums.
    pub wire: Json,
    pub rust: String,
    pub doc: Option<String>,
}

/// The text of a scalar JSON value as sent on the wire (`"a"` → `a`, `1` → `1`).
pub fn scalar_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}
