//! Request checks from the spec: route, parameters, limits, body and signature.

use percent_encoding::percent_decode_str;

use super::{ACCESS_KEY, DOMAIN_ID, SECRET_KEY, TOKEN};
use crate::__private::{signing, OperationSpec, ParamIn};

/// Path placeholder values by name.
pub(crate) type PathValues = Vec<(&'static str, String)>;

/// Finds the operation for a method and path; literal segments beat placeholders.
pub(crate) fn route(
    operations: &'static [&'static OperationSpec],
    method: &str,
    path: &str,
) -> Option<(&'static OperationSpec, PathValues)> {
    let segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(decode)
        .collect();
    let mut best: Option<(usize, &'static OperationSpec, PathValues)> = None;
    for spec in operations.iter().copied().filter(|s| s.method == method) {
        let tpl: Vec<&'static str> = spec.path.split('/').filter(|s| !s.is_empty()).collect();
        if tpl.len() != segs.len() {
            continue;
        }
        let mut literal = 0;
        let mut values = Vec::new();
        let ok = tpl.iter().zip(&segs).all(|(t, s)| {
            match t.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
                Some(name) => {
                    values.push((name, s.clone()));
                    !s.is_empty()
                }
                None => {
                    literal += 1;
                    t == s
                }
            }
        });
        if ok && best.as_ref().is_none_or(|(l, _, _)| literal > *l) {
            best = Some((literal, spec, values));
        }
    }
    best.map(|(_, s, v)| (s, v))
}

pub(crate) fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

pub(crate) fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

/// A header's value, whatever the case of its name.
fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// A request as it arrived, for the checks.
#[derive(Clone, Copy)]
pub(crate) struct Arrived<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub raw_query: &'a str,
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

