//! Checks an encoded request body against its operation's limit tables while reading it
//! once, without building a `serde_json::Value` (which costs more than encoding the
//! body did). The result is the one [`Checks::body`] finds on the same body as a
//! `Value`: the same first violation, named the same way (`items[1].id`); a unit test
//! compares the two.

use std::fmt;

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::request::Checks;
use super::spec::FieldSpec;

/// Checks `body` (JSON) against `fields`; the first violation, in the order the tables
/// list the fields, goes to `checks`. A body that is not JSON is left to the server.
pub(crate) fn check(body: &[u8], fields: &'static [FieldSpec], checks: &mut Checks) {
    // Most tables only cap lengths, and most bodies hold no string near the cap: then no
    // value can break a limit, and reading the body is skipped.
    if let (Some(cap), Some(longest)) = (shortest_cap(fields), longest_string(body)) {
        if longest as u64 <= cap {
            return;
        }
    }
    let mut scan = Scan::default();
    let mut de = serde_json::Deserializer::from_slice(body);
    if serde::Deserializer::deserialize_any(
        &mut de,
        Object {
            fields,
            scan: &mut scan,
        },
    )
    .is_ok()
    {
        if let Some((_, name, reason)) = scan.first {
            checks.fail_at(name, reason);
        }
    }
}

/// The smallest `max_length` in `fields` and the tables under them, when maximum lengths
/// are the only limits there (no minimum length, no range). Tables are constants, so they
/// cannot refer to themselves and the walk ends.
fn shortest_cap(fields: &[FieldSpec]) -> Option<u64> {
    let mut cap = u64::MAX;
    for f in fields {
        if f.min_length.is_some() || f.minimum.is_some() || f.maximum.is_some() {
            return None;
        }
        if let Some(max) = f.max_length {
            cap = cap.min(max);
        }
        if !f.fields.is_empty() {
            cap = cap.min(shortest_cap(f.fields)?);
        }
    }
    Some(cap)
}

/// The byte length of the longest string (key or value) in a JSON text without escapes:
/// there every `"` opens or closes a string, in pairs. A string has at most as many
/// characters as bytes. `None` when the text has a `\`.
fn longest_string(body: &[u8]) -> Option<usize> {
    if memchr::memchr(b'\\', body).is_some() {
        return None;
    }
    let mut quotes = memchr::memchr_iter(b'"', body);
    let mut longest = 0;
    while let (Some(open), Some(close)) = (quotes.next(), quotes.next()) {
        longest = longest.max(close - open - 1);
    }
    Some(longest)
}

/// Where the scan is, and the earliest violation so far.
#[derive(Default)]
struct Scan {
    /// The open fields and list items, outermost first.
    path: Vec<Step>,
    /// Order key (table index per field, position per item), name and reason.
    first: Option<(Vec<usize>, String, String)>,
}

#[derive(Clone, Copy)]
enum Step {
    /// The field at this index of its table.
    Field(usize, &'static str),
    /// The item at this position of a list.
    Item(usize),
}

impl Scan {
    fn violation(&mut self, reason: String) {
        let key: Vec<usize> = self
            .path
            .iter()
            .map(|s| match s {
                Step::Field(i, _) | Step::Item(i) => *i,
            })
            .collect();
        if self.first.as_ref().is_some_and(|(k, _, _)| *k <= key) {
            return;
        }
        let mut name = String::new();
        for s in &self.path {
            match s {
                Step::Field(_, n) => {
                    if !name.is_empty() {
                        name.push('.');
                    }
                    name.push_str(n);
                }
                Step::Item(i) => {
                    name.push('[');
                    name.push_str(&i.to_string());
                    name.push(']');
                }
            }
        }
        self.first = Some((key, name, reason));
    }
}

/// An object whose members `fields` describe; any other value is not checked.
struct Object<'s> {
    fields: &'static [FieldSpec],
    scan: &'s mut Scan,
}

/// The value of one field.
struct Member<'s> {
    spec: &'static FieldSpec,
    scan: &'s mut Scan,
}

/// A value nobody checks; read past.
fn skip<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

