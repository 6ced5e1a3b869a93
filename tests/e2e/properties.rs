//! Property tests (proptest): the signer's canonicalisation, model round trips with exact
//! decimals and open enums, and error-body parsing on arbitrary bytes.
//!
//! Case counts are set per property so the whole file runs in a few seconds in CI.

use bss_sdk::__private::signing::{canonical_query, canonical_uri, encode, sign, SigningInput};
use bss_sdk::models::{
    CostAmountType, CostDimensionKey, CostFilterOperator, CostGroupByType, CostTimeMeasure,
    CostType, CouponSimpleInfoOrderPayV3, DiscountSimpleInfoV3, FilterFactor, FilterV2, GroupBy,
    ListCostsReq, ListCustomerOrdersResponse, OrderDiscountType, OrderStatus, PayCouponType,
    PayCustomerOrderV3Req, ShowPartnerConsumptionQuotaResponse, ShowRefundOrderDetailsResponse,
    TimeCondition, YesNo,
};
use bss_sdk::{Decimal, ErrorMeta};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Map, Value};

// ---------------------------------------------------------------------------------------
// Shared strategies and helpers
// ---------------------------------------------------------------------------------------

/// Any text: every Unicode scalar value, controls and non-BMP characters included.
fn text(max: usize) -> impl Strategy<Value = String> {
    vec(any::<char>(), 0..=max).prop_map(|c| c.into_iter().collect())
}

/// Mostly short, mostly ASCII-ish text, with some arbitrary Unicode.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[A-Za-z0-9 ._/-]{0,12}", 1 => text(8)]
}

/// A decimal from an `i64` mantissa and a scale of 0 to 10, as the API's amounts are.
fn decimal() -> impl Strategy<Value = Decimal> {
    (any::<i64>(), 0u32..=10).prop_map(|(m, s)| Decimal::new(m, s))
}

/// The same number with the same scale (`1.50` is not `1.5` here).
fn exact(d: &Decimal) -> String {
    d.to_string()
}

/// Marks a decimal that [`render`] writes as a bare JSON number with its exact digits.
const BARE: &str = "#bare-decimal#";

/// A decimal as BSS may send it: a bare JSON number (exact digits) or a quoted one.
fn decimal_json(d: Decimal, quoted: bool) -> Value {
    if quoted {
        Value::String(d.to_string())
    } else {
        Value::String(format!("{BARE}{d}"))
    }
}

/// An integer enum code as BSS may send it: a JSON number or a numeric string.
fn code_json(v: i32, quoted: bool) -> Value {
    if quoted {
        Value::String(v.to_string())
    } else {
        json!(v)
    }
}

/// JSON text of `v`, with every marked decimal written as a bare number.
fn render(v: &Value) -> String {
    let s = v.to_string();
    let marker = format!("\"{BARE}");
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(at) = rest.find(&marker) {
        out.push_str(&rest[..at]);
        let tail = &rest[at + marker.len()..];
        let end = tail
            .find('"')
            .expect("a marked decimal is a whole JSON string");
        out.push_str(&tail[..end]);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Inserts `key: value` when the value is present.
fn put(m: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        m.insert(key.to_string(), v);
    }
}

/// The same object keys at every level and the same array lengths (leaf values ignored).
fn same_shape(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_shape(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same_shape(v, w))
        }
        (Value::Object(_) | Value::Array(_), _) | (_, Value::Object(_) | Value::Array(_)) => false,
        _ => true,
    }
}

/// Decodes `text`, encodes, decodes again: the two models are equal, decimals keep their
/// scale (compared through `Debug`), and encoding is stable. Returns the first model.
fn round_trip<T>(text: &str) -> Result<T, TestCaseError>
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    let first: T = serde_json::from_str(text)
        .map_err(|e| TestCaseError::fail(format!("generated JSON does not decode: {e}\n{text}")))?;
    let encoded = serde_json::to_string(&first)
        .map_err(|e| TestCaseError::fail(format!("does not encode: {e}")))?;
    let second: T = serde_json::from_str(&encoded).map_err(|e| {
        TestCaseError::fail(format!("own encoding does not decode: {e}\n{encoded}"))
    })?;
    prop_assert_eq!(&first, &second);
    prop_assert_eq!(format!("{first:?}"), format!("{second:?}"));
    prop_assert_eq!(&encoded, &serde_json::to_string(&second).unwrap());
    // Nothing renamed or dropped: the encoding has exactly the keys that were decoded.
    let original: Value = serde_json::from_str(text).unwrap();
    let again: Value = serde_json::from_str(&encoded).unwrap();
    prop_assert!(
        same_shape(&original, &again),
        "keys changed:\n{}\n{}",
        text,
        encoded
    );
    Ok(first)
}

