//! Malformed specs must be reported, precisely and helpfully, and must never crash the
//! generator.
//!
//! The corpus is `tests/fixtures/bad-specs/`, one small file per mistake:
//!
//! - `group-*.yaml` is loaded as the only group file, next to the known-good `_service.yaml`;
//! - `service-*.yaml` is loaded as the service file, with no group files;
//! - `audit-*.yaml` is loaded as `spec/audit.yaml`, next to `_service.yaml` and no groups;
//! - `_service.yaml` and `_group.yaml` are the known-good baseline the cases start from.
//!
//! Each case starts with comment lines that say what it is about and what must be reported:
//!
//! ```yaml
//! # case: a field whose type is misspelled
//! # expect: 17: unknown type `strng`
//! ```
//!
//! `expect: L: text` means some diagnostic sits on line `L` of the case file and its message
//! or hint contains `text` (which may be empty: only the line is checked). A case whose
//! current diagnostics are known to be wrong or unhelpful also carries
//! `# known-issue: what is wrong`; its `expect` lines then describe the *desired* output, and
//! the test checks that it is still not met, so a fix is noticed (remove the `known-issue`
//! line and re-accept the snapshot). The rendered diagnostics of every case are a snapshot.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use bss_codegen::{Diagnostics, Source};

use crate::support::{assert_no_stale_snapshots, check_all, fixtures, shown, workspace_root};

/// Expected diagnostics: (line, text the message or hint contains).
type Expectations = &'static [(usize, &'static str)];

/// Cases that cannot hold their own header (an empty file): name, description, expectations.
const HEADERLESS: &[(&str, &str, Expectations)] = &[(
    "group-empty",
    "an empty group file (no bytes at all)",
    &[(1, "the file is empty")],
)];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Group,
    Service,
    Audit,
}

#[derive(Debug)]
struct Expect {
    line: usize,
    text: String,
}

#[derive(Debug)]
struct Case {
    name: String,
    source: Source,
    /// Set when the file's bytes are not text: the loader's diagnostic for that.
    undecodable: Option<bss_codegen::Diagnostic>,
    kind: Kind,
    description: String,
    expects: Vec<Expect>,
    known_issue: Option<String>,
}

fn corpus_dir() -> PathBuf {
    fixtures().join("bad-specs")
}

fn source(path: &Path) -> Source {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    Source {
        path: shown(path),
        text,
    }
}

/// A case file read the way `cargo xtask codegen` reads spec files (bytes, decoded by the
/// loader), so a case may hold bytes that are not UTF-8.
fn case_source(path: &Path) -> (Source, Option<bss_codegen::Diagnostic>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    match bss_codegen::load::source_from_bytes(shown(path), &bytes) {
        Ok(s) => (s, None),
        Err(d) => (
            Source {
                path: shown(path),
                text: String::from_utf8_lossy(&bytes).into_owned(),
            },
            Some(d),
        ),
    }
}

fn parse_header(name: &str, text: &str) -> (String, Vec<Expect>, Option<String>) {
    let mut description = String::new();
    let mut expects = Vec::new();
    let mut known_issue = None;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        let line = line.trim_start_matches('#').trim();
        if let Some(d) = line.strip_prefix("case:") {
            description = d.trim().to_string();
        } else if let Some(e) = line.strip_prefix("expect:") {
            let (num, text) = e.trim().split_once(':').unwrap_or((e.trim(), ""));
            let line: usize = num
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("{name}: `# expect:` needs `LINE: text`, got `{e}`"));
            expects.push(Expect {
                line,
                text: text.trim().to_string(),
            });
        } else if let Some(k) = line.strip_prefix("known-issue:") {
            known_issue = Some(k.trim().to_string());
        }
    }
    if let Some((_, d, e)) = HEADERLESS.iter().find(|(n, ..)| *n == name) {
        description = d.to_string();
        expects = e
            .iter()
            .map(|(line, text)| Expect {
                line: *line,
                text: text.to_string(),
            })
            .collect();
    }
    (description, expects, known_issue)
}

