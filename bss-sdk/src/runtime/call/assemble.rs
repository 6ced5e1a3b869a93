//! Request assembly: turns a [`Request`] filled in by generated code into what every
//! attempt sends — method, URL, canonical URI and query, headers and body. Done once per
//! call; attempts only add the date and the signature.

use std::borrow::Cow;

use bytes::Bytes;

use crate::runtime::config::Settings;
use crate::runtime::error::Failure;
use crate::runtime::request::Request;
use crate::runtime::signing;
use crate::runtime::spec::OperationSpec;

/// A call ready to be signed and sent.
pub(crate) struct Prepared {
    pub(crate) spec: &'static OperationSpec,
    pub(crate) method: reqwest::Method,
    pub(crate) url: reqwest::Url,
    pub(crate) canonical_uri: String,
    pub(crate) canonical_query: String,
    /// Headers to sign and send besides `Host` (auth headers are added per attempt). The
    /// SDK's own names are lower case, as HTTP/1 sends them and the signer reads them.
    pub(crate) headers: Vec<(&'static str, Cow<'static, str>)>,
    /// `headers` as parsed for the wire, plus `Content-Length: 0` for an empty body.
    pub(crate) wire_headers: reqwest::header::HeaderMap,
    /// The JSON body, for operations that send one.
    pub(crate) body: Option<Bytes>,
}

/// Refuses a request whose parameters broke a limit or whose body could not be encoded —
/// before anything, credentials and the domain-id lookup included, is fetched or sent.
pub(crate) fn check(req: &mut Request) -> Result<(), Failure> {
    if let Some((name, reason)) = req.checks.violation.take() {
        return Err(Failure::Invalid { name, reason });
    }
    if let Some(e) = req.body_error.take() {
        return Err(Failure::Config(format!(
            "cannot encode the request body: {e}"
        )));
    }
    Ok(())
}

/// `domain_id` is the credentials' or the one looked up; `None` when there is none.
pub(crate) fn prepare(
    req: Request,
    cfg: &Settings,
    global: bool,
    domain_id: Option<&str>,
) -> Result<Prepared, Failure> {
    let mut req = req;
    check(&mut req)?;
    let spec = req.spec;
    let wire_path = wire_path(
        cfg,
        spec,
        &req.path_values,
        &req.domain_id_params,
        domain_id,
    )?;
    let canonical_uri = signing::canonical_uri_of_path(&wire_path);
    let canonical_query = signing::canonical_query(&req.query);
    // The path and query are already encoded, and setting them keeps every `%XX` as it
    // is, so the URL is sent exactly as signed; the host is not parsed again per call.
    let mut url = cfg.origin.clone();
    url.set_path(&wire_path);
    url.set_query((!canonical_query.is_empty()).then_some(canonical_query.as_str()));
    if url.path() != wire_path || url.query().unwrap_or_default() != canonical_query {
        // URL handling would normalise the path (or re-encode the query): what is sent
        // would differ from what is signed.
        return Err(Failure::Config(format!(
            "{} resolves to a different path than it names",
            spec.id
        )));
    }
    let method = reqwest::Method::from_bytes(spec.method.as_bytes())
        .map_err(|_| Failure::Config(format!("unknown HTTP method {}", spec.method)))?;

    let mut headers: Vec<(&'static str, Cow<'static, str>)> =
        Vec::with_capacity(2 + req.headers.len());
    headers.push(("content-type", Cow::Borrowed("application/json")));
    if global {
        if let Some(d) = domain_id {
            headers.push(("x-domain-id", Cow::Owned(d.to_string())));
        }
    }
    headers.extend(req.headers.into_iter().map(|(k, v)| (k, Cow::Owned(v))));
    let body = if spec.has_body {
        Some(Bytes::from(req.body.unwrap_or_default()))
    } else {
        None
    };
    // The same headers, parsed once for the wire; attempts add only the date and auth.
    let mut wire_headers = reqwest::header::HeaderMap::with_capacity(headers.len() + 4);
    for (k, v) in &headers {
        let (name, value) = wire_header(k, v).map_err(Failure::Config)?;
        wire_headers.append(name, value);
    }
    if body.is_none() && !matches!(method, reqwest::Method::GET | reqwest::Method::HEAD) {
        // Gateways may answer 411 to a POST, PUT or DELETE without a length, and the
        // official SDKs send `Content-Length: 0`. It is not a signed header.
        wire_headers.insert(
            reqwest::header::CONTENT_LENGTH,
            reqwest::header::HeaderValue::from_static("0"),
        );
    }
    Ok(Prepared {
        spec,
        method,
        url,
        canonical_uri,
        canonical_query,
        headers,
        wire_headers,
        body,
    })
}

