//! The one YAML parse of a spec file: yaml-rust2's event stream, built into a tree whose
//! every node knows its `line:column`.
//!
//! The typed structures are decoded from this tree (`de`), and semantic checks find their
//! positions in it (`locate`), so each file is read by a parser exactly once. Building the
//! tree also enforces what a spec file may contain: one document, no anchors, aliases, tags
//! or merge keys, plain keys that appear once per mapping, and a bounded nesting depth.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::limits::{MAX_COLLECTION_ITEMS, MAX_SCALAR_BYTES, MAX_YAML_DEPTH};
use super::locate::Pos;

#[derive(Debug)]
pub struct Node {
    pub pos: Pos,
    pub kind: Kind,
}

#[derive(Debug)]
pub enum Kind {
    /// `plain` is false for quoted and block scalars, which are always strings.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

#[derive(Debug)]
pub struct Key {
    pub text: String,
    pub pos: Pos,
}

impl Node {
    /// A plain `~`, `null` or empty scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { text, plain: true } if is_null_text(text))
    }
}

pub fn is_null_text(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// A problem with the YAML itself, at a position.
#[derive(Debug)]
pub struct YamlError {
    pub pos: Pos,
    pub message: String,
    pub hint: &'static str,
}

fn pos(mark: &Marker) -> Pos {
    Pos {
        line: mark.line().max(1),
        column: mark.col() + 1,
    }
}

fn err(mark: &Marker, message: impl Into<String>, hint: &'static str) -> YamlError {
    YamlError {
        pos: pos(mark),
        message: message.into(),
        hint,
    }
}

const MALFORMED: &str = "the YAML is malformed here: check indentation, brackets and quotes";
const PLAIN_YAML: &str = "spec files use plain YAML: write each value out in full";

enum Open {
    Seq(Pos, Vec<Node>),
    /// Entries so far, the key waiting for its value, and where each key is (so a
    /// repeated key is found in constant time).
    Map(Pos, Vec<(Key, Node)>, Option<Key>, HashMap<String, Pos>),
}

/// Parses `text` (one YAML document) into a tree. `Ok(None)` is a file without any
/// document (empty, or only comments).
pub fn parse(text: &str) -> Result<Option<Node>, YamlError> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0usize;
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(x) => x,
            Err(e) => return Err(syntax_error(text, pos(e.marker()), e.info())),
        };
        let node = match event {
            Event::StreamEnd => return Ok(root),
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(err(
                        &mark,
                        "a second YAML document starts here; a spec file holds exactly one",
                        "remove the `---` line (and everything after it that belongs elsewhere)",
                    ));
                }
                continue;
            }
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => continue,
            Event::Alias(_) => {
                return Err(err(
                    &mark,
                    "YAML aliases (`*name`) are not supported",
                    PLAIN_YAML,
                ))
            }
            Event::Scalar(value, style, anchor, tag) => {
                check_props(text, pos(&mark), anchor, tag.as_ref())?;
                let text = value;
                if text.len() > MAX_SCALAR_BYTES {
                    return Err(err(
                        &mark,
                        format!(
                            "this value has {} bytes, more than the {MAX_SCALAR_BYTES} a spec value may have",
                            text.len()
                        ),
                        "shorten it; descriptions are a few sentences, written in our own words",
                    ));
                }
                Node {
                    pos: pos(&mark),
                    kind: Kind::Scalar {
                        text,
                        plain: style == TScalarStyle::Plain,
                    },
                }
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                // A block mapping's start mark lies after its first key; the key is where a
                // reader sees the mapping begin.
                let at = match (&event, parser.peek()) {
                    (Event::MappingStart(..), Ok((Event::Scalar(..), key))) => {
                        pos(key).min(pos(&mark))
                    }
                    (Event::MappingStart(..), Err(e)) => {
                        return Err(syntax_error(text, pos(e.marker()), e.info()))
                    }
                    _ => pos(&mark),
                };
                check_props(text, at, anchor, tag.as_ref())?;
                if let Some(Open::Map(_, _, None, _)) = stack.last() {
                    return Err(err(
                        &mark,
                        "a mapping key must be a plain string, not a list or mapping",
                        "write the key as text",
                    ));
                }
                // The document itself is level 1.
                if stack.len() + 1 > MAX_YAML_DEPTH {
                    return Err(YamlError {
                        pos: at,
                        message: format!(
                            "lists and mappings are nested more than {MAX_YAML_DEPTH} levels deep"
                        ),
                        hint: "flatten the structure; no part of a spec needs this depth",
                    });
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Open::Seq(at, Vec::new())
                } else {
                    Open::Map(at, Vec::new(), None, HashMap::new())
                });
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Open::Seq(at, items)) => Node {
                    pos: at,
                    kind: Kind::Seq(items),
                },
                _ => return Err(err(&mark, "unbalanced YAML sequence", MALFORMED)),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Open::Map(at, entries, ..)) => Node {
                    pos: at,
                    kind: Kind::Map(entries),
                },
                _ => return Err(err(&mark, "unbalanced YAML mapping", MALFORMED)),
            },
        };
        let items = match stack.last() {
            Some(Open::Seq(_, items)) => items.len(),
            Some(Open::Map(_, entries, ..)) => entries.len(),
            None => 0,
        };
        if items >= MAX_COLLECTION_ITEMS {
            return Err(YamlError {
                pos: node.pos,
                message: format!("a list or mapping with more than {MAX_COLLECTION_ITEMS} entries"),
                hint: "split it up; no list in a spec needs this many entries",
            });
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Open::Seq(_, items)) => items.push(node),
            Some(Open::Map(_, entries, pending, seen)) => match pending.take() {
                Some(key) => entries.push((key, node)),
                None => {
                    // Collections as keys are refused when they start, above.
                    let Kind::Scalar { text, plain } = node.kind else {
                        return Err(YamlError {
                            pos: node.pos,
                            message: "a mapping key must be a plain string".into(),
                            hint: "write the key as text",
                        });
                    };
                    if plain && text == "<<" {
                        return Err(YamlError {
                            pos: node.pos,
                            message: "YAML merge keys (`<<`) are not supported".into(),
                            hint: PLAIN_YAML,
                        });
                    }
                    if let Some(first) = seen.get(&text) {
                        return Err(YamlError {
                            pos: node.pos,
                            message: format!(
                                "key `{}` appears twice in this mapping (first at line {}, column {})",
                                shorten(&text),
                                first.line,
                                first.column
                            ),
                            hint: "keep one of them; YAML would silently drop the other",
                        });
                    }
                    seen.insert(text.clone(), node.pos);
                    *pending = Some(Key {
                        text,
                        pos: node.pos,
                    });
                }
            },
        }
    }
}

