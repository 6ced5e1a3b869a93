//! Plausible response bodies built from the generated wire schema, for operations without a
//! documented example (and for the items of pages nobody set).
//!
//! Deterministic: the same operation and request give the same body. Values respect what
//! the spec says (enum values, length and range limits, wire types: a `decimal_string` is
//! an exact decimal in a string, a `decimal` an exact decimal number).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::generated::wire_schema::ROWS;

/// Nested models deeper than this are left out (the schema may be recursive).
const MAX_DEPTH: usize = 6;

struct Field {
    key: &'static str,
    len: (Option<u64>, Option<u64>),
    range: (Option<i64>, Option<i64>),
    ty: &'static str,
    /// The sites that take it, when fewer than all, and whether it is required there.
    sites: Option<(&'static str, bool)>,
}

impl Field {
    /// Whether site `site` takes it (every site does unless the schema says otherwise).
    fn on(&self, site: &str) -> bool {
        self.sites
            .is_none_or(|(ids, _)| ids.split('|').any(|id| id == site))
    }

    /// Whether site `site` requires it beyond what every site requires (the operation's
    /// `body_required` and parameter flags hold those).
    fn required_on(&self, site: &str) -> bool {
        self.sites.is_some_and(|(_, required)| required) && self.on(site)
    }
}

struct Schema {
    /// Operations whose response model is not `<Id>Response` (`None`: no body).
    responses: HashMap<&'static str, Option<&'static str>>,
    /// The request body model of each operation that takes a body.
    requests: HashMap<&'static str, &'static str>,
    /// The path, query and header parameters of each operation that has any.
    params: HashMap<&'static str, Vec<Field>>,
    models: HashMap<&'static str, Vec<Field>>,
}

fn bound<T: std::str::FromStr>(s: &str) -> (Option<T>, Option<T>) {
    let (lo, hi) = s.split_once("..").unwrap_or((s, ""));
    (lo.parse().ok(), hi.parse().ok())
}

fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut s = Schema {
            responses: HashMap::new(),
            requests: HashMap::new(),
            params: HashMap::new(),
            models: HashMap::new(),
        };
        for row in ROWS {
            if let Some(op) = row.strip_prefix('>') {
                if let Some((id, model)) = op.split_once(' ') {
                    s.requests.insert(id, model);
                }
                continue;
            }
            if let Some(op) = row.strip_prefix('=') {
                match op.split_once(' ') {
                    Some((id, model)) => s.responses.insert(id, Some(model)),
                    None => s.responses.insert(op, None),
                };
                continue;
            }
            if let Some(op) = row.strip_prefix('?') {
                let (id, params) = op.split_once(' ').unwrap_or((op, ""));
                s.params.insert(id, fields_of(params));
                continue;
            }
            let (name, fields) = row.split_once(' ').unwrap_or((row, ""));
            let fields = fields_of(fields);
            s.models.insert(name, fields);
        }
        s
    })
}

/// The fields of a row (`key:limits:type;…`).
fn fields_of(row: &'static str) -> Vec<Field> {
    row.split(';')
        .filter(|f| !f.is_empty())
        .filter_map(|f| {
            let mut parts = f.splitn(3, ':');
            let (key, limits, ty) = (parts.next()?, parts.next()?, parts.next()?);
            let mut field = Field {
                key,
                len: (None, None),
                range: (None, None),
                ty,
                sites: None,
            };
            for l in limits.split(',') {
                if let Some(b) = l.strip_prefix('L') {
                    field.len = bound(b);
                } else if let Some(b) = l.strip_prefix('R') {
                    field.range = bound(b);
                } else if let Some(ids) = l.strip_prefix('S') {
                    field.sites = Some(match ids.strip_suffix('!') {
                        Some(ids) => (ids, true),
                        None => (ids, false),
                    });
                }
            }
            Some(field)
        })
        .collect()
}

/// The response model of operation `id`, if it has a body.
pub(crate) fn response_model(id: &str) -> Option<&'static str> {
    let s = schema();
    if let Some(explicit) = s.responses.get(id) {
        return *explicit;
    }
    let conventional = format!("{id}Response");
    s.models
        .get_key_value(conventional.as_str())
        .map(|(k, _)| *k)
}

