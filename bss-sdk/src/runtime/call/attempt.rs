//! One attempt: sign afresh, send, and read the answer within the size limits. Whatever
//! happens is returned as an [`Outcome`]; deciding what it means is `classify`'s job.

use std::time::{Duration, SystemTime};

use super::assemble::Prepared;
use crate::runtime::config::Config;
use crate::runtime::error::BoxError;
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
    pub(crate) body: Vec<u8>,
}

pub(crate) async fn run(cfg: &Config, call: &Prepared, timeout: Duration) -> Outcome {
    let mut headers = Vec::with_capacity(call.headers.len() + 4);
    headers.push(("Host".to_string(), call.host.clone()));
    headers.extend(call.headers.iter().cloned());
    let body: &[u8] = call.body.as_deref().unwrap_or_default();
    // Every attempt is signed afresh, so X-Sdk-Date is always current.
    let date = signing::sdk_date(SystemTime::now());
    cfg.credentials.authorize(
        call.spec.method,
        &call.canonical_uri,
        &call.canonical_query,
        &mut headers,
        body,
        &date,
    );
    let mut rb = cfg.http.request(call.method.clone(), call.url.clone());
    for (k, v) in headers
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("host"))
    {
        rb = rb.header(k.as_str(), v.as_str());
    }
    match &call.body {
        Some(b) => rb = rb.body(b.clone()),
        // Gateways may answer 411 to a POST, PUT or DELETE without a length, and the
        // official SDKs send `Content-Length: 0`. It is not a signed header.
        None if !matches!(call.method, reqwest::Method::GET | reqwest::Method::HEAD) => {
            rb = rb.header(reqwest::header::CONTENT_LENGTH, "0");
        }
        None => {}
    }
    let limit = cfg.max_response_bytes;
    match tokio::time::timeout(timeout, exchange(rb, &call.url, limit)).await {
        Err(_) => Outcome::TimedOut,
        Ok(outcome) => outcome,
    }
}

async fn exchange(rb: reqwest::RequestBuilder, url: &reqwest::Url, limit: u64) -> Outcome {
    let mut resp = match rb.send().await {
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
    let retry_after = header(&resp, "retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let location = header(&resp, "location");
    let success = (200..300).contains(&status);
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
            Ok(body) => body,
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
) -> Result<Option<Vec<u8>>, reqwest::Error> {
    let hint = resp.content_length().unwrap_or(0).min(limit);
    let mut body = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    while let Some(chunk) = resp.chunk().await? {
        if body.len() as u64 + chunk.len() as u64 > limit {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
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
