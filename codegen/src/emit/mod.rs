//! Stage 3: turn the IR into files. Each function returns text; nothing here writes.

mod digest;
mod docs;
mod models;
mod operations;
pub mod rust;
mod tests;
mod wire_schema;

pub use digest::digest;
pub use tests::every_call;

use std::path::PathBuf;

use quote::quote;

use crate::ir::Api;
use crate::Output;
use rust::{doc, ident, inner_doc};

/// Every generated file, by path relative to the workspace root.
pub fn emit(api: &Api) -> Output {
    let mut out = Output::new();
    let gen = PathBuf::from("bss-sdk/src/generated");

    for m in &api.modules {
        let source = format!("{} (models and enums)", m.source);
        out.insert(
            gen.join("models").join(format!("{}.rs", m.name)),
            models::module(api, m, &source),
        );
    }
    for op in &api.operations {
        let source = format!("{}, operation {}", op.source, op.id);
        out.insert(
            gen.join("operations")
                .join(format!("{}.rs", op.names.method)),
            operations::module(api, op, &source),
        );
    }
    out.insert(gen.join("models/mod.rs"), models_mod(api));
    out.insert(gen.join("operations/mod.rs"), operations_mod(api));
    out.insert(gen.join("service.rs"), service(api));
    out.insert(gen.join("wire_schema.rs"), wire_schema::module(api));
    out.insert(gen.join("mod.rs"), root());
    out.insert(
        PathBuf::from("bss-sdk/OPERATIONS.md"),
        docs::operations_page(api),
    );
    out.insert(PathBuf::from("tests/e2e/generated.rs"), tests::module(api));
    out
}

fn root() -> String {
    let tokens = quote! {
        //! Everything generated from `spec/`. Hand-written code lives in `runtime`.
        pub mod models;
        pub mod operations;
        mod service;
        pub use service::{CommonError, SERVICE};
        /// The response models' wire schema, for the fake server's generated bodies.
        #[cfg(feature = "test-util")]
        pub(crate) mod wire_schema;
    };
    rust::file("spec/", tokens)
}

fn models_mod(api: &Api) -> String {
    let mods = api
        .modules
        .iter()
        .filter(|m| !m.models.is_empty() || !m.enums.is_empty())
        .map(|m| {
            let n = ident(&m.name);
            let d = doc(&format!("Models of the group \"{}\".", m.group));
            quote! { #d pub mod #n; }
        });
    let uses = api
        .modules
        .iter()
        .filter(|m| !m.models.is_empty() || !m.enums.is_empty())
        .map(|m| {
            let n = ident(&m.name);
            quote! { pub use #n::*; }
        });
    let tokens = quote! {
        //! Request and response models and enums, re-exported flat: `bss_sdk::models::CustomerOrderV2`.
        #(#mods)*
        #(#uses)*
    };
    rust::file("spec/groups/*.yaml", tokens)
}

fn operations_mod(api: &Api) -> String {
    let mods = api.operations.iter().map(|op| {
        let n = ident(&op.names.method);
        let d = doc(&format!("`{}`: {}", op.id, op.summary));
        quote! { #d pub mod #n; }
    });
    let tokens = quote! {
        //! One module per operation: its client method, request builder, error kind and
        //! static spec.
        #(#mods)*
    };
    rust::file("spec/groups/*.yaml", tokens)
}

/// The service's facts, its common errors, and the entry points of a configuration.
fn service(api: &Api) -> String {
    let specs = api.operations.iter().map(|op| {
        let m = ident(&op.names.method);
        quote!(&crate::operations::#m::SPEC)
    });
    let s = &api.service;
    let region_ids: Vec<&str> = s.regions.iter().map(|r| r.0.as_str()).collect();
    let endpoints: Vec<&str> = s.regions.iter().map(|r| r.1.as_str()).collect();
    let (name, global, default_region) = (&s.name, s.global, &s.default_region);
    let errors = s.common_errors.iter().map(|e| {
        let (st, c, m) = (rust::lit_u16(e.status), &e.code, &e.meaning);
        quote!(ErrorSpec::new(#st, #c, #m))
    });
    let variants = s.common_errors.iter().map(|e| {
        let v = ident(&e.variant);
        let text = format!("`{}` (HTTP {}): {}", e.code, e.status, e.meaning);
        quote! { #[doc = #text] #v, }
    });
    let codes: Vec<&str> = s.common_errors.iter().map(|e| e.code.as_str()).collect();
    let vnames: Vec<_> = s.common_errors.iter().map(|e| ident(&e.variant)).collect();
    let header = inner_doc(&format!(
        "The service {name}: its facts as data, the errors every operation can return, and the entry points of a configuration."
    ));
    let builder_doc =
        format!("Starts a configuration for {name} (default region `{default_region}`).");
    let tokens = quote! {
        #header
        use crate::__private::*;

        /// What the spec says about the service; the runtime and the fake server work from it.
        pub static SERVICE: ServiceSpec = ServiceSpec {
            name: #name,
            global: #global,
            default_region: #default_region,
            regions: &[#((#region_ids, #endpoints)),*],
            common_errors: &[#(#errors),*],
            operations: &[#(#specs),*],
        };

        impl crate::Config {
            #[doc = #builder_doc]
            pub fn builder() -> crate::ConfigBuilder {
                crate::Config::builder_for(&SERVICE)
            }

            /// Credentials from the environment (see [`Credentials::from_env`](crate::Credentials::from_env)),
            /// the default region (or `HUAWEICLOUD_SDK_REGION`), default timeouts and retries.
            pub fn from_env() -> Result<crate::Config, crate::ConfigError> {
                crate::Config::from_env_for(&SERVICE)
            }
        }

        /// The errors every operation can return (`common_errors` in `spec/service.yaml`);
        /// each operation's error kind wraps them as `Common(…)`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum CommonError {
            #(#variants)*
        }

        impl CommonError {
            /// The common error with this code, if it is one.
            pub fn from_code(code: Option<&str>) -> Option<Self> {
                match code? {
                    #( #codes => Some(Self::#vnames), )*
                    _ => None,
                }
            }
        }
    };
    rust::file("spec/service.yaml, spec/groups/*.yaml", tokens)
}
