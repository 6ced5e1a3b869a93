//! The service file and error tables.

use std::collections::{BTreeMap, BTreeSet};

use super::reserved;
use crate::diagnostic::Diagnostics;
use crate::ir::*;
use crate::load::{raw, Loaded};
use crate::names;

pub(super) fn service(file: &Loaded<raw::Service>, d: &mut Diagnostics) -> Service {
    let s = &file.value;
    if s.regions.is_empty() {
        d.push(file.error_at("regions", "at least one region is needed"));
    }
    let mut seen = BTreeSet::new();
    for (i, r) in s.regions.iter().enumerate() {
        if !seen.insert(r.id.as_str()) {
            d.push(file.error_at(
                &format!("regions[{i}].id"),
                format!("region `{}` is listed twice", r.id),
            ));
        }
        if !r.endpoint.starts_with("https://") {
            d.push(
                file.error_at(
                    &format!("regions[{i}].endpoint"),
                    "endpoint must be an https:// URL",
                )
                .hint("e.g. https://bss-intl.myhuaweicloud.com"),
            );
        }
    }
    if !s.regions.iter().any(|r| r.id == s.default_region) {
        d.push(file.error_at(
            "default_region",
            format!("default region `{}` is not in `regions`", s.default_region),
        ));
    }
    for (i, a) in s.auth.iter().enumerate() {
        if a != "aksk" && a != "token" {
            d.push(
                file.error_at(&format!("auth[{i}]"), format!("unknown auth mode `{a}`"))
                    .hint("use `aksk` or `token`"),
            );
        }
    }
    let mut taken = reserved::taken_variants();
    let common_errors = s
        .common_errors
        .iter()
        .enumerate()
        .map(|(i, e)| error_entry(file, &format!("common_errors[{i}]"), e, &mut taken, d))
        .collect();
    Service {
        name: s.name.clone(),
        title: s.title.clone(),
        global: s.global,
        default_region: s.default_region.clone(),
        regions: s
            .regions
            .iter()
            .map(|r| (r.id.clone(), r.endpoint.clone()))
            .collect(),
        auth: s.auth.clone(),
        common_errors,
    }
}

/// One row of an error table; its variant is unique among `taken` (variant → code).
pub(super) fn error_entry<T>(
    file: &Loaded<T>,
    path: &str,
    e: &raw::ErrorEntry,
    taken: &mut BTreeMap<String, String>,
    d: &mut Diagnostics,
) -> ErrorEntry {
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
    }
}

/// An operation's own error table. A code may override a common one; a different code
/// that would share a common code's variant is a typo.
pub(super) fn operation_errors(
    file: &Loaded<raw::GroupFile>,
    base: &str,
    raw: &[raw::ErrorEntry],
    service: &Service,
    d: &mut Diagnostics,
) -> Vec<ErrorEntry> {
    let mut taken = reserved::taken_variants();
    let errors: Vec<ErrorEntry> = raw
        .iter()
        .enumerate()
        .map(|(i, e)| error_entry(file, &format!("{base}.errors[{i}]"), e, &mut taken, d))
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
