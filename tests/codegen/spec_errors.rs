//! Malformed specs must be reported, precisely and helpfully, and must never crash the
//! generator.
//!
//! The corpus is `tests/fixtures/bad-specs/`, one small file per mistake:
//!
//! - `group-*.yaml` is loaded as the only group file, next to the known-good `_service.yaml`;
//! - `service-*.yaml` is loaded as the service file, with no group files;
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
        } else {
            panic!("{file}: a case is named group-*.yaml or service-*.yaml");
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