/// The wire type of the top-level field `key` of `model`.
pub(crate) fn field_type(model: &str, key: &str) -> Option<&'static str> {
    let fields = schema().models.get(model)?;
    fields.iter().find(|f| f.key == key).map(|f| f.ty)
}

/// FNV-1a over the parts, as a seed.
pub(crate) fn seed(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.iter().chain(&[0xff]) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// A value derived from `seed` and `salt` (splitmix64 step).
fn mix(seed: u64, salt: u64) -> u64 {
    let mut z = seed ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A body for `model`, every field present.
pub(crate) fn model_value(model: &str, seed: u64) -> Value {
    build_model(model, seed, 0).unwrap_or_else(|| Value::Object(Map::new()))
}

fn build_model(model: &str, seed: u64, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let fields = schema().models.get(model)?;
    let mut map = Map::new();
    for f in fields {
        let s = mix(seed, self::seed(&[f.key.as_bytes()]));
        if let Some(v) = value(f, f.ty, s, depth) {
            map.insert(f.key.to_string(), v);
        }
    }
    Some(Value::Object(map))
}

/// A value of type `ty` within the field's limits.
pub(crate) fn value_of(model: &str, key: &str, ty: &str, seed: u64) -> Option<Value> {
    let f = schema().models.get(model)?.iter().find(|f| f.key == key)?;
    value(f, ty, seed, 0)
}

fn value(f: &Field, ty: &str, s: u64, depth: usize) -> Option<Value> {
    let (lo, hi) = f.range;
    let int = |default_hi: i64| -> i64 {
        let lo = lo.unwrap_or(0);
        let hi = hi.unwrap_or(lo.saturating_add(default_hi)).max(lo);
        let span = u64::try_from(hi.saturating_sub(lo)).unwrap_or(u64::MAX / 2) + 1;
        lo.saturating_add(i64::try_from(s % span).unwrap_or(0))
    };
    Some(match ty.as_bytes().first()? {
        b's' => Value::String(text(f.key, f.len, s)),
        b't' => Value::String(timestamp(f.len, s)),
        b'b' => Value::Bool(s.is_multiple_of(2)),
        b'i' | b'I' => Value::from(int(1000)),
        // An exact decimal with two places; as a JSON number its text is the decimal's.
        b'd' | b'f' => {
            let cents = s % 1_000_000;
            serde_json::from_str(&format!("{}.{:02}", cents / 100, cents % 100)).ok()?
        }
        b'D' => {
            let cents = s % 1_000_000;
            Value::String(format!("{}.{:02}", cents / 100, cents % 100))
        }
        b'j' => serde_json::json!({ "value": text(f.key, (None, Some(16)), s) }),
        b'[' => {
            let n = 1 + s % 2;
            let items: Vec<Value> = (0..n)
                .filter_map(|i| value(f, &ty[1..], mix(s, i + 1), depth))
                .collect();
            // Past the depth cap the field is left out, not sent as an empty list.
            if items.is_empty() {
                return None;
            }
            Value::Array(items)
        }
        b'{' => {
            let mut m = Map::new();
            m.insert("key1".to_string(), value(f, &ty[1..], mix(s, 1), depth)?);
            Value::Object(m)
        }
        b'@' => build_model(&ty[1..], s, depth + 1)?,
        b'~' => {
            let values: Vec<&str> = ty[1..].split('|').collect();
            Value::String(values[(s % values.len() as u64) as usize].to_string())
        }
        b'#' => {
            let values: Vec<&str> = ty[1..].split('|').collect();
            let v = values[(s % values.len() as u64) as usize];
            serde_json::from_str(v).ok()?
        }
        _ => return None,
    })
}

/// A string that reads like the field (`order_id` → `order_id-3f2a…`) within its length.
fn text(key: &str, (min, max): (Option<u64>, Option<u64>), s: u64) -> String {
    let lower = key.to_ascii_lowercase();
    let mut out = if lower.ends_with("currency") {
        "USD".to_string()
    } else if lower.ends_with("id") || lower.ends_with("ids") {
        format!("{s:016x}")
    } else {
        format!("{key}-{:x}", s & 0xffff)
    };
    let max = max.map_or(usize::MAX, |m| usize::try_from(m).unwrap_or(usize::MAX));
    let min = min.map_or(0, |m| usize::try_from(m).unwrap_or(0)).min(max);
    if out.chars().count() > max {
        out = out.chars().take(max).collect();
    }
    while out.chars().count() < min {
        out.push('x');
    }
    out
}

/// A UTC date-time in the API's form, or its date alone when the field is shorter.
fn timestamp(len: (Option<u64>, Option<u64>), s: u64) -> String {
    let day = s % 28 + 1;
    let month = (s >> 8) % 12 + 1;
    let (h, m) = ((s >> 16) % 24, (s >> 24) % 60);
    let full = format!("2026-{month:02}-{day:02}T{h:02}:{m:02}:00Z");
    let max = len
        .1
        .map_or(usize::MAX, |m| usize::try_from(m).unwrap_or(usize::MAX));
    full.chars().take(max).collect()
}

/// How much [`conform`] asks of a value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strictness {
    /// What any client may send: the wire type, enum values and known keys (limits are the
    /// runtime's own `Checks`, run separately).
    Wire,
    /// What the fake itself builds: also within limits, date-times that parse, and no empty
    /// lists.
    Filled,
}

/// Problems of a request body against operation `id`'s request model: keys the model does
/// not have, values of the wrong wire type, values outside an enum. `None` when the
/// operation has no request model in the schema.
pub(crate) fn request_problems(
    id: &str,
    body: &Map<String, Value>,
    site: Option<&str>,
) -> Option<Vec<String>> {
    let model = schema().requests.get(id)?;
    let mut out = Vec::new();
    conform_model(model, body, "", Strictness::Wire, 0, &mut out);
    // A fake serving one site also knows which top-level fields that site takes and
    // requires (site-bound fields are top-level only).
    if let Some(site) = site {
        for f in request_fields(id).iter().filter(|f| f.sites.is_some()) {
            match (f.on(site), body.contains_key(f.key)) {
                (false, true) => out.push(format!("`{}` is not taken on the site `{site}`", f.key)),
                (true, false) if f.required_on(site) => out.push(format!(
                    "`{}` is required on the site `{site}` but missing",
                    f.key
                )),
                _ => {}
            }
        }
    }
    Some(out)
}

/// The top-level fields of operation `id`'s request model (none without one).
fn request_fields(id: &str) -> &'static [Field] {
    schema()
        .requests
        .get(id)
        .and_then(|m| schema().models.get(m))
        .map_or(&[], Vec::as_slice)
}

