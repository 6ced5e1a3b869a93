//! The bss-sdk generator: YAML spec → validated IR → Rust sources and docs.
//!
//! The pipeline is `load` (parse, with positions) → `validate` (check, lower into `ir`)
//! → `emit` (tokens via quote, formatted by prettyplease; docs via minijinja). Nothing
//! touches the disk except [`load::read_dir`]; writing is the caller's job (see xtask).

pub mod diagnostic;
pub mod emit;
pub mod ir;
pub mod load;
pub mod names;
pub mod validate;
pub mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Diagnostics};
pub use load::Source;

/// Generated files by path relative to the workspace root.
pub type Output = BTreeMap<PathBuf, String>;

/// Loads and validates the spec in `spec_dir`.
pub fn load_dir(spec_dir: &Path) -> Result<ir::Api, Diagnostics> {
    let (service, groups) = load::read_dir(spec_dir)?;
    load_sources(&service, &groups)
}

/// Loads and validates a spec given as in-memory sources.
pub fn load_sources(service: &Source, groups: &[Source]) -> Result<ir::Api, Diagnostics> {
    let raw = load::parse(service, groups)?;
    validate::validate(&raw)
}

/// Everything `cargo xtask codegen` writes, generated from the spec in `spec_dir`.
pub fn generate_dir(spec_dir: &Path) -> Result<Output, Diagnostics> {
    Ok(emit::emit(&load_dir(spec_dir)?))
}
