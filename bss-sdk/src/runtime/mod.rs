//! The hand-written runtime the generated operations call into. Generated code lives in
//! `src/generated/` and is never edited by hand. Users see what `lib.rs` re-exports;
//! generated code reaches the rest through [`crate::__private`].

pub(crate) mod body_check;
pub(crate) mod cache;
pub(crate) mod call;
pub(crate) mod client;
pub(crate) mod config;
pub(crate) mod credentials;
pub mod decimal;
pub(crate) mod error;
pub(crate) mod http;
pub(crate) mod iam;
pub(crate) mod json_path;
pub(crate) mod operation_error;
pub(crate) mod paginator;
pub(crate) mod provider;
pub mod record;
pub mod request;
pub mod signing;
pub(crate) mod site;
pub mod spec;
pub(crate) mod timestamp;
pub mod wire;