/// Whether site `site` requires parameter `name` of operation `id` beyond what every site
/// requires.
pub(crate) fn param_required_on(id: &str, name: &str, site: &str) -> bool {
    param(id, name).is_some_and(|p| p.required_on(site))
}

/// The body fields operation `id` requires on site `site`: those every site requires
/// (`everywhere`) and those only some sites, among them this one, require.
pub(crate) fn body_required_on(
    id: &str,
    everywhere: &[&'static str],
    site: &str,
) -> Vec<&'static str> {
    let own = request_fields(id).iter().filter(|f| f.required_on(site));
    everywhere
        .iter()
        .copied()
        .chain(own.map(|f| f.key))
        .collect()
}

/// What is wrong with parameter `name` of operation `id` on site `site`: sent there though
/// the site does not take it, or missing though the site requires it.
pub(crate) fn param_site_problem(id: &str, name: &str, sent: bool, site: &str) -> Option<String> {
    let p = param(id, name).filter(|p| p.sites.is_some())?;
    match (p.on(site), sent) {
        (false, true) => Some(format!("`{name}` is not taken on the site `{site}`")),
        (true, false) if p.required_on(site) => Some(format!(
            "missing parameter `{name}`, required on the site `{site}`"
        )),
        _ => None,
    }
}

/// `at.key`, or `key` at the top.
fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_string()
    } else {
        format!("{at}.{key}")
    }
}

