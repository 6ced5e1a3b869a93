//! Sites: which of the service's sites offer an operation, take a parameter, have a field
//! or return an error, and which sites reach each model and enum.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostics;
use crate::ir::*;
use crate::load::Loaded;

/// A `sites:` list at `path`, as a set: every id names one of `sites`, once, and
/// lies within `within` (the sites of what encloses it, described by `of`).
pub(super) fn list<T>(
    file: &Loaded<T>,
    path: &str,
    ids: &[String],
    sites: &[Site],
    within: (SiteSet, &str),
    d: &mut Diagnostics,
) -> SiteSet {
    if ids.is_empty() {
        d.push(
            file.error_at(path, "`sites` is empty")
                .hint("name at least one site, or leave `sites` out for every site"),
        );
        return within.0;
    }
    let mut set = SiteSet::default();
    let before = d.0.len();
    for (i, id) in ids.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let Some(k) = sites.iter().position(|s| &s.id == id) else {
            let known: Vec<&str> = sites.iter().map(|s| s.id.as_str()).collect();
            d.push(
                file.error_at(&at, format!("unknown site `{id}`"))
                    .hint(format!(
                        "the sites of spec/service.yaml are: {}",
                        known.join(", ")
                    )),
            );
            continue;
        };
        let bit = SiteSet(1 << k);
        if bit.is_subset(set) {
            d.push(file.error_at(&at, format!("site `{id}` is listed twice")));
        } else if !bit.is_subset(within.0) {
            d.push(
                file.error_at(&at, format!("site `{id}` does not offer {}", within.1))
                    .hint("list only sites that also offer what encloses it"),
            );
        }
        set = set.union(bit);
    }
    if d.0.len() > before {
        // Reported; what encloses it stands in, so nothing downstream reports it again.
        return within.0;
    }
    set
}

/// The optional `sites:` at `path`: absent means all of `within`.
pub(super) fn optional<T>(
    file: &Loaded<T>,
    path: &str,
    ids: &Option<Vec<String>>,
    sites: &[Site],
    within: (SiteSet, &str),
    d: &mut Diagnostics,
) -> SiteSet {
    match ids {
        Some(ids) => list(file, path, ids, sites, within, d),
        None => within.0,
    }
}

/// Each model and enum gets the sites of every operation whose parameters, body or
/// response reach it. A work list, so a model reached twice with the same sites is
/// walked once and cycles end.
pub(super) fn mark_reached(
    ops: &[Operation],
    models: &mut BTreeMap<String, Model>,
    enums: &mut BTreeMap<String, Enum>,
) {
    let mut todo: Vec<(TypeRef, SiteSet)> = Vec::new();
    for op in ops {
        for p in &op.params {
            todo.push((p.ty.clone(), op.sites));
        }
        for m in op.body.iter().chain(op.response.body.iter()) {
            todo.push((TypeRef::Model(m.clone()), op.sites));
        }
    }
    let mut seen: BTreeSet<(String, SiteSet)> = BTreeSet::new();
    while let Some((ty, sites)) = todo.pop() {
        match ty {
            TypeRef::List(inner) | TypeRef::Map(inner) => todo.push((*inner, sites)),
            TypeRef::Enum(e) => {
                if let Some(e) = enums.get_mut(&e) {
                    e.sites = e.sites.union(sites);
                }
            }
            TypeRef::Model(name) => {
                if !seen.insert((name.clone(), sites)) {
                    continue;
                }
                if let Some(m) = models.get_mut(&name) {
                    m.sites = m.sites.union(sites);
                    // A site-only field stays in the struct on every site (it is optional
                    // and decoding must not depend on features), so its type is reached too.
                    todo.extend(m.fields.iter().map(|f| (f.ty.clone(), sites)));
                }
            }
            _ => {}
        }
    }
}
