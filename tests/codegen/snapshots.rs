//! The checked-in crate is the golden output: `checked_in_output_matches_the_spec` is the
//! drift check (`cargo xtask codegen --check` in a test), so generated files are reviewed
//! once, in their own diff. What insta keeps is what a reviewer wants to read: the
//! API-surface digest of the real spec, one short block per operation.

use crate::support::workspace_root;

fn generate() -> bss_codegen::Output {
    bss_codegen::generate_dir(&workspace_root().join("spec"))
        .unwrap_or_else(|d| panic!("spec/ does not validate:\n{d}"))
}

#[test]
fn api_surface() {
    let api = bss_codegen::load_dir(&workspace_root().join("spec"))
        .unwrap_or_else(|d| panic!("spec/ does not validate:\n{d}"));
    insta::with_settings!({ omit_expression => true }, {
        insta::assert_snapshot!("api_surface", bss_codegen::emit::digest(&api));
    });
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

/// `Client` methods the generator must not give an operation: every method `client.rs`
/// defines is on the generator's reserved list.
#[test]
fn reserved_client_methods_cover_client_rs() {
    let text = std::fs::read_to_string(workspace_root().join("bss-sdk/src/runtime/client.rs"))
        .expect("read client.rs");
    let impl_client = text
        .split_once("impl Client {")
        .expect("`impl Client` in client.rs")
        .1;
    let mut missing = Vec::new();
    for line in impl_client.lines() {
        let l = line.trim_start();
        let Some(rest) = [
            "pub fn ",
            "pub(crate) fn ",
            "fn ",
            "pub async fn ",
            "pub(crate) async fn ",
            "async fn ",
        ]
        .iter()
        .find_map(|p| l.strip_prefix(p)) else {
            if line.starts_with('}') {
                break;
            }
            continue;
        };
        let name = &rest[..rest.find(['(', '<']).unwrap_or(rest.len())];
        if !bss_codegen::validate::CLIENT_METHODS.contains(&name) {
            missing.push(name.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "add these Client methods to validate::reserved::CLIENT_METHODS: {missing:?}"
    );
}