fn conform_model(
    model: &str,
    m: &Map<String, Value>,
    at: &str,
    how: Strictness,
    depth: usize,
    out: &mut Vec<String>,
) {
    // The schema may be recursive and a body arbitrarily deep: stop where building stops.
    if depth > MAX_DEPTH {
        return;
    }
    let Some(fields) = schema().models.get(model) else {
        return;
    };
    for (k, v) in m {
        let at = join(at, k);
        match fields.iter().find(|f| f.key == k) {
            Some(f) => conform(f, f.ty, v, &at, how, depth, out),
            None => out.push(format!("`{at}` is not a field of {model}")),
        }
    }
}

/// Checks `v` against field `f` read as type `ty` (its own type, or an item type of it).
fn conform(
    f: &Field,
    ty: &str,
    v: &Value,
    at: &str,
    how: Strictness,
    depth: usize,
    out: &mut Vec<String>,
) {
    let filled = how == Strictness::Filled;
    let chars = |s: &str| s.chars().count() as u64;
    let Some(&sigil) = ty.as_bytes().first() else {
        return;
    };
    match (sigil, v) {
        // An optional field sent as null is absent to the service.
        (_, Value::Null) if !filled => {}
        (b's' | b't', Value::String(s)) => {
            if !filled {
                return;
            }
            if f.len.0.is_some_and(|m| chars(s) < m) || f.len.1.is_some_and(|m| chars(s) > m) {
                out.push(format!("`{at}` = `{s}` is outside length {:?}", f.len));
            }
            if ty == "t"
                && f.len.1.is_none_or(|m| m >= 20)
                && crate::Timestamp::from(s.as_str()).to_datetime().is_none()
            {
                out.push(format!("`{at}` = `{s}` is not a date-time"));
            }
        }
        (b'i' | b'I', Value::Number(n)) => match n.as_i64() {
            Some(n)
                if filled
                    && (f.range.0.is_some_and(|m| n < m) || f.range.1.is_some_and(|m| n > m)) =>
            {
                out.push(format!("`{at}` = {n} is outside {:?}", f.range))
            }
            Some(_) => {}
            None => out.push(format!("`{at}` = {n} is not an integer")),
        },
        (b'd' | b'f', Value::Number(n)) => {
            if (sigil == b'd' || filled) && n.to_string().parse::<rust_decimal::Decimal>().is_err()
            {
                out.push(format!("`{at}` = {n} is not an exact decimal"));
            }
        }
        (b'D', Value::String(s)) => {
            if s.parse::<rust_decimal::Decimal>().is_err() {
                out.push(format!("`{at}` = `{s}` is not a decimal in a string"));
            }
        }
        (b'b', Value::Bool(_)) | (b'j', _) => {}
        (b'[', Value::Array(items)) => {
            if filled && items.is_empty() {
                out.push(format!("`{at}` is an empty list"));
            }
            for (i, item) in items.iter().enumerate() {
                conform(f, &ty[1..], item, &format!("{at}[{i}]"), how, depth, out);
            }
        }
        (b'{', Value::Object(m)) => {
            for (k, item) in m {
                conform(f, &ty[1..], item, &join(at, k), how, depth, out);
            }
        }
        (b'@', Value::Object(m)) => conform_model(&ty[1..], m, at, how, depth + 1, out),
        (b'~', Value::String(s)) => {
            if !listed(ty, s) {
                out.push(format!("`{at}` = `{s}` is not one of {}", values_text(ty)));
            }
        }
        (b'#', Value::Number(n)) => {
            if !listed(ty, &n.to_string()) {
                out.push(format!("`{at}` = {n} is not one of {}", values_text(ty)));
            }
        }
        _ => out.push(format!("`{at}` = {v} is not {}", wire_name(ty))),
    }
}

