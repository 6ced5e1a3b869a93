//! Lenient decoding of enum values: integer codes may arrive as numbers or numeric strings.

use serde::de::{Deserialize, Deserializer, Error as _};

/// Reads a string-coded enum value.
pub fn string_enum<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    String::deserialize(d)
}

/// Reads an integer-coded enum value from a JSON integer or a numeric string.
pub fn int_enum<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum IntOrText {
        Int(i64),
        Text(String),
    }
    match IntOrText::deserialize(d)? {
        IntOrText::Int(v) => Ok(v),
        IntOrText::Text(s) => s
            .trim()
            .parse()
            .map_err(|_| D::Error::custom(format!("`{s}` is not an integer code"))),
    }
}
