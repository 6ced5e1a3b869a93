//! Where each node of a YAML document starts, by path (`operations[0].params[1].type`).
//!
//! Decoding errors carry their own position; semantic checks (an unknown model, a
//! duplicate id) find theirs here, so every diagnostic can name `file:line:column`.

use std::collections::HashMap;

use super::yaml::{Kind, Node};

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Debug, Default)]
pub struct Locator {
    values: HashMap<String, Pos>,
    keys: HashMap<String, Pos>,
}

impl Locator {
    /// Indexes the tree of one parsed document.
    pub fn index(root: &Node) -> Self {
        let mut locator = Locator::default();
        walk(root, &mut locator);
        locator
    }

    /// The position of the value at `path`, or of its nearest indexed ancestor.
    pub fn value(&self, path: &str) -> Pos {
        let mut p = path;
        loop {
            if let Some(pos) = self.values.get(p) {
                return *pos;
            }
            match parent(p) {
                Some(up) => p = up,
                None => return Pos { line: 1, column: 1 },
            }
        }
    }

    /// The same index, with paths relative to the node at `root` (so `service.regions`
    /// becomes `regions`). Nodes outside `root` are dropped.
    pub fn rooted_at(self, root: &str) -> Locator {
        let strip = |map: HashMap<String, Pos>| -> HashMap<String, Pos> {
            map.into_iter()
                .filter_map(|(k, v)| {
                    if k == root {
                        Some((String::new(), v))
                    } else {
                        k.strip_prefix(root)
                            .and_then(|rest| rest.strip_prefix('.'))
                            .map(|rest| (rest.to_string(), v))
                    }
                })
                .collect()
        };
        Locator {
            values: strip(self.values),
            keys: strip(self.keys),
        }
    }

    /// The position of the key that introduces `path` (falls back to the value).
    pub fn key(&self, path: &str) -> Pos {
        self.keys
            .get(path)
            .copied()
            .unwrap_or_else(|| self.value(path))
    }
}

fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    Some(match path.rfind(['.', '[']) {
        Some(i) => &path[..i],
        None => "",
    })
}

/// Records every node under `node`, whose path is `path`. Iterative, so no input depth can
/// exhaust the stack (the loader bounds the depth anyway).
fn walk(root: &Node, locator: &mut Locator) {
    let mut todo: Vec<(String, &Node)> = vec![(String::new(), root)];
    while let Some((path, node)) = todo.pop() {
        match &node.kind {
            Kind::Scalar { .. } => {}
            Kind::Seq(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    todo.push((format!("{path}[{i}]"), item));
                }
            }
            Kind::Map(entries) => {
                for (key, value) in entries.iter().rev() {
                    let p = join(&path, &key.text);
                    locator.keys.insert(p.clone(), key.pos);
                    todo.push((p, value));
                }
            }
        }
        locator.values.insert(path, node.pos);
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values_and_keys() {
        let src = "operations:\n  - id: A\n    params:\n      - name: x\n        type: strin\n";
        let loc = Locator::index(&crate::load::yaml::parse(src).unwrap().unwrap());
        assert_eq!(
            loc.value("operations[0].params[0].type"),
            Pos {
                line: 5,
                column: 15
            }
        );
        assert_eq!(
            loc.key("operations[0].params[0].type"),
            Pos { line: 5, column: 9 }
        );
        assert_eq!(loc.value("operations[0].id"), Pos { line: 2, column: 9 });
        // Unknown paths fall back to the nearest ancestor.
        assert_eq!(
            loc.value("operations[0].params[0].nope"),
            loc.value("operations[0].params[0]")
        );
    }
}
