//! Names the JSON path of a decode error from the error's position in the body.
//!
//! serde_json reports where in the text decoding stopped (line and column), and it stops
//! right after the value it could not take (after the closing brace for an object that
//! lacks a field). Walking the text up to that point and keeping the key or index of each
//! open container gives the path, e.g. `cost_data[3].costs[0].amount`.
//!
//! Why not `serde_path_to_error`: it wraps the deserializer, so every model's
//! `Deserialize` is compiled a second time for the wrapped type — about a fifth of the
//! crate's machine code, for a path that is only needed after decoding has failed. This
//! scan is linear in the prefix, allocates only the keys it keeps, and needs no recursion.

/// One open container and where in it the scan is.
enum Frame {
    /// An object and the key of its current member (`None` before the first key).
    Object(Option<String>),
    /// An array and the index of its current element (`None` before the first one).
    Array(Option<usize>),
}

/// The path of the value a serde_json decode error is about, from the error's position.
/// Empty when the culprit is the whole body.
pub(crate) fn of_error(body: &[u8], e: &serde_json::Error) -> String {
    // A check made after a member was read (an inexact decimal, an integer code in a
    // string) has no position of its own: its object gives it one after reading on,
    // which is past the closing brace when the member was the last.
    let after_member = e.classify() == serde_json::error::Category::Data
        && !e.to_string().starts_with("missing field");
    at(body, e.line(), e.column(), after_member)
}

/// The path at line `line`, column `column` of `body` (serde_json's count: lines from 1,
/// columns as bytes already read on the line). With `after_member`, a position right
/// after a closing brace or bracket means that container's last member.
pub(crate) fn at(body: &[u8], line: usize, column: usize, after_member: bool) -> String {
    let end = offset(body, line, column).min(body.len());
    let (mut stack, closed) = frames(&body[..end]);
    if after_member {
        stack.extend(closed);
    }
    render(&stack)
}

/// The byte offset of a serde_json position: `column` bytes into line `line`.
fn offset(body: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match memchr::memchr(b'\n', &body[start..]) {
            Some(i) => start += i + 1,
            None => return body.len(),
        }
    }
    start.saturating_add(column)
}

/// The containers open after `text`, outermost first, and the container `text` ends by
/// closing (trailing whitespace aside), if it does.
fn frames(text: &[u8]) -> (Vec<Frame>, Option<Frame>) {
    let mut stack: Vec<Frame> = Vec::new();
    let mut closed = None;
    // In an object: true between `{`/`,` and the next key.
    let mut want_key = false;
    let mut i = 0;
    while i < text.len() {
        if !text[i].is_ascii_whitespace() {
            closed = None;
        }
        match text[i] {
            b'"' => {
                let (s, next) = string(text, i + 1);
                if want_key {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        *key = Some(s);
                    }
                    want_key = false;
                } else {
                    start_value(&mut stack);
                }
                i = next;
                continue;
            }
            b'{' => {
                start_value(&mut stack);
                stack.push(Frame::Object(None));
                want_key = true;
            }
            b'[' => {
                start_value(&mut stack);
                stack.push(Frame::Array(None));
            }
            b'}' | b']' => {
                closed = stack.pop();
                want_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(Some(n))) => *n += 1,
                Some(Frame::Object(_)) => want_key = true,
                _ => {}
            },
            b if b.is_ascii_whitespace() || b == b':' => {}
            // The first byte of a number, `true`, `false` or `null`.
            _ => {
                start_value(&mut stack);
                while i + 1 < text.len() && !b",]}: \t\r\n".contains(&text[i + 1]) {
                    i += 1;
                }
            }
        }
        i += 1;
    }
    (stack, closed)
}

/// A value starts: in an array that has none yet, it is element 0.
fn start_value(stack: &mut [Frame]) {
    if let Some(Frame::Array(n @ None)) = stack.last_mut() {
        *n = Some(0);
    }
}

