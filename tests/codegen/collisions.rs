//! A valid spec whose names collide: JSON keys that are Rust keywords (`type`, `self`, `ref`,
//! `match`), keys equal after snake_case (`orderId`/`order_id`,
//! `resource_Type_code`/`resource_type_code`), a parameter and a body field with the same
//! name, body fields named like builder methods (`send`, `options`, `client`), a header
//! and a query parameter equal after snake_case, enum wire values equal after case
//! conversion, and a group file named after a keyword (`type.yaml`). Generation must
//! succeed and rename deterministically, in document order.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{check_all, fixtures, scratch_dir, workspace_root};

const MODELS: &str = "bss-sdk/src/generated/models";
const OPERATIONS: &str = "bss-sdk/src/generated/operations";

fn generate() -> bss_codegen::Output {
    bss_codegen::generate_dir(&fixtures().join("collisions"))
        .unwrap_or_else(|d| panic!("the collisions fixture must be valid:\n{d}"))
}

fn file<'a>(out: &'a bss_codegen::Output, path: &str) -> &'a str {
    out.get(Path::new(path)).unwrap_or_else(|| {
        let all: Vec<String> = out.keys().map(|p| p.display().to_string()).collect();
        panic!("{path} was not generated; generated: {}", all.join(", "))
    })
}

/// `(JSON key, Rust field)` of every field of `pub struct name`, in order. The JSON key is
/// the `rename` of the field's `#[serde(...)]` attribute, however prettyplease wraps it.
fn struct_fields(text: &str, name: &str) -> Vec<(String, String)> {
    let start = format!("pub struct {name} {{");
    let body = text
        .split_once(&start)
        .unwrap_or_else(|| panic!("no `{start}`"))
        .1;
    let body = &body[..body.find("\n}").expect("end of struct")];
    let mut fields = Vec::new();
    let mut wire = None;
    for line in body.lines().map(str::trim) {
        if let Some(rest) = line.split_once("rename = \"").map(|(_, r)| r) {
            wire = Some(rest[..rest.find('"').expect("closing quote")].to_string());
        }
        if let Some(rest) = line.strip_prefix("pub ") {
            let rust = rest[..rest.find(':').expect("field type")].to_string();
            fields.push((
                wire.take()
                    .unwrap_or_else(|| panic!("field `{rust}` has no rename")),
                rust,
            ));
        }
    }
    fields
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// The names of every `pub fn` / `pub async fn` in `text`, in order.
fn pub_fns(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l
                .strip_prefix("pub fn ")
                .or_else(|| l.strip_prefix("pub async fn "))?;
            Some(rest[..rest.find(['(', '<']).expect("fn name")].to_string())
        })
        .collect()
}

#[test]
fn generation_succeeds_without_emitter_failures() {
    for (path, content) in generate() {
        assert!(
            !content.contains("compile_error!"),
            "{} holds an emitter failure",
            path.display()
        );
    }
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(generate(), generate());
}

#[test]
fn keyword_and_snake_case_collisions_in_models() {
    let out = generate();
    let widgets = file(&out, &format!("{MODELS}/widgets.rs"));
    assert_eq!(
        struct_fields(widgets, "UpdateWidgetReq"),
        pairs(&[
            ("limit", "limit"),
            ("type", "type_"),
            ("self", "self_"),
            ("ref", "ref_"),
            ("match", "match_"),
            ("orderId", "order_id"),
            ("order_id", "order_id_2"),
            ("resource_Type_code", "resource_type_code"),
            ("resource_type_code", "resource_type_code_2"),
            ("send", "send"),
            ("options", "options"),
            ("client", "client"),
            ("kind", "kind"),
        ])
    );
    assert_eq!(
        struct_fields(widgets, "Widget"),
        pairs(&[
            ("type", "type_"),
            ("self", "self_"),
            ("ref", "ref_"),
            ("match", "match_"),
            ("orderId", "order_id"),
            ("order_id", "order_id_2"),
            ("resource_Type_code", "resource_type_code"),
            ("resource_type_code", "resource_type_code_2"),
            ("kind", "kind"),
            ("shape", "shape"),
        ])
    );
    // Required request fields are plain values, the rest `Option`s.
    let flat = widgets.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        r#"#[serde(rename = "type")] pub type_: String,"#,
        r#"#[serde(rename = "orderId")] pub order_id: String,"#,
        r#"#[serde(rename = "order_id")] pub order_id_2: String,"#,
        r#"#[serde(rename = "self", default, skip_serializing_if = "Option::is_none")] pub self_: Option<bool>,"#,
    ] {
        assert!(flat.contains(needle), "models/widgets.rs lacks `{needle}`");
    }

    // The request model's builder: one marker per required field, named after its Rust name.
    let builder_fns = pub_fns(
        widgets
            .split_once("pub mod update_widget_req")
            .expect("builder module")
            .1,
    );
    for setter in [
        "limit",
        "type_",
        "self_",
        "ref_",
        "match_",
        "order_id",
        "order_id_2",
        "send",
        "options",
        "client",
    ] {
        assert!(
            builder_fns.iter().any(|f| f == setter),
            "UpdateWidgetReq's builder lacks `{setter}`"
        );
    }
    for marker in [
        "MissingLimit",
        "MissingType",
        "MissingOrderId",
        "MissingOrderId2",
    ] {
        assert!(
            widgets.contains(&format!("pub struct {marker};")),
            "models/widgets.rs lacks marker {marker}"
        );
    }
}

