//! Exact decimals on the wire. serde_json would turn a JSON number into `f64` before any
//! decimal type sees it, so these helpers read the number's raw text instead (and accept
//! quoted numbers, which BSS also sends). Writing emits the exact digits as a JSON number.

use rust_decimal::Decimal;
use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Serialize, Serializer};
use serde_json::value::RawValue;
use std::str::FromStr;

fn parse(raw: &str) -> Result<Decimal, String> {
    let text = raw.trim();
    let text = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text)
        .trim();
    let parsed = if text.contains(['e', 'E']) {
        Decimal::from_scientific(text)
    } else {
        Decimal::from_str_exact(text)
    };
    parsed.map_err(|e| format!("`{text}` is not an exact decimal: {e}"))
}

fn to_raw(d: &Decimal) -> Box<RawValue> {
    // A Decimal always prints as a valid JSON number.
    RawValue::from_string(d.to_string())
        .unwrap_or_else(|_| RawValue::from_string("0".into()).expect("0 is JSON"))
}

/// A required decimal.
pub mod exact {
    use super::*;
    /// Deserializes from a JSON number or numeric string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let raw = <&RawValue>::deserialize(d)?;
        parse(raw.get()).map_err(D::Error::custom)
    }
    /// Serializes as a JSON number with the exact digits.
    pub fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        to_raw(v).serialize(s)
    }
}

/// An optional decimal (`null` and absence are `None`).
pub mod option {
    use super::*;
    /// Deserializes from a JSON number, numeric string or null.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        let raw = Option::<&RawValue>::deserialize(d)?;
        match raw {
            None => Ok(None),
            Some(r) if r.get().trim() == "null" => Ok(None),
            Some(r) => parse(r.get()).map(Some).map_err(D::Error::custom),
        }
    }
    /// Serializes as a JSON number with the exact digits.
    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        v.as_ref().map(to_raw).serialize(s)
    }
}

/// A list of decimals.
pub mod list {
    use super::*;
    /// Deserializes each item from a JSON number or numeric string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Decimal>, D::Error> {
        let raw = Vec::<&RawValue>::deserialize(d)?;
        raw.iter()
            .map(|r| parse(r.get()).map_err(D::Error::custom))
            .collect()
    }
    /// Serializes each item as an exact JSON number.
    pub fn serialize<S: Serializer>(v: &[Decimal], s: S) -> Result<S::Ok, S::Error> {
        v.iter().map(to_raw).collect::<Vec<_>>().serialize(s)
    }
}

/// An optional list of decimals.
pub mod option_list {
    use super::*;
    /// Deserializes from null or a list of numbers / numeric strings.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Decimal>>, D::Error> {
        let raw = Option::<Vec<&RawValue>>::deserialize(d)?;
        raw.map(|items| {
            items
                .iter()
                .map(|r| parse(r.get()).map_err(D::Error::custom))
                .collect()
        })
        .transpose()
    }
    /// Serializes as a list of exact JSON numbers.
    #[allow(clippy::ref_option)] // serde's `with` hands over `&Option<_>`.
    pub fn serialize<S: Serializer>(v: &Option<Vec<Decimal>>, s: S) -> Result<S::Ok, S::Error> {
        v.as_ref()
            .map(|items| items.iter().map(to_raw).collect::<Vec<_>>())
            .serialize(s)
    }
}

/// A required decimal that the API carries as a JSON string (`"10.18"`).
pub mod text {
    use super::*;
    /// Deserializes from a numeric string (or, leniently, a JSON number).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        exact::deserialize(d)
    }
    /// Serializes as a JSON string with the exact digits.
    pub fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }
}

/// An optional decimal that the API carries as a JSON string.
pub mod option_text {
    use super::*;
    /// Deserializes from a numeric string, a JSON number, or null.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        option::deserialize(d)
    }
    /// Serializes as a JSON string with the exact digits.
    #[allow(clippy::ref_option)] // serde's `with` hands over `&Option<_>`.
    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        v.as_ref().map(Decimal::to_string).serialize(s)
    }
}

/// Parses decimal text exactly (exposed for tests and the fake server).
pub fn parse_exact(text: &str) -> Option<Decimal> {
    parse(text).ok().or_else(|| Decimal::from_str(text).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, serde::Serialize, Debug, PartialEq)]
    struct M {
        #[serde(with = "exact")]
        a: Decimal,
        #[serde(default, with = "option", skip_serializing_if = "Option::is_none")]
        b: Option<Decimal>,
    }

    #[test]
    fn numbers_keep_every_digit() {
        let m: M = serde_json::from_str(r#"{"a": 0.1, "b": 12345678901234567.89}"#).unwrap();
        assert_eq!(m.a.to_string(), "0.1");
        assert_eq!(m.b.unwrap().to_string(), "12345678901234567.89");
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            r#"{"a":0.1,"b":12345678901234567.89}"#
        );
    }

    #[test]
    fn quoted_null_missing_and_scientific() {
        let m: M = serde_json::from_str(r#"{"a": "-3.50", "b": null}"#).unwrap();
        assert_eq!(m.a.to_string(), "-3.50");
        assert_eq!(m.b, None);
        let m: M = serde_json::from_str(r#"{"a": 1e2}"#).unwrap();
        assert_eq!(m.a, Decimal::from(100));
        assert!(serde_json::from_str::<M>(r#"{"a": "abc"}"#).is_err());
        assert!(serde_json::from_str::<M>(r#"{"a": true}"#).is_err());
    }
}