// ---------------------------------------------------------------------------------------
// Signer canonicalisation
// ---------------------------------------------------------------------------------------

fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// The encoding the signing guide specifies, byte by byte.
fn reference_encode(s: &str) -> String {
    let mut out = String::new();
    for &b in s.as_bytes() {
        if unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-decoding; `None` for a malformed escape or non-UTF-8 result.
fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn query_pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    vec(
        (prop_oneof![word(), text(6)], prop_oneof![word(), text(6)]),
        0..8,
    )
}

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "DELETE", "PATCH"];

/// Headers with distinct (case-insensitive) names; some names contain `_`.
fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    vec(
        (
            prop_oneof![
                3 => "[A-Za-z][A-Za-z0-9-]{0,12}",
                1 => "[A-Za-z]{1,6}_[A-Za-z0-9_-]{0,6}",
            ],
            "[ -~]{0,24}",
        ),
        1..8,
    )
    .prop_map(|hs| {
        let mut seen = std::collections::HashSet::new();
        hs.into_iter()
            .filter(|(k, _)| seen.insert(k.to_ascii_lowercase()))
            .collect()
    })
}

#[derive(Clone, Debug)]
struct SignCase {
    sk: Vec<u8>,
    method: &'static str,
    segments: Vec<String>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    date: String,
}

fn sign_case() -> impl Strategy<Value = SignCase> {
    (
        vec(any::<u8>(), 1..48),
        prop::sample::select(&METHODS[..]),
        vec("[A-Za-z0-9{}._-]{1,10}", 0..4),
        query_pairs(),
        headers(),
        vec(any::<u8>(), 0..64),
        "20[0-9]{6}T[0-9]{6}Z",
    )
        .prop_map(
            |(sk, method, segments, query, headers, body, date)| SignCase {
                sk,
                method,
                segments,
                query,
                headers,
                body,
                date,
            },
        )
}