#[test]
fn parameters_and_body_fields_share_one_builder() {
    let out = generate();
    let op = file(&out, &format!("{OPERATIONS}/update_widget.rs"));
    let fns = pub_fns(op);
    // Parameters first, then body fields; a body field named like a parameter or like a
    // builder method (`send`, `options`, `client`) gets the next free `_N` name.
    for setter in [
        "widget_id",
        "limit",
        "type_",
        "x_ref",
        "limit_2",
        "self_",
        "ref_",
        "match_",
        "order_id",
        "order_id_2",
        "resource_type_code",
        "resource_type_code_2",
        "send_2",
        "options_2",
        "client_2",
        "kind",
    ] {
        assert!(
            fns.iter().any(|f| f == setter),
            "UpdateWidgetRequest lacks setter `{setter}`; has {fns:?}"
        );
    }
    let count = |name: &str| fns.iter().filter(|f| *f == name).count();
    assert_eq!(count("send"), 1, "exactly one `send`");
    assert_eq!(count("options"), 1, "exactly one `options`");
    assert_eq!(count("limit"), 1, "the query parameter keeps `limit`");
    let flat = op.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("pub fn options(mut self, options: crate::CallOptions) -> Self"));
    for marker in [
        "MissingWidgetId",
        "MissingLimit",
        "MissingLimit2",
        "MissingOrderId",
        "MissingOrderId2",
    ] {
        assert!(
            op.contains(&format!("pub struct {marker};")),
            "update_widget.rs lacks marker {marker}"
        );
    }
    // Wire names stay exact: the query parameter and the body field are both `limit`.
    assert!(
        flat.contains(r#"req.query("limit", Some(&self.limit));"#),
        "the query `limit` comes from `limit`"
    );
    assert!(
        flat.contains("limit: self.limit_2,"),
        "the body `limit` comes from `limit_2`"
    );
    for (field, setter) in [
        ("send", "send_2"),
        ("options", "options_2"),
        ("client", "client_2"),
        ("type_", "type_2"),
    ] {
        assert!(
            flat.contains(&format!("{field}: self.{setter},")),
            "the body `{field}` comes from `{setter}`"
        );
    }
    assert!(flat.contains(r#"req.query("type", self.type_.as_ref());"#));
    assert!(flat.contains(r#"req.header("X-Ref", self.x_ref.as_ref());"#));

    // A header equal to a query parameter after snake_case is renamed; the paginator still
    // drives the query parameter named in `pagination.offset`.
    let list = file(&out, &format!("{OPERATIONS}/list_widgets.rs"));
    let list_fns = pub_fns(list);
    assert!(list_fns.iter().any(|f| f == "offset") && list_fns.iter().any(|f| f == "offset_2"));
    assert!(list.contains(r#"req.query("offset", self.offset.as_ref());"#));
    assert!(list.contains(r#"req.header("Offset", self.offset_2.as_ref());"#));
    assert!(
        list.contains("page.offset = Some("),
        "the paginator must set the query `offset`"
    );
}

#[test]
fn enum_wire_values_stay_exact() {
    let out = generate();
    let widgets = file(&out, &format!("{MODELS}/widgets.rs"));
    let flat = widgets.split_whitespace().collect::<Vec<_>>().join(" ");
    for (variant, wire) in [
        ("OnDemand", "on-demand"),
        ("OnDemandUpper", "ON_DEMAND"),
        ("OnDemandCamel", "OnDemand"),
        ("UnknownKind", "Unknown"),
    ] {
        assert!(
            flat.contains(&format!("Self::{variant} => \"{wire}\",")),
            "as_str of {variant}"
        );
        assert!(
            flat.contains(&format!("\"{wire}\" => Self::{variant},")),
            "from of {wire}"
        );
    }
    assert!(
        flat.contains("Unknown(String),"),
        "undocumented values still decode into `Unknown(..)`"
    );

    let shapes = file(&out, &format!("{MODELS}/type_.rs"));
    assert!(
        shapes.contains("    Self_,"),
        "an enum value named `Self_` stays `Self_`"
    );
}

#[test]
fn keyword_file_name_becomes_a_suffixed_module() {
    let out = generate();
    let mods = file(&out, &format!("{MODELS}/mod.rs"));
    assert!(mods.contains("pub mod type_;") && mods.contains("pub use type_::*;"));
    assert!(mods.contains("pub mod widgets;") && mods.contains("pub use widgets::*;"));
}

#[test]
fn generated_files_snapshot() {
    let out = generate();
    let names = [
        ("models__widgets", format!("{MODELS}/widgets.rs")),
        ("models__type_", format!("{MODELS}/type_.rs")),
        (
            "operations__update_widget",
            format!("{OPERATIONS}/update_widget.rs"),
        ),
        (
            "operations__list_widgets",
            format!("{OPERATIONS}/list_widgets.rs"),
        ),
    ];
    check_all(
        names
            .into_iter()
            .map(|(n, p)| (n.to_string(), file(&out, &p).to_string())),
        |name, content| {
            insta::with_settings!({ omit_expression => true }, {
                insta::assert_snapshot!(name, content);
            });
        },
    );
}

/// `names::unique` appends `_N` after the keyword suffix, giving `type__2`, which rustc's
/// `non_snake_case` lint rejects (a warning in bss-sdk, an error under `-D warnings`).
#[test]
fn keyword_names_that_collide_get_a_single_underscore() {
    let out = generate();
    let shapes = file(&out, &format!("{MODELS}/type_.rs"));
    assert_eq!(
        struct_fields(shapes, "Shape"),
        pairs(&[("type", "type_"), ("Type", "type_2"), ("TYPE", "type_3")])
    );
    for (path, content) in &out {
        if path.extension().is_some_and(|e| e == "rs") {
            assert!(
                !content.contains("__2") && !content.contains("__3"),
                "{}: double underscore",
                path.display()
            );
        }
    }
}

/// A request model's builder has `new()` and `build()`; fields with those names collide with
/// them (E0592 duplicate definitions) unless their setters are renamed.
#[test]
fn request_model_fields_named_like_builder_methods_are_renamed() {
    let dir = scratch_dir("builder-method-names");
    std::fs::create_dir_all(dir.join("spec/groups")).unwrap();
    std::fs::copy(
        fixtures().join("collisions/service.yaml"),
        dir.join("spec/service.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.join("spec/groups/things.yaml"),
        "group: Things\ncaller: customer\noperations:\n  - id: CreateThing\n    summary: Create a thing.\n    method: POST\n    path: /v1/things\n    retry: unsafe\n    body: CreateThingReq\n    response: { status: 204 }\nmodels:\n  - name: CreateThingReq\n    fields:\n      - { name: new, type: string }\n      - { name: build, type: string, required: true }\n",
    )
    .unwrap();
    let out = bss_codegen::generate_dir(&dir.join("spec")).unwrap_or_else(|d| panic!("{d}"));
    let things = file(&out, &format!("{MODELS}/things.rs"));
    let fns = pub_fns(things);
    assert_eq!(
        fns.iter().filter(|f| *f == "build").count(),
        1,
        "one `build`: {fns:?}"
    );
    assert!(
        !things.contains("pub fn new(mut self"),
        "a setter named `new` collides with `Builder::new`"
    );
}

/// Compiles bss-sdk with its generated code replaced by the collisions output, so names that
/// look fine as text but collide in Rust (duplicate methods, variants, lints) are caught.
/// Slow (a nested `cargo check` with its own target folder): run with `--ignored`.
#[test]
#[ignore = "slow: nested cargo check of bss-sdk with the collisions output"]
fn collisions_output_compiles() {
    let root = workspace_root();
    let ws = scratch_dir("collisions-workspace");
    copy_dir(&root.join("bss-sdk"), &ws.join("bss-sdk"), &|p| {
        p.ends_with("src/generated")
    });
    for (path, content) in generate() {
        if path.starts_with("bss-sdk") {
            let dest = ws.join(&path);
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::write(dest, content).unwrap();
        }
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let members_start = manifest.find("members = [").expect("workspace members");
    let members_end = members_start + manifest[members_start..].find(']').unwrap() + 1;
    let manifest = format!(
        "{}members = [\"bss-sdk\"]{}",
        &manifest[..members_start],
        &manifest[members_end..]
    );
    std::fs::write(ws.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock")).unwrap();

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let target = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("collisions-target");
    let output = std::process::Command::new(cargo)
        .args([
            "check",
            "--offline",
            "--message-format=short",
            "-p",
            "bss-sdk",
        ])
        .current_dir(&ws)
        .env("CARGO_TARGET_DIR", target)
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
        "the collisions output does not build cleanly:\n{stderr}"
    );
}

fn copy_dir(from: &Path, to: &Path, skip: &dyn Fn(&Path) -> bool) {
    std::fs::create_dir_all(to).unwrap();
    let mut entries: BTreeMap<_, _> = BTreeMap::new();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        entries.insert(e.file_name(), e.path());
    }
    for (name, path) in entries {
        if skip(&path) {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &to.join(name), skip);
        } else {
            std::fs::copy(&path, to.join(name)).unwrap();
        }
    }
}
