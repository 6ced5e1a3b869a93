//! `cargo xtask audit [--package NAME] [--version X] [--module v2] [--min-agreement PCT]`:
//! compares the spec with the official Python SDK's declared models.
//!
//! The published wheel is fetched with `pip download --no-deps --only-binary=:all:` (a wheel
//! only: an sdist would run its build script) into `target/audit/<package>-<version>/`,
//! extracted with Python's standard `zipfile` module, and read as text by [`python`]: the
//! package is never imported or executed. The spec is loaded and validated by
//! `bss-codegen` and reduced to a [`compare::SpecView`] (the only place that touches the
//! generator's IR). [`compare`] documents what an item is and the type mapping.
//!
//! This needs the package registry, so it is a maintainer tool, not part of CI.

pub mod compare;
pub mod python;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use bss_codegen::ir;

use compare::{SField, SOperation, SParam, SType, SpecView, Upstream};
use python::Location;

const DEFAULT_PACKAGE: &str = "huaweicloudsdkbssintl";
const DEFAULT_VERSION: &str = "3.1.219";
const USAGE: &str =
    "usage: cargo xtask audit [--package NAME] [--version X] [--module v2] [--min-agreement PCT]";

struct Options {
    package: String,
    version: String,
    module: String,
    min_agreement: Option<f64>,
}

fn options(args: &[&str]) -> Result<Options, String> {
    let mut o = Options {
        package: DEFAULT_PACKAGE.into(),
        version: DEFAULT_VERSION.into(),
        module: "v2".into(),
        min_agreement: None,
    };
    let mut it = args.iter();
    while let Some(&arg) = it.next() {
        let mut value = || {
            it.next()
                .map(|v| v.to_string())
                .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg {
            "--package" => o.package = value()?,
            "--version" => o.version = value()?,
            "--module" => o.module = value()?,
            "--min-agreement" => {
                let v = value()?;
                o.min_agreement = Some(
                    v.parse()
                        .map_err(|_| format!("--min-agreement {v:?} is not a number"))?,
                );
            }
            _ => return Err(USAGE.into()),
        }
    }
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    };
    if !plain(&o.package) || !plain(&o.version) || !plain(&o.module) {
        return Err("--package, --version and --module take plain names".into());
    }
    Ok(o)
}

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let o = options(args)?;
    let api =
        bss_codegen::load_dir(&root.join("spec")).map_err(|d| format!("{d}\n\nspec is invalid"))?;
    let spec = spec_view(&api);
    let dir = fetch(root, &o.package, &o.version)?;
    let upstream = read_upstream(&dir, &o.package, &o.module)?;
    let report = compare::compare(&upstream, &spec);
    print!(
        "{}",
        report.render(&format!("{} {} ({})", o.package, o.version, o.module))
    );
    if let Some(min) = o.min_agreement {
        let t = report.totals();
        let pct = compare::percent(t.full, t.items);
        if pct < min {
            return Err(format!(
                "agreement {pct:.1} % is below --min-agreement {min}"
            ));
        }
    }
    Ok(())
}

/// Downloads (once) and extracts the wheel; returns the extracted tree.
fn fetch(root: &Path, package: &str, version: &str) -> Result<PathBuf, String> {
    let cache = root
        .join("target")
        .join("audit")
        .join(format!("{package}-{version}"));
    let unpacked = cache.join("unpacked");
    if unpacked.join(".complete").exists() {
        return Ok(unpacked);
    }
    std::fs::create_dir_all(&cache).map_err(|e| format!("{}: {e}", cache.display()))?;
    let wheel = find_wheel(&cache, package)?;
    let wheel = match wheel {
        Some(w) => w,
        None => {
            eprintln!("audit: pip download {package}=={version}");
            let status = Command::new("python3")
                .args([
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--no-deps",
                    "--only-binary=:all:",
                    "-d",
                ])
                .arg(&cache)
                .arg(format!("{package}=={version}"))
                .status()
                .map_err(|e| format!("cannot run python3 -m pip: {e}"))?;
            if !status.success() {
                return Err(format!(
                    "pip download {package}=={version} failed ({status})"
                ));
            }
            find_wheel(&cache, package)?
                .ok_or_else(|| format!("pip left no wheel of {package} in {}", cache.display()))?
        }
    };
    if unpacked.exists() {
        std::fs::remove_dir_all(&unpacked).map_err(|e| format!("{}: {e}", unpacked.display()))?;
    }
    // The standard library's zipfile CLI only extracts (and refuses paths outside the
    // target); nothing from the package is imported.
    let status = Command::new("python3")
        .args(["-I", "-m", "zipfile", "-e"])
        .arg(&wheel)
        .arg(&unpacked)
        .status()
        .map_err(|e| format!("cannot run python3 -m zipfile: {e}"))?;
    if !status.success() {
        return Err(format!("extracting {} failed ({status})", wheel.display()));
    }
    std::fs::write(unpacked.join(".complete"), b"")
        .map_err(|e| format!("{}: {e}", unpacked.display()))?;
    Ok(unpacked)
}

