//! An invalid spec never reaches the disk, and writing touches only what changed.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use bss_codegen::write::{self, Change};

use crate::support::{fixtures, scratch_dir, workspace_root};

fn all_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            all_files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn mtime(p: &Path) -> SystemTime {
    std::fs::metadata(p).unwrap().modified().unwrap()
}

#[test]
fn an_invalid_spec_is_rejected_before_anything_is_planned() {
    let dir = scratch_dir("invalid-spec");
    let spec = dir.join("spec");
    std::fs::create_dir_all(spec.join("groups")).unwrap();
    std::fs::copy(
        fixtures().join("bad-specs/_service.yaml"),
        spec.join("service.yaml"),
    )
    .unwrap();
    // One good file and one broken one: the whole run fails, naming the broken file.
    std::fs::copy(
        fixtures().join("bad-specs/_group.yaml"),
        spec.join("groups/a-good.yaml"),
    )
    .unwrap();
    std::fs::copy(
        fixtures().join("bad-specs/group-enum-value-name-not-pascal.yaml"),
        spec.join("groups/b-bad.yaml"),
    )
    .unwrap();

    let before = {
        let mut v = Vec::new();
        all_files(&dir, &mut v);
        v
    };
    let err = match bss_codegen::generate_dir(&spec) {
        Ok(_) => panic!("an invalid spec must not generate anything"),
        Err(d) => d,
    };
    let text = err.to_string();
    assert!(
        text.contains(
            "spec/groups/b-bad.yaml:9:41: error: value name `PENDING_PAYMENT` is not PascalCase"
        ),
        "got:\n{text}"
    );
    assert!(
        !text.contains("a-good.yaml"),
        "the good file has nothing to report:\n{text}"
    );

    let mut after = Vec::new();
    all_files(&dir, &mut after);
    assert_eq!(
        before, after,
        "generating from an invalid spec must not touch the disk"
    );
}

#[test]
fn a_missing_spec_folder_is_a_diagnostic_not_a_panic() {
    let dir = scratch_dir("missing-spec");
    let err = bss_codegen::generate_dir(&dir.join("spec")).expect_err("there is no spec");
    assert!(
        err.to_string()
            .contains("spec/service.yaml:1:1: error: cannot read file"),
        "got:\n{err}"
    );
}

#[test]
fn writing_touches_only_what_changed() {
    let root = scratch_dir("write-plan");
    let output =
        bss_codegen::generate_dir(&workspace_root().join("spec")).unwrap_or_else(|d| panic!("{d}"));

    // Into an empty tree every file is new.
    let plan = write::plan(&root, &output).unwrap();
    assert_eq!(plan.changes.len(), output.len());
    assert!(plan
        .changes
        .iter()
        .all(|c| matches!(c, Change::Write { new: true, .. }) && c.verb() == "missing"));
    write::apply(&root, plan).unwrap();
    for (path, content) in &output {
        assert_eq!(
            &std::fs::read_to_string(root.join(path)).unwrap(),
            content,
            "{}",
            path.display()
        );
    }
    assert!(
        write::plan(&root, &output).unwrap().is_empty(),
        "a second plan right after writing is empty"
    );

    // Age every file, then change one generated file, add an obsolete one in the generated
    // folder, and add a hand-written file next to it.
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    let mut files = Vec::new();
    all_files(&root, &mut files);
    for f in &files {
        std::fs::File::options()
            .write(true)
            .open(f)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let changed = PathBuf::from("bss-sdk/src/generated/service.rs");
    let obsolete = PathBuf::from("bss-sdk/src/generated/operations/retired_operation.rs");
    let hand_written = PathBuf::from("bss-sdk/src/lib.rs");
    std::fs::write(root.join(&changed), "// edited by hand\n").unwrap();
    std::fs::write(
        root.join(&obsolete),
        "// from an operation the spec no longer has\n",
    )
    .unwrap();
    std::fs::write(root.join(&hand_written), "// not generated\n").unwrap();

    let plan = write::plan(&root, &output).unwrap();
    let summary: Vec<(String, &'static str)> = plan
        .changes
        .iter()
        .map(|c| (c.path().display().to_string(), c.verb()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (obsolete.display().to_string(), "obsolete"),
            (changed.display().to_string(), "stale")
        ],
        "plan lists exactly the edited and the obsolete file"
    );
    write::apply(&root, plan).unwrap();

    assert_eq!(
        std::fs::read_to_string(root.join(&changed)).unwrap(),
        output[&changed]
    );
    assert!(
        !root.join(&obsolete).exists(),
        "the obsolete generated file is removed"
    );
    assert_eq!(
        std::fs::read_to_string(root.join(&hand_written)).unwrap(),
        "// not generated\n"
    );
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap();
        if rel != changed {
            assert_eq!(
                mtime(f),
                old,
                "{} was rewritten although it did not change",
                rel.display()
            );
        }
    }
    let mut leftovers = Vec::new();
    all_files(&root, &mut leftovers);
    assert!(
        leftovers
            .iter()
            .all(|p| !p.to_string_lossy().contains("codegen-tmp")),
        "staging files are left behind: {leftovers:?}"
    );
    assert!(
        write::plan(&root, &output).unwrap().is_empty(),
        "nothing left to do"
    );
}
