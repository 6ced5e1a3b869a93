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
    out.insert(gen.join("mod.rs"), root(api));
    out.insert(
        PathBuf::from("bss-sdk/OPERATIONS.md"),
        docs::operations_page(api),
    );
    out.insert(PathBuf::from("tests/e2e/generated.rs"), tests::module(api));
    out
}

fn root(api: &Api) -> String {
    let names = api.service.sites.iter().enumerate().map(|(k, s)| {
        let marker = ident(&s.marker);
        if k == 0 {
            // The default site's marker is the default type parameter: always there.
            return quote!(pub use super::service::#marker;);
        }
        let feature = s.id.as_str();
        let client = quote::format_ident!("{}Client", s.marker);
        let config = quote::format_ident!("{}Config", s.marker);
        quote!(#[cfg(feature = #feature)] pub use super::service::{#marker, #client, #config};)
    });
    let sites = quote! {
        /// The sites' marker types and the aliases of their clients and configurations.
        pub mod sites {
            #(#names)*
        }
    };
    let features = api.service.site_ids(api.service.all_sites());
    let none = format!(
        "enable at least one site of bss-sdk: the Cargo feature {}",
        features
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(" or ")
    );
    let tokens = quote! {
        //! Everything generated from `spec/`. Hand-written code lives in `runtime`.
        #[cfg(not(any(#(feature = #features),*)))]
        compile_error!(#none);
        pub mod models;
        pub mod operations;
        mod service;
        pub use service::{CommonError, DefaultSite, SERVICE};
        #sites
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
            let cfg = rust::cfg_sites(api, models::module_sites(api, m));
            quote! { #d #cfg pub mod #n; }
        });
    let uses = api
        .modules
        .iter()
        .filter(|m| !m.models.is_empty() || !m.enums.is_empty())
        .map(|m| {
            let n = ident(&m.name);
            let cfg = rust::cfg_sites(api, models::module_sites(api, m));
            quote! { #cfg pub use #n::*; }
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
        let cfg = rust::cfg_sites(api, op.sites);
        quote! { #d #cfg pub mod #n; }
    });
    let tokens = quote! {
        //! One module per operation: its client method, request builder, error kind and
        //! static spec.
        #(#mods)*
    };
    rust::file("spec/groups/*.yaml", tokens)
}

/// The service's facts, its sites (marker types, entry points), and its common errors.
fn service(api: &Api) -> String {
    let specs = api.operations.iter().map(|op| {
        let m = ident(&op.names.method);
        let cfg = rust::cfg_sites(api, op.sites);
        quote!(#cfg &crate::operations::#m::SPEC)
    });
    let s = &api.service;
    let (name, global) = (&s.name, s.global);
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
        "The service {name}: its facts as data, its sites and their entry points, and the errors every operation can return."
    ));
    let sites = s
        .sites
        .iter()
        .enumerate()
        .map(|(k, site)| self::site(api, k, site));
    let site_refs = s.sites.iter().map(|site| {
        let (feature, spec) = (site.id.as_str(), ident(&site.spec_static));
        quote!(#[cfg(feature = #feature)] &#spec)
    });
    let tokens = quote! {
        #header
        use crate::__private::*;

        /// What the spec says about the service; the runtime and the fake server work from it.
        pub static SERVICE: ServiceSpec = ServiceSpec {
            name: #name,
            global: #global,
            common_errors: &[#(#errors),*],
            operations: &[#(#specs),*],
            sites: &[#(#site_refs),*],
        };

        #(#sites)*

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

/// One site: its facts, its marker type (the type parameter of `Client` and `Config`) and,
/// for the first site, the default one, the entry points that need no site named.
fn site(api: &Api, k: usize, site: &crate::ir::Site) -> proc_macro2::TokenStream {
    let feature = site.id.as_str();
    let marker = ident(&site.marker);
    let spec = ident(&site.spec_static);
    let (id, product, default_region) = (&site.id, &site.product, &site.default_region);
    let region_ids: Vec<&str> = site.regions.iter().map(|r| r.0.as_str()).collect();
    let endpoints: Vec<&str> = site.regions.iter().map(|r| r.1.as_str()).collect();
    let ops: Vec<_> = api
        .operations
        .iter()
        .filter(|o| o.sites.contains(k))
        .map(|op| {
            let m = ident(&op.names.method);
            quote!(&crate::operations::#m::SPEC)
        })
        .collect();
    let count = ops.len();
    let first_region = &site
        .regions
        .first()
        .map(|r| r.1.clone())
        .unwrap_or_default();
    let marker_doc = format!(
        "{} (`{}`, API Explorer product {}): the type parameter of [`Client`](crate::Client) and [`Config`](crate::Config) that offers this site's {} operations. Cargo feature `{}`.",
        site.title, first_region, product, count, feature
    );
    let spec_doc = format!("The facts of the site `{id}`.");
    let gate = quote!(#[cfg(feature = #feature)]);
    // The default site's marker exists without its feature (it is the default type
    // parameter), but only its feature makes it a `Site`.
    let marker_gate = (k != 0).then(|| gate.clone());
    let docs_cfg = quote!(#[cfg_attr(docsrs, doc(cfg(feature = #feature)))]);
    let alias = (k != 0).then(|| {
        let client = quote::format_ident!("{}Client", site.marker);
        let config = quote::format_ident!("{}Config", site.marker);
        let cd = format!("A client of the site `{id}`.");
        let gd = format!("A configuration for the site `{id}`.");
        quote! {
            #gate #docs_cfg #[doc = #cd] pub type #client = crate::Client<#marker>;
            #gate #docs_cfg #[doc = #gd] pub type #config = crate::Config<#marker>;
        }
    });
    let default_entry = (k == 0).then(|| {
        let alias_doc = format!("The default site, `{id}`: the type parameter `Client` and `Config` have when none is named.");
        let builder_doc = format!(
            "Starts a configuration for the site `{id}` (default region `{default_region}`); the same as `Config::builder_for({})`.",
            site.marker
        );
        quote! {
            #gate
            impl crate::Config<#marker> {
                #[doc = #builder_doc]
                pub fn builder() -> crate::ConfigBuilder<#marker> {
                    crate::Config::builder_for(#marker)
                }
                /// Credentials from the environment (see [`Credentials::from_env`](crate::Credentials::from_env)),
                /// the default region (or `HUAWEICLOUD_SDK_REGION`), default timeouts and retries.
                pub fn from_env() -> Result<Self, crate::ConfigError> {
                    crate::Config::from_env_for(#marker)
                }
            }
            #gate
            impl crate::Client<#marker> {
                /// A client configured from the environment (see [`Config::from_env`](crate::Config::from_env)).
                pub fn from_env() -> Result<Self, crate::ConfigError> {
                    crate::Config::from_env().map(crate::Client::new)
                }
            }
            #[doc = #alias_doc]
            pub type DefaultSite = #marker;
            #[cfg(all(feature = "test-util", feature = #feature))]
            impl crate::fake::FakeBss {
                /// A configuration of the default site pointed at the fake, with fast retries (10 ms
                /// base, 100 ms cap).
                pub fn config(&self) -> crate::Config<#marker> {
                    self.config_for(#marker)
                }
                /// A client of the default site pointed at the fake.
                pub fn client(&self) -> crate::Client<#marker> {
                    self.client_for(#marker)
                }
            }
        }
    });
    quote! {
        #gate
        #[doc = #spec_doc]
        pub static #spec: SiteSpec = SiteSpec {
            id: #id,
            product: #product,
            default_region: #default_region,
            regions: &[#((#region_ids, #endpoints)),*],
            service: &SERVICE,
            operations: &[#(#ops),*],
        };
        #marker_gate
        #docs_cfg
        #[doc = #marker_doc]
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct #marker;
        #marker_gate
        impl Sealed for #marker {}
        #gate
        impl Site for #marker {
            const SPEC: &'static SiteSpec = &#spec;
        }
        #alias
        #default_entry
    }
}
