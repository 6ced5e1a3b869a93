//! Every file generated from `spec/` is a snapshot, so a spec or generator change shows up
//! as a small, readable diff of exactly the files it touches.

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::{assert_no_stale_snapshots, check_all, workspace_root};

fn generate() -> bss_codegen::Output {
    bss_codegen::generate_dir(&workspace_root().join("spec"))
        .unwrap_or_else(|d| panic!("spec/ does not validate:\n{d}"))
}

/// The snapshot name of a generated file: its path below the generated folder, without the
/// `.rs` extension, `/` written as `__` (`operations__cancel_customer_order`,
/// `models__orders_public`, `client`, `OPERATIONS.md`, `e2e__generated`).
pub fn snapshot_name(path: &Path) -> String {
    let p = path.to_string_lossy().replace('\\', "/");
    let rest = ["bss-sdk/src/generated/", "bss-sdk/", "tests/"]
        .iter()
        .find_map(|prefix| p.strip_prefix(prefix))
        .unwrap_or(&p);
    rest.strip_suffix(".rs").unwrap_or(rest).replace('/', "__")
}

#[test]
fn snapshot_names_are_readable() {
    let cases = [
        (
            "bss-sdk/src/generated/operations/cancel_customer_order.rs",
            "operations__cancel_customer_order",
        ),
        (
            "bss-sdk/src/generated/models/orders_public.rs",
            "models__orders_public",
        ),
        ("bss-sdk/src/generated/models/mod.rs", "models__mod"),
        ("bss-sdk/src/generated/client.rs", "client"),
        ("bss-sdk/OPERATIONS.md", "OPERATIONS.md"),
        ("tests/e2e/generated.rs", "e2e__generated"),
    ];
    for (path, name) in cases {
        assert_eq!(snapshot_name(Path::new(path)), name);
    }
}

#[test]
fn generated_files() {
    let output = generate();
    let names: Vec<(String, String)> = output
        .iter()
        .map(|(path, content)| (snapshot_name(path), content.clone()))
        .collect();
    let unique: BTreeSet<String> = names.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(
        unique.len(),
        names.len(),
        "two generated files map to the same snapshot name"
    );

    check_all(names, |name, content| {
        insta::with_settings!({ omit_expression => true }, {
            insta::assert_snapshot!(name, content);
        });
    });
    assert_no_stale_snapshots("snapshots", &unique);
}

#[test]
fn generated_code_is_never_a_compile_error_placeholder() {
    // `emit::rust::file` writes `compile_error!` instead of panicking when an emitter builds
    // tokens that do not parse; no spec may ever get there.
    for (path, content) in generate() {
        assert!(
            !content.contains("compile_error!"),
            "{} holds an emitter failure",
            path.display()
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let first = generate();
    let second = generate();
    let first_paths: Vec<_> = first.keys().collect();
    let second_paths: Vec<_> = second.keys().collect();
    assert_eq!(
        first_paths, second_paths,
        "two runs generated different sets of files"
    );
    let differing: Vec<String> = first
        .iter()
        .filter(|(path, content)| second.get(*path) != Some(*content))
        .map(|(path, _)| path.display().to_string())
        .collect();
    assert!(
        differing.is_empty(),
        "two runs generated different contents for: {}",
        differing.join(", ")
    );
}

#[test]
fn checked_in_output_matches_the_spec() {
    let root = workspace_root();
    let output = generate();
    let plan =
        bss_codegen::write::plan(&root, &output).expect("read the checked-in generated files");
    if !plan.is_empty() {
        let mut msg = String::from("the checked-in generated files are out of date with spec/:\n");
        for change in &plan.changes {
            msg.push_str(&format!(
                "  {} {}\n",
                change.verb(),
                change.path().display()
            ));
        }
        msg.push_str("run `cargo xtask codegen` and commit the result");
        panic!("{msg}");
    }
}
