//! `spec/audit.yaml`: the summary of the last upstream audit (`cargo xtask audit
//! --write-summary`), checked so that what `OPERATIONS.md` shows is consistent in itself,
//! and compared with the spec's fingerprint so that a summary older than the spec says so.
//!
//! The fingerprint covers exactly what the audit compares (see `xtask/src/audit`): every
//! operation's id, method, path, parameters (location, wire name, type, required flag),
//! request and response model and whether errors come at the top level of the body, and
//! every model's fields (JSON key, type, required flag), with enums reduced to their wire
//! kind. Descriptions, limits, errors and examples do not change it.

use std::fmt::Write as _;

use crate::diagnostic::Diagnostics;
use crate::ir::{Api, AuditSummary, Embedded, EnumRepr, ParamIn, TypeRef};
use crate::load::{limits, raw, Loaded};

const FINGERPRINT_PREFIX: &str = "fnv1a64:";

/// Checks the audit summary and lowers it; `api` is the validated spec it describes.
pub fn audit(file: &Loaded<raw::Audit>, api: &Api) -> Result<AuditSummary, Diagnostics> {
    let mut d = Diagnostics::default();
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
    if !d.is_empty() {
        return Err(d.sorted());
    }
    Ok(AuditSummary {
        package: a.package.clone(),
        version: a.version.clone(),
        module: a.module.clone(),
        fingerprint: a.spec_fingerprint.clone(),
        stale: a.spec_fingerprint != audit_fingerprint(api),
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
    use super::format_percent;

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
