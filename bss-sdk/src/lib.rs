//! Rust SDK for Huawei Cloud's BSS API ("Customer Operation Capabilities", API Explorer
//! product BSSINTL): orders, renewals, bills, coupons, budgets, customers, real-name
//! authentication and invoices.
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
//! - Every failure is an [`SdkError`]; service errors are the operation's own enum with one
//!   variant per documented error code.
//! - Money is [`Decimal`], exact end to end.
//! - [`OPERATIONS.md`](https://docs.rs/bss-sdk) lists every operation.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

#[rustfmt::skip]
#[allow(clippy::all)]
mod generated;
pub mod runtime;

#[cfg(feature = "test-util")]
pub mod fake;

pub use generated::{catalog, models, operations};
pub use runtime::client::Client;
pub use runtime::config::{
    CallOptions, Config, ConfigBuilder, ConfigError, RetryConfig, Timeouts,
    DEFAULT_MAX_RESPONSE_BYTES,
};
pub use runtime::credentials::{Credentials, EnvProblem, MissingCredentials};
pub use runtime::error::{BoxError, ErrorMeta, SdkError};
pub use runtime::paginator::Paginator;
pub use runtime::timestamp::Timestamp;
pub use rust_decimal::Decimal;