/// Every case of the corpus, sorted by name. A file that is neither a case nor part of the
/// baseline fails the test, so a misnamed case is never skipped silently.
fn cases() -> Vec<Case> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("read tests/fixtures/bad-specs")
        .map(|e| e.expect("list tests/fixtures/bad-specs").path())
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        if file == "_service.yaml" || file == "_group.yaml" {
            continue;
        }
        let name = file
            .strip_suffix(".yaml")
            .unwrap_or_else(|| panic!("{file}: cases are .yaml files"))
            .to_string();
        let kind = if name.starts_with("group-") {
            Kind::Group
        } else if name.starts_with("service-") {
            Kind::Service
        } else if name.starts_with("audit-") {
            Kind::Audit
        } else {
            panic!("{file}: a case is named group-*.yaml, service-*.yaml or audit-*.yaml");
        };
        let (source, undecodable) = case_source(&path);
        let (description, expects, known_issue) = parse_header(&name, &source.text);
        out.push(Case {
            name,
            source,
            undecodable,
            kind,
            description,
            expects,
            known_issue,
        });
    }
    out
}

fn baseline_service() -> Source {
    source(&corpus_dir().join("_service.yaml"))
}

/// Loads a case the way its name says; `Err` carries the panic message if the generator
/// panicked.
fn load(case: &Case) -> Result<Result<bss_codegen::ir::Api, Diagnostics>, String> {
    if let Some(d) = &case.undecodable {
        return Ok(Err(Diagnostics(vec![d.clone()])));
    }
    let service = baseline_service();
    catch_unwind(AssertUnwindSafe(|| match case.kind {
        Kind::Group => bss_codegen::load_sources(&service, std::slice::from_ref(&case.source)),
        Kind::Service => bss_codegen::load_sources(&case.source, &[]),
        Kind::Audit => bss_codegen::load_sources_with_audit(&service, &[], Some(&case.source)),
    }))
    .map_err(panic_message)
}

fn panic_message(e: Box<dyn std::any::Any + Send>) -> String {
    e.downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "(no message)".to_string())
}

fn meets(d: &Diagnostics, e: &Expect) -> bool {
    d.0.iter().any(|x| {
        let text = format!("{}\n{}", x.message, x.hint.as_deref().unwrap_or(""));
        x.pos.line == e.line && text.contains(&e.text)
    })
}

#[test]
fn corpus_is_large_and_every_case_says_what_it_expects() {
    let cases = cases();
    assert!(
        cases.len() >= 30,
        "only {} malformed specs in tests/fixtures/bad-specs",
        cases.len()
    );
    assert!(
        cases.iter().any(|c| c.kind == Kind::Service),
        "no service-*.yaml case"
    );
    assert!(
        cases.iter().any(|c| c.kind == Kind::Audit),
        "no audit-*.yaml case"
    );
    for c in &cases {
        assert!(
            !c.description.is_empty(),
            "{}: add a `# case: …` line",
            c.name
        );
        assert!(
            !c.expects.is_empty(),
            "{}: add at least one `# expect: LINE: text` line",
            c.name
        );
    }
}

#[test]
fn baseline_is_valid() {
    let service = baseline_service();
    let group = source(&corpus_dir().join("_group.yaml"));
    if let Err(d) = bss_codegen::load_sources(&service, &[group]) {
        panic!("the baseline group must be valid, so each case shows one mistake:\n{d}");
    }
    if let Err(d) = bss_codegen::load_sources(&service, &[]) {
        panic!("the baseline service must be valid on its own:\n{d}");
    }
}

