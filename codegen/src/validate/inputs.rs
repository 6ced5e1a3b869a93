//! The builder of an operation: one input per parameter (except those the runtime fills)
//! and per top-level body field, each with a setter unique among the builder's methods
//! and, if required, a type-state marker unique among the module's types.

use std::collections::BTreeSet;

use super::reserved;
use crate::ir::*;
use crate::names;

pub(super) fn resolve(
    names_: &OpNames,
    params: &[Param],
    body: Option<&Model>,
    op_sites: SiteSet,
) -> Vec<Input> {
    let mut setters = reserved::set(reserved::BUILDER_METHODS);
    // Types of the module: the builder, error, kind and input structs.
    let mut types: BTreeSet<String> = [&names_.builder, &names_.error, &names_.kind]
        .into_iter()
        .cloned()
        .chain(["Input".to_string(), "SPEC".to_string()])
        .collect();
    let mut marker = |setter: &str, required: bool| {
        required.then(|| names::unique(format!("Missing{}", names::pascal(setter)), &mut types))
    };
    let mut out = Vec::new();
    for p in params.iter().filter(|p| !p.from_domain_id) {
        let setter = names::unique(names::snake(&p.wire), &mut setters);
        out.push(Input {
            marker: marker(&setter, p.required),
            setter,
            wire: p.wire.clone(),
            ty: p.ty.clone(),
            required: p.required,
            doc: p.doc.clone(),
            limits: p.limits.clone(),
            from: InputFrom::Param(p.location),
            sites: p.sites,
        });
    }
    for f in body.map(|m| m.fields.as_slice()).unwrap_or_default() {
        let setter = names::unique(f.rust.clone(), &mut setters);
        out.push(Input {
            marker: marker(&setter, f.required),
            setter,
            wire: f.wire.clone(),
            ty: f.ty.clone(),
            required: f.required,
            doc: f.doc.clone(),
            limits: f.limits.clone(),
            from: InputFrom::Body(f.rust.clone()),
            sites: SiteSet(f.sites.0 & op_sites.0),
        });
    }
    out
}

/// A site-bound input (taken by fewer sites than the operation's) gets its setter only on
/// the builders of those sites, and if required, is required there only.
pub(super) fn site_bound_ok(
    cx: &super::operations::Ctx,
    inputs: &[Input],
    d: &mut crate::diagnostic::Diagnostics,
) {
    for i in inputs.iter().filter(|i| i.sites.is_empty()) {
        d.push(
            cx.error(
                "sites",
                format!(
                    "input `{}` is taken by none of the operation's sites",
                    i.wire
                ),
            )
            .hint("check the `sites` of the field or parameter"),
        );
    }
}
