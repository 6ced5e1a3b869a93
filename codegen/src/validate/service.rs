//! The service file and error tables.

use std::collections::{BTreeMap, BTreeSet};

use super::reserved;
use crate::diagnostic::Diagnostics;
use crate::ir::*;
use crate::load::{raw, Loaded};
use crate::names;

pub(super) fn service(file: &Loaded<raw::Service>, d: &mut Diagnostics) -> Service {
    let s = &file.value;
    if s.sites.is_empty() {
        d.push(file.error_at("sites", "at least one site is needed"));
    }
    if s.sites.len() > MAX_SITES {
        d.push(file.error_at("sites", format!("at most {MAX_SITES} sites are supported")));
    }
    let mut ids = BTreeSet::new();
    let sites: Vec<Site> = s
        .sites
        .iter()
        .take(MAX_SITES)
        .enumerate()
        .map(|(i, site)| {
            if !ids.insert(site.id.as_str()) {
                d.push(file.error_at(
                    &format!("sites[{i}].id"),
                    format!("site `{}` is listed twice", site.id),
                ));
            }
            self::site(file, &format!("sites[{i}]"), site, d)
        })
        .collect();
    for (i, a) in s.auth.iter().enumerate() {
        if a != "aksk" && a != "token" {
            d.push(
                file.error_at(&format!("auth[{i}]"), format!("unknown auth mode `{a}`"))
                    .hint("use `aksk` or `token`"),
            );
        }
    }
    let within = (SiteSet::first(sites.len()), "the service");
    let mut taken = reserved::taken_variants();
    let common_errors = s
        .common_errors
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let path = format!("common_errors[{i}]");
            error_entry(file, &path, e, (&sites, within), &mut taken, d)
        })
        .collect();
    Service {
        name: s.name.clone(),
        title: s.title.clone(),
        global: s.global,
        sites,
        auth: s.auth.clone(),
        common_errors,
    }
}

/// Sites are bits of a `u32` set; two or three are real, eight is ample.
const MAX_SITES: usize = 8;

/// One site: a snake_case id (its Cargo feature) whose marker type is free, its regions.
fn site(file: &Loaded<raw::Service>, base: &str, s: &raw::Site, d: &mut Diagnostics) -> Site {
    let marker = names::pascal(&s.id);
    if s.id.is_empty()
        || names::snake(&s.id) != s.id
        || !s.id.starts_with(|c: char| c.is_ascii_lowercase())
    {
        d.push(
            file.error_at(
                &format!("{base}.id"),
                format!("site id `{}` is not snake_case", s.id),
            )
            .hint("it names a Cargo feature and (in PascalCase) the marker type, e.g. `intl`"),
        );
    } else if reserved::ROOT_NAMES.contains(&marker.as_str())
        || reserved::TYPE_NAMES.contains(&marker.as_str())
    {
        d.push(
            file.error_at(
                &format!("{base}.id"),
                format!(
                    "site `{}` would name its marker type `{marker}`, which the crate already uses",
                    s.id
                ),
            )
            .hint("choose another id"),
        );
    }
    super::text::check(file, &format!("{base}.title"), &s.title, d);
    if s.regions.is_empty() {
        d.push(file.error_at(&format!("{base}.regions"), "at least one region is needed"));
    }
    let mut seen = BTreeSet::new();
    for (i, r) in s.regions.iter().enumerate() {
        if !seen.insert(r.id.as_str()) {
            d.push(file.error_at(
                &format!("{base}.regions[{i}].id"),
                format!("region `{}` is listed twice", r.id),
            ));
        }
        if !r.endpoint.starts_with("https://") {
            d.push(
                file.error_at(
                    &format!("{base}.regions[{i}].endpoint"),
                    "endpoint must be an https:// URL",
                )
                .hint("e.g. https://bss-intl.myhuaweicloud.com"),
            );
        }
    }
    if !s.regions.iter().any(|r| r.id == s.default_region) {
        d.push(file.error_at(
            &format!("{base}.default_region"),
            format!("default region `{}` is not in `regions`", s.default_region),
        ));
    }
    Site {
        id: s.id.clone(),
        product: s.product.clone(),
        title: s.title.clone(),
        spec_static: s.id.to_ascii_uppercase(),
        marker,
        default_region: s.default_region.clone(),
        regions: s
            .regions
            .iter()
            .map(|r| (r.id.clone(), r.endpoint.clone()))
            .collect(),
    }
}

/// One row of an error table; its variant is unique among `taken` (variant → code), its
/// `sites` among the enclosing ones (`within`, of `sites`).
pub(super) fn error_entry<T>(
    file: &Loaded<T>,
    path: &str,
    e: &raw::ErrorEntry,
    (sites, within): (&[Site], (SiteSet, &str)),
    taken: &mut BTreeMap<String, String>,
    d: &mut Diagnostics,
) -> ErrorEntry {
    let sites = super::sites::optional(file, &format!("{path}.sites"), &e.sites, sites, within, d);
    if !(100..=599).contains(&e.status) {
        d.push(file.error_at(
            &format!("{path}.status"),
            format!("`{}` is not an HTTP status", e.status),
        ));
    }
    if e.code.trim().is_empty() {
        d.push(file.error_at(&format!("{path}.code"), "error code is empty"));
    }
    super::text::check(file, &format!("{path}.meaning"), &e.meaning, d);
    let variant = names::pascal(&e.code);
    match taken.get(&variant) {
        Some(first) if *first == e.code => d.push(
            file.error_at(
                &format!("{path}.code"),
                format!("error code `{}` is listed twice", e.code),
            )
            .hint("list each code once per table"),
        ),
        Some(first) => d.push(
            file.error_at(
                &format!("{path}.code"),
                format!(
                    "error codes `{first}` and `{}` would both become the variant `{variant}`",
                    e.code
                ),
            )
            .hint("check the codes against the reference; one of them is probably mistyped"),
        ),
        None => {
            taken.insert(variant.clone(), e.code.clone());
        }
    }
    ErrorEntry {
        status: e.status,
        code: e.code.clone(),
        meaning: e.meaning.clone(),
        variant,
        sites,
    }
}

/// An operation's own error table. A code may override a common one; a different code
/// that would share a common code's variant is a typo.
pub(super) fn operation_errors(
    file: &Loaded<raw::GroupFile>,
    base: &str,
    raw: &[raw::ErrorEntry],
    service: &Service,
    op_sites: SiteSet,
    d: &mut Diagnostics,
) -> Vec<ErrorEntry> {
    let mut taken = reserved::taken_variants();
    let errors: Vec<ErrorEntry> = raw
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let path = format!("{base}.errors[{i}]");
            let within = (op_sites, "this operation");
            error_entry(file, &path, e, (&service.sites, within), &mut taken, d)
        })
        .collect();
    for c in &service.common_errors {
        if let Some(i) = errors
            .iter()
            .position(|e| e.variant == c.variant && e.code != c.code)
        {
            d.push(
                file.error_at(
                    &format!("{base}.errors[{i}].code"),
                    format!(
                        "error code `{}` and the common error `{}` would both become the variant `{}`",
                        errors[i].code, c.code, c.variant
                    ),
                )
                .hint("check the code against the reference; it is probably mistyped"),
            );
        }
    }
    errors
}