impl<'de> DeserializeSeed<'de> for Object<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Object<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match self.fields.iter().position(|f| f.name == key) {
                Some(i) => {
                    let spec = &self.fields[i];
                    self.scan.path.push(Step::Field(i, spec.name));
                    map.next_value_seed(Member {
                        spec,
                        scan: self.scan,
                    })?;
                    self.scan.path.pop();
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        skip(seq)
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Member<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl Member<'_> {
    fn int(self, v: i64) {
        if let Some(reason) =
            super::request::range_violation(v, self.spec.minimum, self.spec.maximum)
        {
            self.scan.violation(reason);
        }
    }
}

impl<'de> Visitor<'de> for Member<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        let (min, max) = (self.spec.min_length, self.spec.max_length);
        if let Some(reason) = super::request::length_violation(v, min, max) {
            self.scan.violation(reason);
        }
        Ok(())
    }
    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.int(v);
        Ok(())
    }
    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        // As `Value::as_i64`: an integer beyond i64 has no range to check.
        if let Ok(v) = i64::try_from(v) {
            self.int(v);
        }
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if self.spec.fields.is_empty() {
            return skip(seq);
        }
        let mut i = 0;
        loop {
            self.scan.path.push(Step::Item(i));
            let more = seq.next_element_seed(Object {
                fields: self.spec.fields,
                scan: self.scan,
            })?;
            self.scan.path.pop();
            if more.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        Object {
            fields: self.spec.fields,
            scan: self.scan,
        }
        .visit_map(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    static ID: &[FieldSpec] = &[FieldSpec::new("id").length(None, Some(3))];
    static DEEP: &[FieldSpec] = &[
        FieldSpec::new("n").range(Some(1), Some(5)),
        FieldSpec::new("items").fields(ID),
    ];
    static FIELDS: &[FieldSpec] = &[
        FieldSpec::new("name").length(Some(2), Some(4)),
        FieldSpec::new("count").range(Some(0), Some(10)),
        FieldSpec::new("items").fields(ID),
        FieldSpec::new("inner").fields(DEEP),
    ];

    /// A violation: the value's name and the reason.
    type Found = Option<(String, String)>;

    fn both(body: &serde_json::Value) -> (Found, Found) {
        let mut streamed = Checks::default();
        check(&serde_json::to_vec(body).unwrap(), FIELDS, &mut streamed);
        let mut tree = Checks::default();
        tree.body("", body, FIELDS);
        (streamed.violation, tree.violation)
    }

    #[test]
    fn finds_what_the_value_walk_finds() {
        let bodies = [
            json!({}),
            json!({"name": "abc", "count": 3, "items": [{"id": "a"}], "other": [1, {"x": 2}]}),
            json!({"name": "a"}),
            json!({"name": "abcde"}),
            json!({"name": "日本語字"}),
            json!({"name": "日本語字x"}),
            json!({"count": -1}),
            json!({"count": 11}),
            json!({"count": 10.5}),
            json!({"count": 18446744073709551615u64}),
            json!({"count": "11"}),
            json!({"items": [{"id": "abc"}, {"id": "abcd"}]}),
            json!({"items": [{"id": "abcd"}, {"id": "abcde"}]}),
            json!({"items": ["x", 3, null, {"id": "toolong"}]}),
            json!({"items": {"id": "abcd"}}),
            json!({"inner": {"n": 6, "items": [{"id": "abcd"}]}}),
            json!({"inner": {"items": [{"id": "abcd"}], "n": 6}}),
            // Members out of table order: the first violation is the table's first.
            json!({"inner": {"n": 0}, "count": 99, "name": "a"}),
            json!({"items": [{"id": "abcd"}], "name": "abcdef"}),
            json!([{"name": "a"}]),
            json!("name"),
        ];
        for b in bodies {
            let (streamed, tree) = both(&b);
            assert_eq!(streamed, tree, "{b}");
        }
        let (found, _) = both(&json!({"items": [{"id": "abc"}, {"id": "abcd"}]}));
        assert_eq!(
            found,
            Some((
                "items[1].id".into(),
                "is 4 characters long; the limit is 3".into()
            ))
        );
    }

    /// Caps only, with keys no longer than the smallest cap, so that the quick pass can
    /// decide (every key is a string it measures too).
    static CAPS: &[FieldSpec] = &[
        FieldSpec::new("o").length(None, Some(5)),
        FieldSpec::new("cs").fields(ID),
    ];

    #[test]
    fn the_quick_pass_over_length_caps_misses_nothing() {
        assert_eq!(shortest_cap(CAPS), Some(3));
        assert_eq!(shortest_cap(FIELDS), None);
        let bodies = [
            json!({"o": "abcde", "cs": [{"id": "abc"}]}),
            json!({"o": "abcdef"}),
            json!({"cs": [{"id": "abcd"}]}),
            json!({"cs": [{"id": "日本語"}], "x": "a much longer string"}),
            json!({"cs": [{"id": "日本語x"}]}),
            json!({"o": "a\"b", "cs": [{"id": "q\"\"q"}]}),
            json!({"o": "\\\\\\"}),
            json!({"longer_key_than_cap": 1}),
            json!({"o": "abc", "cs": [{"id": "ab"}, {"id": "c"}]}),
        ];
        let mut broken = 0;
        for b in bodies {
            let text = serde_json::to_vec(&b).unwrap();
            let mut quick = Checks::default();
            check(&text, CAPS, &mut quick);
            let mut tree = Checks::default();
            tree.body("", &b, CAPS);
            assert_eq!(quick.violation, tree.violation, "{b}");
            broken += usize::from(tree.violation.is_some());
        }
        // Bodies 2, 3, 5 and 6 break a cap; the others do not.
        assert_eq!(broken, 4);
        assert_eq!(longest_string(br#"{"ab":"cde"}"#), Some(3));
        assert_eq!(longest_string(br#"{"a":"\""}"#), None);
    }

    /// A random JSON value over the tables' keys, `depth` levels deep at most.
    fn random_value(rng: &mut fastrand::Rng, depth: u32) -> serde_json::Value {
        const KEYS: [&str; 8] = ["name", "count", "items", "inner", "n", "id", "o", "cs"];
        const TEXT: [&str; 9] = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcdef",
            "日本語",
            "é\"\\",
            "x y z",
        ];
        // The body itself is an object, so that the tables' fields are reached.
        let pick = match depth {
            0 => rng.u8(0..5),
            4.. => 6,
            _ => rng.u8(0..7),
        };
        match pick {
            0 => json!(TEXT[rng.usize(..TEXT.len())]),
            1 => json!(rng.i64(-3..14)),
            2 => json!(rng.f64() * 20.0),
            3 => json!(rng.bool()),
            4 => serde_json::Value::Null,
            5 => (0..rng.usize(0..4))
                .map(|_| random_value(rng, depth - 1))
                .collect(),
            _ => serde_json::Value::Object(
                (0..rng.usize(1..5))
                    .map(|_| {
                        let k = KEYS[rng.usize(..KEYS.len())].to_string();
                        (k, random_value(rng, depth - 1))
                    })
                    .collect(),
            ),
        }
    }

    #[test]
    fn random_bodies_get_the_verdict_of_the_value_walk() {
        let mut rng = fastrand::Rng::with_seed(20261204);
        let mut broken = [0usize; 2];
        for i in 0..3000 {
            let body = random_value(&mut rng, 4);
            let text = serde_json::to_vec(&body).unwrap();
            for (t, table) in [FIELDS, CAPS].into_iter().enumerate() {
                let mut streamed = Checks::default();
                check(&text, table, &mut streamed);
                let mut tree = Checks::default();
                tree.body("", &body, table);
                assert_eq!(streamed.violation, tree.violation, "case {i}: {body}");
                broken[t] += usize::from(tree.violation.is_some());
            }
        }
        // Both tables see bodies that break them (with this seed: 97 and 13) and, far more
        // often, bodies that do not.
        assert!(
            broken.iter().all(|&n| (10..2000).contains(&n)),
            "{broken:?}"
        );
    }

    #[test]
    fn a_body_that_is_not_json_is_not_judged() {
        let mut c = Checks::default();
        check(b"{\"name\": \"a\"", FIELDS, &mut c);
        assert!(c.violation.is_none());
    }
}
