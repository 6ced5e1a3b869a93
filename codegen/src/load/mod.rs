//! Stage 1: read the spec files and parse them into the raw, as-written structures.
//!
//! Each file is checked as text (`text`), parsed once into a positioned tree (`yaml`), and
//! decoded from that tree (`de`); its positions are indexed from the same tree (`locate`).
//! Input beyond the bounds in `limits` stops here, with a diagnostic where it is exceeded.

pub mod de;
pub mod limits;
pub mod locate;
pub mod raw;
pub mod text;
pub mod yaml;

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use locate::{Locator, Pos};

/// One spec file's text and the name it is reported under.
#[derive(Clone, Debug)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
}

/// A parsed file together with what is needed to point into it.
#[derive(Debug)]
pub struct Loaded<T> {
    pub path: PathBuf,
    /// The file stem, which names the generated models module.
    pub stem: String,
    pub locator: Locator,
    pub value: T,
}

impl<T> Loaded<T> {
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.path, self.locator.value(path), message)
    }

    pub fn error_at_key(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.path, self.locator.key(path), message)
    }
}

#[derive(Debug)]
pub struct RawSpec {
    pub service: Loaded<raw::Service>,
    pub groups: Vec<Loaded<raw::GroupFile>>,
}

/// A spec file's bytes as a [`Source`], or where they are not UTF-8 text (a leading
/// byte-order mark is dropped).
pub fn source_from_bytes(shown: PathBuf, bytes: &[u8]) -> Result<Source, Diagnostic> {
    text::decode(bytes)
        .map(|text| Source {
            path: shown.clone(),
            text,
        })
        .map_err(|e| Diagnostic::new(shown, e.pos, e.message).hint(e.hint))
}

/// Reads `spec_dir/service.yaml` and `spec_dir/groups/*.yaml` (in file-name order).
/// Paths in diagnostics are relative to the parent of `spec_dir` (e.g. `spec/groups/x.yaml`).
/// A `*.yml` file there is reported (it would otherwise be silently skipped); other files
/// are not spec files and are left alone.
pub fn read_dir(spec_dir: &Path) -> Result<(Source, Vec<Source>), Diagnostics> {
    let base = spec_dir.parent().unwrap_or(Path::new(""));
    let shown = |p: &Path| p.strip_prefix(base).unwrap_or(p).to_path_buf();
    let start = Pos { line: 1, column: 1 };
    let one = |d: Diagnostic| {
        let mut all = Diagnostics::default();
        all.push(d);
        all
    };
    let mut total = 0usize;
    let mut read = |p: &Path| -> Result<Source, Diagnostic> {
        // Look at the size first, so an oversized file is never read into memory whole.
        let len = std::fs::metadata(p)
            .map_err(|e| Diagnostic::new(shown(p), start, format!("cannot read file: {e}")))?
            .len();
        if len > limits::MAX_FILE_BYTES as u64 {
            return Err(Diagnostic::new(
                shown(p),
                start,
                format!(
                    "the file has {len} bytes, more than the {} a spec file may have",
                    limits::MAX_FILE_BYTES
                ),
            )
            .hint("split it into several group files"));
        }
        total += len as usize;
        if total > limits::MAX_TOTAL_BYTES {
            return Err(Diagnostic::new(
                shown(p),
                start,
                format!(
                    "the spec files reach {total} bytes with this one, more than the {} the generator takes",
                    limits::MAX_TOTAL_BYTES
                ),
            )
            .hint("see Limits in spec/README.md"));
        }
        let bytes = std::fs::read(p)
            .map_err(|e| Diagnostic::new(shown(p), start, format!("cannot read file: {e}")))?;
        source_from_bytes(shown(p), &bytes)
    };
    let service = read(&spec_dir.join("service.yaml")).map_err(one)?;
    let groups_dir = spec_dir.join("groups");
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut diags = Diagnostics::default();
    match std::fs::read_dir(&groups_dir) {
        Ok(entries) => {
            for entry in entries {
                let p = match entry {
                    Ok(e) => e.path(),
                    Err(e) => {
                        diags.push(Diagnostic::new(
                            shown(&groups_dir),
                            start,
                            format!("cannot list folder: {e}"),
                        ));
                        continue;
                    }
                };
                match p.extension().and_then(|x| x.to_str()) {
                    Some("yaml") => paths.push(p),
                    Some(x) if x.eq_ignore_ascii_case("yml") || x.eq_ignore_ascii_case("yaml") => {
                        diags.push(
                            Diagnostic::new(
                                shown(&p),
                                start,
                                "a group file must end in `.yaml`; this one is not read",
                            )
                            .hint("rename it to `.yaml`"),
                        );
                    }
                    _ => {}
                }
            }
        }
        Err(e) => {
            return Err(one(Diagnostic::new(
                shown(&groups_dir),
                start,
                format!("cannot read folder: {e}"),
            )))
        }
    };
    paths.sort();
    if paths.len() > limits::MAX_GROUP_FILES {
        diags.push(
            Diagnostic::new(
                shown(&paths[limits::MAX_GROUP_FILES]),
                start,
                format!(
                    "spec/groups holds {} files, more than the {} the generator takes",
                    paths.len(),
                    limits::MAX_GROUP_FILES
                ),
            )
            .hint("see Limits in spec/README.md"),
        );
    }
    if !diags.is_empty() {
        return Err(diags.sorted());
    }
    let mut groups = Vec::new();
    for p in &paths {
        match read(p) {
            Ok(s) => groups.push(s),
            Err(d) => diags.push(d),
        }
    }
    if diags.is_empty() {
        Ok((service, groups))
    } else {
        Err(diags.sorted())
    }
}