/// A well-formed audit summary loads; one computed for another spec is flagged as stale in
/// OPERATIONS.md, one computed for this spec is not, and without one the page says so.
#[test]
fn audit_summary_is_rendered_and_staleness_is_shown() {
    let service = baseline_service();
    let summary = |fingerprint: &str| {
        Source {
        path: "spec/audit.yaml".into(),
        text: format!(
            "audit:\n  - site: main\n    package: huaweicloudsdkbssintl\n    version: \"3.1.219\"\n    module: v2\n    spec_fingerprint: \"{fingerprint}\"\n    operations: {{ official: 55, in_spec: 54, only_in_spec: 2, without_differences: 50 }}\n    routes: {{ agree: 54, of: 54 }}\n    parameters: {{ agree: 110, of: 111 }}\n    items: {{ agree: 1067, agree_key_type: 1084, of: 1116 }}\n    agreement_percent: \"95.6\"\n    spec_items_not_upstream: 3\n"
        ),
    }
    };
    let page = |api: &bss_codegen::ir::Api| {
        bss_codegen::emit::emit(api)
            .remove(Path::new("bss-sdk/OPERATIONS.md"))
            .expect("OPERATIONS.md is generated")
    };
    let plain = bss_codegen::load_sources(&service, &[]).unwrap_or_else(|d| panic!("{d}"));
    assert!(page(&plain).contains("no audit summary (`spec/audit.yaml`) is checked in"));
    let current = bss_codegen::validate::audit_fingerprint(&plain);

    let api = bss_codegen::load_sources_with_audit(&service, &[], Some(&summary(&current)))
        .unwrap_or_else(|d| panic!("{d}"));
    let [audit] = api.audit.as_slice() else {
        panic!("one summary is loaded: {:?}", api.audit);
    };
    assert!(!audit.stale);
    assert_eq!(audit.site, "main");
    let text = page(&api);
    assert!(
        text.contains("1067/1116 official items")
            && text.contains("**95.6 %**")
            && text.contains("Main site (`main`)"),
        "{text}"
    );
    assert!(!text.contains("has changed since this audit"), "{text}");

    let api = bss_codegen::load_sources_with_audit(
        &service,
        &[],
        Some(&summary("fnv1a64:0000000000000000")),
    )
    .unwrap_or_else(|d| panic!("{d}"));
    assert!(api.audit[0].stale);
    let text = page(&api);
    assert!(
        text.contains("**The spec has changed since this audit**")
            && text.contains(&format!("spec now `{current}`")),
        "{text}"
    );
}

#[test]
fn every_malformed_spec_is_reported_where_it_is_wrong() {
    let cases = cases();
    let names: BTreeSet<String> = cases.iter().map(|c| c.name.clone()).collect();
    check_all(cases.into_iter().map(|c| (c.name.clone(), c)), check_case);
    assert_no_stale_snapshots("spec_errors", &names);
}

fn check_case(name: &str, case: Case) {
    let result = match load(&case) {
        Ok(r) => r,
        Err(msg) => {
            panic!("{name}: the generator PANICKED instead of reporting a diagnostic: {msg}")
        }
    };
    let rendered = match &result {
        Ok(_) if case.known_issue.is_none() => panic!("{name}: the malformed spec was accepted"),
        Ok(_) => "(no diagnostics)".to_string(),
        Err(d) => d.to_string(),
    };

    if let Err(d) = &result {
        assert!(!d.is_empty(), "{name}: Err without diagnostics");
        let line_count = case.source.text.lines().count().max(1);
        for x in &d.0 {
            assert!(
                x.pos.line >= 1 && x.pos.column >= 1,
                "{name}: position must be 1-based: {x}"
            );
            assert_eq!(
                x.file, case.source.path,
                "{name}: the diagnostic must point into the case file: {x}"
            );
            // The end of input (the line after the last, column 1) is a fair place for "the
            // file ended too early"; anything further is not in the file.
            let at_end = x.pos.line == line_count + 1 && x.pos.column == 1;
            if case.known_issue.is_none() {
                assert!(
                    x.pos.line <= line_count || at_end,
                    "{name}: line {} is past the end of the file: {x}",
                    x.pos.line
                );
            }
        }
    }

    let unmet: Vec<&Expect> = case
        .expects
        .iter()
        .filter(|e| !matches!(&result, Err(d) if meets(d, e)))
        .collect();
    match &case.known_issue {
        None => assert!(
            unmet.is_empty(),
            "{name}: expected diagnostics not found:\n{}\n--- got:\n{rendered}",
            unmet.iter().map(|e| format!("  line {}: {}", e.line, e.text)).collect::<Vec<_>>().join("\n")
        ),
        Some(issue) => assert!(
            !unmet.is_empty(),
            "{name}: the known issue seems fixed ({issue}); remove its `# known-issue` line and accept the new snapshot"
        ),
    }

    let mut description = format!("{}: {}", case.source.path.display(), case.description);
    if let Some(issue) = &case.known_issue {
        description.push_str(&format!("\nKNOWN ISSUE: {issue}"));
    }
    insta::with_settings!({ omit_expression => true, description => description }, {
        insta::assert_snapshot!(name, rendered);
    });
}

