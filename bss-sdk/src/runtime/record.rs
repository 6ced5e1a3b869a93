//! Objects on the wire. Each generated model lists its fields, their JSON keys and, for
//! exact decimals, their encoding once, in a [`record!`](crate::record) invocation; the
//! macro implements serde for it: per model only a `match` from JSON key to field
//! ([`Fields`]) and one call per field when encoding ([`put`]); the map visitor, the
//! duplicate check and the skipping of unknown keys are generic code here, type- and
//! borrow-checked once for all models. serde's derive would emit a field-identifier
//! visitor, a sequence visitor and a struct visitor per model, which was most of the
//! crate's compile time; the behaviour that matters is kept:
//!
//! - absent and `null` fields are `None`; unknown keys are skipped;
//! - a key that appears twice with a value is an error (`duplicate field`), so an
//!   ambiguous amount is never silently resolved;
//! - encoding writes only the fields that are set, under their JSON keys;
//! - only JSON objects decode into a model (no array form).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use rust_decimal::Decimal;
use serde::de::{Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use super::decimal;

/// An object key, borrowed from the input unless it had to be unescaped.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// How a field that is not plain serde is encoded: the exact-decimal forms.
pub trait Encoding {
    /// The field's type.
    type Value;
    /// Writes the value.
    fn encode<S: Serializer>(v: &Self::Value, s: S) -> Result<S::Ok, S::Error>;
    /// Reads the value.
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self::Value, D::Error>;
}

/// `Option<Decimal>` as a JSON number with the exact digits (numeric strings accepted).
pub enum Exact {}
/// `Option<Decimal>` as a JSON string with the exact digits (numbers accepted).
pub enum ExactText {}
/// `Option<Vec<Decimal>>` as a list of exact JSON numbers.
pub enum ExactList {}

impl Encoding for Exact {
    type Value = Option<Decimal>;
    fn encode<S: Serializer>(v: &Self::Value, s: S) -> Result<S::Ok, S::Error> {
        decimal::option::serialize(v, s)
    }
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self::Value, D::Error> {
        decimal::option::deserialize(d)
    }
}

impl Encoding for ExactText {
    type Value = Option<Decimal>;
    fn encode<S: Serializer>(v: &Self::Value, s: S) -> Result<S::Ok, S::Error> {
        decimal::option_text::serialize(v, s)
    }
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self::Value, D::Error> {
        decimal::option_text::deserialize(d)
    }
}

impl Encoding for ExactList {
    type Value = Option<Vec<Decimal>>;
    fn encode<S: Serializer>(v: &Self::Value, s: S) -> Result<S::Ok, S::Error> {
        decimal::option_list::serialize(v, s)
    }
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self::Value, D::Error> {
        decimal::option_list::deserialize(d)
    }
}

/// A field value written through its [`Encoding`].
pub struct Encode<'a, E: Encoding>(pub &'a E::Value, pub PhantomData<E>);

impl<E: Encoding> Serialize for Encode<'_, E> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        E::encode(self.0, s)
    }
}

/// A field value read through its [`Encoding`].
pub struct Decode<E: Encoding>(pub E::Value);

/// Reads the value of `key` into `slot`; a key given twice is an error. One generic body
/// for every field keeps each model's map visitor to one call per field.
pub fn take<'de, T: Deserialize<'de>, A: serde::de::MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    key: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(<A::Error as serde::de::Error>::duplicate_field(key));
    }
    *slot = map.next_value()?;
    Ok(())
}

/// [`take`] for a field with an exact-decimal encoding.
pub fn take_with<'de, E: Encoding, A: serde::de::MapAccess<'de>>(
    slot: &mut E::Value,
    is_set: bool,
    map: &mut A,
    key: &'static str,
) -> Result<(), A::Error> {
    if is_set {
        return Err(<A::Error as serde::de::Error>::duplicate_field(key));
    }
    *slot = map.next_value::<Decode<E>>()?.0;
    Ok(())
}

