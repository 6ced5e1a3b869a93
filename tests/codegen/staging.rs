//! The staged Chinese-site operations (`spec-staging/china/`, not generated yet) stay valid
//! together with `spec/`: same format, no name collisions, every reference resolved.

use std::path::{Path, PathBuf};

fn copy_yaml(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn staged_china_operations_load_with_the_spec() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let staged = root.join("spec-staging/china/groups");
    let dir = std::env::temp_dir().join(format!("bss-staging-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_yaml(&root.join("spec"), &dir);
    copy_yaml(&root.join("spec/groups"), &dir.join("groups"));
    let before = std::fs::read_dir(dir.join("groups")).unwrap().count();
    copy_yaml(&staged, &dir.join("groups"));
    let staged_files = std::fs::read_dir(&staged).unwrap().count();
    assert_eq!(
        std::fs::read_dir(dir.join("groups")).unwrap().count(),
        before + staged_files,
        "a staged file name collides with a spec/groups file"
    );
    let api = bss_codegen::load_dir(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let api = api.unwrap_or_else(|d| panic!("the staged operations do not load with spec/:\n{d}"));
    // 57 international operations and the 48 of shared/reference/bss-china-only-operations.tsv.
    assert_eq!(api.operations.len(), 57 + 48);
}
