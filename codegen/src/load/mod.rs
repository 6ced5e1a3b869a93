//! Stage 1: read the spec files and parse them into the raw, as-written structures.

pub mod locate;
pub mod raw;

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

/// Reads `spec_dir/service.yaml` and `spec_dir/groups/*.yaml` (in file-name order).
/// Paths in diagnostics are relative to the parent of `spec_dir` (e.g. `spec/groups/x.yaml`).
pub fn read_dir(spec_dir: &Path) -> Result<(Source, Vec<Source>), Diagnostics> {
    let base = spec_dir.parent().unwrap_or(Path::new(""));
    let shown = |p: &Path| p.strip_prefix(base).unwrap_or(p).to_path_buf();
    let read = |p: &Path| -> Result<Source, Diagnostics> {
        std::fs::read_to_string(p)
            .map(|text| Source {
                path: shown(p),
                text,
            })
            .map_err(|e| {
                let mut d = Diagnostics::default();
                d.push(Diagnostic::new(
                    shown(p),
                    Pos { line: 1, column: 1 },
                    format!("cannot read file: {e}"),
                ));
                d
            })
    };
    let service = read(&spec_dir.join("service.yaml"))?;
    let groups_dir = spec_dir.join("groups");
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(&groups_dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect(),
        Err(e) => {
            let mut d = Diagnostics::default();
            d.push(Diagnostic::new(
                shown(&groups_dir),
                Pos { line: 1, column: 1 },
                format!("cannot read folder: {e}"),
            ));
            return Err(d);
        }
    };
    paths.sort();
    let groups = paths
        .iter()
        .map(|p| read(p))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((service, groups))
}

/// Parses the sources. All files are parsed even when one fails, so a run reports every
/// broken file at once.
pub fn parse(service: &Source, groups: &[Source]) -> Result<RawSpec, Diagnostics> {
    let mut diags = Diagnostics::default();
    // Validation speaks of paths inside `service:`; point the index there.
    let service = parse_one::<raw::ServiceFile>(service, &mut diags).map(|l| Loaded {
        path: l.path,
        stem: l.stem,
        locator: l.locator.rooted_at("service"),
        value: l.value.service,
    });
    let groups: Vec<_> = groups
        .iter()
        .filter_map(|s| parse_one::<raw::GroupFile>(s, &mut diags))
        .collect();
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
    let report = |e: &serde_yaml::Error, diags: &mut Diagnostics| {
        let pos = e
            .location()
            .map(|l| Pos {
                line: l.line(),
                column: l.column(),
            })
            .unwrap_or(Pos { line: 1, column: 1 });
        let message = strip_location(&e.to_string());
        diags.push(Diagnostic::new(&src.path, pos, message).hint(hint_for(&e.to_string())));
    };
    // Syntax first: decoding straight into the typed structures would report a broken
    // indentation or an unclosed bracket as a confusing missing field or wrong type.
    match serde_yaml::from_str::<serde_yaml::Value>(&src.text) {
        Err(e) => {
            report(&e, diags);
            return None;
        }
        Ok(serde_yaml::Value::Null) => {
            diags.push(
                Diagnostic::new(&src.path, Pos { line: 1, column: 1 }, "the file is empty")
                    .hint("a spec file holds one YAML mapping; see spec/README.md"),
            );
            return None;
        }
        Ok(_) => {}
    }
    match serde_yaml::from_str::<T>(&src.text) {
        Ok(value) => Some(Loaded {
            path: src.path.clone(),
            stem,
            locator: Locator::index(&src.text),
            value,
        }),
        Err(e) => {
            report(&e, diags);
            None
        }
    }
}

/// serde_yaml appends " at line L column C" to its messages; the diagnostic already says where.
fn strip_location(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn hint_for(msg: &str) -> String {
    if msg.contains("unknown field") {
        "check the key's spelling against spec/README.md".to_string()
    } else if msg.contains("missing field") {
        "add the key; spec/README.md lists what each entry needs".to_string()
    } else if msg.contains("did not find expected")
        || msg.contains("while parsing")
        || msg.contains("while scanning")
    {
        "the YAML is malformed here: check indentation, brackets and quotes".to_string()
    } else if msg.contains("invalid type") {
        "the value has the wrong YAML type here (quote strings that look like numbers)".to_string()
    } else {
        "fix the YAML at this position".to_string()
    }
}
