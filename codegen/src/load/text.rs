//! Checks of a spec file's raw text, before the YAML parser sees it: its encoding, its
//! size, characters that have no place in a spec, and how deeply brackets nest.
//!
//! The bracket check exists because YAML scanners (libyaml and yaml-rust2 alike) spend time
//! quadratic in the flow nesting depth: 20,000 nested `[` take seconds. It counts `[`/`{`
//! and `]`/`}` in one linear pass and errs on the side of counting too deep: inside a quoted
//! string or a comment an opening bracket still counts, while a closing one only cancels an
//! opening one of the same string or comment, so no quoting trick can hide real nesting.

use super::limits::{MAX_FILE_BYTES, MAX_YAML_DEPTH};
use super::locate::Pos;
use super::yaml::YamlError;

/// Turns a file's bytes into text: UTF-8 only, a leading byte-order mark dropped.
pub fn decode(bytes: &[u8]) -> Result<String, YamlError> {
    check_size(bytes.len(), bytes)?;
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            Err(YamlError {
                pos: position(bytes, at),
                message: format!(
                    "the file is not valid UTF-8 (byte 0x{:02X} at offset {at})",
                    bytes[at]
                ),
                hint: "save the file as UTF-8",
            })
        }
    }
}

fn check_size(len: usize, bytes: &[u8]) -> Result<(), YamlError> {
    if len > MAX_FILE_BYTES {
        return Err(YamlError {
            pos: position(bytes, MAX_FILE_BYTES),
            message: format!(
                "the file has {len} bytes, more than the {MAX_FILE_BYTES} a spec file may have"
            ),
            hint: "split it into several group files",
        });
    }
    Ok(())
}

/// The 1-based line and column (in characters) of byte `at`.
fn position(bytes: &[u8], at: usize) -> Pos {
    let before = &bytes[..at.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    Pos {
        line: before.iter().filter(|&&b| b == b'\n').count() + 1,
        // Count characters, not bytes: skip UTF-8 continuation bytes.
        column: before[line_start..]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count()
            + 1,
    }
}

/// Checks text handed in directly (already a string, so already UTF-8) and drops a
/// leading byte-order mark.
pub fn prepare(text: &str) -> Result<&str, YamlError> {
    check_size(text.len(), text.as_bytes())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    scan(text, MAX_YAML_DEPTH)?;
    Ok(text)
}

/// What kind of text the bracket count is in.
#[derive(Clone, Copy, PartialEq)]
enum Region {
    Code,
    Single,
    Double,
    Comment,
}

/// One pass over the text: refused characters, and the bracket nesting bound `limit`.
/// Returns the deepest nesting counted.
fn scan(text: &str, limit: usize) -> Result<usize, YamlError> {
    let bytes = text.as_bytes();
    let mut line = 1usize;
    let mut column = 0usize;
    // Outside strings and comments: open brackets. Inside one: brackets it opened.
    let mut depth = 0usize;
    let mut local = 0usize;
    let mut deepest = 0usize;
    let mut region = Region::Code;
    // The last non-blank byte on this line outside strings/comments, and whether a blank
    // came after it; whether the previous non-blank line ended inside a plain scalar.
    let mut prev: Option<u8> = None;
    let mut blank_after_prev = false;
    let mut prev_line_plain = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        column += 1;
        let here = Pos { line, column };
        if let Some(message) = refused(c, chars.peek().map(|&(_, n)| n)) {
            return Err(YamlError {
                pos: here,
                message,
                hint: "remove the character (write it as an escape in a double-quoted string if it is meant)",
            });
        }
        if c == '\n' {
            if region == Region::Comment {
                region = Region::Code;
                depth += local;
                local = 0;
            }
            if prev.is_some() {
                prev_line_plain = prev.is_some_and(|b| !b"[{,:?-]}|>'\"".contains(&b));
            }
            prev = None;
            blank_after_prev = false;
            line += 1;
            column = 0;
            continue;
        }
        if c == '\t' && column == 1 && region == Region::Code {
            let rest = text[i..].split('\n').next().unwrap_or("");
            let content = rest.trim_start_matches([' ', '\t']);
            if !content.is_empty() && !content.starts_with('#') && !content.starts_with('\r') {
                return Err(YamlError {
                    pos: here,
                    message: "a tab indents this line; YAML indents with spaces only".into(),
                    hint: "replace the tab with spaces",
                });
            }
        }
        let opens = matches!(c, '[' | '{');
        let closes = matches!(c, ']' | '}');
        match region {
            Region::Code => {
                if opens {
                    depth += 1;
                } else if closes {
                    depth = depth.saturating_sub(1);
                } else if c == '#' && (prev.is_none() || blank_after_prev) {
                    region = Region::Comment;
                    continue;
                } else if (c == '\'' || c == '"')
                    && starts_string(prev, blank_after_prev, prev_line_plain, bytes, i)
                {
                    region = if c == '\'' {
                        Region::Single
                    } else {
                        Region::Double
                    };
                    continue;
                }
                if c == ' ' || c == '\t' || c == '\r' {
                    blank_after_prev = prev.is_some();
                } else {
                    prev = Some(if c.is_ascii() { c as u8 } else { b'a' });
                    blank_after_prev = false;
                }
            }
            Region::Single | Region::Double | Region::Comment => {
                if opens {
                    local += 1;
                } else if closes {
                    local = local.saturating_sub(1);
                } else if region == Region::Double && c == '\\' {
                    // An escape: the next character never ends the string.
                    if let Some((_, n)) = chars.next() {
                        column += 1;
                        if n == '\n' {
                            line += 1;
                            column = 0;
                        }
                    }
                } else if (region == Region::Single && c == '\'')
                    || (region == Region::Double && c == '"')
                {
                    if region == Region::Single && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                        // `''` is a quote inside a single-quoted string.
                        chars.next();
                        column += 1;
                    } else {
                        region = Region::Code;
                        depth += local;
                        local = 0;
                        prev = Some(c as u8);
                        blank_after_prev = false;
                    }
                }
            }
        }
        deepest = deepest.max(depth + local);
        if depth + local > limit {
            return Err(YamlError {
                pos: here,
                message: format!("brackets are nested more than {MAX_YAML_DEPTH} levels deep"),
                hint: "flatten the structure; no part of a spec needs this depth",
            });
        }
    }
    Ok(deepest)
}

