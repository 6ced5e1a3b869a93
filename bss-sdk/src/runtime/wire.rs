//! Enums on the wire. Each generated enum states its values once, as a table
//! ([`WireEnum::VALUES`]); [`string_enum!`](crate::string_enum) and
//! [`int_enum!`](crate::int_enum) derive the rest from it: the wire value, conversion
//! from it (unlisted values are kept as `Unknown`), `Display`, serde, and query encoding.
//! Integer codes may arrive as numbers or as numeric strings.

use serde::de::{Deserialize, Deserializer};

/// An enum whose values the spec lists. Implemented by generated code only.
pub trait WireEnum: PartialEq + Sized + 'static {
    /// The wire type: `&'static str` or an integer.
    type Wire: Copy + PartialEq + 'static;
    /// Every listed value and its variant.
    const VALUES: &'static [(Self::Wire, Self)];
}

/// The listed wire value of `v` (`None` for `Unknown`).
///
/// These two lookups run once per enum type; plain index loops keep each copy to a few
/// lines (an iterator chain here cost five generic instantiations per enum).
pub fn listed<E: WireEnum>(v: &E) -> Option<E::Wire> {
    let mut i = 0;
    while i < E::VALUES.len() {
        if E::VALUES[i].1 == *v {
            return Some(E::VALUES[i].0);
        }
        i += 1;
    }
    None
}

/// The listed variant whose wire value satisfies `is`.
pub fn variant<E: WireEnum + Clone>(is: impl Fn(E::Wire) -> bool) -> Option<E> {
    let mut i = 0;
    while i < E::VALUES.len() {
        if is(E::VALUES[i].0) {
            return Some(E::VALUES[i].1.clone());
        }
        i += 1;
    }
    None
}

/// Reads a string-coded enum value.
pub fn string_enum<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    String::deserialize(d)
}

/// Reads an integer-coded enum value from a JSON integer or a numeric string.
pub fn int_enum<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    struct IntOrText;
    impl serde::de::Visitor<'_> for IntOrText {
        type Value = i64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an integer code or a numeric string")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v).map_err(|_| E::custom(format!("{v} is out of range for a code")))
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<i64, E> {
            s.trim()
                .parse()
                .map_err(|_| E::custom(format!("`{s}` is not an integer code")))
        }
    }
    d.deserialize_any(IntOrText)
}

/// Implements the wire behaviour of a string-coded [`WireEnum`] with an `Unknown(String)`
/// variant.
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    ($t:ident) => {
        impl $t {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    Self::Unknown(v) => v,
                    // The generator lists every other variant in `VALUES`.
                    known => $crate::__private::wire::listed(known).unwrap_or_default(),
                }
            }
        }
        impl From<&str> for $t {
            fn from(v: &str) -> Self {
                $crate::__private::wire::variant(|w: &str| w == v)
                    .unwrap_or_else(|| Self::Unknown(v.to_string()))
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl $crate::__private::serde::Serialize for $t {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $t {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> Result<Self, D::Error> {
                $crate::__private::wire::string_enum(d).map(|s| Self::from(s.as_str()))
            }
        }
        impl $crate::__private::ParamValue for $t {
            fn push_values(&self, out: &mut Vec<String>) {
                out.push(self.as_str().to_string());
            }
        }
    };
}

/// Implements the wire behaviour of an integer-coded [`WireEnum`] with an
/// `Unknown($int)` variant.
#[doc(hidden)]
#[macro_export]
macro_rules! int_enum {
    ($t:ident, $int:ty) => {
        impl $t {
            /// The value as sent on the wire.
            pub fn value(&self) -> $int {
                match self {
                    Self::Unknown(v) => *v,
                    // The generator lists every other variant in `VALUES`.
                    known => $crate::__private::wire::listed(known).unwrap_or_default(),
                }
            }
        }
        impl From<$int> for $t {
            fn from(v: $int) -> Self {
                $crate::__private::wire::variant(|w| w == v).unwrap_or(Self::Unknown(v))
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }
        impl $crate::__private::serde::Serialize for $t {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> Result<S::Ok, S::Error> {
                $crate::__private::serde::Serialize::serialize(&self.value(), s)
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $t {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> Result<Self, D::Error> {
                $crate::__private::wire::int_enum(d).and_then(|v| {
                    <$int>::try_from(v)
                        .map(Self::from)
                        .map_err($crate::__private::serde::de::Error::custom)
                })
            }
        }
        impl $crate::__private::ParamValue for $t {
            fn push_values(&self, out: &mut Vec<String>) {
                out.push(self.value().to_string());
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn integer_codes_come_as_integers_or_numeric_strings() {
        let read = |json: &str| {
            let mut de = serde_json::Deserializer::from_str(json);
            super::int_enum(&mut de).map_err(|e| e.to_string())
        };
        assert_eq!(read("3"), Ok(3));
        assert_eq!(read("-1"), Ok(-1));
        assert_eq!(read(r#""12""#), Ok(12));
        assert_eq!(read(r#"" 7 ""#), Ok(7));
        for bad in [
            "3.5",
            "true",
            "null",
            "[1]",
            r#""x""#,
            "18446744073709551615",
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
        assert!(read(r#""x""#)
            .unwrap_err()
            .contains("`x` is not an integer code"));
    }
}
