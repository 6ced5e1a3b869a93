//! Exact decimals on the wire. serde_json would turn a JSON number into `f64` before any
//! decimal type sees it, so these helpers read the number's raw text instead (and accept
//! quoted numbers, which BSS also sends). Writing emits the exact digits as a JSON number.

use rust_decimal::Decimal;
use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Serialize, Serializer};
use serde_json::value::RawValue;

fn parse(raw: &str) -> Result<Decimal, String> {
    let text = raw.trim();
    let text = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text)
        .trim();
    exact(text).ok_or_else(|| format!("`{text}` is not a decimal that can be held exactly"))
}

/// Parses decimal text, with or without an exponent, only if no digit is lost.
/// `Decimal::from_scientific` rounds mantissas beyond 28 digits, so the exponent is
/// applied here by moving the scale, exactly or not at all.
fn exact(text: &str) -> Option<Decimal> {
    // The grammar of a JSON number; the decimal parser alone would also take `1_000`.
    let mantissa_end = text.find(['e', 'E']).unwrap_or(text.len());
    let body = text[..mantissa_end]
        .strip_prefix(['-', '+'])
        .unwrap_or(&text[..mantissa_end]);
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let Some(at) = text.find(['e', 'E']) else {
        return Decimal::from_str_exact(text).ok();
    };
    let (mantissa, exponent) = (&text[..at], &text[at + 1..]);
    let exponent: i64 = exponent
        .strip_prefix('+')
        .unwrap_or(exponent)
        .parse()
        .ok()?;
    let mut m = Decimal::from_str_exact(mantissa).ok()?;
    if exponent <= 0 {
        let scale = i64::from(m.scale()).checked_sub(exponent)?;
        let scale = u32::try_from(scale).ok().filter(|s| *s <= 28)?;
        m.set_scale(scale).ok()?;
        Some(m)
    } else {
        // Use up the scale first (no digits change), then multiply by ten, checked.
        let mut left = exponent;
        while left > 0 && m.scale() > 0 {
            m.set_scale(m.scale() - 1).ok()?;
            left -= 1;
        }
        // 10^29 already overflows, so a bigger exponent can only fit a zero.
        if left > 28 {
            return m.is_zero().then_some(Decimal::ZERO);
        }
        let factor = Decimal::from_i128_with_scale(10i128.pow(u32::try_from(left).ok()?), 0);
        m.checked_mul(factor)
    }
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
            // An empty string is how BSS leaves out an amount it sends as text.
            Some(r) if matches!(r.get().trim(), "null" | "\"\"") => Ok(None),
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

/// Parses decimal text exactly, or not at all (exposed for tests and the fake server).
pub fn parse_exact(text: &str) -> Option<Decimal> {
    parse(text).ok()
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

    #[test]
    fn exponents_are_exact_or_refused() {
        let ok = [
            ("1.5e-2", "0.015"),
            ("12.34E1", "123.4"),
            ("1e+3", "1000"),
            ("-2.50e0", "-2.50"),
            ("0e99", "0"),
            ("7e-28", "0.0000000000000000000000000007"),
        ];
        for (text, want) in ok {
            assert_eq!(parse(text).unwrap().to_string(), want, "{text}");
        }
        for text in [
            "1.2345678901234567890123456789012e0", // 32 digits: would round
            "1.2345678901234567890123456789012",
            "1e29",
            "1e-29",
            "79228162514264337593543950336", // 2^96
            "1e99999999999999999999",
            "1_000",
            "",
            "e5",
            "1.5e",
            "--1",
        ] {
            assert!(parse(text).is_err(), "{text} was accepted");
        }
    }

    #[test]
    fn an_empty_string_is_an_absent_optional_amount_and_an_error_otherwise() {
        let m: M = serde_json::from_str(r#"{"a": "1", "b": ""}"#).unwrap();
        assert_eq!(m.b, None);
        assert!(serde_json::from_str::<M>(r#"{"a": ""}"#).is_err());
        assert!(serde_json::from_str::<M>(r#"{"a": "1", "b": "n/a"}"#).is_err());
    }
}
