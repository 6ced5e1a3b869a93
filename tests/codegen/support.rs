//! Helpers shared by the codegen test modules.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

pub use bss_sdk_tests::workspace_root;

/// `tests/fixtures/`.
pub fn fixtures() -> PathBuf {
    workspace_root().join("tests").join("fixtures")
}

/// `tests/codegen/snapshots/`, where insta keeps this test binary's snapshots.
pub fn snapshot_dir() -> PathBuf {
    workspace_root()
        .join("tests")
        .join("codegen")
        .join("snapshots")
}

/// A fresh, empty scratch folder under cargo's per-target temporary directory.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("codegen-tests")
        .join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("clear the scratch folder");
    }
    std::fs::create_dir_all(&dir).expect("create the scratch folder");
    dir
}

/// Runs `check` for every item and reports all failures at once, so one run shows (and,
/// with insta, records) every changed snapshot instead of stopping at the first.
pub fn check_all<T>(items: impl IntoIterator<Item = (String, T)>, mut check: impl FnMut(&str, T)) {
    let mut failed = Vec::new();
    for (name, item) in items {
        if catch_unwind(AssertUnwindSafe(|| check(&name, item))).is_err() {
            failed.push(name);
        }
    }
    assert!(
        failed.is_empty(),
        "{} check(s) failed: {}",
        failed.len(),
        failed.join(", ")
    );
}

/// Fails when `tests/codegen/snapshots/` holds a snapshot of `module` that no test asserts
/// any more (e.g. the file or case it showed was removed), so stale snapshots do not pile up.
pub fn assert_no_stale_snapshots(module: &str, names: &BTreeSet<String>) {
    let prefix = format!("codegen__{module}__");
    let mut stale = Vec::new();
    let entries = match std::fs::read_dir(snapshot_dir()) {
        Ok(entries) => entries,
        Err(_) => return,
    };
    for entry in entries {
        let file = entry
            .expect("list snapshots")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let Some(name) = file
            .strip_prefix(&prefix)
            .and_then(|f| f.strip_suffix(".snap"))
        else {
            continue;
        };
        if !names.contains(name) {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "snapshots that no test asserts any more (delete them from {}): {}",
        snapshot_dir().display(),
        stale.join(", ")
    );
}

/// The path of `p` relative to the workspace root, with `/` separators, for display.
pub fn shown(p: &Path) -> PathBuf {
    let root = workspace_root();
    p.strip_prefix(&root).unwrap_or(p).to_path_buf()
}