/// Writes `key: value` when the field is set (the body of every field of a `Serialize`).
pub fn put<M: serde::ser::SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(_) => map.serialize_entry(key, value),
        None => Ok(()),
    }
}

/// [`put`] for a field with an exact-decimal encoding.
pub fn put_with<M: serde::ser::SerializeMap, E: Encoding>(
    map: &mut M,
    key: &'static str,
    value: &E::Value,
    is_set: bool,
) -> Result<(), M::Error> {
    if is_set {
        map.serialize_entry(key, &Encode::<E>(value, PhantomData))
    } else {
        Ok(())
    }
}

/// A model read from a JSON object: its fields by key. The map visitor, the same for every
/// model, lives here once ([`deserialize`]); a model says only what each key fills.
pub trait Fields: Default {
    /// The model's name, for "expected an object (…)".
    const NAME: &'static str;
    /// Reads the value of `key` (skipping a key the model does not have).
    fn field<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

struct FieldsVisitor<T>(PhantomData<T>);

impl<'de, T: Fields> Visitor<'de> for FieldsVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", T::NAME)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            out.field(key.as_str(), &mut map)?;
        }
        Ok(out)
    }
}

/// Reads a model from a JSON object (the body of every model's `Deserialize`).
pub fn deserialize<'de, T: Fields, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(FieldsVisitor(PhantomData))
}

/// Skips the value of a key the model does not have.
pub fn skip<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>().map(|_| ())
}

impl<'de, E: Encoding> Deserialize<'de> for Decode<E> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        E::decode(d).map(Decode)
    }
}

