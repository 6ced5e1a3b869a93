//! Stage 3: turn the IR into files. Each function returns text; nothing here writes.

mod builder;
mod docs;
mod models;
mod operations;
pub mod rust;
mod tests;

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
            gen.join("operations").join(format!("{}.rs", op.snake)),
            operations::module(api, op, &source),
        );
    }
    out.insert(gen.join("models/mod.rs"), models_mod(api));
    out.insert(gen.join("operations/mod.rs"), operations_mod(api));
    out.insert(gen.join("client.rs"), client(api));
    out.insert(gen.join("catalog.rs"), catalog(api));
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
        pub mod catalog;
        mod client;
        pub mod models;
        pub mod operations;
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
        let n = ident(&op.snake);
        let d = doc(&format!("`{}`: {}", op.id, op.summary));
        quote! { #d pub mod #n; }
    });
    let tokens = quote! {
        //! One module per operation: request builder, error enum, and its static spec.
        #(#mods)*
    };
    rust::file("spec/groups/*.yaml", tokens)
}

fn client(api: &Api) -> String {
    let methods = api.operations.iter().map(|op| {
        let m = ident(&op.snake);
        let module = ident(&op.snake);
        let b = ident(&operations::builder_name(op));
        let initial = operations::initial_type(api, op);
        let d = doc(&operations::method_doc(api, op));
        let dep = op.deprecated.as_ref().map(|dep| {
            let note = match &dep.replaced_by {
                Some(to) => format!("use `{}` instead", crate::names::snake(to)),
                None => dep
                    .note
                    .clone()
                    .unwrap_or_else(|| "going offline".to_string()),
            };
            quote!(#[deprecated(note = #note)])
        });
        quote! {
            #d
            #dep
            pub fn #m(&self) -> #initial {
                crate::operations::#module::#b::new(self.clone(), crate::CallOptions::default())
            }
        }
    });
    let tokens = quote! {
        //! One method per operation on [`Client`](crate::Client).
        impl crate::Client {
            #(#methods)*
        }
    };
    rust::file("spec/groups/*.yaml", tokens)
}

fn catalog(api: &Api) -> String {
    let specs = api.operations.iter().map(|op| {
        let m = ident(&op.snake);
        quote!(&crate::operations::#m::SPEC)
    });
    let region_ids: Vec<&str> = api.service.regions.iter().map(|r| r.0.as_str()).collect();
    let endpoints: Vec<&str> = api.service.regions.iter().map(|r| r.1.as_str()).collect();
    let default_region = &api.service.default_region;
    let name = &api.service.name;
    let global = api.service.global;
    let header = inner_doc(
        "Facts about the service and its operations, as data, for the runtime and the fake server.",
    );
    let tokens = quote! {
        #header

        /// The API Explorer product name.
        pub const SERVICE: &str = #name;
        /// Whether the service is global (requests carry `X-Domain-Id`).
        pub const GLOBAL: bool = #global;
        /// The region used when none is configured.
        pub const DEFAULT_REGION: &str = #default_region;
        /// Region id → endpoint.
        pub const REGIONS: &[(&str, &str)] = &[#((#region_ids, #endpoints)),*];
        /// Every operation's spec, sorted by id.
        pub static OPERATIONS: &[&crate::runtime::spec::OperationSpec] = &[#(#specs),*];
    };
    rust::file("spec/service.yaml, spec/groups/*.yaml", tokens)
}
