//! Forgetting a required parameter or body field is a compile error that names it.
//!
//! `cases/*.rs` must fail to compile; each starts with
//!
//! ```text
//! // group: orders-customer.yaml          the spec group file the operation comes from
//! // missing: MissingOrderId              marker types the error must name
//! ```
//!
//! and its `.stderr` is the expected compiler output. `pass/*.rs` sets everything required
//! and must compile.
//!
//! `sites/*.rs` must fail to compile too: they prove the site typing (an operation or input
//! of one site is not there on the other site's client or builder, an input required on one
//! site only is required there, a `Config` of one site cannot build a `Client` of the other).
//! Each starts with
//!
//! ```text
//! // expect: E0599 `list_cities`              strings the expected error must contain
//! ```
//!
//! To refresh the `.stderr` files after an intended change:
//! `TRYBUILD=overwrite cargo test -p bss-sdk-tests --test compile_fail`, then review them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use bss_sdk_tests::workspace_root;

fn here() -> PathBuf {
    workspace_root().join("tests").join("compile_fail")
}

#[test]
fn missing_required_inputs_do_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("compile_fail/cases/*.rs");
    t.pass("compile_fail/pass/*.rs");
}

struct Case {
    file: String,
    group: String,
    missing: Vec<String>,
    stderr: Option<String>,
}

fn cases() -> Vec<Case> {
    let dir = here().join("cases");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read compile_fail/cases")
        .map(|e| e.expect("list compile_fail/cases").path())
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in &paths {
        match path.extension().and_then(|e| e.to_str()) {
            Some("rs") => {}
            Some("stderr") => {
                assert!(
                    path.with_extension("rs").exists(),
                    "{} has no case file; delete it",
                    path.display()
                );
                continue;
            }
            _ => panic!("unexpected file {}", path.display()),
        }
        let text = std::fs::read_to_string(path).expect("read case");
        let header = |key: &str| {
            text.lines()
                .find_map(|l| {
                    l.strip_prefix(&format!("// {key}:"))
                        .map(|v| v.trim().to_string())
                })
                .unwrap_or_else(|| panic!("{}: add a `// {key}: …` line", path.display()))
        };
        out.push(Case {
            file: path.file_name().unwrap().to_string_lossy().into_owned(),
            group: header("group"),
            missing: header("missing")
                .split_whitespace()
                .map(str::to_string)
                .collect(),
            stderr: std::fs::read_to_string(path.with_extension("stderr")).ok(),
        });
    }
    out
}

/// Every expected error names the missing field's marker type, e.g.
/// "no method named `send` found for struct `CancelCustomerOrderRequest<MissingOrderId>`".
#[test]
fn every_expected_error_names_the_missing_markers() {
    let cases = cases();
    assert!(!cases.is_empty());
    for c in &cases {
        let stderr = c.stderr.as_deref().unwrap_or_else(|| {
            panic!(
                "{} has no .stderr; run `TRYBUILD=overwrite cargo test -p bss-sdk-tests --test compile_fail` and review it",
                c.file
            )
        });
        assert!(
            !c.missing.is_empty(),
            "{}: list the markers after `// missing:`",
            c.file
        );
        for marker in &c.missing {
            assert!(
                stderr.contains(marker.as_str()),
                "{}: the expected error does not name `{marker}`:\n{stderr}",
                c.file
            );
        }
        assert!(
            stderr.contains("error[E0599]"),
            "{}: expected a missing-method error (E0599):\n{stderr}",
            c.file
        );
    }
}

/// Group files (from `spec/groups/`) with at least one operation that has a required
/// parameter or required body field.
fn groups_with_required_inputs() -> BTreeSet<String> {
    let spec = workspace_root().join("spec");
    let (service, groups) = bss_codegen::load::read_dir(&spec).unwrap_or_else(|d| panic!("{d}"));
    let raw = bss_codegen::load::parse(&service, &groups).unwrap_or_else(|d| panic!("{d}"));
    let models: BTreeMap<&str, &bss_codegen::load::raw::Model> = raw
        .groups
        .iter()
        .flat_map(|g| g.value.models.iter().map(|m| (m.name.as_str(), m)))
        .collect();
    let mut out = BTreeSet::new();
    for g in &raw.groups {
        let required = g.value.operations.iter().any(|op| {
            op.params.iter().any(|p| p.required && p.source.is_none())
                || op
                    .body
                    .as_deref()
                    .and_then(|b| models.get(b))
                    .is_some_and(|m| m.fields.iter().any(|f| f.required))
        });
        if required {
            out.insert(
                Path::new(&g.path)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    out
}

#[test]
fn every_group_with_required_inputs_has_a_case() {
    let covered: BTreeSet<String> = cases().into_iter().map(|c| c.group).collect();
    let needed = groups_with_required_inputs();
    assert!(
        needed.len() >= 10,
        "suspiciously few groups with required inputs: {needed:?}"
    );
    let missing: Vec<&String> = needed.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "add a compile_fail case for an operation of: {missing:?}"
    );
    let unknown: Vec<&String> = covered.difference(&needed).collect();
    assert!(
        unknown.is_empty(),
        "cases name group files without required inputs (or that do not exist): {unknown:?}"
    );
}

#[test]
fn site_typing_does_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("compile_fail/sites/*.rs");
}

/// Every `sites/` case has a `.stderr` containing each string of its `// expect:` line, so
/// a case cannot pass by failing for an unrelated reason (a typo, a missing import).
#[test]
fn every_site_case_names_its_expected_error() {
    let dir = here().join("sites");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read compile_fail/sites")
        .map(|e| e.expect("list compile_fail/sites").path())
        .collect();
    paths.sort();
    let mut count = 0;
    for path in &paths {
        match path.extension().and_then(|e| e.to_str()) {
            Some("rs") => {}
            Some("stderr") => {
                assert!(
                    path.with_extension("rs").exists(),
                    "{} has no case file; delete it",
                    path.display()
                );
                continue;
            }
            _ => panic!("unexpected file {}", path.display()),
        }
        count += 1;
        let text = std::fs::read_to_string(path).expect("read case");
        let expect: Vec<&str> = text
            .lines()
            .find_map(|l| l.strip_prefix("// expect:"))
            .unwrap_or_else(|| panic!("{}: add a `// expect: …` line", path.display()))
            .split_whitespace()
            .collect();
        assert!(
            expect.first().is_some_and(|code| code.starts_with('E')),
            "{}: the `// expect:` line starts with the error code (E0599, E0308, …)",
            path.display()
        );
        let stderr = std::fs::read_to_string(path.with_extension("stderr")).unwrap_or_else(|_| {
            panic!(
                "{} has no .stderr; run `TRYBUILD=overwrite cargo test -p bss-sdk-tests --test compile_fail` and review it",
                path.display()
            )
        });
        let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error")).collect();
        let code = format!("error[{}]", expect[0]);
        assert!(
            !errors.is_empty() && errors.iter().all(|l| l.starts_with(&code)),
            "{}: expected only {code} errors:\n{stderr}",
            path.display()
        );
        for s in &expect[1..] {
            assert!(
                stderr.contains(s),
                "{}: the expected error does not contain `{s}`:\n{stderr}",
                path.display()
            );
        }
    }
    assert!(
        count >= 6,
        "suspiciously few site cases in {}",
        dir.display()
    );
}
