//! Doubles of the two non-BSS services the SDK may call, on the fake's own port: IAM's
//! `GET /v3/auth/domains` (the domain-id lookup, signature checked like any BSS call) and
//! the ECS metadata service's `PUT /meta-data/latest/api/token` and
//! `GET /openstack/latest/securitykey` (temporary credentials the fake accepts). They are
//! recorded and scriptable under the ids below like any operation.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use serde_json::json;

use super::server::{json_response, response, Hangup, Response};
use super::{check, lock, Recorded, Reply, State, ACCESS_KEY, DOMAIN_ID, SECRET_KEY};

/// The id IAM's `GET /v3/auth/domains` is recorded and scripted under.
pub const LIST_AUTH_DOMAINS: &str = "KeystoneListAuthDomains";
/// The id of the metadata service's `PUT /meta-data/latest/api/token`.
pub const METADATA_TOKEN: &str = "EcsMetadataToken";
/// The id of the metadata service's `GET /openstack/latest/securitykey`.
pub const METADATA_SECURITY_KEY: &str = "EcsMetadataSecurityKey";
/// The session token the fake metadata service hands out.
pub const METADATA_SESSION_TOKEN: &str = "fake-metadata-session-token";
/// How long the fake's metadata credentials last unless set otherwise.
pub const DEFAULT_METADATA_LIFETIME: Duration = Duration::from_secs(3600);

pub(super) fn route(method: &str, path: &str) -> Option<&'static str> {
    match (method, path) {
        ("GET", "/v3/auth/domains") => Some(LIST_AUTH_DOMAINS),
        ("PUT", "/meta-data/latest/api/token") => Some(METADATA_TOKEN),
        ("GET", "/openstack/latest/securitykey") => Some(METADATA_SECURITY_KEY),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn handle(
    state: &Arc<Mutex<State>>,
    id: &'static str,
    method: String,
    path: String,
    raw_query: &str,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
) -> Result<Response, Hangup> {
    let header = |n: &str| {
        headers
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_str())
    };
    let problems = match id {
        LIST_AUTH_DOMAINS => check::auth_problems(&method, &path, raw_query, &headers, &body),
        METADATA_SECURITY_KEY => match header("x-metadata-token") {
            Some(t) if t != METADATA_SESSION_TOKEN => {
                vec!["X-Metadata-Token is not the fake's session token".into()]
            }
            _ => vec![],
        },
        _ => vec![],
    };
    let (reply, request_id, serial, lifetime) = {
        let mut st = lock(state);
        st.counter += 1;
        let request_id = format!("fake-{:08}", st.counter);
        let serial = st
            .requests
            .iter()
            .filter(|r| r.operation == Some(id))
            .count()
            + 1;
        st.record(Recorded {
            operation: Some(id),
            method,
            path,
            query: check::parse_query(raw_query),
            headers: headers.clone(),
            body,
            problems: problems.clone(),
        });
        let reply = st
            .scripts
            .get_mut(id)
            .and_then(|q| q.pop_front())
            .or_else(|| st.defaults.get(id).cloned());
        (
            reply,
            request_id,
            serial,
            st.metadata_lifetime.unwrap_or(DEFAULT_METADATA_LIFETIME),
        )
    };
    if !problems.is_empty() {
        return Ok(json_response(
            401,
            &request_id,
            &json!({"error": {"code": 401, "message": problems.join("; "), "title": "Unauthorized"}}),
        ));
    }
    let mut reply = reply;
    let mut extra = Vec::new();
    loop {
        match reply {
            Some(Reply::Delay(d, inner)) => {
                tokio::time::sleep(d).await;
                reply = Some(*inner);
            }
            Some(Reply::WithHeaders(h, inner)) => {
                extra.extend(h);
                reply = Some(*inner);
            }
            Some(Reply::CloseConnection) => return Err(Hangup),
            Some(Reply::Json { status, body }) => {
                return Ok(with(json_response(status, &request_id, &body), extra))
            }
            Some(Reply::Raw {
                status,
                content_type,
                body,
            }) => {
                return Ok(with(
                    response(status, &request_id, &content_type, body),
                    extra,
                ))
            }
            Some(Reply::Error(code)) => {
                return Ok(with(
                    json_response(
                        400,
                        &request_id,
                        &json!({"error_code": code, "error_msg": "Scripted error."}),
                    ),
                    extra,
                ))
            }
            Some(Reply::Example(_) | Reply::Page) | None => break,
        }
    }
    let resp = match id {
        LIST_AUTH_DOMAINS => json_response(
            200,
            &request_id,
            &json!({
                "domains": [{"id": DOMAIN_ID, "name": "fake-domain", "enabled": true, "description": ""}],
                "links": {"self": "https://iam.example.invalid/v3/auth/domains"}
            }),
        ),
        METADATA_TOKEN => response(
            200,
            &request_id,
            "text/plain",
            METADATA_SESSION_TOKEN.as_bytes().to_vec(),
        ),
        _ => {
            let expires = time::OffsetDateTime::from(SystemTime::now() + lifetime);
            let expires_at = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
                expires.year(),
                u8::from(expires.month()),
                expires.day(),
                expires.hour(),
                expires.minute(),
                expires.second(),
                expires.microsecond()
            );
            json_response(
                200,
                &request_id,
                &json!({"credential": {
                    "access": ACCESS_KEY,
                    "secret": SECRET_KEY,
                    "securitytoken": format!("fake-security-token-{serial}"),
                    "expires_at": expires_at,
                }}),
            )
        }
    };
    Ok(with(resp, extra))
}

fn with(mut resp: Response, extra: Vec<(String, String)>) -> Response {
    for (k, v) in extra {
        if let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::from_bytes(k.as_bytes()),
            hyper::header::HeaderValue::from_str(&v),
        ) {
            resp.headers_mut().insert(name, value);
        }
    }
    resp
}
