//! One attempt: sign afresh, send, and read the answer within the size limits. Whatever
//! happens is returned as an [`Outcome`]; deciding what it means is `classify`'s job.

use std::time::{Duration, Instant, SystemTime};

use super::assemble::Prepared;
use crate::runtime::config::Settings;
use crate::runtime::credentials::Credentials;
use crate::runtime::error::BoxError;
use crate::runtime::http::{AfterResponse, BeforeSend};
use crate::runtime::signing;

/// How much of a non-success body is read: enough for any error document, and a bound
/// on what a hostile or broken server can make the client hold.
pub(crate) const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// What one attempt came to.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// The server answered; the body was read (an error body only up to its limit).
    Answered(Answer),
    /// A success body exceeded the configured limit; reading stopped there.
    TooLarge {
        status: u16,
        request_id: Option<String>,
        limit: u64,
    },
    /// The HTTP client followed a redirect to `url` (never with the client's own).
    Followed { status: u16, url: String },
    /// Nothing reached the server (connection refused, DNS, TLS handshake).
    NotSent(BoxError),
    /// The request could not be built (e.g. a header value with a line break).
    Unbuildable(String),
    /// The attempt timed out; the request may have reached the server.
    TimedOut,
    /// The connection broke after the request may have reached the server.
    Broken { source: BoxError, timeout: bool },
}

/// A response whose status, headers of interest and body have been read.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) location: Option<String>,
    pub(crate) body: bytes::Bytes,
}

pub(crate) async fn run(
    cfg: &Settings,
    call: &Prepared,
    creds: &Credentials,
    attempt: u32,
    timeout: Duration,
) -> Outcome {
    // What interceptors add (nothing is allocated when there are none).
    let mut added: Vec<(String, String)> = Vec::new();
    // Interceptors run before signing: what they add is signed, and they never see the
    // auth headers, which do not exist yet.
    let started = (!cfg.interceptors.is_empty()).then(Instant::now);
    if started.is_some() {
        let mut ctx = BeforeSend {
            operation: call.spec.id,
            method: call.spec.method,
            url: &call.url,
            attempt,
            host: &cfg.authority,
            base: &call.headers,
            added: &mut added,
        };
        for i in cfg.interceptors.iter() {
            i.before_send(&mut ctx);
        }
    }
    let body: &[u8] = call.body.as_deref().unwrap_or_default();
    // Every attempt is signed afresh, so X-Sdk-Date is always current.
    let date = signing::sdk_date(SystemTime::now());
    // Everything sent, borrowed: `Host` first (reqwest writes it itself), then the
    // request's headers (already on the wire map), then what is new in this attempt.
    let mut headers: Vec<(&str, &str)> = Vec::with_capacity(call.headers.len() + added.len() + 4);
    headers.push(("host", &cfg.authority));
    headers.extend(call.headers.iter().map(|(k, v)| (*k, v.as_ref())));
    headers.extend(added.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let new = 1 + call.headers.len();
    let authorization = creds.authorize(
        call.spec.method,
        &call.canonical_uri,
        &call.canonical_query,
        &mut headers,
        body,
        &date,
    );
    let mut request = reqwest::Request::new(call.method.clone(), call.url.clone());
    *request.headers_mut() = call.wire_headers.clone();
    for (k, v) in &headers[new..] {
        match super::assemble::wire_header(k, v) {
            Ok((name, mut value)) => {
                if matches!(*k, "x-auth-token" | "x-security-token") {
                    value.set_sensitive(true);
                }
                request.headers_mut().append(name, value);
            }
            Err(reason) => return Outcome::Unbuildable(reason),
        }
    }
    if let Some(a) = authorization {
        // Built from the access key, header names and hex digits; kept out of Debug output.
        match reqwest::header::HeaderValue::try_from(a) {
            Ok(mut value) => {
                value.set_sensitive(true);
                request
                    .headers_mut()
                    .append(reqwest::header::AUTHORIZATION, value);
            }
            Err(_) => {
                return Outcome::Unbuildable(
                    "cannot build the request: the Authorization value is not a header value"
                        .into(),
                )
            }
        }
    }
    if let Some(b) = &call.body {
        *request.body_mut() = Some(b.clone().into());
    }
    let limit = cfg.max_response_bytes;
    let outcome =
        match tokio::time::timeout(timeout, exchange(&cfg.http, request, &call.url, limit)).await {
            Err(_) => Outcome::TimedOut,
            Ok(outcome) => outcome,
        };
    if let Some(started) = started {
        let (status, request_id, failure) = match &outcome {
            Outcome::Answered(a) => (Some(a.status), a.request_id.as_deref(), None),
            Outcome::TooLarge {
                status, request_id, ..
            } => (
                Some(*status),
                request_id.as_deref(),
                Some("response too large"),
            ),
            Outcome::Followed { status, .. } => (Some(*status), None, Some("redirect followed")),
            Outcome::NotSent(_) => (None, None, Some("not sent")),
            Outcome::Unbuildable(_) => (None, None, Some("unbuildable")),
            Outcome::TimedOut => (None, None, Some("timeout")),
            Outcome::Broken { .. } => (None, None, Some("connection broke")),
        };
        let after = AfterResponse {
            operation: call.spec.id,
            attempt,
            status,
            request_id,
            elapsed: started.elapsed(),
            failure,
        };
        for i in cfg.interceptors.iter() {
            i.after_response(&after);
        }
    }
    outcome
}

async fn exchange(
    http: &reqwest::Client,
    request: reqwest::Request,
    url: &reqwest::Url,
    limit: u64,
) -> Outcome {
    let mut resp = match http.execute(request).await {
        Ok(r) => r,
        Err(e) => return transport_failure(e),
    };
    if resp.url() != url {
        // Only an HTTP client that follows redirects gets here: the answer came from
        // somewhere else, so it is not the endpoint's.
        return Outcome::Followed {
            status: resp.status().as_u16(),
            url: resp.url().to_string(),
        };
    }
    let status = resp.status().as_u16();
    let request_id = header(&resp, "x-request-id");
    let success = (200..300).contains(&status);
    // Only a failure or a redirect is read for when to retry and where it points.
    let (retry_after, location) = if success {
        (None, None)
    } else {
        (
            header(&resp, "retry-after")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs),
            header(&resp, "location"),
        )
    };
    let body = if success {
        if resp.content_length().is_some_and(|n| n > limit) {
            return Outcome::TooLarge {
                status,
                request_id,
                limit,
            };
        }
        match read_capped(&mut resp, limit).await {
            Ok(Some(body)) => body,
            Ok(None) => {
                return Outcome::TooLarge {
                    status,
                    request_id,
                    limit,
                }
            }
            Err(e) => return transport_failure(e),
        }
    } else {
        // An error body is only ever shown as an excerpt: read the start, drop the rest.
        match read_prefix(&mut resp, ERROR_BODY_LIMIT).await {
            Ok(body) => body.into(),
            Err(e) => return transport_failure(e),
        }
    };
    Outcome::Answered(Answer {
        status,
        request_id,
        retry_after,
        location,
        body,
    })
}