/// Whether `value` is one of the values of enum type `ty` (`~a|b` or `#1|2`).
fn listed(ty: &str, value: &str) -> bool {
    ty.get(1..)
        .is_some_and(|values| values.split('|').any(|x| x == value))
}

/// The values of enum type `ty`, for a message: `a, b`.
fn values_text(ty: &str) -> String {
    ty.get(1..).unwrap_or_default().replace('|', ", ")
}

/// The wire type of a schema type (read from its sigil), for messages and the admin listing.
fn wire_name(ty: &str) -> &'static str {
    match ty.as_bytes().first().copied().unwrap_or(b'j') {
        b's' => "a string",
        b't' => "a date-time string",
        b'b' => "a boolean",
        b'i' | b'I' => "an integer",
        b'd' => "a decimal number",
        b'D' => "a decimal in a string",
        b'f' => "a number",
        b'[' => "a list",
        b'{' | b'@' => "an object",
        b'~' => "a string enum value",
        b'#' => "an integer enum value",
        _ => "JSON",
    }
}

fn param(id: &str, name: &str) -> Option<&'static Field> {
    schema().params.get(id)?.iter().find(|f| f.key == name)
}

/// What is wrong with the value of parameter `name` of operation `id`, as it arrived (text):
/// not of its wire type, or not one of its enum values. Limits are checked from the
/// operation's own table, separately.
pub(crate) fn param_problem(id: &str, name: &str, value: &str) -> Option<String> {
    let ty = param(id, name)?.ty;
    let is_enum = matches!(ty.as_bytes().first(), Some(b'~' | b'#'));
    let fits = match ty.as_bytes().first()? {
        b'i' | b'I' => value.parse::<i64>().is_ok(),
        b'b' => matches!(value, "true" | "false"),
        b'd' | b'D' => value.parse::<rust_decimal::Decimal>().is_ok(),
        b'f' => value.parse::<f64>().is_ok(),
        b'~' | b'#' => listed(ty, value),
        _ => true,
    };
    (!fits).then(|| {
        if is_enum {
            format!("`{name}` = `{value}` is not one of {}", values_text(ty))
        } else {
            format!("`{name}` = `{value}` is not {}", wire_name(ty))
        }
    })
}

/// The enum values of a wire type (of its items, for a list or map), as JSON.
fn one_of(ty: &str) -> Option<Vec<Value>> {
    let inner = ty.trim_start_matches(['[', '{']);
    match inner.as_bytes().first()? {
        b'~' => Some(inner[1..].split('|').map(Value::from).collect()),
        b'#' => Some(
            inner[1..]
                .split('|')
                .filter_map(|v| serde_json::from_str(v).ok())
                .collect(),
        ),
        _ => None,
    }
}

/// Parameter `name` of operation `id` for the admin listing: wire type and enum values.
pub(crate) fn param_json(id: &str, name: &str) -> (Value, Value) {
    match param(id, name) {
        Some(f) => (
            Value::from(wire_name(f.ty)),
            one_of(f.ty).map_or(Value::Null, Value::Array),
        ),
        None => (Value::Null, Value::Null),
    }
}

/// Operation `id`'s request body model for the admin listing: each field's JSON key, wire
/// type, limits, enum values (`one_of`) and, for a nested model (or a list or map of one),
/// its fields. Nesting stops at the depth cap, as building does.
pub(crate) fn request_model_json(id: &str) -> Value {
    match schema().requests.get(id) {
        Some(model) => fields_json(model, 0),
        None => Value::Null,
    }
}