/// Damaged copies of valid files (a line deleted, the file cut after a line or in the middle
/// of one) must only ever produce diagnostics or a valid spec, never a panic.
#[test]
fn damaged_files_never_panic() {
    let service = baseline_service();
    let real_service = source(&workspace_root().join("spec").join("service.yaml"));
    let group = source(&corpus_dir().join("_group.yaml"));
    let real_group = source(
        &workspace_root()
            .join("spec")
            .join("groups")
            .join("orders-customer.yaml"),
    );

    let mut panics = Vec::new();
    let mut runs = 0;
    for (original, is_service) in [
        (&group, false),
        (&real_group, false),
        (&service, true),
        (&real_service, true),
    ] {
        let lines: Vec<&str> = original.text.lines().collect();
        for i in 0..lines.len() {
            let deleted = lines
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, l)| *l)
                .collect::<Vec<_>>();
            let cut_half = {
                let mut l: Vec<String> = lines[..i].iter().map(|s| s.to_string()).collect();
                l.push(
                    lines[i]
                        .chars()
                        .take(lines[i].chars().count() / 2)
                        .collect(),
                );
                l
            };
            let variants = [
                (format!("line {} deleted", i + 1), deleted.join("\n")),
                (format!("cut after line {}", i + 1), lines[..=i].join("\n")),
                (
                    format!("cut in the middle of line {}", i + 1),
                    cut_half.join("\n"),
                ),
            ];
            for (what, text) in variants {
                runs += 1;
                let damaged = Source {
                    path: original.path.clone(),
                    text,
                };
                let outcome = catch_unwind(AssertUnwindSafe(|| {
                    let result = if is_service {
                        bss_codegen::load_sources(&damaged, &[])
                    } else {
                        bss_codegen::load_sources(&service, std::slice::from_ref(&damaged))
                    };
                    match result {
                        Ok(api) => {
                            bss_codegen::emit::emit(&api);
                        }
                        Err(d) => {
                            for x in &d.0 {
                                assert!(
                                    x.pos.line >= 1 && x.pos.column >= 1,
                                    "position must be 1-based: {x}"
                                );
                            }
                        }
                    }
                }));
                if let Err(e) = outcome {
                    panics.push(format!(
                        "{} ({what}): {}",
                        original.path.display(),
                        panic_message(e)
                    ));
                }
            }
        }
    }
    assert!(runs > 300);
    assert!(
        panics.is_empty(),
        "the generator panicked on damaged input:\n{}",
        panics.join("\n")
    );
}

/// Inputs too large to check in are generated here. Each must be refused (or accepted)
/// with a diagnostic at an exact place, and fast: the bound catches any return to
/// quadratic work (before these fixes, several of them took 8 to more than 20 seconds).
mod generated {
    use std::time::{Duration, Instant};

    use bss_codegen::load::limits;
    use bss_codegen::{Diagnostics, Source};

    use super::baseline_service;

    const BOUND: Duration = Duration::from_secs(3);
    const HEAD: &str = "group: Test Group\ncaller: customer\n";

    fn group(text: String) -> Source {
        Source {
            path: "spec/groups/generated.yaml".into(),
            text,
        }
    }

    /// Loads `groups` next to the baseline service, asserting the time bound.
    fn load(what: &str, groups: &[Source]) -> Result<bss_codegen::ir::Api, Diagnostics> {
        let service = baseline_service();
        let start = Instant::now();
        let result = bss_codegen::load_sources(&service, groups);
        let took = start.elapsed();
        assert!(took < BOUND, "{what}: took {took:?}, bound {BOUND:?}");
        result
    }

    /// Asserts exactly one diagnostic, at `file:line:column`, whose message contains `text`.
    fn refused(what: &str, groups: &[Source], at: (&str, usize, usize), text: &str) {
        let d = match load(what, groups) {
            Ok(_) => panic!("{what}: accepted"),
            Err(d) => d,
        };
        assert_eq!(d.0.len(), 1, "{what}: {d}");
        let x = &d.0[0];
        assert_eq!(
            (x.file.to_string_lossy().as_ref(), x.pos.line, x.pos.column),
            at,
            "{what}: {x}"
        );
        assert!(x.message.contains(text), "{what}: {x}");
    }

