//! End-to-end tests: the public client against the fake BSS server on 127.0.0.1.

mod admin;
mod auth;
mod behaviour;
mod credentials_chain;
mod examples;
mod faults;
#[rustfmt::skip]
mod generated;
mod generated_bodies;
mod hostile;
mod http_settings;
mod pagination;
mod properties;
mod raw;
mod sites;
mod slice;
mod support;
mod upstream_fields;