/// Reads `spec_dir/audit.yaml`, the summary `cargo xtask audit --write-summary` writes, if
/// it exists. Like every spec file it is bounded in size and must be UTF-8 text.
pub fn read_audit(spec_dir: &Path) -> Result<Option<Source>, Diagnostics> {
    let base = spec_dir.parent().unwrap_or(Path::new(""));
    let path = spec_dir.join("audit.yaml");
    let shown = path.strip_prefix(base).unwrap_or(&path).to_path_buf();
    let start = Pos { line: 1, column: 1 };
    let one = |d: Diagnostic| {
        let mut all = Diagnostics::default();
        all.push(d);
        all
    };
    let len = match std::fs::metadata(&path) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(one(Diagnostic::new(
                shown,
                start,
                format!("cannot read file: {e}"),
            )))
        }
    };
    if len > limits::MAX_FILE_BYTES as u64 {
        return Err(one(Diagnostic::new(
            shown,
            start,
            format!(
                "the file has {len} bytes, more than the {} a spec file may have",
                limits::MAX_FILE_BYTES
            ),
        )));
    }
    let bytes = std::fs::read(&path).map_err(|e| {
        one(Diagnostic::new(
            shown.clone(),
            start,
            format!("cannot read file: {e}"),
        ))
    })?;
    source_from_bytes(shown, &bytes).map(Some).map_err(one)
}

/// Parses `spec/audit.yaml`; paths in its locator are relative to `audit:`.
pub fn parse_audit(source: &Source) -> Result<Vec<Loaded<raw::AuditEntry>>, Diagnostics> {
    let mut diags = Diagnostics::default();
    if source.text.len() > limits::MAX_FILE_BYTES {
        diags.push(Diagnostic::new(
            &source.path,
            Pos { line: 1, column: 1 },
            format!(
                "the file has {} bytes, more than the {} a spec file may have",
                source.text.len(),
                limits::MAX_FILE_BYTES
            ),
        ));
        return Err(diags);
    }
    match parse_one::<raw::AuditFile>(source, &mut diags) {
        // Each entry is located on its own: paths relative to `audit[i]`.
        Some(l) if diags.is_empty() => Ok(l
            .value
            .audit
            .into_iter()
            .enumerate()
            .map(|(i, value)| Loaded {
                path: l.path.clone(),
                stem: l.stem.clone(),
                locator: l.locator.clone().rooted_at(&format!("audit[{i}]")),
                value,
            })
            .collect()),
        _ => Err(diags.sorted()),
    }
}

