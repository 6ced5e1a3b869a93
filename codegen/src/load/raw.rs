//! The spec exactly as written in YAML. Every struct denies unknown keys, so a typo in a
//! key is a diagnostic instead of a silently ignored line.

use serde::Deserialize;
use serde_json::Value as Json;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceFile {
    pub service: Service,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub name: String,
    pub title: String,
    #[serde(default)]
    pub global: bool,
    /// The sites offering the API (one endpoint family each), in document order.
    pub sites: Vec<Site>,
    pub auth: Vec<String>,
    #[serde(default)]
    pub common_errors: Vec<ErrorEntry>,
}

/// `spec/audit.yaml`: the summaries `cargo xtask audit --write-summary` leaves behind.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditFile {
    pub audit: Audit,
}

/// The entries of `audit:`, one per site whose official package was audited.
pub type Audit = Vec<AuditEntry>;

/// One audited package: the site it covers and the figures of its last audit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    /// The `id` of a site of the service.
    pub site: String,
    pub package: String,
    pub version: String,
    pub module: String,
    pub spec_fingerprint: String,
    pub operations: AuditOperations,
    pub routes: AuditCount,
    pub parameters: AuditCount,
    pub items: AuditItems,
    pub agreement_percent: String,
    pub spec_items_not_upstream: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditOperations {
    pub official: u64,
    pub in_spec: u64,
    pub only_in_spec: u64,
    pub without_differences: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditCount {
    pub agree: u64,
    pub of: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditItems {
    pub agree: u64,
    pub agree_key_type: u64,
    pub of: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// snake_case: the Cargo feature, and (PascalCase) the marker type.
    pub id: String,
    /// API Explorer product name on this site.
    pub product: String,
    pub title: String,
    pub default_region: String,
    pub regions: Vec<Region>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub id: String,
    pub endpoint: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupFile {
    pub group: String,
    pub caller: String,
    /// The sites offering this file's operations, unless one says otherwise (default:
    /// every site).
    #[serde(default)]
    pub sites: Option<Vec<String>>,
    #[serde(default)]
    pub operations: Vec<Operation>,
    #[serde(default)]
    pub models: Vec<Model>,
    #[serde(default)]
    pub enums: Vec<Enum>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    pub id: String,
    pub summary: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub caller: Option<String>,
    /// Replaces the file's `sites`.
    #[serde(default)]
    pub sites: Option<Vec<String>>,
    pub method: String,
    pub path: String,
    pub retry: String,
    #[serde(default)]
    pub doc_url: Option<String>,
    #[serde(default)]
    pub deprecated: Option<Deprecated>,
    #[serde(default)]
    pub params: Vec<Param>,
    #[serde(default)]
    pub body: Option<String>,
    pub response: Response,
    #[serde(default)]
    pub pagination: Option<Pagination>,
    #[serde(default)]
    pub errors: Vec<ErrorEntry>,
    /// Why `errors` lists no code beyond the common table: `common_only` | `unread`.
    #[serde(default)]
    pub error_table: Option<String>,
    #[serde(default)]
    pub examples: Vec<Example>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deprecated {
    #[serde(default)]
    pub replaced_by: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    pub name: String,
    #[serde(rename = "in")]
    pub location: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub doc: Option<String>,
    #[serde(default)]
    pub max_length: Option<u64>,
    #[serde(default)]
    pub min_length: Option<u64>,
    #[serde(default)]
    pub minimum: Option<i64>,
    #[serde(default)]
    pub maximum: Option<i64>,
    #[serde(default)]
    pub default: Option<Json>,
    #[serde(default)]
    pub source: Option<String>,
    /// Only these sites take it (default: every site of the operation).
    #[serde(default)]
    pub sites: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub status: u16,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub embedded_errors: Option<EmbeddedErrors>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum EmbeddedErrors {
    /// `none` or `top_level`.
    Keyword(String),
    Items {
        items: String,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    pub style: String,
    /// offset and page styles: the field carrying the offset or page number.
    #[serde(default)]
    pub offset: Option<String>,
    /// marker style: the field carrying the marker.
    #[serde(default)]
    pub marker: Option<String>,
    pub limit: String,
    #[serde(default)]
    pub first: i64,
    pub default_limit: u32,
    pub max_limit: u32,
    /// offset and page styles: the response field with the total.
    #[serde(default)]
    pub total: Option<String>,
    /// marker style: dotted path of the response field with the next marker.
    #[serde(default)]
    pub next_marker: Option<String>,
    pub items: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorEntry {
    pub status: u16,
    pub code: String,
    pub meaning: String,
    /// Only these sites return it (default: every site).
    #[serde(default)]
    pub sites: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub title: String,
    #[serde(default)]
    pub path: Option<Json>,
    #[serde(default)]
    pub query: Option<Json>,
    #[serde(default)]
    pub request: Option<Json>,
    pub status: u16,
    #[serde(default)]
    pub response: Option<Json>,
    /// The sites it was documented for (default: every site of the operation).
    #[serde(default)]
    pub sites: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub name: String,
    #[serde(default)]
    pub doc: Option<String>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub doc: Option<String>,
    #[serde(default)]
    pub max_length: Option<u64>,
    #[serde(default)]
    pub min_length: Option<u64>,
    #[serde(default)]
    pub minimum: Option<i64>,
    #[serde(default)]
    pub maximum: Option<i64>,
    /// Documented server default (informational).
    #[serde(default)]
    pub default: Option<Json>,
    /// Only these sites have it (default: every site).
    #[serde(default)]
    pub sites: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enum {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub doc: Option<String>,
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    pub value: Json,
    pub name: String,
    #[serde(default)]
    pub doc: Option<String>,
}
