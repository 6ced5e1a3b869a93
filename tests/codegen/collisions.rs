//! A valid spec whose names collide (`tests/fixtures/collisions/`): JSON keys that are Rust
//! keywords (`type`, `self`, `ref`, `match`), keys equal after snake_case
//! (`orderId`/`order_id`, `resource_Type_code`/`resource_type_code`), required fields
//! whose markers are equal after normalisation (`order_id_2`/`order_id2`, `x2`/`x_2`), a
//! parameter and a body field with the same name, fields named like builder methods
//! (`send`, `options`, `client`, `new`, `build`), a header and a query parameter equal after
//! snake_case, enum wire values equal after case conversion, and a group file named after a
//! keyword (`type.yaml`). `validate` renames deterministically, in document order; these
//! tests read the names it decided from the IR. That the output compiles is checked by
//! `fixtures::every_fixture_compiles`.

use std::path::Path;

use bss_codegen::ir::{Api, InputFrom};

use crate::support::fixtures;

fn api() -> Api {
    bss_codegen::load_dir(&fixtures().join("collisions"))
        .unwrap_or_else(|d| panic!("the collisions fixture must be valid:\n{d}"))
}

fn fields(api: &Api, model: &str) -> Vec<(String, String)> {
    api.models[model]
        .fields
        .iter()
        .map(|f| (f.wire.clone(), f.rust.clone()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn keyword_and_snake_case_collisions_in_models() {
    let api = api();
    assert_eq!(
        fields(&api, "Widget"),
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
    assert_eq!(
        fields(&api, "Shape"),
        pairs(&[("type", "type_"), ("Type", "type_2"), ("TYPE", "type_3")])
    );
}

#[test]
fn parameters_and_body_fields_share_one_builder() {
    let api = api();
    let op = api.operation("UpdateWidget").unwrap();
    let inputs: Vec<(&str, &str, Option<&str>)> = op
        .inputs
        .iter()
        .map(|i| (i.wire.as_str(), i.setter.as_str(), i.marker.as_deref()))
        .collect();
    // Parameters first, then body fields; a body field named like a parameter or like a
    // builder method (`send`, `options`, `client`) gets the next free `_N` name.
    assert_eq!(
        inputs,
        vec![
            ("widget_id", "widget_id", Some("MissingWidgetId")),
            ("limit", "limit", Some("MissingLimit")),
            ("type", "type_", None),
            ("X-Ref", "x_ref", None),
            ("limit", "limit_2", Some("MissingLimit2")),
            ("type", "type_2", Some("MissingType2")),
            ("self", "self_", None),
            ("ref", "ref_", None),
            ("match", "match_", None),
            ("orderId", "order_id", Some("MissingOrderId")),
            ("order_id", "order_id_2", Some("MissingOrderId2")),
            ("resource_Type_code", "resource_type_code", None),
            ("resource_type_code", "resource_type_code_2", None),
            ("send", "send_2", None),
            ("options", "options_2", None),
            ("client", "client", None),
            ("kind", "kind", None),
            ("order_id2", "order_id2", Some("MissingOrderId22")),
            ("parts", "parts", None),
        ]
    );
    // The body `limit` is set through `limit_2`, into the model's `limit` field.
    let limit_2 = op.inputs.iter().find(|i| i.setter == "limit_2").unwrap();
    assert_eq!(limit_2.from, InputFrom::Body("limit".into()));

    // A header equal to a query parameter after snake_case is renamed; the paginator still
    // drives the query parameter named in `pagination.offset`.
    let list = api.operation("ListWidgets").unwrap();
    let setters: Vec<&str> = list.inputs.iter().map(|i| i.setter.as_str()).collect();
    assert_eq!(setters, ["offset", "limit", "offset_2"]);
    assert_eq!(list.pagination.as_ref().unwrap().cursor_input, "offset");

    let out = bss_codegen::emit::emit(&api);
    let text = &out[Path::new("bss-sdk/src/generated/operations/list_widgets.rs")];
    assert!(text.contains(r#"req.query("offset", self.call.input.offset.as_ref());"#));
    assert!(text.contains(r#"req.header("Offset", self.call.input.offset_2.as_ref());"#));
    assert!(text.contains("page.call.input.offset = Some("));
}

#[test]
fn nested_request_model_builders_avoid_their_own_methods() {
    let api = api();
    let part = &api.models["WidgetPart"];
    let b = part
        .builder
        .as_ref()
        .expect("a nested request model has a builder");
    assert_eq!(b.module, "widget_part");
    assert_eq!(b.setters, ["new_2", "build_2", "x2", "x_2"]);
    assert_eq!(
        b.markers,
        [
            None,
            Some("MissingBuild2".to_string()),
            Some("MissingX2".to_string()),
            Some("MissingX22".to_string())
        ]
    );
    // A top-level body is set through its operation's builder and has none of its own.
    assert!(api.models["UpdateWidgetReq"].builder.is_none());
}

#[test]
fn enum_wire_values_stay_exact() {
    let api = api();
    let out = bss_codegen::emit::emit(&api);
    let widgets = &out[Path::new("bss-sdk/src/generated/models/widgets.rs")];
    let flat = widgets.split_whitespace().collect::<Vec<_>>().join(" ");
    for (variant, wire) in [
        ("OnDemand", "on-demand"),
        ("OnDemandUpper", "ON_DEMAND"),
        ("OnDemandCamel", "OnDemand"),
        ("UnknownKind", "Unknown"),
    ] {
        assert!(
            flat.contains(&format!("(\"{wire}\", Self::{variant})")),
            "the wire value of {variant}"
        );
    }
    assert!(flat.contains("Unknown(String),"));
    let shapes = &out[Path::new("bss-sdk/src/generated/models/type_.rs")];
    assert!(shapes.contains("    Self_,"), "`Self_` stays `Self_`");
}

#[test]
fn keyword_file_name_becomes_a_suffixed_module() {
    let out = bss_codegen::emit::emit(&api());
    let mods = &out[Path::new("bss-sdk/src/generated/models/mod.rs")];
    assert!(mods.contains("pub mod type_;") && mods.contains("pub use type_::*;"));
    assert!(mods.contains("pub mod widgets;") && mods.contains("pub use widgets::*;"));
}

/// `names::unique` appends `_N` after the keyword suffix, giving `type__2`, which rustc's
/// `non_snake_case` lint rejects; no generated name has a double underscore.
#[test]
fn keyword_names_that_collide_get_a_single_underscore() {
    for (path, content) in bss_codegen::emit::emit(&api()) {
        if path.extension().is_some_and(|e| e == "rs") {
            assert!(
                !content.contains("__2") && !content.contains("__3"),
                "{}: double underscore",
                path.display()
            );
        }
    }
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(
        bss_codegen::emit::emit(&api()),
        bss_codegen::emit::emit(&api())
    );
}
