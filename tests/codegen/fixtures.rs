//! Small fixture specs, one per generator feature (`tests/fixtures/features/*/` and the
//! collisions spec): each pagination style, errors embedded at the top level and per item,
//! `source: domain_id`, deprecation, integer and string enums, decimals, timestamps,
//! keywords, and the name collisions of `collisions.rs`.
//!
//! - `fixture_output`: per fixture, a snapshot of its API digest and its generated modules,
//!   so a generator change reviews as a diff of small, focused outputs;
//! - `every_fixture_compiles`: every fixture's output replaces the generated code of a copy
//!   of bss-sdk, and all copies are type-checked by one `cargo check` (one member crate per
//!   fixture, a shared target folder), which must pass without a warning in generated code.

use std::path::{Path, PathBuf};

use crate::support::{check_all, fixtures, workspace_root};

fn fixture_dirs() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(fixtures().join("features"))
        .expect("tests/fixtures/features")
        .map(|e| e.expect("list fixtures").path())
        .filter(|p| p.is_dir())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.push(("collisions".into(), fixtures().join("collisions")));
    out.sort();
    out
}

fn generate(dir: &Path) -> bss_codegen::Output {
    bss_codegen::generate_dir(dir)
        .unwrap_or_else(|d| panic!("fixture {} must be valid:\n{d}", dir.display()))
}

#[test]
fn fixture_output() {
    let dirs = fixture_dirs();
    assert!(dirs.len() >= 12, "fixtures: {dirs:?}");
    check_all(dirs, |name, dir| {
        let api = bss_codegen::load_dir(&dir).unwrap_or_else(|d| panic!("{d}"));
        let mut text = bss_codegen::emit::digest(&api);
        for (path, content) in generate(&dir) {
            let p = path.to_string_lossy().replace('\\', "/");
            let shown =
                (p.contains("/operations/") || p.contains("/models/")) && !p.ends_with("mod.rs");
            if shown {
                text.push_str(&format!("\n==> {p}\n{content}"));
            }
        }
        insta::with_settings!({ omit_expression => true }, {
            insta::assert_snapshot!(format!("fixture__{name}"), text);
        });
    });
}

/// The `[dependencies]` section of bss-sdk's manifest, as written.
fn sdk_dependencies(manifest: &str) -> &str {
    let start = manifest.find("[dependencies]").expect("[dependencies]");
    let rest = &manifest[start..];
    let end = rest[1..].find("\n[").map_or(rest.len(), |i| i + 1);
    &rest[..end]
}

#[test]
fn every_fixture_compiles() {
    let root = workspace_root();
    let ws = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fixture-crates");
    if ws.exists() {
        std::fs::remove_dir_all(&ws).expect("clear the fixture workspace");
    }
    let sdk_manifest = std::fs::read_to_string(root.join("bss-sdk/Cargo.toml")).unwrap();
    let deps = sdk_dependencies(&sdk_manifest);
    let mut members = Vec::new();
    for (name, dir) in fixture_dirs() {
        let krate = format!("fx-{name}");
        let at = ws.join(&krate);
        copy_dir(&root.join("bss-sdk/src"), &at.join("src"), &|p| {
            p.ends_with("src/generated") || p.ends_with("src/bin")
        });
        for (path, content) in generate(&dir) {
            if let Ok(rel) = path.strip_prefix("bss-sdk") {
                let dest = at.join(rel);
                std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
                std::fs::write(dest, content).unwrap();
            }
        }
        std::fs::write(
            at.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{krate}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[features]\ndefault = [\"main\", \"other\"]\n# The fixtures' sites (`id: main`; the `sites` fixture also has `id: other`).\nmain = []\nother = []\nserde = []\ntest-util = [\"dep:hyper\", \"dep:hyper-util\", \"dep:http-body-util\", \"tokio/net\", \"tokio/rt-multi-thread\"]\n\n{deps}"
            ),
        )
        .unwrap();
        members.push(format!("\"{krate}\""));
    }
    // The workspace's own dependency table and lock file, so versions match and nothing is
    // fetched.
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let members_start = manifest.find("members = [").expect("workspace members");
    let members_end = members_start + manifest[members_start..].find(']').unwrap() + 1;
    let manifest = format!(
        "{}members = [{}]{}",
        &manifest[..members_start],
        members.join(", "),
        &manifest[members_end..]
    )
    .replace("exclude = [\"fuzz\"]\n", "");
    std::fs::write(ws.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock")).unwrap();

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fixture-target");
    let output = std::process::Command::new(cargo)
        .args([
            "check",
            "--offline",
            "--workspace",
            "--features",
            "test-util",
            "--message-format=short",
        ])
        .current_dir(&ws)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo check");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            l.starts_with("error") || (l.contains("src/generated/") && l.contains("warning"))
        })
        .collect();
    assert!(
        output.status.success() && problems.is_empty(),
        "fixture output does not build cleanly:\n{stderr}"
    );
}

fn copy_dir(from: &Path, to: &Path, skip: &dyn Fn(&Path) -> bool) {
    std::fs::create_dir_all(to).unwrap();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(from)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if skip(&path) {
            continue;
        }
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &dest, skip);
        } else {
            std::fs::copy(&path, dest).unwrap();
        }
    }
}
