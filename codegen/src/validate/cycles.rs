//! A model that contains itself without a list or map in between has infinite size.
//!
//! One depth-first walk over the direct (non-list, non-map) references, iterative and with
//! each model entered once, so its cost is linear in the number of models and fields. Each
//! model found on a cycle is reported once, with the cycle as seen from it.

use std::collections::BTreeMap;

use super::Def;
use crate::diagnostic::Diagnostics;
use crate::ir::{Model, TypeRef};
use crate::load::raw;

/// Models named in a reported trail beyond which it is shortened with `…`.
const TRAIL_SHOWN: usize = 8;

#[derive(Clone, Copy, PartialEq)]
enum State {
    New,
    /// On the current path, at this index of `path`.
    Open(usize),
    Done,
}

pub fn check(
    models: &BTreeMap<String, Model>,
    defs: &BTreeMap<&str, (Def, &raw::Model)>,
    d: &mut Diagnostics,
) {
    let names: Vec<&str> = models.keys().map(String::as_str).collect();
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    // Direct references of each model, by index.
    let edges: Vec<Vec<usize>> = models
        .values()
        .map(|m| {
            m.fields
                .iter()
                .filter_map(|f| match &f.ty {
                    TypeRef::Model(next) => index.get(next.as_str()).copied(),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let mut state = vec![State::New; names.len()];
    let mut reported = vec![false; names.len()];
    for start in 0..names.len() {
        if state[start] != State::New {
            continue;
        }
        // The current path, and for each model on it the next edge to follow.
        let mut path: Vec<usize> = vec![start];
        let mut next_edge: Vec<usize> = vec![0];
        state[start] = State::Open(0);
        while let Some(&node) = path.last() {
            let k = next_edge.last_mut().expect("one per path entry");
            let Some(&to) = edges[node].get(*k) else {
                state[node] = State::Done;
                path.pop();
                next_edge.pop();
                continue;
            };
            *k += 1;
            match state[to] {
                State::New => {
                    state[to] = State::Open(path.len());
                    path.push(to);
                    next_edge.push(0);
                }
                State::Open(at) => {
                    let cycle = &path[at..];
                    for (i, &m) in cycle.iter().enumerate() {
                        if !reported[m] {
                            reported[m] = true;
                            report(&names, cycle, i, defs, d);
                        }
                    }
                }
                State::Done => {}
            }
        }
    }
}

/// Reports `cycle[from]`, with the cycle read starting from it.
fn report(
    names: &[&str],
    cycle: &[usize],
    from: usize,
    defs: &BTreeMap<&str, (Def, &raw::Model)>,
    d: &mut Diagnostics,
) {
    let len = cycle.len();
    let at = |i: usize| names[cycle[(from + i) % len]];
    let trail = if len < TRAIL_SHOWN {
        (0..=len).map(at).collect::<Vec<_>>().join(" → ")
    } else {
        let head: Vec<&str> = (0..TRAIL_SHOWN / 2).map(at).collect();
        let tail: Vec<&str> = (len - TRAIL_SHOWN / 2 + 1..=len).map(at).collect();
        format!(
            "{} → … → {} ({len} models)",
            head.join(" → "),
            tail.join(" → ")
        )
    };
    let name = at(0);
    let (def, _) = &defs[name];
    d.push(
        def.file
            .error_at(
                &def.path,
                format!("model `{name}` contains itself: {trail}"),
            )
            .hint("break the cycle with a list<…> or map<…> field"),
    );
}
