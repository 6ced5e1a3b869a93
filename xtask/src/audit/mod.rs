//! `cargo xtask audit [--package NAME] [--version X] [--module v2] [--min-agreement PCT]
//! [--write-summary]`: compares the spec with the official Python SDK's declared models.
//!
//! `--write-summary` also records the summary figures in `spec/audit.yaml` (site, package,
//! version, counts, agreement and the fingerprint of the audited spec), which `cargo xtask
//! codegen` checks and renders into `bss-sdk/OPERATIONS.md` without needing the registry.
//! The file holds one entry per site: the run replaces the entry of the audited package's
//! site and keeps the others, so each site's package is audited on its own.
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
const USAGE: &str = "usage: cargo xtask audit [--package NAME] [--version X] [--module v2] [--min-agreement PCT] [--write-summary]";

struct Options {
    package: String,
    version: String,
    module: String,
    min_agreement: Option<f64>,
    write_summary: bool,
}

fn options(args: &[&str]) -> Result<Options, String> {
    let mut o = Options {
        package: DEFAULT_PACKAGE.into(),
        version: DEFAULT_VERSION.into(),
        module: "v2".into(),
        min_agreement: None,
        write_summary: false,
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
            "--write-summary" => o.write_summary = true,
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
    // The spec without spec/audit.yaml: the summary is what this run rewrites, so a stale or
    // broken one must not stop it.
    let (service, groups) = bss_codegen::load::read_dir(&root.join("spec"))
        .map_err(|d| format!("{d}\n\nspec is invalid"))?;
    let api = bss_codegen::load_sources(&service, &groups)
        .map_err(|d| format!("{d}\n\nspec is invalid"))?;
    // The package's site: each official SDK covers one site, so the spec is compared as
    // that site sees it (its operations, parameters and fields).
    let site = site_of(&o.package);
    let k = api
        .service
        .sites
        .iter()
        .position(|s| s.id == site)
        .ok_or_else(|| format!("the spec has no site `{site}` for {}", o.package))?;
    let spec = spec_view(&api, k);
    let dir = fetch(root, &o.package, &o.version)?;
    let upstream = read_upstream(&dir, &o.package, &o.module)?;
    let report = compare::compare(&upstream, &spec);
    print!(
        "{}",
        report.render(&format!("{} {} ({})", o.package, o.version, o.module))
    );
    if o.write_summary {
        let spec_dir = root.join("spec");
        let entry = summary_entry(
            &o,
            site,
            &report.summary(),
            &bss_codegen::validate::audit_fingerprint(&api),
        );
        let entries = merge(&api, existing_summaries(&spec_dir, &api)?, entry);
        let path = spec_dir.join("audit.yaml");
        std::fs::write(&path, summary_yaml(&entries))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!(
            "audit: wrote the `{site}` entry of spec/audit.yaml; run `cargo xtask codegen` to update OPERATIONS.md"
        );
    }
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

/// The entries of the checked-in `spec/audit.yaml` (none without the file), checked by the
/// generator against the spec already loaded (`api`). A file that does not load stops the
/// run: rewriting it would lose the other sites' entries.
fn existing_summaries(spec_dir: &Path, api: &ir::Api) -> Result<Vec<ir::AuditSummary>, String> {
    let invalid = |d: bss_codegen::Diagnostics| {
        format!(
            "{d}\n\nspec/audit.yaml is invalid; fix it (or remove it, losing its entries) and rerun"
        )
    };
    let Some(audit) = bss_codegen::load::read_audit(spec_dir).map_err(invalid)? else {
        return Ok(Vec::new());
    };
    let entries = bss_codegen::load::parse_audit(&audit).map_err(invalid)?;
    bss_codegen::validate::audit(&entries, api).map_err(invalid)
}

/// The summary entry of a run on `site`, as `spec/audit.yaml` records it.
fn summary_entry(
    o: &Options,
    site: &str,
    s: &compare::Summary,
    fingerprint: &str,
) -> ir::AuditSummary {
    let n = |x: usize| x as u64;
    ir::AuditSummary {
        site: site.to_string(),
        package: o.package.clone(),
        version: o.version.clone(),
        module: o.module.clone(),
        fingerprint: fingerprint.to_string(),
        stale: false,
        operations_official: n(s.official),
        operations_in_spec: n(s.in_spec),
        operations_only_in_spec: n(s.only_in_spec),
        operations_without_differences: n(s.clean),
        routes: (n(s.routes), n(s.in_spec)),
        parameters: (n(s.params.full), n(s.params.items)),
        items_agree: n(s.items.full),
        items_agree_key_type: n(s.items.key_type),
        items: n(s.items.items),
        agreement_percent: bss_codegen::validate::format_percent(n(s.items.full), n(s.items.items)),
        spec_items_not_upstream: n(s.missing_upstream),
    }
}

/// `existing` with `entry` in place of its site's entry, in the service's site order.
fn merge(
    api: &ir::Api,
    mut existing: Vec<ir::AuditSummary>,
    entry: ir::AuditSummary,
) -> Vec<ir::AuditSummary> {
    existing.retain(|e| e.site != entry.site);
    existing.push(entry);
    let order = |e: &ir::AuditSummary| {
        api.service
            .sites
            .iter()
            .position(|s| s.id == e.site)
            .unwrap_or(usize::MAX)
    };
    existing.sort_by_key(order);
    existing
}

/// `spec/audit.yaml` holding `entries` (in the order given), in the format `bss-codegen`
/// checks. The same entries always give the same text.
fn summary_yaml(entries: &[ir::AuditSummary]) -> String {
    let mut text = String::from(
        "# Summary of the last upstream audit of each site's official SDK, one entry per site.\n\
         # Written by `cargo xtask audit [--package NAME] --write-summary` (which replaces the\n\
         # entry of the audited package's site); do not edit by hand: rerun the audit.\n\
         # `cargo xtask codegen` checks this file and renders it into bss-sdk/OPERATIONS.md\n\
         # (see spec/README.md, \"audit.yaml\").\n\
         audit:\n",
    );
    for e in entries {
        text.push_str(&format!(
            "  - site: {site}\n\
             \x20   package: {package}\n\
             \x20   version: \"{version}\"\n\
             \x20   module: {module}\n\
             \x20   # fingerprint of what the audit compared; codegen flags the summary as stale\n\
             \x20   # when the spec no longer has it\n\
             \x20   spec_fingerprint: \"{fingerprint}\"\n\
             \x20   operations: {{ official: {official}, in_spec: {in_spec}, only_in_spec: {only}, without_differences: {clean} }}\n\
             \x20   routes: {{ agree: {routes}, of: {routes_of} }}\n\
             \x20   parameters: {{ agree: {pf}, of: {pi} }}\n\
             \x20   items: {{ agree: {tf}, agree_key_type: {tk}, of: {ti} }}\n\
             \x20   agreement_percent: \"{pct}\"\n\
             \x20   spec_items_not_upstream: {missing}\n",
            site = e.site,
            package = e.package,
            version = e.version,
            module = e.module,
            fingerprint = e.fingerprint,
            official = e.operations_official,
            in_spec = e.operations_in_spec,
            only = e.operations_only_in_spec,
            clean = e.operations_without_differences,
            routes = e.routes.0,
            routes_of = e.routes.1,
            pf = e.parameters.0,
            pi = e.parameters.1,
            tf = e.items_agree,
            tk = e.items_agree_key_type,
            ti = e.items,
            pct = e.agreement_percent,
            missing = e.spec_items_not_upstream,
        ));
    }
    text
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

/// The site an official package covers: `huaweicloudsdkbss` the Chinese mainland site,
/// the others (`huaweicloudsdkbssintl`) the international one.
fn site_of(package: &str) -> &'static str {
    if package == "huaweicloudsdkbss" {
        "china"
    } else {
        "intl"
    }
}

/// The spec as the audit needs it, on site `k`: the one place that reads the generator's IR.
fn spec_view(api: &ir::Api, k: usize) -> SpecView {
    let ty = |t: &ir::TypeRef| stype(api, t);
    SpecView {
        operations: api
            .operations
            .iter()
            .filter(|op| op.sites.contains(k))
            .map(|op| SOperation {
                id: op.id.clone(),
                method: op.method.as_str().to_string(),
                path: op.path.to_string(),
                params: op
                    .params
                    .iter()
                    .filter(|p| p.sites.contains(k))
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
                    .filter(|f| f.sites.contains(k))
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
        assert!(!o.write_summary);
        assert!(options(&["--write-summary"]).unwrap().write_summary);
        assert!(options(&["--version"]).is_err());
        assert!(options(&["--bogus"]).is_err());
        assert!(options(&["--version", "1; rm -rf /"]).is_err());
    }

    fn test_summary() -> compare::Summary {
        compare::Summary {
            official: 55,
            in_spec: 54,
            only_in_spec: 3,
            clean: 50,
            routes: 53,
            params: compare::Counts {
                items: 111,
                full: 110,
                key_type: 111,
            },
            items: compare::Counts {
                items: 1116,
                full: 1067,
                key_type: 1084,
            },
            missing_upstream: 4,
        }
    }

    fn real_spec() -> (Vec<bss_codegen::Source>, bss_codegen::Source, ir::Api) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let (service, groups) = bss_codegen::load::read_dir(&root.join("spec")).unwrap();
        let api = bss_codegen::load_sources(&service, &groups).unwrap();
        (groups, service, api)
    }

    fn load_back(
        service: &bss_codegen::Source,
        groups: &[bss_codegen::Source],
        text: String,
    ) -> Vec<ir::AuditSummary> {
        let audit = bss_codegen::Source {
            path: "spec/audit.yaml".into(),
            text,
        };
        bss_codegen::load_sources_with_audit(service, groups, Some(&audit))
            .unwrap_or_else(|d| panic!("{d}"))
            .audit
    }

    /// The summary this tool writes is accepted by the generator, with the figures it
    /// was given, and is not stale for the spec it was computed on.
    #[test]
    fn written_summary_loads_back() {
        let (groups, service, api) = real_spec();
        let o = options(&[]).unwrap();
        let fingerprint = bss_codegen::validate::audit_fingerprint(&api);
        let entry = summary_entry(&o, site_of(&o.package), &test_summary(), &fingerprint);
        let loaded = load_back(
            &service,
            &groups,
            summary_yaml(std::slice::from_ref(&entry)),
        );
        assert_eq!(loaded, [entry]);
        let a = &loaded[0];
        assert!(!a.stale);
        assert_eq!(
            (a.site.as_str(), a.package.as_str(), a.version.as_str()),
            ("intl", DEFAULT_PACKAGE, DEFAULT_VERSION)
        );
        assert_eq!(
            (a.items_agree, a.items_agree_key_type, a.items),
            (1067, 1084, 1116)
        );
        assert_eq!(a.agreement_percent, "95.6");
        assert_eq!((a.routes, a.parameters), ((53, 54), (110, 111)));
        assert_eq!(
            (
                a.operations_official,
                a.operations_in_spec,
                a.operations_only_in_spec
            ),
            (55, 54, 3)
        );
        assert_eq!(
            (a.operations_without_differences, a.spec_items_not_upstream),
            (50, 4)
        );
    }

    /// A run replaces its own site's entry, keeps the other site's, and writes them in the
    /// service's site order, the same text for the same entries.
    #[test]
    fn a_run_replaces_its_site_and_keeps_the_other() {
        let (groups, service, api) = real_spec();
        let fingerprint = bss_codegen::validate::audit_fingerprint(&api);
        let intl = options(&[]).unwrap();
        let china = options(&["--package", "huaweicloudsdkbss"]).unwrap();
        let china_entry = summary_entry(
            &china,
            site_of(&china.package),
            &test_summary(),
            "fnv1a64:0000000000000000",
        );
        let first = merge(&api, Vec::new(), china_entry.clone());
        assert_eq!(first, std::slice::from_ref(&china_entry));

        // The intl run comes first in the file although the china entry was there before.
        let mut s = test_summary();
        s.items.full = 1084;
        let intl_entry = summary_entry(&intl, site_of(&intl.package), &s, &fingerprint);
        let both = merge(&api, first, intl_entry.clone());
        assert_eq!(both, [intl_entry.clone(), china_entry.clone()]);
        let text = summary_yaml(&both);
        assert_eq!(text, summary_yaml(&both));
        let loaded = load_back(&service, &groups, text.clone());
        assert_eq!(loaded.len(), 2);
        assert_eq!(
            (
                loaded[0].site.as_str(),
                loaded[0].stale,
                loaded[0].agreement_percent.as_str()
            ),
            ("intl", false, "97.1")
        );
        // The china entry keeps its own (here: older) fingerprint, so it shows as stale.
        assert_eq!(
            (
                loaded[1].site.as_str(),
                loaded[1].package.as_str(),
                loaded[1].stale
            ),
            ("china", "huaweicloudsdkbss", true)
        );

        // Rerunning intl replaces its entry only.
        let again = summary_entry(&intl, "intl", &test_summary(), &fingerprint);
        let replaced = merge(&api, loaded, again.clone());
        assert_eq!(replaced.len(), 2);
        assert_eq!(replaced[0], again);
        assert_eq!(replaced[1].package, "huaweicloudsdkbss");
        assert_eq!(replaced[1].fingerprint, "fnv1a64:0000000000000000");
        assert_ne!(summary_yaml(&replaced), text);
    }

    /// The checked-in file must load, or `--write-summary` refuses to overwrite it.
    #[test]
    fn existing_summaries_of_a_spec_dir() {
        let (_, _, api) = real_spec();
        let dir = std::env::temp_dir().join(format!("xtask-audit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(existing_summaries(&dir, &api), Ok(Vec::new()));
        std::fs::write(
            dir.join("audit.yaml"),
            "audit:\n  package: huaweicloudsdkbssintl\n",
        )
        .unwrap();
        let err = existing_summaries(&dir, &api).unwrap_err();
        assert!(err.contains("spec/audit.yaml is invalid"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn spec_view_of_the_real_spec() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let api = bss_codegen::load_dir(&root.join("spec")).unwrap();
        let view = spec_view(&api, 0);
        let intl = api
            .operations
            .iter()
            .filter(|o| o.sites.contains(0))
            .count();
        assert_eq!(view.operations.len(), intl);
        // Each site sees its own operations: 57 international, 92 Chinese (44 shared).
        assert_eq!(intl, 57);
        assert_eq!(spec_view(&api, 1).operations.len(), 92);
        assert!(!spec_view(&api, 0)
            .operations
            .iter()
            .any(|o| o.id == "ListCities"));
        assert!(!spec_view(&api, 1)
            .operations
            .iter()
            .any(|o| o.id == "ListInvoices"));
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
