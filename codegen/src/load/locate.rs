//! Where each node of a YAML document starts, by path (`operations[0].params[1].type`).
//!
//! serde_yaml reports positions only for syntax and type errors. Semantic checks (an
//! unknown model, a duplicate id) find their position here, so every diagnostic can still
//! name `file:line:column`.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Default)]
pub struct Locator {
    values: HashMap<String, Pos>,
    keys: HashMap<String, Pos>,
}

impl Locator {
    /// Indexes `source`. A document that does not parse yields an empty index: serde_yaml
    /// reports the syntax error itself, with its position.
    pub fn index(source: &str) -> Self {
        let mut builder = Builder::default();
        let _ = Parser::new_from_str(source).load(&mut builder, false);
        builder.locator
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

enum Frame {
    Mapping { path: String, key: Option<String> },
    Sequence { path: String, next: usize },
}

#[derive(Default)]
struct Builder {
    locator: Locator,
    stack: Vec<Frame>,
}

impl Builder {
    /// The path of the node that starts now, or `None` when the node is a mapping key.
    fn next_value_path(&mut self) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Sequence { path, next }) => {
                let p = format!("{path}[{next}]");
                *next += 1;
                Some(p)
            }
            Some(Frame::Mapping { path, key }) => key.take().map(|k| join(path, &k)),
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn pos(mark: Marker) -> Pos {
    Pos {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(text, ..) => match self.next_value_path() {
                Some(p) => {
                    self.locator.values.insert(p, pos(mark));
                }
                None => {
                    if let Some(Frame::Mapping { path, key }) = self.stack.last_mut() {
                        self.locator.keys.insert(join(path, &text), pos(mark));
                        *key = Some(text);
                    }
                }
            },
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                // A complex mapping key has no useful path; index it under a placeholder.
                let p = self.next_value_path().unwrap_or_else(|| "?".to_string());
                self.locator.values.insert(p.clone(), pos(mark));
                self.stack.push(match ev {
                    Event::MappingStart(..) => Frame::Mapping { path: p, key: None },
                    _ => Frame::Sequence { path: p, next: 0 },
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Alias(_) => {
                self.next_value_path();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values_and_keys() {
        let src = "operations:\n  - id: A\n    params:\n      - name: x\n        type: strin\n";
        let loc = Locator::index(src);
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