/// Parses the sources. All files are parsed even when one fails, so a run reports every
/// broken file at once.
pub fn parse(service: &Source, groups: &[Source]) -> Result<RawSpec, Diagnostics> {
    let mut diags = Diagnostics::default();
    if groups.len() > limits::MAX_GROUP_FILES {
        diags.push(Diagnostic::new(
            &groups[limits::MAX_GROUP_FILES].path,
            Pos { line: 1, column: 1 },
            format!(
                "{} group files, more than the {} the generator takes",
                groups.len(),
                limits::MAX_GROUP_FILES
            ),
        ));
        return Err(diags);
    }
    let mut total = 0usize;
    for s in std::iter::once(service).chain(groups) {
        if s.text.len() > limits::MAX_FILE_BYTES {
            // Reported for the file itself, where the bound is crossed.
            continue;
        }
        total += s.text.len();
        if total > limits::MAX_TOTAL_BYTES {
            diags.push(Diagnostic::new(
                &s.path,
                Pos { line: 1, column: 1 },
                format!(
                    "the spec files reach {total} bytes with this one, more than the {} the generator takes",
                    limits::MAX_TOTAL_BYTES
                ),
            ));
            return Err(diags);
        }
    }
    // Validation speaks of paths inside `service:`; point the index there.
    let service = parse_one::<raw::ServiceFile>(service, &mut diags).map(|l| Loaded {
        path: l.path,
        stem: l.stem,
        locator: l.locator.rooted_at("service"),
        value: l.value.service,
    });
    if let Some(s) = &service {
        limits::check_service(s, &mut diags);
    }
    let groups: Vec<_> = groups
        .iter()
        .filter_map(|s| parse_one::<raw::GroupFile>(s, &mut diags))
        .collect();
    for g in &groups {
        limits::check_group(g, &mut diags);
    }
    limits::check_totals(&groups, &mut diags);
    limits::check_request_fields(&groups, &mut diags);
    match service {
        Some(service) if diags.is_empty() => Ok(RawSpec { service, groups }),
        _ => Err(diags.sorted()),
    }
}

fn parse_one<T: serde::de::DeserializeOwned>(
    src: &Source,
    diags: &mut Diagnostics,
) -> Option<Loaded<T>> {
    let stem = src
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let yaml_error = |e: yaml::YamlError, diags: &mut Diagnostics| {
        diags.push(Diagnostic::new(&src.path, e.pos, e.message).hint(e.hint));
    };
    let text = match text::prepare(&src.text) {
        Ok(t) => t,
        Err(e) => {
            yaml_error(e, diags);
            return None;
        }
    };
    let root = match yaml::parse(text) {
        Err(e) => {
            yaml_error(e, diags);
            return None;
        }
        Ok(Some(root)) if !root.is_null() => root,
        Ok(_) => {
            diags.push(
                Diagnostic::new(&src.path, Pos { line: 1, column: 1 }, "the file is empty")
                    .hint("a spec file holds one YAML mapping; see spec/README.md"),
            );
            return None;
        }
    };
    match de::from_node::<T>(&root) {
        Ok(value) => Some(Loaded {
            path: src.path.clone(),
            stem,
            locator: Locator::index(&root),
            value,
        }),
        Err(e) => {
            let pos = e.pos.unwrap_or(root.pos);
            diags.push(Diagnostic::new(&src.path, pos, &e.message).hint(hint_for(&e.message)));
            None
        }
    }
}

fn hint_for(msg: &str) -> String {
    if msg.contains("unknown field") {
        "check the key's spelling against spec/README.md".to_string()
    } else if msg.contains("missing field") {
        "add the key; spec/README.md lists what each entry needs".to_string()
    } else if msg.contains("invalid type") {
        "the value has the wrong YAML type here (quote strings that look like numbers)".to_string()
    } else {
        "fix the YAML at this position".to_string()
    }
}
