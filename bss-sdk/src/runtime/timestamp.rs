//! Date-times. BSS documents fixed formats (`2019-05-06T08:05:01Z`, UTC), but a client must
//! not fail a whole response because one server sends a variant, so the value is kept as
//! sent and parsed on request.

use std::sync::LazyLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::format_description::BorrowedFormatItem;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// The two forms without an offset, described at first use (at run time rather than by
/// `time`'s macros, which would add a proc-macro crate to every build of the SDK).
static WITHOUT_OFFSET: LazyLock<[Vec<BorrowedFormatItem<'static>>; 2]> = LazyLock::new(|| {
    [
        "[year]-[month]-[day] [hour]:[minute]:[second]",
        "[year]-[month]-[day]T[hour]:[minute]:[second]",
    ]
    // `parse` (format-description syntax version 1, as the macro reads) exists in every
    // `time` 0.3; newer releases call it `parse_borrowed::<1>` and deprecate the old name.
    .map(|d| {
        #[allow(deprecated)]
        time::format_description::parse(d).unwrap_or_default()
    })
});

/// A date-time as the API sends it, with [`Timestamp::to_datetime`] to read it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(String);

// On the wire a timestamp is its text, exactly as sent.
impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Timestamp)
    }
}

impl Timestamp {
    /// The text as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The instant, if the text is RFC 3339 (`2019-05-06T08:05:01Z`, `…+08:00`) or
    /// `YYYY-MM-DD HH:MM:SS` / `YYYY-MM-DDTHH:MM:SS` without offset (read as UTC).
    pub fn to_datetime(&self) -> Option<OffsetDateTime> {
        let s = self.0.trim();
        if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
            return Some(t);
        }
        WITHOUT_OFFSET
            .iter()
            .find_map(|form| PrimitiveDateTime::parse(s, form).ok())
            .map(|p| p.assume_offset(UtcOffset::UTC))
    }
}

impl From<OffsetDateTime> for Timestamp {
    /// Formats as the API's UTC form, `YYYY-MM-DDTHH:MM:SSZ` (whole seconds).
    fn from(t: OffsetDateTime) -> Self {
        let t = t.to_offset(UtcOffset::UTC);
        Timestamp(format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ))
    }
}

impl From<&str> for Timestamp {
    fn from(s: &str) -> Self {
        Timestamp(s.to_string())
    }
}

impl From<String> for Timestamp {
    fn from(s: String) -> Self {
        Timestamp(s)
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl super::request::ParamValue for Timestamp {
    fn push_values(&self, out: &mut Vec<String>) {
        out.push(self.0.clone());
    }
    fn checked(&self) -> Option<super::request::Checked<'_>> {
        Some(super::request::Checked::Text(&self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_and_nearby_formats() {
        let utc = Timestamp::from("2019-05-06T08:05:01Z")
            .to_datetime()
            .unwrap();
        assert_eq!(utc.unix_timestamp(), 1_557_129_901);
        let east = Timestamp::from("2019-05-06T16:05:01+08:00")
            .to_datetime()
            .unwrap();
        assert_eq!(east, utc);
        assert_eq!(
            Timestamp::from("2019-05-06 08:05:01").to_datetime(),
            Some(utc)
        );
        assert_eq!(
            Timestamp::from("2019-05-06T08:05:01").to_datetime(),
            Some(utc)
        );
        for bad in [
            "not a time",
            "2019-13-06 08:05:01",
            "2019-5-06 08:05:01",
            "2019-05-06 08:05:01x",
            "2019-05-06",
            "",
        ] {
            assert_eq!(Timestamp::from(bad).to_datetime(), None, "{bad:?}");
        }
        // Both descriptions are valid (an empty one would match nothing but "").
        assert!(WITHOUT_OFFSET.iter().all(|f| !f.is_empty()));
        assert_eq!(Timestamp::from(east).as_str(), "2019-05-06T08:05:01Z");
    }

    #[test]
    fn any_text_decodes_and_round_trips() {
        let t: Timestamp = serde_json::from_str(r#""2024-13-45 nonsense""#).unwrap();
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#""2024-13-45 nonsense""#
        );
    }
}
