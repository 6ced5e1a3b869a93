//! Stage 4: bring the generated files onto disk, touching only what changed.
//!
//! [`plan`] compares the output with the disk (nothing is written); [`apply`] stages every
//! new file next to its destination first and renames them into place only once all are
//! staged, so a failure never leaves a half-written crate behind.

use std::io;
use std::path::{Path, PathBuf};

use crate::Output;

/// Folders whose contents are entirely generated: files there that the output no longer
/// has are stale and get removed.
const OWNED_DIRS: &[&str] = &["bss-sdk/src/generated"];

#[derive(Debug)]
pub enum Change {
    Write {
        path: PathBuf,
        content: String,
        new: bool,
    },
    Remove {
        path: PathBuf,
    },
}

impl Change {
    pub fn path(&self) -> &Path {
        match self {
            Change::Write { path, .. } | Change::Remove { path } => path,
        }
    }

    pub fn verb(&self) -> &'static str {
        match self {
            Change::Write { new: true, .. } => "missing",
            Change::Write { new: false, .. } => "stale",
            Change::Remove { .. } => "obsolete",
        }
    }
}

#[derive(Debug, Default)]
pub struct Plan {
    pub changes: Vec<Change>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

pub fn plan(root: &Path, output: &Output) -> io::Result<Plan> {
    let mut changes = Vec::new();
    for (path, content) in output {
        match std::fs::read(root.join(path)) {
            Ok(bytes) if bytes == content.as_bytes() => {}
            Ok(_) => changes.push(Change::Write {
                path: path.clone(),
                content: content.clone(),
                new: false,
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => changes.push(Change::Write {
                path: path.clone(),
                content: content.clone(),
                new: true,
            }),
            Err(e) => return Err(e),
        }
    }
    for dir in OWNED_DIRS {
        let mut existing = Vec::new();
        list_files(&root.join(dir), &mut existing)?;
        for abs in existing {
            let rel = abs.strip_prefix(root).unwrap_or(&abs).to_path_buf();
            if !output.contains_key(&rel) {
                changes.push(Change::Remove { path: rel });
            }
        }
    }
    changes.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(Plan { changes })
}

fn list_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            list_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

pub fn apply(root: &Path, plan: Plan) -> io::Result<()> {
    let mut staged = Vec::new();
    let result = (|| {
        for change in &plan.changes {
            if let Change::Write { path, content, .. } = change {
                let dest = root.join(path);
                if let Some(parent) = dest.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                let tmp = dest.with_extension("rs.codegen-tmp");
                std::fs::write(&tmp, content)?;
                staged.push((tmp, dest));
            }
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (tmp, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
        return Err(e);
    }
    for (tmp, dest) in staged {
        std::fs::rename(tmp, dest)?;
    }
    for change in &plan.changes {
        if let Change::Remove { path } = change {
            std::fs::remove_file(root.join(path))?;
        }
    }
    Ok(())
}
