//! The static description of the service and each of its operations. The generator emits
//! these tables (`SPEC` in every operation module, [`ServiceSpec`] once); the runtime and
//! the fake server work from them. Constructors are `const fn`s so each row reads as one
//! line of facts: `ParamSpec::query("limit").range(Some(1), Some(100))`.

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

impl ParamSpec {
    const fn new(name: &'static str, location: ParamIn) -> Self {
        ParamSpec {
            name,
            location,
            required: false,
            from_domain_id: false,
            min_length: None,
            max_length: None,
            minimum: None,
            maximum: None,
        }
    }
    /// A (required) path parameter.
    pub const fn path(name: &'static str) -> Self {
        Self::new(name, ParamIn::Path).required()
    }
    /// An optional query parameter.
    pub const fn query(name: &'static str) -> Self {
        Self::new(name, ParamIn::Query)
    }
    /// An optional header.
    pub const fn header(name: &'static str) -> Self {
        Self::new(name, ParamIn::Header)
    }
    /// Marks it required.
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }
    /// Filled from the credentials' domain id.
    pub const fn from_domain_id(mut self) -> Self {
        self.from_domain_id = true;
        self
    }
    /// Length limits of a string value, in characters.
    pub const fn length(mut self, min: Option<u64>, max: Option<u64>) -> Self {
        self.min_length = min;
        self.max_length = max;
        self
    }
    /// Range of an integer value.
    pub const fn range(mut self, min: Option<i64>, max: Option<i64>) -> Self {
        self.minimum = min;
        self.maximum = max;
        self
    }
}

/// The checked limits of one body field, and of the fields of the model it holds.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    /// JSON key.
    pub name: &'static str,
    /// Minimum length of a string value.
    pub min_length: Option<u64>,
    /// Maximum length of a string value.
    pub max_length: Option<u64>,
    /// Minimum of an integer value.
    pub minimum: Option<i64>,
    /// Maximum of an integer value.
    pub maximum: Option<i64>,
    /// The limits inside the model (or each model of the list) this field holds.
    pub fields: &'static [FieldSpec],
}

impl FieldSpec {
    /// A field without limits of its own.
    pub const fn new(name: &'static str) -> Self {
        FieldSpec {
            name,
            min_length: None,
            max_length: None,
            minimum: None,
            maximum: None,
            fields: &[],
        }
    }
    /// Length limits of a string value, in characters.
    pub const fn length(mut self, min: Option<u64>, max: Option<u64>) -> Self {
        self.min_length = min;
        self.max_length = max;
        self
    }
    /// Range of an integer value.
    pub const fn range(mut self, min: Option<i64>, max: Option<i64>) -> Self {
        self.minimum = min;
        self.maximum = max;
        self
    }
    /// The limits of the model (or list of models) the field holds.
    pub const fn fields(mut self, fields: &'static [FieldSpec]) -> Self {
        self.fields = fields;
        self
    }
}

/// One row of an error table.
#[derive(Clone, Copy, Debug)]
pub struct ErrorSpec {
    /// HTTP status the error comes with.
    pub status: u16,
    /// The error code, e.g. `CBC.0100`.
    pub code: &'static str,
    /// What it means.
    pub meaning: &'static str,
}

impl ErrorSpec {
    /// A row.
    pub const fn new(status: u16, code: &'static str, meaning: &'static str) -> Self {
        ErrorSpec {
            status,
            code,
            meaning,
        }
    }
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
    /// The sites it was documented for; empty: every site of the operation.
    pub sites: &'static [&'static str],
}

impl ExampleSpec {
    /// An example answered with `status` and no body.
    pub const fn new(title: &'static str, status: u16) -> Self {
        ExampleSpec {
            title,
            path: &[],
            query: &[],
            request: None,
            status,
            response: None,
            sites: &[],
        }
    }
    /// Documented for these sites only.
    pub const fn sites(mut self, sites: &'static [&'static str]) -> Self {
        self.sites = sites;
        self
    }
    /// Whether it illustrates the operation on site `site`.
    pub fn on(&self, site: &str) -> bool {
        self.sites.is_empty() || self.sites.contains(&site)
    }
    /// Path parameter values.
    pub const fn path(mut self, values: &'static [(&'static str, &'static str)]) -> Self {
        self.path = values;
        self
    }
    /// Query parameter values.
    pub const fn query(mut self, values: &'static [(&'static str, &'static str)]) -> Self {
        self.query = values;
        self
    }
    /// The request body.
    pub const fn request(mut self, json: &'static str) -> Self {
        self.request = Some(json);
        self
    }
    /// The response body.
    pub const fn response(mut self, json: &'static str) -> Self {
        self.response = Some(json);
        self
    }
}