    #[test]
    fn deep_flow_nesting() {
        for n in [20_000, 100_000] {
            let text = format!("{HEAD}x: {}{}\n", "[".repeat(n), "]".repeat(n));
            // Column of the bracket one past the bound: `x: ` is 3 columns.
            let col = 3 + limits::MAX_YAML_DEPTH + 1;
            refused(
                &format!("{n} nested ["),
                &[group(text)],
                ("spec/groups/generated.yaml", 3, col),
                "nested more than",
            );
            let text = format!("{HEAD}x: {}\n", "{a: ".repeat(n));
            refused(
                &format!("{n} nested {{"),
                &[group(text)],
                (
                    "spec/groups/generated.yaml",
                    3,
                    3 + 4 * limits::MAX_YAML_DEPTH + 1,
                ),
                "nested more than",
            );
        }
    }

    #[test]
    fn deep_block_nesting() {
        // As deep as the file size allows: 1,000 levels, indented by one more space each.
        let mut text = format!("{HEAD}x:\n");
        for i in 1..=1_000 {
            text.push_str(&" ".repeat(i));
            text.push_str("a:\n");
        }
        // Level 1 is the document, level 2 the mapping under `x`, on line 4, indented by 1.
        let line = 4 + limits::MAX_YAML_DEPTH - 1;
        refused(
            "1,000 nested mappings",
            &[group(text)],
            ("spec/groups/generated.yaml", line, line - 3 + 1),
            "nested more than",
        );
        let text = format!("{HEAD}x:\n  {}1\n", "- ".repeat(100_000));
        refused(
            "100,000 nested block lists",
            &[group(text)],
            (
                "spec/groups/generated.yaml",
                4,
                3 + 2 * (limits::MAX_YAML_DEPTH - 1),
            ),
            "nested more than",
        );
    }

    #[test]
    fn deep_type_expressions() {
        for (what, ty) in [
            (
                "list",
                format!("{}string{}", "list<".repeat(300), ">".repeat(300)),
            ),
            (
                "map",
                format!("{}string{}", "map<".repeat(5), ">".repeat(5)),
            ),
        ] {
            let text = format!(
                "{HEAD}models:\n  - name: A\n    fields:\n      - {{ name: a, type: \"{ty}\" }}\n"
            );
            refused(
                what,
                &[group(text)],
                ("spec/groups/generated.yaml", 6, 26),
                "type `",
            );
        }
    }

    #[test]
    fn long_model_chain_is_linear() {
        // A chain longer than the model bound is refused at once.
        let chain = |n: usize| {
            let mut text = format!("{HEAD}models:\n");
            for i in 0..n {
                text.push_str(&format!(
                    "  - name: M{i}\n    fields:\n      - {{ name: next, type: M{} }}\n",
                    i + 1
                ));
            }
            text.push_str(&format!(
                "  - name: M{n}\n    fields:\n      - {{ name: x, type: string }}\n"
            ));
            text
        };
        // Over two files (one list holds at most 2,000 entries): the 2,001st model, the
        // 901st of the second file, is refused.
        let second = |from: usize, to: usize| {
            let mut text = format!("{HEAD}models:\n");
            for i in from..to {
                text.push_str(&format!(
                    "  - name: M{i}\n    fields:\n      - {{ name: next, type: M{} }}\n",
                    i + 1
                ));
            }
            text.push_str(&format!(
                "  - name: M{to}\n    fields:\n      - {{ name: x, type: string }}\n"
            ));
            text
        };
        let first = chain(1_099);
        refused(
            "chain of 2,200 models",
            &[
                Source {
                    path: "spec/groups/a.yaml".into(),
                    text: first,
                },
                Source {
                    path: "spec/groups/b.yaml".into(),
                    text: second(1_100, 2_199),
                },
            ],
            ("spec/groups/b.yaml", 4 + 3 * 900, 5),
            "more than 2000 models",
        );
        // The longest chain the bound allows is valid, and checked for cycles in one walk
        // (the check that restarted from every model took seconds at this length).
        let n = limits::MAX_TYPES - 1;
        let text = chain(n);
        let api = load("chain of 2,000 models", &[group(text.clone())]).expect("a chain is valid");
        assert_eq!(api.models.len(), n + 1);
        // Closing the chain into a ring makes every model contain itself.
        let ring = text.replace(&format!("type: M{n} }}"), "type: M0 }");
        let d = load("ring of 2,000 models", &[group(ring)]).unwrap_err();
        assert_eq!(d.0.len(), n, "one diagnostic per model on the ring");
        let m0 =
            d.0.iter()
                .find(|x| x.message.starts_with("model `M0`"))
                .expect("M0 reported");
        assert_eq!((m0.pos.line, m0.pos.column), (4, 11));
        assert!(
            m0.message
                .contains("M0 → M1 → M2 → M3 → … → M1996 → M1997 → M1998 → M0 (1999 models)"),
            "{m0}"
        );
    }