/// Implements `Serialize` and `Deserialize` for a generated model whose fields are all
/// `Option`s: `record!(Model, field, other = "jsonKey", amount(Exact))`. A field's JSON
/// key is its name unless given; `(Exact)`, `(ExactText)` or `(ExactList)` names an
/// exact-decimal [`Encoding`].
///
/// `record!(sent Model, …)` is a model that only travels in requests: its `Deserialize`
/// exists only with the `serde` feature; `record!(received Model, …)` only travels in
/// responses: its `Serialize` exists only with that feature. The direction a model does not
/// travel in is half of its code and no call needs it.
#[doc(hidden)]
#[macro_export]
macro_rules! record {
    (sent $t:ident $(, $f:ident $(= $k:literal)? $(($e:ident))?)* $(,)?) => {
        $crate::record!(@serialize $t $(, $f $(= $k)? $(($e))?)*);
        #[cfg(feature = "serde")]
        $crate::record!(@deserialize $t $(, $f $(= $k)? $(($e))?)*);
    };
    (received $t:ident $(, $f:ident $(= $k:literal)? $(($e:ident))?)* $(,)?) => {
        #[cfg(feature = "serde")]
        $crate::record!(@serialize $t $(, $f $(= $k)? $(($e))?)*);
        $crate::record!(@deserialize $t $(, $f $(= $k)? $(($e))?)*);
    };
    ($t:ident $(, $f:ident $(= $k:literal)? $(($e:ident))?)* $(,)?) => {
        $crate::record!(@serialize $t $(, $f $(= $k)? $(($e))?)*);
        $crate::record!(@deserialize $t $(, $f $(= $k)? $(($e))?)*);
    };
    (@serialize $t:ident $(, $f:ident $(= $k:literal)? $(($e:ident))?)*) => {
        impl $crate::__private::serde::Serialize for $t {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> Result<S::Ok, S::Error> {
                use $crate::__private::serde::ser::SerializeMap as _;
                #[allow(unused_mut)]
                let mut map = s.serialize_map(None)?;
                $(
                    $crate::record!(@put map, $crate::record!(@key $f $($k)?), self.$f $(, $e)?)?;
                )*
                map.end()
            }
        }
    };
    (@deserialize $t:ident $(, $f:ident $(= $k:literal)? $(($e:ident))?)*) => {
        impl $crate::__private::record::Fields for $t {
            const NAME: &'static str = stringify!($t);
            fn field<'de, A: $crate::__private::serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> Result<(), A::Error> {
                match key {
                    $(
                        $crate::record!(@key $f $($k)?) => $crate::record!(
                            @take map, $crate::record!(@key $f $($k)?), self.$f $(, $e)?
                        ),
                    )*
                    _ => $crate::__private::record::skip(map),
                }
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $t {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> Result<Self, D::Error> {
                $crate::__private::record::deserialize(d)
            }
        }
    };
    (@key $f:ident) => { stringify!($f) };
    (@key $f:ident $k:literal) => { $k };
    (@put $map:ident, $key:expr, $v:expr) => {
        $crate::__private::record::put(&mut $map, $key, &$v)
    };
    (@put $map:ident, $key:expr, $v:expr, $e:ident) => {
        $crate::__private::record::put_with::<_, $crate::__private::record::$e>(
            &mut $map,
            $key,
            &$v,
            $v.is_some(),
        )
    };
    (@take $map:ident, $key:expr, $slot:expr) => {
        $crate::__private::record::take(&mut $slot, $map, $key)
    };
    (@take $map:ident, $key:expr, $slot:expr, $e:ident) => {{
        let set = $slot.is_some();
        $crate::__private::record::take_with::<$crate::__private::record::$e, _>(&mut $slot, set, $map, $key)
    }};
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[derive(Debug, Default, PartialEq)]
    struct Bill {
        cycle: Option<String>,
        amount: Option<Decimal>,
        tax: Option<Decimal>,
        parts: Option<Vec<Decimal>>,
        count: Option<i32>,
    }
    crate::record!(
        Bill,
        cycle = "bill_cycle",
        amount(Exact),
        tax(ExactText),
        parts(ExactList),
        count
    );

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn decodes_keys_encodings_nulls_and_skips_unknown_keys() {
        let text = r#"{"bill_cycle":"2026-11","amount":0.10,"tax":"1.005","parts":[1.1,"2.20"],
            "count":null,"other":{"deep":[1,2]},"b\u0069ll_cycle_x":1}"#;
        let bill: Bill = serde_json::from_str(text).unwrap();
        assert_eq!(
            bill,
            Bill {
                cycle: Some("2026-11".into()),
                amount: Some(dec("0.10")),
                tax: Some(dec("1.005")),
                parts: Some(vec![dec("1.1"), dec("2.20")]),
                count: None,
            }
        );
    }

    #[test]
    fn an_escaped_key_is_the_same_key() {
        let bill: Bill = serde_json::from_str(r#"{"bill\u005fcycle":"x"}"#).unwrap();
        assert_eq!(bill.cycle.as_deref(), Some("x"));
    }

    #[test]
    fn a_repeated_key_with_a_value_is_an_error() {
        let e = serde_json::from_str::<Bill>(r#"{"amount":1,"amount":2}"#).unwrap_err();
        assert!(e.to_string().contains("duplicate field `amount`"), "{e}");
        let e = serde_json::from_str::<Bill>(r#"{"bill_cycle":"a","bill_cycle":"b"}"#).unwrap_err();
        assert!(
            e.to_string().contains("duplicate field `bill_cycle`"),
            "{e}"
        );
    }

    #[test]
    fn only_objects_decode() {
        for text in [r#"["2026-11"]"#, "\"x\"", "1", "null"] {
            let e = serde_json::from_str::<Bill>(text).unwrap_err();
            assert!(e.to_string().contains("an object (Bill)"), "{text}: {e}");
        }
    }

    #[test]
    fn encodes_only_what_is_set_with_exact_digits() {
        let bill = Bill {
            cycle: Some("2026-11".into()),
            amount: Some(dec("0.10")),
            tax: Some(dec("1.005")),
            parts: Some(vec![dec("1.1")]),
            count: None,
        };
        assert_eq!(
            serde_json::to_string(&bill).unwrap(),
            r#"{"bill_cycle":"2026-11","amount":0.10,"tax":"1.005","parts":[1.1]}"#
        );
        assert_eq!(serde_json::to_string(&Bill::default()).unwrap(), "{}");
    }
}
