//! Decoding the typed spec structures (`raw`) from the positioned YAML tree, so a wrong
//! type, a missing or an unknown key is reported at its own node.
//!
//! Plain scalars are resolved the way YAML's core schema reads them: `~`/`null`/empty is
//! null, `true`/`false` are booleans, integers and floats are numbers (a leading zero, as in
//! `007`, keeps the text a string), anything else is a string. Quoted and block scalars are
//! always strings. Where a string is expected, any scalar is taken as its text.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, Unexpected, Visitor};

use super::locate::Pos;
use super::yaml::{is_null_text, Key, Kind, Node};

/// Where a node sits in the document, for messages (`operations[0].params[1]`). Built
/// only when an error is reported.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, k) => write!(f, "{k}"),
            Path::Key(up, k) => write!(f, "{up}.{k}"),
            Path::Index(up, i) => write!(f, "{up}[{i}]"),
        }
    }
}

#[derive(Debug)]
pub struct Error {
    pub message: String,
    /// Where, once known: the innermost node that saw the error fills it in.
    pub pos: Option<Pos>,
}

impl Error {
    fn at(mut self, pos: Pos, path: &Path) -> Self {
        if self.pos.is_none() {
            self.pos = Some(pos);
            let path = path.to_string();
            if !path.is_empty() {
                self.message = format!("{path}: {}", self.message);
            }
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
            pos: None,
        }
    }
}

/// Decodes `T` from the document's root node.
pub fn from_node<T: de::DeserializeOwned>(node: &Node) -> Result<T, Error> {
    T::deserialize(NodeDe {
        node,
        path: Path::Root,
    })
    .map_err(|e| e.at(node.pos, &Path::Root))
}

struct NodeDe<'a> {
    node: &'a Node,
    path: Path<'a>,
}

/// What a plain scalar means.
enum Resolved<'a> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(&'a str),
}

fn resolve(text: &str) -> Resolved<'_> {
    if is_null_text(text) {
        return Resolved::Null;
    }
    match text {
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        _ => {}
    }
    if let Some(n) = integer(text) {
        return n;
    }
    float(text).map_or(Resolved::Str(text), Resolved::F64)
}

/// Decimal (`-12`, `+3`), hexadecimal (`0x1f`), octal (`0o17`) and binary (`0b101`)
/// integers. `007` is not one: leading zeros mark an identifier.
fn integer(text: &str) -> Option<Resolved<'_>> {
    let (negative, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, digits) = match body.get(..2) {
        Some("0x") => (16, &body[2..]),
        Some("0o") => (8, &body[2..]),
        Some("0b") => (2, &body[2..]),
        _ => (10, body),
    };
    let valid = !digits.is_empty()
        && digits.chars().all(|c| c.is_digit(radix))
        && !(radix == 10 && digits.len() > 1 && digits.starts_with('0'));
    if !valid {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if !negative {
        return Some(Resolved::U64(magnitude));
    }
    if magnitude <= i64::MAX as u64 + 1 {
        Some(Resolved::I64((magnitude as i128).wrapping_neg() as i64))
    } else {
        None
    }
}

/// `1.5`, `-2e3`, `.5`, and the YAML spellings of infinity and not-a-number.
fn float(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let negative = text.starts_with('-');
    match unsigned {
        ".inf" | ".Inf" | ".INF" => {
            return Some(if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            })
        }
        ".nan" | ".NaN" | ".NAN" if unsigned.len() == text.len() => return Some(f64::NAN),
        _ => {}
    }
    // Rust's parser also takes `inf` and `nan`; YAML does not.
    let numeric = !unsigned.is_empty()
        && unsigned.bytes().any(|b| b.is_ascii_digit())
        && unsigned
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    let leading_zero = unsigned.len() > 1
        && unsigned.starts_with('0')
        && unsigned.bytes().all(|b| b.is_ascii_digit());
    if !numeric || leading_zero {
        return None;
    }
    text.parse::<f64>().ok().filter(|f| f.is_finite())
}