/// Everything wrong with a request routed to `spec` (with its path values) on `site` (a
/// fake serving one site also checks what that site takes; `None`: every site).
pub(crate) fn problems(
    spec: &OperationSpec,
    site: Option<&str>,
    path_values: &[(&'static str, String)],
    req: Arrived<'_>,
) -> Vec<String> {
    let Arrived {
        method,
        path,
        raw_query,
        headers,
        body,
    } = req;
    let mut out = Vec::new();
    let query = parse_query(raw_query);
    let header = |name: &str| header_value(headers, name);

    for p in spec.params {
        let value: Option<String> = match p.location {
            ParamIn::Path => path_values
                .iter()
                .find(|(n, _)| *n == p.name)
                .map(|(_, v)| v.clone()),
            ParamIn::Query => query
                .iter()
                .find(|(k, _)| k == p.name)
                .map(|(_, v)| v.clone()),
            ParamIn::Header => header(p.name).map(str::to_string),
        };
        if let Some(problem) =
            site.and_then(|s| super::body::param_site_problem(spec.id, p.name, value.is_some(), s))
        {
            out.push(problem);
        }
        match value {
            None if p.required => out.push(format!("missing required parameter `{}`", p.name)),
            None => {}
            Some(v) => {
                if let Some(problem) = super::body::param_problem(spec.id, p.name, &v) {
                    out.push(problem);
                }
                if p.from_domain_id && v != DOMAIN_ID {
                    out.push(format!("`{}` is `{v}`, not the caller's domain id", p.name));
                }
                let len = v.chars().count() as u64;
                if p.max_length.is_some_and(|m| len > m) || p.min_length.is_some_and(|m| len < m) {
                    out.push(format!(
                        "`{}` has {len} characters, outside its documented length",
                        p.name
                    ));
                }
                // A value that is not an integer at all is reported by the wire-type check
                // above.
                if let Ok(n) = v.parse::<i64>() {
                    if p.minimum.is_some_and(|m| n < m) || p.maximum.is_some_and(|m| n > m) {
                        out.push(format!(
                            "`{}` = {n} is outside its documented range",
                            p.name
                        ))
                    }
                }
            }
        }
    }
    for (k, _) in &query {
        if !spec
            .params
            .iter()
            .any(|p| p.location == ParamIn::Query && p.name == k)
        {
            out.push(format!("unknown query parameter `{k}`"));
        }
    }

    if spec.has_body {
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(serde_json::Value::Object(map)) => {
                for f in spec.body_required {
                    if !map.contains_key(*f) {
                        out.push(format!("body misses required field `{f}`"));
                    }
                }
                // Wire types, enum values and unknown keys, from the request model.
                for p in super::body::request_problems(spec.id, &map, site).unwrap_or_default() {
                    out.push(format!("body field {p}"));
                }
                // The client's own limit check, run on what arrived: a client that skips
                // it (or another SDK) is told which field broke which limit.
                let mut checks = crate::runtime::request::Checks::default();
                checks.body("", &serde_json::Value::Object(map), spec.body_limits);
                if let Some((field, reason)) = checks.violation {
                    out.push(format!("body field `{field}` {reason}"));
                }
            }
            Ok(_) => out.push("body is not a JSON object".to_string()),
            Err(e) => out.push(format!("body is not JSON: {e}")),
        }
    } else if !body.is_empty() {
        out.push("operation takes no body, but one was sent".to_string());
    }

    out.extend(auth_problems(method, path, raw_query, headers, body));
    out
}

/// Checks `X-Auth-Token`, or recomputes the AK/SK signature from what arrived.
pub(super) fn auth_problems(
    method: &str,
    path: &str,
    raw_query: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Vec<String> {
    let header = |name: &str| header_value(headers, name);
    if let Some(token) = header("x-auth-token") {
        return if token == TOKEN {
            vec![]
        } else {
            vec!["X-Auth-Token is not the fake's token".into()]
        };
    }
    let Some(auth) = header("authorization") else {
        return vec!["no Authorization or X-Auth-Token header".into()];
    };
    let Some(rest) = auth.strip_prefix(&format!("{} ", signing::ALGORITHM)) else {
        return vec![format!("Authorization does not use {}", signing::ALGORITHM)];
    };
    let field = |name: &str| {
        rest.split(", ")
            .find_map(|part| part.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
    };
    let (Some(ak), Some(signed), Some(sig)) =
        (field("Access"), field("SignedHeaders"), field("Signature"))
    else {
        return vec!["Authorization lacks Access, SignedHeaders or Signature".into()];
    };
    let mut out = Vec::new();
    if ak != ACCESS_KEY {
        out.push(format!("unknown access key `{ak}`"));
    }
    let Some(date) = header("x-sdk-date") else {
        out.push("X-Sdk-Date is missing".into());
        return out;
    };
    let mut signed_headers = Vec::new();
    for name in signed.split(';') {
        match header(name) {
            Some(v) => signed_headers.push((name.to_string(), v.to_string())),
            None => out.push(format!("signed header `{name}` was not sent")),
        }
    }
    for required in ["host", "x-sdk-date"] {
        if !signed.split(';').any(|h| h == required) {
            out.push(format!("`{required}` is not signed"));
        }
    }
    // As the gateway does: the canonical URI is computed from the path as received.
    let uri = signing::canonical_uri_of_path(path);
    let query = signing::canonical_query(&parse_query(raw_query));
    let expected = signing::sign(
        SECRET_KEY.as_bytes(),
        &signing::SigningInput {
            method,
            canonical_uri: &uri,
            canonical_query: &query,
            headers: &signed_headers,
            body,
            date,
        },
    );
    if expected.signed_headers != signed {
        out.push(format!(
            "SignedHeaders `{signed}` are not in canonical order"
        ));
    } else if expected.signature != sig {
        out.push("signature does not match the request".into());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{problems, Arrived};
    use crate::operations::pay_orders::SPEC;

    fn body_problems(body: &str) -> Vec<String> {
        problems(
            &SPEC,
            None,
            &[],
            Arrived {
                method: "POST",
                path: "/v3/orders/customer-orders/pay",
                raw_query: "",
                headers: &[],
                body: body.as_bytes(),
            },
        )
        .into_iter()
        .filter(|p| p.starts_with("body"))
        .collect()
    }

    #[test]
    fn body_limits_are_checked_down_to_list_items() {
        let ok = r#"{"order_id":"CS2405","use_coupon":"YES","use_discount":"NO","coupon_infos":[{"id":"c1","type":300}]}"#;
        assert_eq!(body_problems(ok), Vec::<String>::new());

        let long = "x".repeat(65);
        let top = format!(r#"{{"order_id":"{long}","use_coupon":"YES","use_discount":"NO"}}"#);
        assert_eq!(
            body_problems(&top),
            ["body field `order_id` is 65 characters long; the limit is 64"]
        );
        let nested = format!(
            r#"{{"order_id":"a","use_coupon":"YES","use_discount":"NO","coupon_infos":[{{"id":"c1","type":300}},{{"id":"{long}","type":300}}]}}"#
        );
        assert_eq!(
            body_problems(&nested),
            ["body field `coupon_infos[1].id` is 65 characters long; the limit is 64"]
        );
    }

    #[test]
    fn body_wire_types_enum_values_and_keys_are_checked_down_to_list_items() {
        let body = r#"{"order_id":5,"use_coupon":"MAYBE","use_discount":"NO","coupon":1,"coupon_infos":[{"id":"c1","type":300},{"id":"c2","type":299,"note":"x"}],"discount_infos":null}"#;
        // The order of the problems follows the JSON map's; compare them sorted
        // (byte order: `_` sorts before the closing backtick).
        let mut got = body_problems(body);
        got.sort();
        assert_eq!(
            got,
            [
                "body field `coupon_infos[1].note` is not a field of CouponSimpleInfoOrderPayV3",
                "body field `coupon_infos[1].type` = 299 is not one of 300, 301, 302, 303",
                "body field `coupon` is not a field of PayCustomerOrderV3Req",
                "body field `order_id` = 5 is not a string",
                "body field `use_coupon` = `MAYBE` is not one of YES, NO",
            ]
        );
    }

    #[test]
    fn parameter_wire_types_and_enum_values_are_checked() {
        use crate::operations::list_customer_orders::SPEC as LIST;
        let params = |query: &str| -> Vec<String> {
            problems(
                &LIST,
                None,
                &[],
                Arrived {
                    method: "GET",
                    path: "/v2/orders/customer-orders",
                    raw_query: query,
                    headers: &[],
                    body: b"",
                },
            )
            .into_iter()
            .filter(|p| p.starts_with('`'))
            .collect()
        };
        assert_eq!(
            params("order_by=-createTime&limit=10&status=6"),
            Vec::<String>::new()
        );
        assert_eq!(
            params("order_by=newest&limit=ten&status=7"),
            [
                "`status` = `7` is not one of 1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13",
                "`limit` = `ten` is not an integer",
                "`order_by` = `newest` is not one of createTime, -createTime",
            ]
        );
    }
}
