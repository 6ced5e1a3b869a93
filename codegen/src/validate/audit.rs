//! `spec/audit.yaml`: the summaries of the last upstream audits (`cargo xtask audit
//! --write-summary`), one per site's official package, checked so that what
//! `OPERATIONS.md` shows is consistent in itself, and compared with the spec's fingerprint
//! so that a summary older than the spec says so.
//!
//! The fingerprint covers exactly what the audit compares (see `xtask/src/audit`): every
//! operation's id, method, path, parameters (location, wire name, type, required flag),
//! request and response model and whether errors come at the top level of the body, and
//! every model's fields (JSON key, type, required flag), with enums reduced to their wire
//! kind. Descriptions, limits, errors and examples do not change it. It covers the whole
//! spec (every site), so one fingerprint serves every entry.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::diagnostic::Diagnostics;
use crate::ir::{Api, AuditSummary, Embedded, EnumRepr, ParamIn, TypeRef};
use crate::load::{limits, raw, Loaded};

const FINGERPRINT_PREFIX: &str = "fnv1a64:";

/// Checks the audit summaries (one per entry of `audit:`) and lowers them, in the
/// service's site order; `api` is the validated spec they describe.
pub fn audit(
    entries: &[Loaded<raw::AuditEntry>],
    api: &Api,
) -> Result<Vec<AuditSummary>, Diagnostics> {
    let mut d = Diagnostics::default();
    let fingerprint = audit_fingerprint(api);
    let site_ids = || {
        api.service
            .sites
            .iter()
            .map(|s| format!("`{}`", s.id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // The first entry seen for each site (by its index) and for each package.
    let mut by_site: BTreeMap<usize, &Loaded<raw::AuditEntry>> = BTreeMap::new();
    let mut by_package: BTreeMap<&str, &Loaded<raw::AuditEntry>> = BTreeMap::new();
    let mut out = Vec::new();
    for file in entries {
        let a = &file.value;
        let k = api.service.sites.iter().position(|s| s.id == a.site);
        match k {
            None => d.push(
                file.error_at(
                    "site",
                    format!("`site` is {:?}, which is not a site of the service", a.site),
                )
                .hint(format!(
                    "the sites are the `id`s under `service.sites` in spec/service.yaml: {}",
                    site_ids()
                )),
            ),
            Some(k) => {
                if let Some(first) = by_site.get(&k) {
                    d.push(
                        file.error_at(
                            "site",
                            format!(
                                "a second summary for site `{}` (the first is on line {})",
                                a.site,
                                first.locator.value("site").line
                            ),
                        )
                        .hint("keep one entry per site: `cargo xtask audit --write-summary` replaces the entry of the audited package's site"),
                    );
                } else if let Some(first) = by_package.get(a.package.as_str()) {
                    d.push(
                        file.error_at(
                            "package",
                            format!(
                                "a second summary for package `{}` (the first is on line {}, for site `{}`)",
                                a.package,
                                first.locator.value("package").line,
                                first.value.site
                            ),
                        )
                        .hint("each official package covers one site; rerun `cargo xtask audit --write-summary` for each site's package"),
                    );
                }
                by_site.entry(k).or_insert(file);
            }
        }
        by_package.entry(a.package.as_str()).or_insert(file);
        if let Some(summary) = entry(file, &fingerprint, &mut d) {
            out.push((k, summary));
        }
    }
    if !d.is_empty() {
        return Err(d.sorted());
    }
    out.sort_by_key(|(k, _)| *k);
    Ok(out.into_iter().map(|(_, s)| s).collect())
}

/// Checks one entry on its own (names, fingerprint, counts, percentage) and lowers it;
/// `fingerprint` is the spec's.
fn entry(
    file: &Loaded<raw::AuditEntry>,
    fingerprint: &str,
    d: &mut Diagnostics,
) -> Option<AuditSummary> {
    let errors = d.0.len();
    let a = &file.value;
    for (path, value) in [
        ("package", &a.package),
        ("version", &a.version),
        ("module", &a.module),
    ] {
        let plain = !value.is_empty()
            && value.len() <= limits::MAX_NAME_BYTES
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if !plain {
            d.push(
                file.error_at(
                    path,
                    format!("`{path}` must be a plain name, not {value:?}"),
                )
                .hint("letters, digits, `.`, `-` and `_`, at most 80 bytes, as pip spells it"),
            );
        }
    }
    let hex = a.spec_fingerprint.strip_prefix(FINGERPRINT_PREFIX);
    if !hex.is_some_and(|h| {
        h.len() == 16
            && h.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    }) {
        d.push(
            file.error_at(
                "spec_fingerprint",
                format!("`spec_fingerprint` must be `{FINGERPRINT_PREFIX}` and 16 lower-case hex digits, not {:?}", a.spec_fingerprint),
            )
            .hint("rerun `cargo xtask audit --write-summary` instead of editing the file"),
        );
    }
    let mut at_most = |path: &str, n: u64, limit_path: &str, limit: u64| {
        if n > limit {
            d.push(
                file.error_at(
                    path,
                    format!("`{path}` is {n}, more than `{limit_path}` ({limit})"),
                )
                .hint(
                    "the counts contradict each other; rerun `cargo xtask audit --write-summary`",
                ),
            );
        }
    };
    at_most("routes.agree", a.routes.agree, "routes.of", a.routes.of);
    at_most(
        "parameters.agree",
        a.parameters.agree,
        "parameters.of",
        a.parameters.of,
    );
    at_most(
        "items.agree",
        a.items.agree,
        "items.agree_key_type",
        a.items.agree_key_type,
    );
    at_most(
        "items.agree_key_type",
        a.items.agree_key_type,
        "items.of",
        a.items.of,
    );
    at_most(
        "operations.in_spec",
        a.operations.in_spec,
        "operations.official",
        a.operations.official,
    );
    at_most(
        "routes.of",
        a.routes.of,
        "operations.in_spec",
        a.operations.in_spec,
    );
    at_most(
        "operations.without_differences",
        a.operations.without_differences,
        "operations.in_spec",
        a.operations.in_spec,
    );
    at_most("parameters.of", a.parameters.of, "items.of", a.items.of);
    let percent = format_percent(a.items.agree, a.items.of);
    if a.agreement_percent != percent {
        d.push(
            file.error_at(
                "agreement_percent",
                format!(
                    "`agreement_percent` is {:?}, but items.agree / items.of = {} / {} is {percent:?}",
                    a.agreement_percent, a.items.agree, a.items.of
                ),
            )
            .hint("write the percentage with one decimal, as `cargo xtask audit --write-summary` does"),
        );
    }
    if d.0.len() > errors {
        return None;
    }
    Some(AuditSummary {
        site: a.site.clone(),
        package: a.package.clone(),
        version: a.version.clone(),
        module: a.module.clone(),
        fingerprint: a.spec_fingerprint.clone(),
        stale: a.spec_fingerprint != fingerprint,
        operations_official: a.operations.official,
        operations_in_spec: a.operations.in_spec,
        operations_only_in_spec: a.operations.only_in_spec,
        operations_without_differences: a.operations.without_differences,
        routes: (a.routes.agree, a.routes.of),
        parameters: (a.parameters.agree, a.parameters.of),
        items_agree: a.items.agree,
        items_agree_key_type: a.items.agree_key_type,
        items: a.items.of,
        agreement_percent: a.agreement_percent.clone(),
        spec_items_not_upstream: a.spec_items_not_upstream,
    })
}

/// `n / of` in percent with one decimal (`100.0` when `of` is 0), as the audit prints it.
pub fn format_percent(n: u64, of: u64) -> String {
    if of == 0 {
        return "100.0".to_string();
    }
    // Exact integer rounding (half up) of n * 1000 / of, so no float ever decides a digit.
    let tenths = (u128::from(n) * 1000 * 2 + u128::from(of)) / (u128::from(of) * 2);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// A fingerprint of everything the audit compares (see the module docs), stable across
/// runs and platforms: FNV-1a (64 bit) over a canonical listing.
pub fn audit_fingerprint(api: &Api) -> String {
    let mut text = String::new();
    for op in &api.operations {
        let _ = writeln!(
            text,
            "op {} {} {} body={} response={} top_level={}",
            op.id,
            op.method.as_str(),
            op.path,
            op.body.as_deref().unwrap_or("-"),
            op.response.body.as_deref().unwrap_or("-"),
            op.response.embedded == Embedded::TopLevel
        );
        for p in &op.params {
            let location = match p.location {
                ParamIn::Path => "path",
                ParamIn::Query => "query",
                ParamIn::Header => "header",
            };
            let _ = writeln!(
                text,
                "  param {location} {} {} {}",
                p.wire,
                type_text(api, &p.ty),
                p.required
            );
        }
    }
    for (name, m) in &api.models {
        let _ = writeln!(text, "model {name}");
        for f in &m.fields {
            let _ = writeln!(
                text,
                "  field {} {} {}",
                f.wire,
                type_text(api, &f.ty),
                f.required
            );
        }
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{FINGERPRINT_PREFIX}{hash:016x}")
}

fn type_text(api: &Api, t: &TypeRef) -> String {
    match t {
        TypeRef::String => "string".into(),
        TypeRef::Timestamp => "timestamp".into(),
        TypeRef::Bool => "boolean".into(),
        TypeRef::I32 => "int32".into(),
        TypeRef::I64 => "int64".into(),
        TypeRef::Decimal => "decimal".into(),
        TypeRef::DecimalString => "decimal_string".into(),
        TypeRef::F64 => "double".into(),
        TypeRef::Json => "json".into(),
        TypeRef::List(inner) => format!("list<{}>", type_text(api, inner)),
        TypeRef::Map(inner) => format!("map<{}>", type_text(api, inner)),
        TypeRef::Model(m) => format!("model:{m}"),
        TypeRef::Enum(e) => match api.enums.get(e).map(|e| e.repr) {
            Some(EnumRepr::I32 | EnumRepr::I64) => format!("enum:{e}:integer"),
            Some(EnumRepr::String) | None => format!("enum:{e}:string"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::{audit_fingerprint, format_percent};
    use crate::Source;

    const SERVICE: &str = "service:\n  name: T\n  title: T\n  sites:\n    - { id: main, product: T, title: Main site, default_region: r, regions: [ { id: r, endpoint: https://t.example } ] }\n    - { id: other, product: O, title: Other site, default_region: o, regions: [ { id: o, endpoint: https://o.example } ] }\n  auth: [aksk]\n";

    fn entry(site: &str, package: &str, fingerprint: &str) -> String {
        format!(
            "  - site: {site}\n    package: {package}\n    version: \"1.0\"\n    module: v2\n    spec_fingerprint: \"{fingerprint}\"\n    operations: {{ official: 2, in_spec: 1, only_in_spec: 0, without_differences: 1 }}\n    routes: {{ agree: 1, of: 1 }}\n    parameters: {{ agree: 1, of: 2 }}\n    items: {{ agree: 1, agree_key_type: 2, of: 3 }}\n    agreement_percent: \"33.3\"\n    spec_items_not_upstream: 0\n"
        )
    }

    fn load(text: &str) -> Result<crate::ir::Api, crate::Diagnostics> {
        let service = Source {
            path: "spec/service.yaml".into(),
            text: SERVICE.into(),
        };
        let audit = Source {
            path: "spec/audit.yaml".into(),
            text: text.into(),
        };
        crate::load_sources_with_audit(&service, &[], Some(&audit))
    }

    #[test]
    fn entries_come_in_site_order_and_each_is_checked_for_staleness() {
        let service = Source {
            path: "spec/service.yaml".into(),
            text: SERVICE.into(),
        };
        let current = audit_fingerprint(&crate::load_sources(&service, &[]).unwrap());
        let text = format!(
            "audit:\n{}{}",
            entry("other", "pkg-other", "fnv1a64:0000000000000000"),
            entry("main", "pkg-main", &current)
        );
        let api = load(&text).unwrap_or_else(|d| panic!("{d}"));
        let got: Vec<_> = api
            .audit
            .iter()
            .map(|a| (a.site.as_str(), a.package.as_str(), a.stale))
            .collect();
        assert_eq!(
            got,
            [("main", "pkg-main", false), ("other", "pkg-other", true)]
        );
        assert_eq!(api.audit[0].items, 3);
        assert!(load("audit: []\n").unwrap().audit.is_empty());
    }

    #[test]
    fn sites_and_packages_are_checked_with_positions() {
        let fp = "fnv1a64:0000000000000000";
        let d = load(&format!(
            "audit:\n{}{}{}",
            entry("main", "a", fp),
            entry("nowhere", "b", fp),
            entry("main", "c", fp)
        ))
        .unwrap_err();
        let got: Vec<_> =
            d.0.iter()
                .map(|x| (x.pos.line, x.message.as_str()))
                .collect();
        assert_eq!(got.len(), 2, "{d}");
        assert_eq!(got[0].0, 13);
        assert!(got[0].1.contains("\"nowhere\", which is not a site"), "{d}");
        assert_eq!(got[1].0, 24);
        assert!(
            got[1]
                .1
                .contains("a second summary for site `main` (the first is on line 2)"),
            "{d}"
        );
        let d = load(&format!(
            "audit:\n{}{}",
            entry("main", "a", fp),
            entry("other", "a", fp)
        ))
        .unwrap_err();
        assert_eq!(d.0.len(), 1, "{d}");
        assert_eq!(d.0[0].pos.line, 14);
        assert!(d.0[0].message.contains("package `a`"), "{d}");
    }

    #[test]
    fn percent_rounds_exactly() {
        assert_eq!(format_percent(1116, 1116), "100.0");
        assert_eq!(format_percent(1067, 1116), "95.6");
        assert_eq!(format_percent(1, 3), "33.3");
        assert_eq!(format_percent(2, 3), "66.7");
        assert_eq!(format_percent(1, 8), "12.5");
        assert_eq!(format_percent(0, 5), "0.0");
        assert_eq!(format_percent(0, 0), "100.0");
        assert_eq!(format_percent(999, 1000), "99.9");
        assert_eq!(format_percent(9999, 10000), "100.0");
    }
}
