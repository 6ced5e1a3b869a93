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
    // tokens that do not parse; no spec may ever get there. The one deliberate
    // `compile_error!` (no site feature enabled) sits under its `cfg`.
    for (path, content) in generate() {
        let lines: Vec<&str> = content.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.contains("compile_error!") {
                assert!(
                    i > 0 && lines[i - 1].starts_with("#[cfg(not(any(feature"),
                    "{} holds an emitter failure at line {}",
                    path.display(),
                    i + 1
                );
            }
        }
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
    // Every inherent impl of the client, whatever its site bounds.
    let blocks: Vec<&str> = text
        .split("\nimpl<S")
        .skip(1)
        .filter(|b| {
            b.split_once('{')
                .is_some_and(|(head, _)| head.contains("> Client<S>"))
        })
        .collect();
    assert!(!blocks.is_empty(), "no `impl<S…> Client<S>` in client.rs");
    let mut missing = Vec::new();
    for line in blocks.iter().flat_map(|b| b.lines()) {
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
