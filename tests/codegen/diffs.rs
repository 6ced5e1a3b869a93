//! Small spec changes make small diffs (issue #9's review targets), measured on the real
//! spec: the generated output before and after one edit, file by file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use bss_codegen::Source;

use crate::support::workspace_root;

fn generate(service: &Source, groups: &[Source]) -> BTreeMap<PathBuf, String> {
    let api = bss_codegen::load_sources(service, groups).unwrap_or_else(|d| panic!("{d}"));
    bss_codegen::emit::emit(&api)
}

/// Per changed file: lines removed plus lines added (a changed line counts twice).
fn changed(
    a: &BTreeMap<PathBuf, String>,
    b: &BTreeMap<PathBuf, String>,
) -> BTreeMap<PathBuf, usize> {
    let mut out = BTreeMap::new();
    for path in a.keys().chain(b.keys()) {
        let (x, y) = (
            a.get(path).map_or("", String::as_str),
            b.get(path).map_or("", String::as_str),
        );
        if x == y {
            continue;
        }
        let mut count: BTreeMap<&str, i64> = BTreeMap::new();
        for l in x.lines() {
            *count.entry(l).or_default() += 1;
        }
        for l in y.lines() {
            *count.entry(l).or_default() -= 1;
        }
        out.insert(
            path.clone(),
            count.values().map(|c| c.unsigned_abs() as usize).sum(),
        );
    }
    out
}

fn spec() -> (Source, Vec<Source>) {
    bss_codegen::load::read_dir(&workspace_root().join("spec")).unwrap_or_else(|d| panic!("{d}"))
}

#[test]
fn one_more_common_error_code_changes_at_most_three_files() {
    let (service, groups) = spec();
    let before = generate(&service, &groups);
    let mut more = service.clone();
    more.text = more.text.replacen(
        "  common_errors:\n",
        "  common_errors:\n    - { status: 503, code: CBC.0503, meaning: The service is unavailable. }\n",
        1,
    );
    assert_ne!(more.text, service.text);
    let diff = changed(&before, &generate(&more, &groups));
    eprintln!("one more common error code: {diff:?}");
    assert!(diff.len() <= 3, "{diff:?}");
}

#[test]
fn one_more_optional_response_field_changes_at_most_twenty_lines_in_two_files() {
    let (service, mut groups) = spec();
    let before = generate(&service, &groups);
    let anchor = "  - name: ListServiceTypesResponse\n";
    let file = groups
        .iter_mut()
        .find(|g| g.text.contains(anchor))
        .expect("the model is in the spec");
    let at = file.text.find(anchor).unwrap();
    let fields = at + file.text[at..].find("    fields:\n").unwrap() + "    fields:\n".len();
    file.text.insert_str(
        fields,
        "      - { name: added_note, type: string, doc: A field added by this test. }\n",
    );
    let diff = changed(&before, &generate(&service, &groups));
    eprintln!("one more optional response field: {diff:?}");
    // The model's file (struct field, docs, `record!`) and the fake's wire schema row.
    assert!(diff.len() <= 2, "{diff:?}");
    assert!(diff.values().copied().sum::<usize>() <= 20, "{diff:?}");
}