/// One header for the wire, or why HTTP cannot carry it (a line break, say); the caller
/// turns that into a failure before anything is sent.
pub(crate) fn wire_header(
    name: &str,
    value: &str,
) -> Result<(reqwest::header::HeaderName, reqwest::header::HeaderValue), String> {
    use reqwest::header::HeaderName;
    // The SDK's own names need no parsing.
    let n = match name {
        "content-type" => Ok(reqwest::header::CONTENT_TYPE),
        "x-domain-id" => Ok(HeaderName::from_static("x-domain-id")),
        "x-sdk-date" => Ok(HeaderName::from_static("x-sdk-date")),
        "x-security-token" => Ok(HeaderName::from_static("x-security-token")),
        "x-auth-token" => Ok(HeaderName::from_static("x-auth-token")),
        _ => HeaderName::from_bytes(name.as_bytes()),
    };
    let v = reqwest::header::HeaderValue::from_str(value);
    match (n, v) {
        (Ok(n), Ok(v)) => Ok((n, v)),
        _ => Err(format!(
            "cannot build the request: header `{name}` has a name or value HTTP cannot carry"
        )),
    }
}

/// The path as sent: the endpoint's own path (as configured, already encoded), then the
/// operation's template with each placeholder percent-encoded.
fn wire_path(
    cfg: &Settings,
    spec: &OperationSpec,
    values: &[(&'static str, String)],
    from_domain_id: &[&'static str],
    domain_id: Option<&str>,
) -> Result<String, Failure> {
    let mut path = cfg.endpoint.path().trim_end_matches('/').to_string();
    for seg in spec.path.split('/').filter(|s| !s.is_empty()) {
        path.push('/');
        let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
            path.push_str(seg);
            continue;
        };
        let value = if from_domain_id.contains(&name) {
            domain_id.ok_or_else(|| {
                Failure::Config(format!(
                    "{} needs the account's domain id, and looking it up is turned off: use Credentials::with_domain_id or HUAWEICLOUD_SDK_DOMAIN_ID",
                    spec.id
                ))
            })?
        } else {
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str())
                .ok_or_else(|| Failure::Config(format!("path parameter `{name}` is missing")))?
        };
        check_segment(name, value)?;
        path.push_str(&signing::encode(value));
    }
    Ok(path)
}

/// A placeholder's value must stay one segment, however a gateway or the signer reads
/// it: the signer decodes the path and splits it at `/`, and URL handling drops or
/// resolves empty, `.` and `..` segments, so any of those would address another route.
fn check_segment(name: &str, value: &str) -> Result<(), Failure> {
    let bad = value.is_empty()
        || value
            .split('/')
            .any(|p| p.is_empty() || p == "." || p == "..");
    if bad {
        return Err(Failure::Invalid {
            name: name.to_string(),
            reason: "is not a usable path segment: empty, `.` and `..` parts would address another route"
                .to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_that_would_move_the_route_are_refused() {
        for v in ["", ".", "..", "a/", "/a", "a//b", "a/../b", "./a", "a/."] {
            assert!(check_segment("id", v).is_err(), "{v:?}");
        }
        for v in ["a", "a.b", "...", "a/b", "CS1709%2F", " "] {
            assert!(check_segment("id", v).is_ok(), "{v:?}");
        }
    }
}
