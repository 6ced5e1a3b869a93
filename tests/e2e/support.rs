//! Assertions shared by the end-to-end tests.

use bss_sdk::fake::{FakeBss, Recorded};

/// The one request the fake received.
pub fn only_request(fake: &FakeBss) -> Recorded {
    let all = fake.requests();
    assert_eq!(all.len(), 1, "expected exactly one request, got {all:#?}");
    all.into_iter().next().unwrap()
}

/// The fake found nothing wrong with the request (route, parameters, body, signature).
pub fn assert_clean(req: &Recorded) {
    assert!(
        req.problems.is_empty(),
        "the fake rejected the request: {:?}",
        req.problems
    );
}

/// Parses a value from JSON text (generated tests set inputs from documented JSON).
pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("`{text}` does not decode: {e}"))
}

/// The JSON with every `null` member removed (an absent optional field encodes as nothing).
pub fn without_nulls(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => serde_json::Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        serde_json::Value::Array(a) => {
            serde_json::Value::Array(a.into_iter().map(without_nulls).collect())
        }
        other => other,
    }
}

/// Decodes `text` into `T`, encodes it again and checks nothing was lost or changed
/// (apart from nulls and the named top-level envelope keys, which models do not hold).
pub fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(
    text: &str,
    envelope: &[&str],
) {
    let decoded: T = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("documented JSON does not decode: {e}\n{text}"));
    let encoded = serde_json::to_string(&decoded).unwrap();
    let again: serde_json::Value = serde_json::from_str(&encoded).unwrap();
    let mut documented: serde_json::Value = serde_json::from_str(text).unwrap();
    if let serde_json::Value::Object(m) = &mut documented {
        for k in envelope {
            m.remove(*k);
        }
    }
    assert_eq!(
        without_nulls(again),
        without_nulls(documented),
        "round trip changed the JSON"
    );
}

/// An exact decimal from its text.
pub fn decimal(text: &str) -> bss_sdk::Decimal {
    bss_sdk::__private::decimal::parse_exact(text)
        .unwrap_or_else(|| panic!("`{text}` is not a decimal"))
}