impl<'a> NodeDe<'a> {
    fn unexpected(&self) -> Unexpected<'a> {
        match &self.node.kind {
            Kind::Seq(_) => Unexpected::Seq,
            Kind::Map(_) => Unexpected::Map,
            Kind::Scalar { text, plain: false } => Unexpected::Str(text),
            Kind::Scalar { text, plain: true } => match resolve(text) {
                Resolved::Null => Unexpected::Unit,
                Resolved::Bool(b) => Unexpected::Bool(b),
                Resolved::U64(n) => Unexpected::Unsigned(n),
                Resolved::I64(n) => Unexpected::Signed(n),
                Resolved::F64(f) => Unexpected::Float(f),
                Resolved::Str(s) => Unexpected::Str(s),
            },
        }
    }

    fn fail<T>(&self, exp: &dyn de::Expected) -> Result<T, Error> {
        Err(de::Error::invalid_type(self.unexpected(), exp))
    }

    fn locate<T>(&self, r: Result<T, Error>) -> Result<T, Error> {
        r.map_err(|e| e.at(self.node.pos, &self.path))
    }
}

impl<'de, 'a> Deserializer<'de> for NodeDe<'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = match &self.node.kind {
            Kind::Scalar { text, plain: false } => visitor.visit_str(text),
            Kind::Scalar { text, plain: true } => match resolve(text) {
                Resolved::Null => visitor.visit_unit(),
                Resolved::Bool(b) => visitor.visit_bool(b),
                Resolved::U64(n) => visitor.visit_u64(n),
                Resolved::I64(n) => visitor.visit_i64(n),
                Resolved::F64(f) => visitor.visit_f64(f),
                Resolved::Str(s) => visitor.visit_str(s),
            },
            Kind::Seq(items) => visitor.visit_seq(SeqAccess {
                items: items.iter(),
                index: 0,
                path: &self.path,
            }),
            Kind::Map(entries) => visitor.visit_map(MapAccess {
                entries: entries.iter(),
                value: None,
                path: &self.path,
            }),
        };
        self.locate(r)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.node.is_null() {
            self.locate(visitor.visit_none())
        } else {
            let (pos, path) = (self.node.pos, self.path);
            visitor
                .visit_some(self)
                .map_err(|e: Error| e.at(pos, &path))
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Scalar { text, .. } => self.locate(visitor.visit_str(text)),
            _ => self.locate(self.fail(&visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Seq(_) => self.deserialize_any(visitor),
            _ => self.locate(self.fail(&visitor)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Map(_) => self.deserialize_any(visitor),
            _ => self.locate(self.fail(&visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.node.is_null() {
            self.locate(visitor.visit_unit())
        } else {
            self.locate(self.fail(&visitor))
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let (pos, path) = (self.node.pos, self.path);
        visitor
            .visit_newtype_struct(self)
            .map_err(|e: Error| e.at(pos, &path))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf
        unit_struct tuple tuple_struct enum
    }
}

struct SeqAccess<'a, 'p> {
    items: std::slice::Iter<'a, Node>,
    index: usize,
    path: &'p Path<'p>,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(node) = self.items.next() else {
            return Ok(None);
        };
        let path = Path::Index(self.path, self.index);
        self.index += 1;
        seed.deserialize(NodeDe { node, path })
            .map(Some)
            .map_err(|e| e.at(node.pos, &path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapAccess<'a, 'p> {
    entries: std::slice::Iter<'a, (Key, Node)>,
    value: Option<&'a (Key, Node)>,
    path: &'p Path<'p>,
}

impl<'de> de::MapAccess<'de> for MapAccess<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(entry);
        let key: de::value::StrDeserializer<'_, Error> = entry.0.text.as_str().into_deserializer();
        // An unknown or repeated key is reported at the key, under the mapping's path.
        seed.deserialize(key)
            .map(Some)
            .map_err(|e| e.at(entry.0.pos, self.path))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some((key, node)) = self.value.take() else {
            return Err(de::Error::custom("a value was asked for before its key"));
        };
        let path = Path::Key(self.path, &key.text);
        seed.deserialize(NodeDe { node, path })
            .map_err(|e| e.at(node.pos, &path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> serde_json::Value {
        let node = crate::load::yaml::parse(text).unwrap().unwrap();
        from_node(&node).unwrap()
    }

    #[test]
    fn plain_scalars_resolve_like_yaml() {
        let v = json(
            "a: ~\nb: true\nc: 12\nd: -3\ne: 0x1f\nf: 1.5\ng: 007\nh: '12'\ni: abc\nj: -0\nk: 1e3\nl: inf\nm: 18446744073709551615\nn: 0o17\n",
        );
        assert_eq!(
            v,
            serde_json::json!({
                "a": null, "b": true, "c": 12, "d": -3, "e": 31, "f": 1.5, "g": "007",
                "h": "12", "i": "abc", "j": 0, "k": 1000.0, "l": "inf",
                "m": 18446744073709551615u64, "n": 15
            })
        );
    }
}