    #[test]
    fn huge_values_and_files() {
        // A 50 MB description: refused by size, at the byte where the bound is crossed.
        let text = format!(
            "{HEAD}models:\n  - name: A\n    doc: {}\n",
            "x".repeat(50_000_000)
        );
        let col = limits::MAX_FILE_BYTES - (HEAD.len() + "models:\n  - name: A\n".len()) + 1;
        refused(
            "50 MB description",
            &[group(text)],
            ("spec/groups/generated.yaml", 5, col),
            "more than the 1048576",
        );
        // A description within the file bound but beyond the value bound.
        let text = format!(
            "{HEAD}models:\n  - name: A\n    doc: {}\n    fields: []\n",
            "x".repeat(limits::MAX_SCALAR_BYTES + 1)
        );
        refused(
            "long description",
            &[group(text)],
            ("spec/groups/generated.yaml", 5, 10),
            "more than the 16384",
        );
        // Many files that are each fine but together too large.
        let each = format!("{HEAD}# {}\n", "x".repeat(limits::MAX_FILE_BYTES - 100));
        let files: Vec<Source> = (0..6)
            .map(|i| Source {
                path: format!("spec/groups/g{i}.yaml").into(),
                text: each.clone(),
            })
            .collect();
        let d = load("6 MB in 6 files", &files).unwrap_err();
        assert_eq!(d.0.len(), 1, "{d}");
        assert_eq!(d.0[0].file.to_string_lossy(), "spec/groups/g3.yaml", "{d}");
        assert!(d.0[0].message.contains("more than the 4194304"), "{d}");
    }

    #[test]
    fn many_operations_entries_and_files() {
        let op = |i: usize| {
            format!("  - {{ id: Op{i}, summary: S., method: GET, path: /v1/x{i}, retry: read_only, response: {{ status: 200 }} }}\n")
        };
        // 5,000 operations in one list: the list bound, at the first entry beyond it.
        let text = format!(
            "{HEAD}operations:\n{}",
            (0..5_000).map(op).collect::<String>()
        );
        refused(
            "5,000 operations",
            &[group(text)],
            (
                "spec/groups/generated.yaml",
                4 + limits::MAX_COLLECTION_ITEMS,
                5,
            ),
            "more than 2000 entries",
        );
        // 600 operations over 3 files: the spec-wide bound, at operation 501.
        let files: Vec<Source> = (0..3)
            .map(|f| Source {
                path: format!("spec/groups/g{f}.yaml").into(),
                text: format!(
                    "{HEAD}operations:\n{}",
                    (f * 200..f * 200 + 200).map(op).collect::<String>()
                ),
            })
            .collect();
        refused(
            "600 operations",
            &files,
            ("spec/groups/g2.yaml", 4 + limits::MAX_OPERATIONS - 400, 5),
            "more than 500 operations",
        );
        // More group files than the bound.
        let files: Vec<Source> = (0..=limits::MAX_GROUP_FILES)
            .map(|f| Source {
                path: format!("spec/groups/g{f:03}.yaml").into(),
                text: HEAD.to_string(),
            })
            .collect();
        refused(
            "201 files",
            &files,
            ("spec/groups/g200.yaml", 1, 1),
            "group files, more than",
        );
    }

    /// A spec of `n` group files.
    fn files(n: usize, file: impl Fn(usize) -> String) -> Vec<Source> {
        (0..n)
            .map(|f| Source {
                path: format!("spec/groups/g{f}.yaml").into(),
                text: file(f),
            })
            .collect()
    }

