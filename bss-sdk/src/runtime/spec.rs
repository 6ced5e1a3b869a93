//! The static description of each operation that the generator emits (`SPEC` in every
//! operation module, all of them in [`crate::catalog::OPERATIONS`]).

/// How safe an operation is to send again after a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryClass {
    /// Changes nothing; always safe to resend.
    ReadOnly,
    /// Changes state, but resending yields the same end state.
    Idempotent,
    /// Must not be resent unless the request provably never reached the server.
    Unsafe,
}

impl RetryClass {
    /// Whether a request that may have reached the server can be sent again.
    pub fn may_resend(self) -> bool {
        !matches!(self, RetryClass::Unsafe)
    }
}

/// Where a failure can hide inside a success status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmbeddedErrors {
    /// A success status is a success.
    None,
    /// The body's own `error_code` says whether it worked (`CBC.0000` is success).
    TopLevel,
    /// The named list field holds per-item failures of a batch.
    Items(&'static str),
}

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamIn {
    /// A `{placeholder}` in the path.
    Path,
    /// The query string.
    Query,
    /// An HTTP header.
    Header,
}

/// A path, query or header parameter.
#[derive(Clone, Copy, Debug)]
pub struct ParamSpec {
    /// Wire name.
    pub name: &'static str,
    /// Where it travels.
    pub location: ParamIn,
    /// Whether the operation needs it.
    pub required: bool,
    /// Filled by the runtime from the credentials' domain id.
    pub from_domain_id: bool,
    /// Minimum length of a string value.
    pub min_length: Option<u64>,
    /// Maximum length of a string value.
    pub max_length: Option<u64>,
    /// Minimum of an integer value.
    pub minimum: Option<i64>,
    /// Maximum of an integer value.
    pub maximum: Option<i64>,
}

/// One row of an operation's error table.
#[derive(Clone, Copy, Debug)]
pub struct ErrorSpec {
    /// HTTP status the error comes with.
    pub status: u16,
    /// The error code, e.g. `CBC.0100`.
    pub code: &'static str,
    /// What it means.
    pub meaning: &'static str,
}

/// A documented example exchange; JSON bodies are kept as compact text.
#[derive(Clone, Copy, Debug)]
pub struct ExampleSpec {
    /// What the example shows.
    pub title: &'static str,
    /// Path parameter values.
    pub path: &'static [(&'static str, &'static str)],
    /// Query parameter values.
    pub query: &'static [(&'static str, &'static str)],
    /// Request body.
    pub request: Option<&'static str>,
    /// Response status.
    pub status: u16,
    /// Response body.
    pub response: Option<&'static str>,
}

/// How `offset` counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageStyle {
    /// `offset` counts records.
    Offset,
    /// `offset` counts pages.
    Page,
    /// The cursor is an opaque marker returned by the previous page.
    Marker,
}

/// How an operation pages.
#[derive(Clone, Copy, Debug)]
pub struct PaginationSpec {
    /// How the offset counts.
    pub style: PageStyle,
    /// Parameter or body field holding the cursor (offset, page number or marker).
    pub offset: &'static str,
    /// Parameter or body field holding the page size.
    pub limit: &'static str,
    /// Value of the first offset.
    pub first: i64,
    /// Server default page size.
    pub default_limit: u32,
    /// Largest accepted page size.
    pub max_limit: u32,
    /// Response field with the total (offset and page styles).
    pub total: Option<&'static str>,
    /// Response path to the next marker (marker style).
    pub next_marker: &'static [&'static str],
    /// Response field with the items.
    pub items: &'static str,
}

/// Everything the spec says about one operation.
#[derive(Clone, Copy, Debug)]
pub struct OperationSpec {
    /// Operation id, e.g. `CancelCustomerOrder`.
    pub id: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path template with `{placeholders}`.
    pub path: &'static str,
    /// Retry-safety class.
    pub retry: RetryClass,
    /// Documented success status.
    pub success_status: u16,
    /// Where failures hide in successes.
    pub embedded_errors: EmbeddedErrors,
    /// Path, query and header parameters.
    pub params: &'static [ParamSpec],
    /// Whether a JSON body is sent.
    pub has_body: bool,
    /// Top-level body fields that must be present.
    pub body_required: &'static [&'static str],
    /// The operation's error table (common errors included).
    pub errors: &'static [ErrorSpec],
    /// Documented examples.
    pub examples: &'static [ExampleSpec],
    /// Paging, for list operations.
    pub pagination: Option<PaginationSpec>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
}
