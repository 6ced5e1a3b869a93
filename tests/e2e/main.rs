//! End-to-end tests: the public client against the fake BSS server on 127.0.0.1.

mod auth;
mod behaviour;
#[rustfmt::skip]
mod generated;
mod pagination;
mod slice;
mod support;
mod tracing_secrets;