/// Reads the whole body into one buffer, or `None` once it exceeds `limit`.
async fn read_capped(
    resp: &mut reqwest::Response,
    limit: u64,
) -> Result<Option<bytes::Bytes>, reqwest::Error> {
    // A body that arrives in one chunk is kept as it came, without a copy; only a body in
    // several chunks is joined, once.
    let mut size = 0u64;
    let mut first: Option<bytes::Bytes> = None;
    let mut joined: Option<Vec<u8>> = None;
    while let Some(chunk) = resp.chunk().await? {
        size = size.saturating_add(chunk.len() as u64);
        if size > limit {
            return Ok(None);
        }
        match (&mut joined, first.take()) {
            (Some(j), _) => j.extend_from_slice(&chunk),
            (None, Some(f)) => {
                let hint = resp.content_length().unwrap_or(size).clamp(size, limit);
                let mut j = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
                j.extend_from_slice(&f);
                j.extend_from_slice(&chunk);
                joined = Some(j);
            }
            (None, None) => first = Some(chunk),
        }
    }
    Ok(Some(
        joined.map(bytes::Bytes::from).or(first).unwrap_or_default(),
    ))
}

/// Reads at most `limit` bytes of the body.
async fn read_prefix(
    resp: &mut reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, reqwest::Error> {
    let mut body = Vec::new();
    while body.len() < limit {
        match resp.chunk().await? {
            Some(chunk) => {
                let take = chunk.len().min(limit - body.len());
                body.extend_from_slice(&chunk[..take]);
            }
            None => break,
        }
    }
    Ok(body)
}

fn transport_failure(e: reqwest::Error) -> Outcome {
    if e.is_builder() {
        Outcome::Unbuildable(format!("cannot build the request: {e}"))
    } else if e.is_connect() {
        Outcome::NotSent(Box::new(e))
    } else {
        let timeout = e.is_timeout();
        Outcome::Broken {
            source: Box::new(e),
            timeout,
        }
    }
}

fn header(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}