/// `(SignedHeaders, Signature)` of a case.
fn signed(c: &SignCase) -> (String, String) {
    let uri = canonical_uri(&c.segments);
    let query = canonical_query(&c.query);
    let s = sign(
        &c.sk,
        &SigningInput {
            method: c.method,
            canonical_uri: &uri,
            canonical_query: &query,
            headers: &c.headers,
            body: &c.body,
            date: &c.date,
        },
    );
    (s.signed_headers, s.signature)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Every byte outside `A-Za-z0-9-_.~` is percent-encoded (upper-case hex), everything
    /// else is kept, and decoding gives the input back.
    #[test]
    fn encode_escapes_exactly_the_reserved_bytes(s in text(24)) {
        let e = encode(&s);
        prop_assert_eq!(&e, &reference_encode(&s));
        prop_assert!(e.bytes().all(|b| unreserved(b) || b == b'%'));
        prop_assert_eq!(decode(&e), Some(s));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The canonical query does not depend on the order of the pairs, and it holds exactly
    /// the input pairs, sorted by their raw text, then encoded.
    #[test]
    fn canonical_query_is_independent_of_input_order(
        (pairs, shuffled) in query_pairs()
            .prop_flat_map(|p| (Just(p.clone()), Just(p).prop_shuffle()))
    ) {
        let q = canonical_query(&pairs);
        prop_assert_eq!(&q, &canonical_query(&shuffled));
        let parts: Vec<&str> = if q.is_empty() { Vec::new() } else { q.split('&').collect() };
        prop_assert_eq!(parts.len(), pairs.len());
        // Sorted as the official signers sort: by raw key, then raw value.
        let raw = |p: &&str| p.split_once('=').map(|(k, v)| (decode(k).unwrap(), decode(v).unwrap()));
        let mut sorted = parts.clone();
        sorted.sort_by_key(raw);
        prop_assert_eq!(&sorted, &parts);
        let mut decoded: Vec<(String, String)> = parts
            .iter()
            .map(|p| {
                let (k, v) = p.split_once('=').expect("every part is key=value");
                (decode(k).expect("key decodes"), decode(v).expect("value decodes"))
            })
            .collect();
        let mut input = pairs.clone();
        decoded.sort();
        input.sort();
        prop_assert_eq!(decoded, input);
    }

    /// The canonical URI encodes each segment and always ends in `/`.
    #[test]
    fn canonical_uri_encodes_segments_and_ends_in_a_slash(
        segments in vec(text(8).prop_filter("non-empty", |s| !s.is_empty()), 0..5),
    ) {
        let uri = canonical_uri(&segments);
        let expected = if segments.is_empty() {
            "/".to_string()
        } else {
            format!("/{}/", segments.iter().map(|s| encode(s)).collect::<Vec<_>>().join("/"))
        };
        prop_assert_eq!(&uri, &expected);
        let back: Vec<String> = uri
            .trim_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| decode(s).expect("a segment decodes"))
            .collect();
        prop_assert_eq!(back, segments);
    }

    /// Signing is deterministic; SignedHeaders is the sorted, lower-cased names of exactly
    /// the headers without `_`.
    #[test]
    fn signature_is_deterministic_and_skips_underscore_headers(c in sign_case()) {
        let (names, sig) = signed(&c);
        prop_assert_eq!((names.clone(), sig.clone()), signed(&c));
        prop_assert_eq!(sig.len(), 64);
        let listed: Vec<&str> =
            if names.is_empty() { Vec::new() } else { names.split(';').collect() };
        prop_assert!(listed.iter().all(|n| !n.contains('_')), "{}", names);
        let mut expected: Vec<String> = c
            .headers
            .iter()
            .filter(|(k, _)| !k.contains('_'))
            .map(|(k, _)| k.to_ascii_lowercase())
            .collect();
        expected.sort();
        prop_assert_eq!(listed, expected.iter().map(String::as_str).collect::<Vec<_>>());
    }

    /// The signature changes when a signed header's value, the body, the query or the
    /// method changes, and does not when only a header with `_` changes.
    #[test]
    fn signature_covers_what_it_signs(
        c in sign_case(),
        which in any::<Index>(),
        extra in any::<u8>(),
        other in prop::sample::select(&METHODS[..]),
    ) {
        let (_, sig) = signed(&c);
        let i = which.index(c.headers.len());
        let mut h = c.clone();
        h.headers[i].1 = format!("{}x", h.headers[i].1.trim());
        if c.headers[i].0.contains('_') {
            prop_assert_eq!(&signed(&h).1, &sig, "an unsigned header changed the signature");
        } else {
            prop_assert_ne!(&signed(&h).1, &sig, "header value not signed");
        }

        let mut b = c.clone();
        b.body.push(extra);
        prop_assert_ne!(&signed(&b).1, &sig, "body not signed");

        let mut q = c.clone();
        q.query.push(("k".into(), extra.to_string()));
        prop_assert_ne!(&signed(&q).1, &sig, "query not signed");

        if other != c.method {
            let mut m = c.clone();
            m.method = other;
            prop_assert_ne!(&signed(&m).1, &sig, "method not signed");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Model round trips
// ---------------------------------------------------------------------------------------

/// An optional value (absent about a third of the time).
fn opt<S: Strategy>(s: S) -> impl Strategy<Value = Option<S::Value>> {
    prop::option::weighted(0.66, s)
}

/// An optional decimal field, bare or quoted.
fn dec_field() -> impl Strategy<Value = Option<(Decimal, bool)>> {
    opt((decimal(), any::<bool>()))
}

/// An optional integer enum code (known and unknown values), number or numeric string.
fn code_field() -> impl Strategy<Value = Option<(i32, bool)>> {
    opt((prop_oneof![0i32..16, any::<i32>()], any::<bool>()))
}

/// A generated decimal and whether it is sent quoted.
type DecimalField = Option<(Decimal, bool)>;
/// A `DiscountItemV2`: its type and amount.
type DiscountParts = (Option<String>, DecimalField);

#[derive(Clone, Debug)]
struct OrderParts {
    strings: Vec<Option<String>>,
    codes: Vec<Option<(i32, bool)>>,
    amounts: Vec<Option<(Decimal, bool)>>,
    /// `amount_info`: discounts (type, amount) and the five other amounts.
    amount_info: Option<(Vec<DiscountParts>, Vec<DecimalField>)>,
    projects: Option<Vec<(Option<String>, Option<String>)>>,
    agent: Option<(Option<String>, Option<bool>)>,
}

fn order_parts() -> impl Strategy<Value = OrderParts> {
    (
        vec(opt(word()), 8),
        vec(code_field(), 4),
        vec(dec_field(), 2),
        opt((
            vec(
                (
                    opt(prop_oneof![Just("200".to_string()), word()]),
                    dec_field(),
                ),
                0..3,
            ),
            vec(dec_field(), 5),
        )),
        opt(vec((opt(word()), opt(word())), 0..3)),
        opt((opt(word()), opt(any::<bool>()))),
    )
        .prop_map(
            |(strings, codes, amounts, amount_info, projects, agent)| OrderParts {
                strings,
                codes,
                amounts,
                amount_info,
                projects,
                agent,
            },
        )
}

const ORDER_STRINGS: [&str; 8] = [
    "order_id",
    "customer_id",
    "service_type_code",
    "service_type_name",
    "create_time",
    "payment_time",
    "currency",
    "contract_id",
];
const ORDER_CODES: [&str; 4] = ["source_type", "status", "order_type", "measure_id"];
const ORDER_AMOUNTS: [&str; 2] = ["amount_after_discount", "official_amount"];
const INFO_AMOUNTS: [&str; 5] = [
    "flexipurchase_coupon_amount",
    "coupon_amount",
    "stored_card_amount",
    "commission_amount",
    "consumed_amount",
];

/// A `CustomerOrderV2` (or, without the last two fields, `SubCustomerOrderV2`) as JSON.
fn order_json(p: &OrderParts, subs: Option<&[OrderParts]>) -> Value {
    let mut m = Map::new();
    for (k, v) in ORDER_STRINGS.iter().zip(&p.strings) {
        put(&mut m, k, v.clone().map(Value::String));
    }
    for (k, v) in ORDER_CODES.iter().zip(&p.codes) {
        put(&mut m, k, v.map(|(c, q)| code_json(c, q)));
    }
    for (k, v) in ORDER_AMOUNTS.iter().zip(&p.amounts) {
        put(&mut m, k, v.map(|(d, q)| decimal_json(d, q)));
    }
    if let Some((discounts, amounts)) = &p.amount_info {
        let mut info = Map::new();
        let list = discounts
            .iter()
            .map(|(t, a)| {
                let mut d = Map::new();
                put(&mut d, "discount_type", t.clone().map(Value::String));
                put(
                    &mut d,
                    "discount_amount",
                    a.map(|(d, q)| decimal_json(d, q)),
                );
                Value::Object(d)
            })
            .collect();
        info.insert("discounts".into(), Value::Array(list));
        for (k, v) in INFO_AMOUNTS.iter().zip(amounts) {
            put(&mut info, k, v.map(|(d, q)| decimal_json(d, q)));
        }
        m.insert("amount_info".into(), Value::Object(info));
    }
    if let Some(projects) = &p.projects {
        let list = projects
            .iter()
            .map(|(id, name)| {
                let mut e = Map::new();
                put(&mut e, "id", id.clone().map(Value::String));
                put(&mut e, "name", name.clone().map(Value::String));
                Value::Object(e)
            })
            .collect();
        m.insert("enterprise_projects".into(), Value::Array(list));
    }
    if let Some(subs) = subs {
        let list = subs.iter().map(|s| order_json(s, None)).collect();
        m.insert("sub_order_infos".into(), Value::Array(list));
        if let Some((id, flag)) = &p.agent {
            let mut a = Map::new();
            put(&mut a, "paying_agent_id", id.clone().map(Value::String));
            put(&mut a, "is_agent_pay", flag.map(Value::Bool));
            m.insert("agent_pay_info".into(), Value::Object(a));
        }
    }
    Value::Object(m)
}

fn same_decimal(got: Option<Decimal>, want: Option<(Decimal, bool)>) -> bool {
    got.as_ref().map(exact) == want.map(|(d, _)| exact(&d))
}

#[derive(Clone, Debug)]
struct RefundParts {
    strings: Vec<Option<String>>,
    amount: Option<(Decimal, bool)>,
    measure: Option<String>,
}

fn refund_parts() -> impl Strategy<Value = RefundParts> {
    (
        vec(opt(word()), 8),
        dec_field(),
        opt(prop_oneof![
            Just("1".to_string()),
            Just("3".to_string()),
            word()
        ]),
    )
        .prop_map(|(strings, amount, measure)| RefundParts {
            strings,
            amount,
            measure,
        })
}

const REFUND_STRINGS: [&str; 8] = [
    "id",
    "customer_id",
    "resource_type_code",
    "service_type_code",
    "resource_type_name",
    "service_type_name",
    "region_code",
    "base_order_id",
];

fn refund_json(p: &RefundParts) -> Value {
    let mut m = Map::new();
    for (k, v) in REFUND_STRINGS.iter().zip(&p.strings) {
        put(&mut m, k, v.clone().map(Value::String));
    }
    put(&mut m, "amount", p.amount.map(|(d, q)| decimal_json(d, q)));
    put(&mut m, "measure_id", p.measure.clone().map(Value::String));
    Value::Object(m)
}

fn yes_no() -> impl Strategy<Value = YesNo> {
    prop_oneof![Just("YES".to_string()), Just("NO".to_string()), word()]
        .prop_map(|s| YesNo::from(s.as_str()))
}

fn pay_request() -> impl Strategy<Value = PayCustomerOrderV3Req> {
    (
        word(),
        yes_no(),
        yes_no(),
        opt(vec((word(), prop_oneof![300i32..304, any::<i32>()]), 0..4)),
        opt(vec(
            (word(), prop_oneof![Just(0i32), Just(609), any::<i32>()]),
            0..2,
        )),
    )
        .prop_map(|(id, coupon, discount, coupons, discounts)| {
            // A top-level body is set through its operation's builder; here it is filled
            // field by field, as the builder does.
            let mut b = PayCustomerOrderV3Req::default();
            b.order_id = Some(id);
            b.use_coupon = Some(coupon);
            b.use_discount = Some(discount);
            if let Some(c) = coupons {
                b.coupon_infos = Some(
                    c.into_iter()
                        .map(|(id, t)| {
                            CouponSimpleInfoOrderPayV3::builder()
                                .id(id)
                                .type_(PayCouponType::from(t))
                                .build()
                        })
                        .collect(),
                );
            }
            if let Some(d) = discounts {
                b.discount_infos = Some(
                    d.into_iter()
                        .map(|(id, t)| {
                            DiscountSimpleInfoV3::builder()
                                .id(id)
                                .type_(OrderDiscountType::from(t))
                                .build()
                        })
                        .collect(),
                );
            }
            b
        })
}

fn list_costs_request() -> impl Strategy<Value = ListCostsReq> {
    let string_code = |known: &'static [&'static str]| {
        prop_oneof![prop::sample::select(known).prop_map(str::to_string), word()]
    };
    (
        (prop_oneof![1i32..=2, any::<i32>()], word(), word()),
        vec(
            (string_code(&["tag", "cost_unit", "dimension"]), word()),
            0..3,
        ),
        string_code(&["ORIGINAL_COST", "AMORTIZED_COST"]),
        string_code(&["PAYMENT_AMOUNT", "NET_AMOUNT"]),
        opt(any::<i32>()),
        opt(any::<i32>()),
        opt(vec(
            (
                prop_oneof![1i32..=2, any::<i32>()],
                string_code(&["CLOUD_SERVICE_TYPE", "RESOURCE_TYPE", "ASSOCIATED_ACCOUNT"]),
                vec(word(), 0..3),
            ),
            0..3,
        )),
    )
        .prop_map(
            |((measure, begin, end), groups, cost, amount, offset, limit, filters)| {
                let mut b = ListCostsReq::default();
                b.time_condition = Some(
                    TimeCondition::builder()
                        .time_measure_id(CostTimeMeasure::from(measure))
                        .begin_time(begin)
                        .end_time(end)
                        .build(),
                );
                b.groupby = Some(
                    groups
                        .into_iter()
                        .map(|(t, k)| {
                            GroupBy::builder()
                                .type_(CostGroupByType::from(t.as_str()))
                                .key(k)
                                .build()
                        })
                        .collect(),
                );
                b.cost_type = Some(CostType::from(cost.as_str()));
                b.amount_type = Some(CostAmountType::from(amount.as_str()));
                b.offset = offset;
                b.limit = limit;
                if let Some(f) = filters {
                    b.filters = Some(
                        f.into_iter()
                            .map(|(op, key, values)| {
                                FilterV2::builder()
                                    .operator(CostFilterOperator::from(op))
                                    .filter_factor(
                                        FilterFactor::builder()
                                            .key(CostDimensionKey::from(key.as_str()))
                                            .value(values)
                                            .build(),
                                    )
                                    .build()
                            })
                            .collect(),
                    );
                }
                b
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// `ListCustomerOrdersResponse` → `CustomerOrderV2` → sub-orders, amount info, discount
    /// lists, enterprise projects: decimals (bare or quoted) keep every digit and their scale,
    /// integer enums (known or not, number or numeric string) keep their value.
    #[test]
    fn customer_orders_round_trip(
        total in opt(any::<i32>()),
        orders in vec((order_parts(), vec(order_parts(), 0..3)), 0..3),
    ) {
        let mut m = Map::new();
        put(&mut m, "total_count", total.map(|t| json!(t)));
        let list: Vec<Value> = orders.iter().map(|(o, subs)| order_json(o, Some(subs))).collect();
        m.insert("order_infos".into(), Value::Array(list));
        let decoded: ListCustomerOrdersResponse = round_trip(&render(&Value::Object(m)))?;

        let infos = decoded.order_infos.unwrap_or_default();
        prop_assert_eq!(infos.len(), orders.len());
        for (got, (want, subs)) in infos.iter().zip(&orders) {
            prop_assert!(same_decimal(got.amount_after_discount, want.amounts[0]));
            prop_assert!(same_decimal(got.official_amount, want.amounts[1]));
            prop_assert_eq!(
                got.status.as_ref().map(OrderStatus::value),
                want.codes[1].map(|(c, _)| c)
            );
            prop_assert_eq!(got.sub_order_infos.as_ref().map(Vec::len), Some(subs.len()));
            if let (Some(info), Some((discounts, amounts))) =
                (&got.amount_info, &want.amount_info)
            {
                prop_assert!(same_decimal(info.consumed_amount, amounts[4]));
                let got_discounts = info.discounts.as_deref().unwrap_or_default();
                prop_assert_eq!(got_discounts.len(), discounts.len());
                for (g, (_, a)) in got_discounts.iter().zip(discounts) {
                    prop_assert!(same_decimal(g.discount_amount, *a));
                }
            }
        }
    }

    /// `ShowRefundOrderDetailsResponse` → `OrderRefundInfoV2`: a list of records with a
    /// decimal amount and a string-coded enum (known or not).
    #[test]
    fn refund_records_round_trip(total in opt(any::<i32>()), refunds in vec(refund_parts(), 0..4)) {
        let mut m = Map::new();
        put(&mut m, "total_count", total.map(|t| json!(t)));
        m.insert("refund_infos".into(), Value::Array(refunds.iter().map(refund_json).collect()));
        let decoded: ShowRefundOrderDetailsResponse = round_trip(&render(&Value::Object(m)))?;
        let infos = decoded.refund_infos.unwrap_or_default();
        prop_assert_eq!(infos.len(), refunds.len());
        for (got, want) in infos.iter().zip(&refunds) {
            prop_assert!(same_decimal(got.amount, want.amount));
            prop_assert_eq!(
                got.measure_id.as_ref().map(|m| m.as_str().to_string()),
                want.measure.clone()
            );
        }
    }

    /// Decimals the API sends as strings are read from strings or numbers and written back
    /// as strings with the exact digits.
    #[test]
    fn string_decimals_round_trip(
        amounts in vec(dec_field(), 6),
        measure in code_field(),
        currency in opt(word()),
    ) {
        let keys = [
            "consumption_quota",
            "amount",
            "coupon_amount",
            "due_amount",
            "unbilled_amount",
            "used_consumption_quota",
        ];
        let mut m = Map::new();
        for (k, v) in keys.iter().zip(&amounts) {
            put(&mut m, k, v.map(|(d, q)| decimal_json(d, q)));
        }
        put(&mut m, "measure_id", measure.map(|(c, q)| code_json(c, q)));
        put(&mut m, "currency", currency.map(Value::String));
        let decoded: ShowPartnerConsumptionQuotaResponse = round_trip(&render(&Value::Object(m)))?;
        prop_assert!(same_decimal(decoded.amount, amounts[1]));
        let encoded = serde_json::to_value(&decoded).unwrap();
        for (k, v) in keys.iter().zip(&amounts) {
            prop_assert_eq!(encoded.get(*k).cloned(), v.map(|(d, _)| Value::String(exact(&d))));
        }
    }

    /// A payment request built with its builder: open string enums (YES/NO or anything),
    /// integer enums (known or not), optional nested lists absent or present.
    #[test]
    fn pay_request_round_trips(req in pay_request()) {
        let text = serde_json::to_string(&req).unwrap();
        let back: PayCustomerOrderV3Req = round_trip(&text)?;
        prop_assert_eq!(&back, &req);
        let v: Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(v["use_coupon"].as_str(), req.use_coupon.as_ref().map(|c| c.as_str()));
        prop_assert_eq!(v.get("coupon_infos").is_some(), req.coupon_infos.is_some());
        if let Some(c) = &req.coupon_infos {
            for (j, item) in v["coupon_infos"].as_array().unwrap().iter().zip(c) {
                prop_assert_eq!(j["type"].as_i64(), item.type_.as_ref().map(|t| i64::from(t.value())));
            }
        }
    }

    /// A cost query built with its builders: nested models, lists, string and integer enums,
    /// optional integers.
    #[test]
    fn list_costs_request_round_trips(req in list_costs_request()) {
        let text = serde_json::to_string(&req).unwrap();
        let back: ListCostsReq = round_trip(&text)?;
        prop_assert_eq!(&back, &req);
        let v: Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(v["cost_type"].as_str(), req.cost_type.as_ref().map(|c| c.as_str()));
        prop_assert_eq!(v.get("offset").is_some(), req.offset.is_some());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Integer-coded enums keep any value, known or not, as a number or a numeric string.
    #[test]
    fn integer_enums_keep_any_value(v in any::<i32>()) {
        let s = OrderStatus::from(v);
        prop_assert_eq!(s.value(), v);
        prop_assert_eq!(serde_json::to_string(&s).unwrap(), v.to_string());
        prop_assert_eq!(&serde_json::from_str::<OrderStatus>(&v.to_string()).unwrap(), &s);
        prop_assert_eq!(&serde_json::from_str::<OrderStatus>(&format!("\"{v}\"")).unwrap(), &s);
    }

    /// String-coded enums keep any string, known or not.
    #[test]
    fn string_enums_keep_any_value(s in prop_oneof![Just("ORIGINAL_COST".to_string()), text(12)]) {
        let e = CostType::from(s.as_str());
        prop_assert_eq!(e.as_str(), s.as_str());
        let text = serde_json::to_string(&e).unwrap();
        prop_assert_eq!(&serde_json::from_str::<CostType>(&text).unwrap(), &e);
    }

    /// Every way a decimal is declared keeps mantissa and scale through JSON, whether it
    /// came as a number or a string.
    #[test]
    fn decimals_survive_every_wire_form(
        a in decimal(),
        b in opt(decimal()),
        c in decimal(),
        d in opt(decimal()),
        list in vec(decimal(), 0..4),
        wide in (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
    ) {
        let w = Wire { a, b, c, d, list: list.clone(), opt_list: Some(list), wide };
        let text = serde_json::to_string(&w).unwrap();
        let back: Wire = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(format!("{back:?}"), format!("{w:?}"));
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), text);
        // Read from a quoted number too.
        let quoted = format!(r#"{{"a":"{a}","c":"{c}","list":[],"wide":"{wide}"}}"#);
        let quoted: Wire = serde_json::from_str(&quoted).unwrap();
        prop_assert_eq!(exact(&quoted.a), exact(&a));
        prop_assert_eq!(exact(&quoted.c), exact(&c));
        prop_assert_eq!(exact(&quoted.wide), exact(&wide));
    }
}

/// One field per decimal codec of the runtime.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Wire {
    #[serde(with = "bss_sdk::__private::decimal::exact")]
    a: Decimal,
    #[serde(
        default,
        with = "bss_sdk::__private::decimal::option",
        skip_serializing_if = "Option::is_none"
    )]
    b: Option<Decimal>,
    #[serde(with = "bss_sdk::__private::decimal::text")]
    c: Decimal,
    #[serde(
        default,
        with = "bss_sdk::__private::decimal::option_text",
        skip_serializing_if = "Option::is_none"
    )]
    d: Option<Decimal>,
    #[serde(with = "bss_sdk::__private::decimal::list")]
    list: Vec<Decimal>,
    #[serde(
        default,
        with = "bss_sdk::__private::decimal::option_list",
        skip_serializing_if = "Option::is_none"
    )]
    opt_list: Option<Vec<Decimal>>,
    #[serde(with = "bss_sdk::__private::decimal::exact")]
    wide: Decimal,
}