fn fields_json(model: &str, depth: usize) -> Value {
    let Some(fields) = schema().models.get(model).filter(|_| depth <= MAX_DEPTH) else {
        return Value::Array(Vec::new());
    };
    Value::Array(
        fields
            .iter()
            .map(|f| {
                let inner = f.ty.trim_start_matches(['[', '{']);
                let nested = match inner.strip_prefix('@') {
                    Some(m) => fields_json(m, depth + 1),
                    None => Value::Array(Vec::new()),
                };
                serde_json::json!({
                    "name": f.key,
                    "type": wire_name(f.ty),
                    "min_length": f.len.0,
                    "max_length": f.len.1,
                    "minimum": f.range.0,
                    "maximum": f.range.1,
                    "one_of": one_of(f.ty),
                    "fields": nested,
                })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_response_body_is_filled_within_the_spec_and_repeats_per_seed() {
        let mut problems = Vec::new();
        let ops: Vec<(&str, &str)> = crate::__private::SERVICE
            .operations
            .iter()
            .filter_map(|o| Some((o.id, response_model(o.id)?)))
            .collect();
        assert!(ops.len() >= 40, "{}", ops.len());
        for (op, model) in &ops {
            for seed in [0u64, 1, 0xdead_beef, u64::MAX] {
                let v = model_value(model, seed);
                assert_eq!(v, model_value(model, seed), "{op}: not deterministic");
                let Value::Object(m) = &v else {
                    panic!("{op}: not an object");
                };
                // Every top-level field is present (nested models deeper than the cap may not be).
                assert_eq!(m.len(), schema().models[model].len(), "{op}: {v}");
                conform_model(model, m, op, Strictness::Filled, 0, &mut problems);
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn different_requests_give_different_bodies() {
        let a = seed(&[
            b"ShowCustomerAccountBalances",
            b"/v2/accounts/customer-accounts/balances?",
            b"",
        ]);
        let b = seed(&[
            b"ShowCustomerAccountBalances",
            b"/v2/accounts/customer-accounts/balances?x=1",
            b"",
        ]);
        assert_ne!(a, b);
        let model = response_model("ShowCustomerAccountBalances").unwrap();
        assert_ne!(model_value(model, a), model_value(model, b));
    }

    #[test]
    fn a_one_site_fake_checks_the_fields_and_parameters_of_its_site() {
        let body = serde_json::json!({ "receiver_type": 1, "email": "a@example.com" });
        let body = body.as_object().unwrap();
        let on = |site| request_problems("SendVerificationMessageCode", body, site).unwrap();
        assert_eq!(
            on(Some("china")),
            [
                "`email` is not taken on the site `china`",
                "`mobile_phone` is required on the site `china` but missing",
            ]
        );
        // The international site takes and requires `email`, and knows no `mobile_phone`.
        assert!(on(Some("intl")).is_empty(), "{:?}", on(Some("intl")));
        // A fake serving every site cannot tell.
        assert!(on(None).is_empty());
        let intl_only = serde_json::json!({ "receiver_type": 2 });
        assert_eq!(
            request_problems(
                "SendVerificationMessageCode",
                intl_only.as_object().unwrap(),
                Some("intl")
            )
            .unwrap(),
            ["`email` is required on the site `intl` but missing"]
        );
        // A query parameter only the Chinese site takes.
        let p = |sent, site| {
            param_site_problem("ListSubCustomerCoupons", "indirect_partner_id", sent, site)
        };
        assert_eq!(
            p(true, "intl").as_deref(),
            Some("`indirect_partner_id` is not taken on the site `intl`")
        );
        assert_eq!(p(true, "china"), None);
        assert_eq!(p(false, "china"), None, "optional there");
        assert_eq!(
            param_site_problem("ListSubCustomerCoupons", "limit", true, "intl"),
            None
        );
    }

    #[test]
    fn limits_shape_strings_and_integers() {
        let f = Field {
            key: "order_id",
            len: (Some(40), Some(48)),
            range: (None, None),
            ty: "s",
            sites: None,
        };
        let s = text(f.key, f.len, 7);
        assert!((40..=48).contains(&s.len()), "{s}");
        assert_eq!(text("x", (None, Some(3)), 0xffff_ffff).chars().count(), 3);
        let r = Field {
            key: "n",
            len: (None, None),
            range: (Some(5), Some(6)),
            ty: "i",
            sites: None,
        };
        for s in 0..10 {
            let n = value(&r, "i", s, 0).unwrap().as_i64().unwrap();
            assert!((5..=6).contains(&n));
        }
        assert_eq!(timestamp((None, Some(10)), 3).len(), 10);
    }
}
