//! The one place identifiers are made: every Rust name in the output comes from here.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Rust keywords (all editions) that cannot be raw identifiers or are awkward as names.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "union",
];

/// A snake_case field, parameter or method name. Keywords get a trailing `_`
/// (`type` → `type_`), never a raw identifier, so the name reads the same everywhere.
pub fn snake(wire: &str) -> String {
    let cleaned: String = wire
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut s = cleaned.to_snake_case();
    if s.is_empty() {
        s.push_str("field");
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// A PascalCase type or variant name. `Self` and names that start with a digit are fixed.
pub fn pascal(wire: &str) -> String {
    let cleaned: String = wire
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut s = cleaned.to_upper_camel_case();
    if s.is_empty() {
        s.push_str("Value");
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// Makes `name` unique among `taken` by appending `2`, `3`, … (after `_` for snake_case
/// names) in document order, so a collision after case conversion still yields a stable,
/// predictable name.
pub fn unique(name: String, taken: &mut BTreeSet<String>) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    // PascalCase names and names that already end in `_` (`type_`) take the number as is:
    // `A2`, `type_2`. Others get a `_` first: `order_id_2`.
    let sep = if name.starts_with(|c: char| c.is_ascii_uppercase()) || name.ends_with('_') {
        ""
    } else {
        "_"
    };
    let mut n = 2;
    loop {
        let candidate = format!("{name}{sep}{n}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_keeps_meaning_and_avoids_keywords() {
        assert_eq!(snake("invoiceNo"), "invoice_no");
        assert_eq!(snake("resource_Type_code"), "resource_type_code");
        assert_eq!(snake("X-Language"), "x_language");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("2fa"), "_2fa");
    }

    #[test]
    fn pascal_names() {
        assert_eq!(pascal("CBC.0100"), "Cbc0100");
        assert_eq!(
            pascal("NO_SHARE_CREDIT_TO_SUB_PERMISSION"),
            "NoShareCreditToSubPermission"
        );
        assert_eq!(pascal("Self"), "Self_");
        assert_eq!(pascal("1"), "V1");
    }

    #[test]
    fn unique_appends_counters() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique("a".into(), &mut taken), "a");
        assert_eq!(unique("a".into(), &mut taken), "a_2");
        assert_eq!(unique("a".into(), &mut taken), "a_3");
        assert_eq!(unique("A".into(), &mut taken), "A");
        assert_eq!(unique("A".into(), &mut taken), "A2");
        assert_eq!(unique("type_".into(), &mut taken), "type_");
        assert_eq!(unique("type_".into(), &mut taken), "type_2");
    }
}
