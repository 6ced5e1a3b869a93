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
    let audit = audit.map(audit_entries).transpose();
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

/// Parses `spec/audit.yaml` into its entries, each located on its own: paths in an entry's
/// locator are relative to that entry of `audit:` (`site`, `items.agree`).
fn audit_entries(source: &Source) -> Result<Vec<load::Loaded<load::raw::AuditEntry>>, Diagnostics> {
    let file = load::parse_audit(source)?;
    // `parse_audit` locates paths under `audit:`, which the entries of a list are not
    // (`audit[0].site`): index each entry's subtree of the (already checked) document.
    let root = load::text::prepare(&source.text)
        .ok()
        .and_then(|text| load::yaml::parse(text).ok().flatten());
    let items: &[load::yaml::Node] = match root.as_ref().map(|r| &r.kind) {
        Some(load::yaml::Kind::Map(entries)) => entries
            .iter()
            .find(|(key, _)| key.text == "audit")
            .and_then(|(_, value)| match &value.kind {
                load::yaml::Kind::Seq(items) => Some(items.as_slice()),
                _ => None,
            })
            .unwrap_or_default(),
        _ => &[],
    };
    Ok(file
        .value
        .into_iter()
        .enumerate()
        .map(|(i, value)| load::Loaded {
            path: file.path.clone(),
            stem: file.stem.clone(),
            locator: items
                .get(i)
                .map(load::locate::Locator::index)
                .unwrap_or_default(),
            value,
        })
        .collect())
}

/// Everything `cargo xtask codegen` writes, generated from the spec in `spec_dir`.
pub fn generate_dir(spec_dir: &Path) -> Result<Output, Diagnostics> {
    Ok(emit::emit(&load_dir(spec_dir)?))
}