/// How the cursor of a list operation counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageStyle {
    /// The cursor counts records.
    Offset,
    /// The cursor counts pages.
    Page,
    /// The cursor is an opaque marker returned by the previous page.
    Marker,
}

/// How an operation pages.
#[derive(Clone, Copy, Debug)]
pub struct PaginationSpec {
    /// How the cursor counts.
    pub style: PageStyle,
    /// Parameter or body field holding the cursor (offset, page number or marker).
    pub offset: &'static str,
    /// Parameter or body field holding the page size.
    pub limit: &'static str,
    /// Value of the first offset or page (offset and page styles).
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
    /// Path template; every `{placeholder}` is a whole segment.
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
    /// The checked limits of the body's fields.
    pub body_limits: &'static [FieldSpec],
    /// The operation's own error table (the service's common errors come on top).
    pub errors: &'static [ErrorSpec],
    /// Documented examples.
    pub examples: &'static [ExampleSpec],
    /// Paging, for list operations.
    pub pagination: Option<PaginationSpec>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
}

impl OperationSpec {
    /// The defaults a generated spec leaves out: no parameters, no body, no errors of its
    /// own, no examples, no paging, HTTP 200, not deprecated. `id`, `method`, `path` and
    /// `retry` are always given.
    pub const DEFAULTS: OperationSpec = OperationSpec {
        id: "",
        method: "GET",
        path: "/",
        retry: RetryClass::Unsafe,
        success_status: 200,
        embedded_errors: EmbeddedErrors::None,
        params: &[],
        has_body: false,
        body_required: &[],
        body_limits: &[],
        errors: &[],
        examples: &[],
        pagination: None,
        deprecated: false,
    };

    /// The spec of a parameter.
    pub fn param(&self, name: &str) -> Option<&'static ParamSpec> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// Everything the spec says about the service.
#[derive(Clone, Copy, Debug)]
pub struct ServiceSpec {
    /// The service's name.
    pub name: &'static str,
    /// Whether the service is global (requests carry `X-Domain-Id`).
    pub global: bool,
    /// Errors every operation can return.
    pub common_errors: &'static [ErrorSpec],
    /// Every operation compiled in (of every enabled site), sorted by id.
    pub operations: &'static [&'static OperationSpec],
    /// The sites compiled in (their features enabled), in the spec's order.
    pub sites: &'static [&'static SiteSpec],
}

/// One site of the service: its endpoints and the operations it offers.
pub struct SiteSpec {
    /// The site's id, also its Cargo feature (`intl`, `china`).
    pub id: &'static str,
    /// API Explorer product name on this site.
    pub product: &'static str,
    /// The region used when none is configured.
    pub default_region: &'static str,
    /// Region id → endpoint.
    pub regions: &'static [(&'static str, &'static str)],
    /// The service.
    pub service: &'static ServiceSpec,
    /// The operations this site offers, sorted by id.
    pub operations: &'static [&'static OperationSpec],
}

impl std::fmt::Debug for SiteSpec {
    // Not derived: `service` lists the sites, which point back at the service.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteSpec")
            .field("id", &self.id)
            .field("product", &self.product)
            .field("default_region", &self.default_region)
            .field("regions", &self.regions)
            .field("operations", &self.operations.len())
            .finish_non_exhaustive()
    }
}

impl ServiceSpec {
    /// The error-table row of `code` for `op`: its own table first, then the common one.
    pub fn error(&self, op: &OperationSpec, code: &str) -> Option<&'static ErrorSpec> {
        op.errors
            .iter()
            .chain(self.common_errors)
            .find(|e| e.code == code)
    }
}
