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

/// Loads and validates the spec in `spec_dir`, with its audit summary (`audit.yaml`) when
/// there is one.
pub fn load_dir(spec_dir: &Path) -> Result<ir::Api, Diagnostics> {
    let (service, groups) = load::read_dir(spec_dir)?;
    let audit = load::read_audit(spec_dir)?;
    load_sources_with_audit(&service, &groups, audit.as_ref())
}

/// Loads and validates a spec given as in-memory sources (no audit summary).
pub fn load_sources(service: &Source, groups: &[Source]) -> Result<ir::Api, Diagnostics> {
    load_sources_with_audit(service, groups, None)
}

/// Loads and validates a spec and, if given, its audit summary. Every file is parsed even
/// when another one fails, so a run reports every broken file at once.
pub fn load_sources_with_audit(
    service: &Source,
    groups: &[Source],
    audit: Option<&Source>,
) -> Result<ir::Api, Diagnostics> {
    let raw = load::parse(service, groups);
    let audit = audit.map(load::parse_audit).transpose();
    let (raw, audit) = match (raw, audit) {
        (Ok(raw), Ok(audit)) => (raw, audit),
        (raw, audit) => {
            let mut all = Diagnostics::default();
            for d in [raw.err(), audit.err()].into_iter().flatten() {
                all.0.extend(d.0);
            }
            return Err(all.sorted());
        }
    };
    let mut api = validate::validate(&raw)?;
    if let Some(entries) = &audit {
        api.audit = validate::audit(entries, &api)?;
    }
    Ok(api)
}

/// Everything `cargo xtask codegen` writes, generated from the spec in `spec_dir`.
pub fn generate_dir(spec_dir: &Path) -> Result<Output, Diagnostics> {
    Ok(emit::emit(&load_dir(spec_dir)?))
}