/// Whether a quote at byte `i` begins a quoted string as YAML reads it: at the start of a
/// value (after `[`, `{`, `,`, `: `, `- `, `? `, a `&anchor`/`!tag`, or at the start of a
/// line that does not continue a plain scalar), not in the middle of plain text (`it's`).
fn starts_string(
    prev: Option<u8>,
    blank: bool,
    prev_line_plain: bool,
    bytes: &[u8],
    i: usize,
) -> bool {
    match prev {
        None => !prev_line_plain,
        Some(b'[' | b'{' | b',') => true,
        Some(b':') if !blank => {
            // JSON-style `"key":"value"` only after a quoted key or a closed collection.
            let before = bytes[..i].iter().rposition(|&b| b == b':');
            before.is_some_and(|j| j > 0 && matches!(bytes[j - 1], b'"' | b'\'' | b']' | b'}'))
        }
        Some(b':' | b'-' | b'?') => blank,
        Some(_) if blank => {
            // After a property (`&a 'x'`, `!t "x"`): the last word starts with & or !.
            let word_end = bytes[..i].iter().rposition(|&b| b != b' ' && b != b'\t');
            let word_start = word_end.and_then(|e| {
                bytes[..=e]
                    .iter()
                    .rposition(|&b| b == b' ' || b == b'\t' || b == b'\n')
                    .map(|s| s + 1)
                    .or(Some(0))
            });
            word_start.is_some_and(|s| matches!(bytes[s], b'&' | b'!'))
        }
        _ => false,
    }
}