    fn flow_list(items: impl Iterator<Item = String>) -> String {
        format!("[ {} ]", items.collect::<Vec<_>>().join(", "))
    }

    #[test]
    fn spec_wide_counts() {
        // 8 parameters per operation: the 1,501st is the fifth of operation 187, the 88th
        // of file g1; reported at its operation's parameter list.
        let op = |i: usize| {
            let params =
                flow_list((0..8).map(|k| format!("{{ name: p{k}, in: query, type: string }}")));
            format!("  - {{ id: Op{i}, summary: S., method: GET, path: /v1/x{i}, retry: read_only, response: {{ status: 200 }}, params: {params} }}\n")
        };
        let many = files(2, |f| {
            format!(
                "{HEAD}operations:\n{}",
                (f * 100..f * 100 + 100).map(op).collect::<String>()
            )
        });
        let col = op(187).find('[').unwrap() + 1;
        refused(
            "200 operations with 8 parameters",
            &many,
            ("spec/groups/g1.yaml", 4 + 87, col),
            "more than 1500 parameters",
        );
        // 2,100 models: the 2,001st.
        let model =
            |i: usize| format!("  - {{ name: M{i}, fields: [ {{ name: a, type: string }} ] }}\n");
        let many = files(2, |f| {
            format!(
                "{HEAD}models:\n{}",
                (f * 1_050..f * 1_050 + 1_050)
                    .map(model)
                    .collect::<String>()
            )
        });
        refused(
            "2,100 models",
            &many,
            ("spec/groups/g1.yaml", 4 + 950, 5),
            "more than 2000 models and enums",
        );
        // 18,000 fields in 1,800 models of 10: the model holding the 16,001st.
        let model = |i: usize| {
            format!(
                "  - {{ name: M{i}, fields: {} }}\n",
                flow_list((0..10).map(|k| format!("{{ name: f{k}, type: string }}")))
            )
        };
        let many = files(2, |f| {
            format!(
                "{HEAD}models:\n{}",
                (f * 900..f * 900 + 900).map(model).collect::<String>()
            )
        });
        refused(
            "18,000 fields",
            &many,
            ("spec/groups/g1.yaml", 4 + 700, 5),
            "more than 16000 fields",
        );
        // 100 request bodies of 30 fields: the 84th model crosses 2,500 request fields.
        let many = files(1, |_| {
            let mut s = format!("{HEAD}operations:\n");
            for i in 0..100 {
                s.push_str(&format!("  - {{ id: Op{i}, summary: S., method: POST, path: /v1/x{i}, retry: unsafe, body: B{i}, response: {{ status: 200 }} }}\n"));
            }
            s.push_str("models:\n");
            for i in 0..100 {
                s.push_str(&format!(
                    "  - {{ name: B{i}, fields: {} }}\n",
                    flow_list((0..30).map(|k| format!("{{ name: f{k}, type: string }}")))
                ));
            }
            s
        });
        refused(
            "3,000 request fields",
            &many,
            ("spec/groups/g0.yaml", 4 + 100 + 1 + 83, 13),
            "more than 2500 fields together",
        );
    }

