//! The validated, in-memory API model the emitters work from. Everything here is already
//! checked: names are unique and sanitized, types resolve, paths match their parameters.
//! Collections are sorted or in document order, never hash-ordered, so output is stable.

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
}

#[derive(Debug)]
pub struct Service {
    pub name: String,
    pub title: String,
    pub global: bool,
    pub default_region: String,
    pub regions: Vec<(String, String)>,
    pub auth: Vec<String>,
    pub common_errors: Vec<ErrorEntry>,
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

#[derive(Debug)]
pub struct Operation {
    pub id: String,
    /// The spec file that defines it.
    pub source: String,
    /// snake_case: the client method and the module name.
    pub snake: String,
    pub group: String,
    pub caller: Caller,
    pub summary: String,
    pub description: Option<String>,
    pub method: String,
    pub path: String,
    pub retry: RetryClass,
    pub doc_url: Option<String>,
    pub deprecated: Option<Deprecated>,
    pub params: Vec<Param>,
    /// The request body model and its fields, flattened into the builder.
    pub body: Option<String>,
    pub response: Response,
    pub pagination: Option<Pagination>,
    /// The operation's own errors, then the common ones it does not override.
    pub errors: Vec<ErrorEntry>,
    pub examples: Vec<Example>,
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
    /// Setter and field name (sanitized snake_case, unique within the operation).
    pub rust: String,
    pub location: ParamIn,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
    pub limits: Limits,
    pub default: Option<Json>,
    /// Filled by the runtime from the credentials instead of a setter.
    pub from_domain_id: bool,
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageStyle {
    Offset,
    Page,
    /// An opaque marker from the previous page.
    Marker,
}

#[derive(Debug)]
pub struct Pagination {
    pub style: PageStyle,
    /// The field carrying the cursor: the offset, page number or marker.
    pub offset: String,
    pub limit: String,
    pub first: i64,
    pub default_limit: u32,
    pub max_limit: u32,
    /// Response field with the total (offset and page styles).
    pub total: Option<String>,
    /// Response path to the next marker (marker style).
    pub next_marker: Vec<String>,
    pub items: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorEntry {
    pub status: u16,
    pub code: String,
    pub meaning: String,
    /// The error enum variant (PascalCase of the code, unique within the operation).
    pub variant: String,
}

#[derive(Debug)]
pub struct Example {
    pub title: String,
    pub path: BTreeMap<String, String>,
    pub query: BTreeMap<String, Json>,
    pub request: Option<Json>,
    pub status: u16,
    pub response: Option<Json>,
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
    /// Reachable from a request body: gets a builder, required fields are not optional.
    pub in_request: bool,
}

#[derive(Debug)]
pub struct Field {
    pub wire: String,
    pub rust: String,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
    pub limits: Limits,
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
}

#[derive(Debug)]
pub struct EnumValue {
    /// The wire value: a string, or an integer for integer-coded enums.
    pub wire: Json,
    pub rust: String,
    pub doc: Option<String>,
}
