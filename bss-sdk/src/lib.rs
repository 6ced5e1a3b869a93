//! Rust SDK for Huawei Cloud's BSS API ("Customer Operation Capabilities") on its
//! international site (API Explorer product BSSINTL, feature `intl`, the default) and its
//! Chinese mainland site (product BSS, feature `china`): orders, renewals, bills, coupons,
//! budgets, customers, enterprise multi-accounts, real-name authentication and invoices.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use bss_sdk::{Client, Config, Credentials};
//!
//! let config = Config::builder()
//!     .region("ap-southeast-1")
//!     .credentials(Credentials::aksk("AK", "SK"))
//!     .build()?;
//! let client = Client::new(config);
//! let page = client.list_customer_orders().limit(10).send().await?;
//! println!("{} orders", page.total_count.unwrap_or_default());
//! # Ok(()) }
//! ```
//!
//! - Every operation is a method on [`Client`] returning a builder; required parameters are
//!   checked at compile time (`send` only exists once they are set).
//! - A client is typed by its site: [`Client`] is `Client<Intl>`; with feature `china`,
//!   `ChinaClient` is `Client<China>` (`Config::builder_for(China)`,
//!   `Client::from_env_for(China)`). An operation or a field of another site is not there
//!   to call: a compile error.
//! - Every failure is an [`SdkError`]; a service error is an [`OperationError`] whose
//!   [`kind`](OperationError::kind) is the operation's own enum, one variant per
//!   documented error code, plus the [`CommonError`]s every operation can return.
//! - Money is [`Decimal`], exact end to end.
//! - Request models implement `serde::Serialize`, response models `serde::Deserialize`;
//!   feature `serde` adds the other direction to each.
//! - [`OPERATIONS.md`](https://docs.rs/bss-sdk) lists every operation.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
// docs.rs builds with `--cfg docsrs` (see `[package.metadata.docs.rs]`) to mark the items
// that need the `test-util` feature.
#![cfg_attr(docsrs, feature(doc_cfg))]

// Generated code names this crate `crate`; `bss_sdk` lets doc examples and macros agree.
extern crate self as bss_sdk;

#[rustfmt::skip]
#[allow(clippy::all)]
mod generated;
mod runtime;

#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod fake;

pub use generated::sites::*;
pub use generated::{models, operations, CommonError};
/// The HTTP client crate, for [`ConfigBuilder::http_client`] and the interceptor's URL type.
pub use reqwest;
pub use runtime::cache::DEFAULT_REFRESH_MARGIN;
pub use runtime::client::{Client, Sent};
pub use runtime::config::{
    CallOptions, Config, ConfigBuilder, ConfigError, RetryConfig, Timeouts,
    DEFAULT_MAX_RESPONSE_BYTES, USER_AGENT,
};
pub use runtime::credentials::{Credentials, EnvProblem, MissingCredentials};
pub use runtime::error::{BoxError, ErrorMeta, SdkError, ServiceError};
pub use runtime::http::{AfterResponse, BeforeSend, HeaderRefused, Intercept, ProxyConfig};
pub use runtime::iam::{DEFAULT_IAM_ENDPOINT, IAM_ENDPOINT_VAR};
pub use runtime::operation_error::OperationError;
pub use runtime::paginator::Paginator;
pub use runtime::provider::{
    CredentialsChain, CredentialsError, CredentialsErrorKind, DefaultChainBuilder,
    DefaultCredentialsChain, EcsMetadataProvider, Env, EnvironmentProvider, ProfileFileProvider,
    ProvideCredentials, ProvideFuture, CREDENTIALS_FILE_VAR, METADATA_ENDPOINT, PROFILE_SECTION,
};
pub use runtime::site::Site;
pub use runtime::spec::RetryClass;
pub use runtime::timestamp::Timestamp;
pub use rust_decimal::Decimal;

/// What generated code, the fake server and this crate's own tests use of the runtime.
/// Not part of the public API: no stability promise, may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::generated::SERVICE;
    pub use crate::runtime::client::{decode_empty, decode_json, Outcome};
    pub use crate::runtime::operation_error::{partial_failure, ErrorKind};
    pub use crate::runtime::paginator::{Cursor, PageInfo};
    pub use crate::runtime::request::{Building, Call, Checked, ParamValue, Request};
    pub use crate::runtime::site::{sealed::Sealed, Site};
    pub use crate::runtime::spec::*;
    pub use crate::runtime::wire::WireEnum;
    pub use crate::runtime::{decimal, record, signing, wire};
    pub use crate::{int_enum, record, string_enum};
    pub use serde;
}