/// A syntax error. When a bracket opened on an earlier line is still open, the missing
/// closing bracket is the likely mistake, so the error points at the opening one.
fn syntax_error(text: &str, at: Pos, info: &str) -> YamlError {
    if info.contains("unknown anchor") {
        // yaml-rust2 resolves aliases while scanning; an alias is refused either way.
        return YamlError {
            pos: back_to(
                text,
                Pos {
                    line: at.line,
                    column: at.column + 1,
                },
                '*',
            ),
            message: "YAML aliases (`*name`) are not supported".into(),
            hint: PLAIN_YAML,
        };
    }
    match unclosed_before(text, at) {
        Some((p, bracket)) => YamlError {
            pos: p,
            message: format!(
                "this `{bracket}` is never closed (the YAML parser stopped at line {}, column {}: {info})",
                at.line, at.column
            ),
            hint: "close it with `]`/`}` on the same line, or quote text that contains brackets",
        },
        None => YamlError {
            pos: at,
            message: info.to_string(),
            hint: MALFORMED,
        },
    }
}

/// The innermost flow bracket opened on an earlier line than `at` and still open there.
/// A bracket opens a flow collection where a value starts (after `:`, `-`, `,`, another
/// bracket, or at the start of a line); inside one, every bracket counts. Comments are
/// skipped. Only used to word an error, so an approximation suffices.
fn unclosed_before(text: &str, at: Pos) -> Option<(Pos, char)> {
    let mut open: Vec<(Pos, char)> = Vec::new();
    for (n, line) in text.lines().enumerate().take(at.line) {
        let mut prev: Option<char> = None;
        let mut after_blank = false;
        for (col, c) in line.chars().enumerate() {
            if n + 1 == at.line && col + 1 >= at.column {
                break;
            }
            match c {
                '#' if prev.is_none() || after_blank => break,
                '[' | '{'
                    if !open.is_empty()
                        || matches!(prev, None | Some(':' | '-' | ',' | '[' | '{')) =>
                {
                    open.push((
                        Pos {
                            line: n + 1,
                            column: col + 1,
                        },
                        c,
                    ));
                }
                ']' | '}' => {
                    open.pop();
                }
                _ => {}
            }
            if c == ' ' || c == '\t' {
                after_blank = true;
            } else {
                prev = Some(c);
                after_blank = false;
            }
        }
    }
    open.pop().filter(|(p, _)| p.line < at.line)
}

fn check_props(text: &str, at: Pos, anchor: usize, tag: Option<&Tag>) -> Result<(), YamlError> {
    if anchor != 0 {
        return Err(YamlError {
            pos: back_to(text, at, '&'),
            message: "YAML anchors (`&name`) are not supported".into(),
            hint: PLAIN_YAML,
        });
    }
    if let Some(t) = tag {
        return Err(YamlError {
            pos: back_to(text, at, '!'),
            message: format!(
                "YAML tags (`{}{}`) are not supported",
                t.handle,
                shorten(&t.suffix)
            ),
            hint: "remove the tag; spec values are plain YAML scalars, lists and mappings",
        });
    }
    Ok(())
}

/// The last `c` before `at`, on its line or the line above: where the anchor or tag of
/// the node at `at` is written (a node's own mark can lie past its properties).
fn back_to(text: &str, at: Pos, c: char) -> Pos {
    let first = at.line.saturating_sub(1).max(1);
    for line_no in (first..=at.line).rev() {
        let Some(line) = text.lines().nth(line_no - 1) else {
            continue;
        };
        let limit = if line_no == at.line {
            at.column
        } else {
            usize::MAX
        };
        let found = line
            .chars()
            .enumerate()
            .filter(|&(i, ch)| ch == c && i < limit)
            .last();
        if let Some((i, _)) = found {
            return Pos {
                line: line_no,
                column: i + 1,
            };
        }
    }
    at
}

/// Text quoted in a message, cut to a readable length.
pub fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() > MAX {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    } else {
        s.to_string()
    }
}