fn find_wheel(dir: &Path, package: &str) -> Result<Option<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut wheels: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&format!("{package}-")) && n.ends_with(".whl"))
        })
        .collect();
    wheels.sort();
    Ok(wheels.pop())
}

fn read_upstream(unpacked: &Path, package: &str, module: &str) -> Result<Upstream, String> {
    let base = unpacked.join(package).join(module);
    let model_dir = base.join("model");
    let client = std::fs::read_dir(&base)
        .map_err(|e| format!("{}: {e}", base.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with("_client.py") && !n.ends_with("_async_client.py"))
        })
        .min()
        .ok_or_else(|| format!("no *_client.py in {}", base.display()))?;
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let operations =
        python::parse_client(&read(&client)?).map_err(|e| format!("{}: {e}", client.display()))?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&model_dir)
        .map_err(|e| format!("{}: {e}", model_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "py")
                && p.file_name().is_some_and(|n| n != "__init__.py")
        })
        .collect();
    files.sort();
    let mut classes = BTreeMap::new();
    for f in files {
        let class = python::parse_model(&read(&f)?).map_err(|e| format!("{}: {e}", f.display()))?;
        classes.insert(class.name.clone(), class);
    }
    Ok(Upstream {
        operations,
        classes,
    })
}

/// The spec as the audit needs it: the one place that reads the generator's IR.
fn spec_view(api: &ir::Api) -> SpecView {
    let ty = |t: &ir::TypeRef| stype(api, t);
    SpecView {
        operations: api
            .operations
            .iter()
            .map(|op| SOperation {
                id: op.id.clone(),
                method: op.method.as_str().to_string(),
                path: op.path.to_string(),
                params: op
                    .params
                    .iter()
                    .map(|p| SParam {
                        location: match p.location {
                            ir::ParamIn::Path => Location::Path,
                            ir::ParamIn::Query => Location::Query,
                            ir::ParamIn::Header => Location::Header,
                        },
                        wire: p.wire.clone(),
                        ty: ty(&p.ty),
                        required: p.required,
                    })
                    .collect(),
                body: op.body.clone(),
                response: op.response.body.clone(),
                top_level_errors: op.response.embedded == ir::Embedded::TopLevel,
            })
            .collect(),
        models: api
            .models
            .iter()
            .map(|(name, m)| {
                let fields = m
                    .fields
                    .iter()
                    .map(|f| SField {
                        key: f.wire.clone(),
                        ty: ty(&f.ty),
                        required: f.required,
                    })
                    .collect();
                (name.clone(), fields)
            })
            .collect(),
    }
}

fn stype(api: &ir::Api, t: &ir::TypeRef) -> SType {
    match t {
        ir::TypeRef::String => SType::String,
        ir::TypeRef::Timestamp => SType::Timestamp,
        ir::TypeRef::Bool => SType::Bool,
        ir::TypeRef::I32 => SType::I32,
        ir::TypeRef::I64 => SType::I64,
        ir::TypeRef::Decimal => SType::Decimal,
        ir::TypeRef::DecimalString => SType::DecimalString,
        ir::TypeRef::F64 => SType::F64,
        ir::TypeRef::Json => SType::Json,
        ir::TypeRef::List(t) => SType::List(Box::new(stype(api, t))),
        ir::TypeRef::Map(t) => SType::Map(Box::new(stype(api, t))),
        ir::TypeRef::Model(m) => SType::Model(m.clone()),
        ir::TypeRef::Enum(e) => match api.enums.get(e).map(|e| e.repr) {
            Some(ir::EnumRepr::String) | None => SType::StrEnum(e.clone()),
            Some(ir::EnumRepr::I32 | ir::EnumRepr::I64) => SType::IntEnum(e.clone()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_and_reject() {
        let o = options(&[]).unwrap();
        assert_eq!(
            (o.package.as_str(), o.version.as_str()),
            (DEFAULT_PACKAGE, DEFAULT_VERSION)
        );
        let o = options(&[
            "--version",
            "3.1.200",
            "--package",
            "huaweicloudsdkbss",
            "--min-agreement",
            "99.5",
        ])
        .unwrap();
        assert_eq!(o.version, "3.1.200");
        assert_eq!(o.package, "huaweicloudsdkbss");
        assert_eq!(o.min_agreement, Some(99.5));
        assert!(options(&["--version"]).is_err());
        assert!(options(&["--bogus"]).is_err());
        assert!(options(&["--version", "1; rm -rf /"]).is_err());
    }

    #[test]
    fn spec_view_of_the_real_spec() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let api = bss_codegen::load_dir(&root.join("spec")).unwrap();
        let view = spec_view(&api);
        assert_eq!(view.operations.len(), api.operations.len());
        let costs = view
            .operations
            .iter()
            .find(|o| o.id == "ListCosts")
            .unwrap();
        assert_eq!(costs.body.as_deref(), Some("ListCostsReq"));
        assert!(costs
            .params
            .iter()
            .any(|p| p.location == Location::Header && p.wire == "X-Language"));
    }
}