/// Characters a spec file may not hold: YAML allows only printable characters (plus tab
/// and line breaks), and a lone carriage return or a misplaced byte-order mark would make
/// line numbers disagree between editors.
fn refused(c: char, next: Option<char>) -> Option<String> {
    let what = match c {
        '\t' | '\n' => return None,
        '\r' if next == Some('\n') => return None,
        '\r' => "a carriage return without a line feed (old Mac line ending)".to_string(),
        '\0' => "a NUL byte".to_string(),
        '\u{feff}' => "a byte-order mark in the middle of the file".to_string(),
        c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => {
            format!("the control character U+{:04X}", c as u32)
        }
        _ => return None,
    };
    Some(format!("{what} is not allowed in a spec file"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_ok(text: &str) -> bool {
        scan(text, MAX_YAML_DEPTH).is_ok()
    }

    #[test]
    fn brackets_hidden_in_strings_and_comments_still_count() {
        let deep = |open: &str, close: &str| {
            let mut s = String::new();
            for _ in 0..MAX_YAML_DEPTH + 1 {
                s.push_str(open);
            }
            for _ in 0..MAX_YAML_DEPTH + 1 {
                s.push_str(close);
            }
            s
        };
        assert!(!depth_ok(&deep("[", "]")));
        // A `]` inside a string cannot close a real bracket.
        assert!(!depth_ok(&deep("[ \"]\", ", "]")));
        assert!(!depth_ok(&deep("[ ']', ", "]")));
        assert!(!depth_ok(&deep("[ 'it''s ]', ", "]")));
        assert!(!depth_ok(&deep("[ \"a\\\"]\", ", "]")));
        assert!(!depth_ok(&deep("[ # ]\n", "]")));
        // Text with balanced brackets and apostrophes is fine.
        assert!(depth_ok(
            "summary: it's [fine] {really}\nx: 'a [b] c'\n# [see] it\n"
        ));
        let many = "- { name: a, type: string }\n".repeat(10_000);
        assert!(depth_ok(&many));
    }

    #[test]
    fn refused_characters_have_positions() {
        let e = prepare("a: 1\nb: x\u{0}y\n").unwrap_err();
        assert_eq!(e.pos, Pos { line: 2, column: 5 });
        assert!(e.message.contains("NUL"));
        assert_eq!(prepare("\u{feff}a: 1\n").unwrap(), "a: 1\n");
        assert!(prepare("a: 1\r\nb: 2\r\n").is_ok());
        assert_eq!(
            prepare("a: 1\rb: 2").unwrap_err().pos,
            Pos { line: 1, column: 5 }
        );
        let e = decode(b"a: 1\nb: caf\xe9\n").unwrap_err();
        assert_eq!(e.pos, Pos { line: 2, column: 7 });
    }

    /// The deepest flow nesting yaml-rust2 itself reaches on `text` (up to its first error):
    /// flow collections are the ones whose start mark is on a bracket.
    fn parser_flow_depth(text: &str) -> usize {
        use yaml_rust2::parser::{Event, Parser};
        let chars: Vec<char> = text.chars().collect();
        let mut parser = Parser::new_from_str(text);
        // (opens a bracket, where). An implicit `key: value` pair inside a flow list is a
        // mapping of its own, marked where its key starts (or later); it opens no bracket.
        let mut stack: Vec<(bool, usize)> = Vec::new();
        let mut deepest = 0;
        while let Ok((event, mark)) = parser.next_token() {
            match event {
                Event::SequenceStart(..) | Event::MappingStart(..) => {
                    let flow = matches!(
                        (&event, chars.get(mark.index())),
                        (Event::SequenceStart(..), Some('['))
                            | (Event::MappingStart(..), Some('{'))
                    );
                    if let Some(top) = stack.last_mut().filter(|t| t.1 == mark.index()) {
                        top.0 = false;
                    }
                    stack.push((flow, mark.index()));
                    deepest = deepest.max(stack.iter().filter(|f| f.0).count());
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    stack.pop();
                }
                Event::StreamEnd => break,
                _ => {}
            }
        }
        deepest
    }

    /// The pre-scan may count too deep, never too shallow: on many random YAML-like texts,
    /// its count is at least the nesting the parser really reaches.
    #[test]
    fn never_counts_less_than_the_parser_reaches() {
        const ALPHABET: &[u8] = b"[[]]{{}}''\"\"##  \n\n::--,,ab\\|>&!*?\t";
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut checked = 0;
        for _ in 0..30_000 {
            let len = (next() % 120) as usize + 1;
            let text: String = (0..len)
                .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize] as char)
                .collect();
            let Ok(ours) = scan(&text, usize::MAX) else {
                continue; // a refused character (tab indentation): never parsed
            };
            let theirs = parser_flow_depth(&text);
            assert!(ours >= theirs, "{text:?}: pre-scan {ours}, parser {theirs}");
            checked += 1;
        }
        assert!(checked > 10_000, "only {checked} texts were checked");
    }

    #[test]
    fn the_real_spec_is_far_from_the_bound() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let mut files = vec![root.join("service.yaml")];
        for e in std::fs::read_dir(root.join("groups")).unwrap() {
            files.push(e.unwrap().path());
        }
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let depth = scan(&text, MAX_YAML_DEPTH).unwrap();
            assert!(depth <= 4, "{}: {depth}", f.display());
        }
    }
}