// ---------------------------------------------------------------------------------------
// Error bodies
// ---------------------------------------------------------------------------------------

/// JSON that looks like an error document: the recognised keys at the top or under
/// `error`, with values of any JSON type.
fn error_like_json() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(
        &[
            "error_code",
            "error_msg",
            "errorCode",
            "errorMsg",
            "code",
            "message",
            "error_message",
            "request_id",
            "requestId",
            "error",
            "other",
        ][..],
    );
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        text(16).prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, move |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            vec((keys.clone(), inner), 0..6).prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

fn check_meta(status: u16, request_id: Option<String>, body: &[u8]) -> Result<(), TestCaseError> {
    let meta = ErrorMeta::from_response(status, request_id.clone(), body);
    prop_assert_eq!(meta.status(), status);
    if request_id.is_some() {
        prop_assert_eq!(meta.request_id(), request_id.as_deref());
    }
    let recognised = meta.code().is_some() || meta.message().is_some();
    prop_assert_eq!(meta.raw_body().is_some(), !recognised && !body.is_empty());
    if let Some(raw) = meta.raw_body() {
        prop_assert!(raw.chars().count() <= 513);
    }
    let shown = meta.to_string();
    let prefix = format!("HTTP {status}");
    prop_assert!(shown.starts_with(&prefix));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Arbitrary bytes never make error parsing panic, and what it keeps is consistent.
    #[test]
    fn error_meta_accepts_any_bytes(
        status in any::<u16>(),
        request_id in opt(word()),
        body in vec(any::<u8>(), 0..1024),
    ) {
        check_meta(status, request_id, &body)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Error-shaped JSON, whole or cut anywhere (even inside a UTF-8 sequence), never makes
    /// error parsing panic; a top-level string `error_code` is always found.
    #[test]
    fn error_meta_accepts_error_shaped_json(
        status in any::<u16>(),
        v in error_like_json(),
        cut in any::<Index>(),
        code in word(),
    ) {
        let whole = v.to_string().into_bytes();
        check_meta(status, None, &whole)?;
        let at = cut.index(whole.len() + 1);
        check_meta(status, None, &whole[..at])?;

        let mut doc = match v {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        doc.remove("error");
        doc.insert("error_code".into(), Value::String(code.clone()));
        let body = Value::Object(doc).to_string();
        let meta = ErrorMeta::from_response(status, None, body.as_bytes());
        prop_assert_eq!(meta.code(), Some(code.as_str()));
    }
}