/// The string whose body starts at `from` (after the quote), with the common escapes
/// decoded, and the index after its closing quote (or the end of `text`).
fn string(text: &[u8], from: usize) -> (String, usize) {
    let mut out = Vec::new();
    let mut i = from;
    while i < text.len() {
        match text[i] {
            b'"' => return (String::from_utf8_lossy(&out).into_owned(), i + 1),
            b'\\' if i + 1 < text.len() => {
                let c = text[i + 1];
                match c {
                    b'n' => out.push(b'\n'),
                    b't' => out.push(b'\t'),
                    b'r' => out.push(b'\r'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    // `\uXXXX` stays as written: a key is named, not interpreted.
                    b'u' => out.extend_from_slice(b"\\u"),
                    other => out.push(other),
                }
                i += 2;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), text.len())
}

/// `a.b[3].c`: keys joined by dots, indexes in brackets; a container with no current
/// member adds nothing.
fn render(stack: &[Frame]) -> String {
    let mut path = String::new();
    for f in stack {
        match f {
            Frame::Object(Some(k)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Array(Some(n)) => {
                path.push('[');
                path.push_str(&n.to_string());
                path.push(']');
            }
            Frame::Object(None) | Frame::Array(None) => {}
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        cost_data: Option<Vec<Costs>>,
        name: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Costs {
        costs: Vec<Cost>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Cost {
        amount: u32,
        unit: Option<String>,
        #[serde(default, deserialize_with = "checked_later")]
        code: Option<u8>,
    }

    /// Like the decimal and integer-code readers: the value is read first, then checked.
    fn checked_later<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        v.as_u64()
            .and_then(|n| u8::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom("not a code"))
    }

    /// The path serde_json's own error position leads to.
    fn path_of(body: &str) -> String {
        let e = serde_json::from_str::<Outer>(body).expect_err("the body is invalid");
        of_error(body.as_bytes(), &e)
    }

    #[test]
    fn names_the_value_of_the_wrong_type() {
        let body = r#"{"cost_data":[{"costs":[]},{"costs":[]},{"costs":[]},{"costs":[{"amount":1},{"amount":"x"}]}]}"#;
        assert_eq!(path_of(body), "cost_data[3].costs[1].amount");
    }

    #[test]
    fn names_a_value_checked_after_it_was_read_last_or_not() {
        let last = r#"{"cost_data":[{"costs":[{"amount":1,"code":300}]}]}"#;
        assert_eq!(path_of(last), "cost_data[0].costs[0].code");
        let middle = r#"{"cost_data":[{"costs":[{"code":300, "amount":1}]}]}"#;
        assert_eq!(path_of(middle), "cost_data[0].costs[0].code");
    }

    #[test]
    fn names_an_object_that_lacks_a_field() {
        let body = r#"{"cost_data":[{"costs":[{"amount":1},{"unit":"USD"}]}]}"#;
        assert_eq!(path_of(body), "cost_data[0].costs[1]");
    }

    #[test]
    fn follows_keys_with_escapes_strings_with_brackets_and_pretty_printing() {
        let body = "{\n  \"name\": \"a,]}{[\\\"\",\n  \"cost_data\": [\n    {\"costs\": [\n      {\"amount\": true}\n    ]}\n  ]\n}";
        assert_eq!(path_of(body), "cost_data[0].costs[0].amount");
    }

    #[test]
    fn a_top_level_error_has_no_path() {
        assert_eq!(path_of("7"), "");
        assert_eq!(path_of("\"text\""), "");
        // An array where an object belongs is read as the fields in order.
        assert_eq!(path_of("[1, 2]"), "[0]");
    }

    #[test]
    fn never_panics_on_positions_past_the_end_or_truncated_text() {
        for body in ["", "{", "{\"a", "[[[", "{\"a\":\"\\", "\"", "{\"a\":[1,"] {
            for line in 0..4 {
                for column in [0, 1, 2, 100, usize::MAX] {
                    let _ = at(body.as_bytes(), line, column, true);
                    let _ = at(body.as_bytes(), line, column, false);
                }
            }
        }
        assert_eq!(at(b"{\"a\":[1,", 1, 100, false), "a[1]");
    }
}