    /// The largest spec the bounds let through, in the costliest shape for the emitter, is
    /// accepted and generated within a few seconds: the bounds hold together.
    #[test]
    fn the_largest_accepted_spec_generates_quickly() {
        let spec = files(4, |f| {
            let mut ops = format!("{HEAD}operations:\n");
            let mut models = String::from("models:\n");
            let params = "[ { name: a, in: query, type: string }, { name: b, in: query, type: int32, required: true } ]";
            for i in f * 125..f * 125 + 125 {
                if i % 125 < 19 {
                    ops.push_str(&format!("  - {{ id: Op{i}, summary: S., method: POST, path: /v1/x{i}, retry: unsafe, body: B{i}, response: {{ status: 200, body: R{i} }}, params: {params} }}\n"));
                    let fields = flow_list((0..32).map(|k| {
                        format!(
                            "{{ name: f{k}, type: string, required: {}, max_length: 5 }}",
                            k < 16
                        )
                    }));
                    models.push_str(&format!("  - {{ name: B{i}, fields: {fields} }}\n"));
                } else {
                    ops.push_str(&format!("  - {{ id: Op{i}, summary: S., method: GET, path: /v1/x{i}, retry: read_only, response: {{ status: 200, body: R{i} }}, params: {params} }}\n"));
                }
                let fields = flow_list((0..10).map(|k| {
                    format!(
                        "{{ name: f{k}, type: \"list<T{}>\", doc: A field. }}",
                        (i * 3 + k) % 800
                    )
                }));
                models.push_str(&format!("  - {{ name: R{i}, fields: {fields} }}\n"));
            }
            for i in f * 350..f * 350 + 350 {
                models.push_str(&format!("  - {{ name: T{i}, fields: [ {{ name: a, type: string }}, {{ name: b, type: int64 }}, {{ name: c, type: boolean }}, {{ name: d, type: string }} ] }}\n"));
            }
            ops + &models
        });
        // Measured against the real spec under the same conditions, so a busy machine does
        // not make the test flaky: the real spec generates in about a quarter of the time.
        let start = Instant::now();
        bss_codegen::generate_dir(&crate::support::workspace_root().join("spec"))
            .expect("the real spec generates");
        let real = start.elapsed();
        let start = Instant::now();
        let api = load("largest accepted spec", &spec).unwrap_or_else(|d| panic!("refused: {d}"));
        assert_eq!(api.operations.len(), limits::MAX_OPERATIONS);
        let out = bss_codegen::emit::emit(&api);
        let took = start.elapsed();
        assert!(out.len() > limits::MAX_OPERATIONS);
        assert!(
            took < real * 8,
            "generating took {took:?}, the real spec {real:?}"
        );
    }

    #[test]
    fn aliases_cannot_expand() {
        // The "billion laughs": each line doubles the one before.
        let mut text = format!("{HEAD}a0: &a0 [x, x]\n");
        for i in 1..40 {
            text.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}]\n", p = i - 1));
        }
        refused(
            "alias bomb",
            &[group(text)],
            ("spec/groups/generated.yaml", 3, 5),
            "anchors",
        );
    }

    #[test]
    fn long_group_file_name() {
        let stem = "orders-".repeat(20);
        let file = Source {
            path: format!("spec/groups/{stem}.yaml").into(),
            text: HEAD.to_string(),
        };
        refused(
            "long file name",
            &[file],
            (&format!("spec/groups/{stem}.yaml"), 1, 1),
            "the file name has 140 bytes",
        );
    }

    #[test]
    fn byte_order_mark_is_accepted() {
        let service = baseline_service();
        let mut group = super::source(&super::corpus_dir().join("_group.yaml"));
        group.text.insert(0, '\u{feff}');
        bss_codegen::load_sources(&service, &[group]).expect("a leading BOM is accepted");
    }

    #[test]
    fn yml_and_unreadable_files_in_the_spec_folder() {
        let dir = crate::support::scratch_dir("spec-folder-yml");
        let spec = dir.join("spec");
        std::fs::create_dir_all(spec.join("groups")).unwrap();
        std::fs::copy(
            super::corpus_dir().join("_service.yaml"),
            spec.join("service.yaml"),
        )
        .unwrap();
        std::fs::write(spec.join("groups/a.yml"), HEAD).unwrap();
        std::fs::write(spec.join("groups/notes.txt"), "not a spec file").unwrap();
        let mut bad = HEAD.as_bytes().to_vec();
        bad.extend_from_slice(b"operations: [\xff]\n");
        std::fs::write(spec.join("groups/b.yaml"), bad).unwrap();
        let d = bss_codegen::load_dir(&spec).unwrap_err();
        let shown: Vec<String> =
            d.0.iter()
                .map(|x| format!("{}:{}:{}", x.file.display(), x.pos.line, x.pos.column))
                .collect();
        assert_eq!(shown, ["spec/groups/a.yml:1:1"], "{d}");
        assert!(d.0[0].message.contains("must end in `.yaml`"), "{d}");
        std::fs::remove_file(spec.join("groups/a.yml")).unwrap();
        let d = bss_codegen::load_dir(&spec).unwrap_err();
        assert_eq!(d.0.len(), 1, "{d}");
        assert_eq!((d.0[0].pos.line, d.0[0].pos.column), (3, 14), "{d}");
        assert!(d.0[0].message.contains("not valid UTF-8"), "{d}");
    }
}
