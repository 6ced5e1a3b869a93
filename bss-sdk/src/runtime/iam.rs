//! The account's domain id on demand: `GET /v3/auth/domains` at IAM, signed with the
//! client's own credentials, as the official SDKs do when a global service's credentials
//! carry no domain id. Looked up once per client and cached.

use std::time::{Duration, SystemTime};

use super::credentials::Credentials;
use super::error::ErrorMeta;
use super::provider::{read_limited, CredentialsError};
use super::signing;

/// The IAM endpoint the official SDKs use when no region-specific one is known.
pub const DEFAULT_IAM_ENDPOINT: &str = "https://iam.myhuaweicloud.com";
/// The variable the official SDKs read for the IAM endpoint.
pub const IAM_ENDPOINT_VAR: &str = "HUAWEICLOUD_SDK_IAM_ENDPOINT";
const DOMAINS_PATH: &str = "/v3/auth/domains";
const LIMIT: usize = 1024 * 1024;

/// The region-specific IAM endpoints of the official SDKs' table, for the regions BSS has.
pub(crate) fn iam_endpoint_of_region(region: &str) -> &'static str {
    match region {
        "ap-southeast-1" => "https://iam.ap-southeast-1.myhuaweicloud.com",
        _ => DEFAULT_IAM_ENDPOINT,
    }
}

#[derive(Default)]
struct Domains {
    domains: Option<Vec<Domain>>,
}

#[derive(Default)]
struct Domain {
    id: Option<String>,
}

// Read as the models are (unknown keys skipped, a key given twice refused), without
// serde's derive.
crate::record!(@deserialize Domains, domains);
crate::record!(@deserialize Domain, id);

/// Asks IAM at `endpoint` for the domain id of `creds`.
pub(crate) async fn lookup(
    http: &reqwest::Client,
    endpoint: &str,
    creds: &Credentials,
    timeout: Duration,
) -> Result<String, CredentialsError> {
    // The endpoint may come from a profile or the environment: any user info in it is
    // masked wherever it is named, and refused.
    let source = format!(
        "IAM domain-id lookup ({})",
        super::config::masked_user_info(endpoint)
    );
    let fail = |reason: String| CredentialsError::unavailable(&source, reason);
    let base = reqwest::Url::parse(endpoint)
        .ok()
        .filter(super::config::usable_endpoint)
        .ok_or_else(|| {
            CredentialsError::invalid(
                &source,
                "the IAM endpoint is not an http(s) URL with a host and no user info",
            )
        })?;
    let host = super::config::authority(&base);
    let path = format!("{}{DOMAINS_PATH}", base.path().trim_end_matches('/'));
    let url = reqwest::Url::parse(&format!("{}://{host}{path}", base.scheme()))
        .map_err(|e| CredentialsError::invalid(&source, format!("cannot form the URL: {e}")))?;
    let mut headers: Vec<(&str, &str)> =
        vec![("host", &host), ("content-type", "application/json")];
    let date = signing::sdk_date(SystemTime::now());
    let uri = signing::canonical_uri_of_path(url.path());
    let authorization = creds.authorize("GET", &uri, "", &mut headers, b"", &date);
    let mut rb = http.get(url.clone());
    for (k, v) in headers.iter().filter(|(k, _)| *k != "host") {
        rb = rb.header(*k, *v);
    }
    if let Some(a) = authorization {
        rb = rb.header(reqwest::header::AUTHORIZATION, a);
    }
    let exchange = async {
        let resp = rb
            .send()
            .await
            .map_err(|e| fail(format!("the request failed: {e}")))?;
        if resp.url() != &url {
            return Err(fail(
                "IAM redirected the request; redirects are not followed".into(),
            ));
        }
        let status = resp.status().as_u16();
        let request_id = ["x-iam-trace-id", "x-request-id"]
            .iter()
            .find_map(|h| resp.headers().get(*h))
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = read_limited(resp, LIMIT)
            .await
            .map_err(|e| fail(format!("reading the answer failed: {e}")))?;
        Ok((status, request_id, body))
    };
    let (status, request_id, body) = tokio::time::timeout(timeout, exchange)
        .await
        .map_err(|_| fail(format!("no answer within {timeout:?}")))??;
    if status != 200 {
        return Err(fail(format!("IAM answered HTTP {status}"))
            .with_meta(ErrorMeta::from_response(status, request_id, &body)));
    }
    let id = serde_json::from_slice::<Domains>(&body)
        .map_err(|_| CredentialsError::invalid(&source, "the answer is not the documented JSON"))?
        .domains
        .and_then(|d| d.into_iter().next())
        .and_then(|d| d.id)
        .ok_or_else(|| {
            CredentialsError::invalid(
                &source,
                format!(
                    "IAM lists no domain for this key (request id {}); grant it iam:users:getUser or set the domain id",
                    request_id.as_deref().unwrap_or("none")
                ),
            )
        })?;
    let usable = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !usable {
        return Err(CredentialsError::invalid(
            &source,
            "the domain id IAM returned is not an identifier",
        ));
    }
    Ok(id)
}
