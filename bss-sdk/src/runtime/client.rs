//! The client and its transport: build the URL, sign every attempt afresh, send with
//! timeouts, and retry only what the operation's retry class allows.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use serde::de::DeserializeOwned;
use tracing::Instrument;

use super::config::{CallOptions, Config, ConfigError, RetryConfig};
use super::error::{ErrorMeta, Failure, SdkError, ServiceError};
use super::request::Request;
use super::signing;
use super::spec::EmbeddedErrors;

/// The BSS client. Cheap to clone (one shared connection pool); `Send + Sync`, so one
/// client can serve many tasks. Each operation is a method returning a request builder:
///
/// ```no_run
/// # async fn demo(client: bss_sdk::Client) -> Result<(), Box<dyn std::error::Error>> {
/// let orders = client.list_customer_orders().limit(10).send().await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    config: Arc<Config>,
}

/// A response whose status and body have been read.
pub(crate) struct RawResponse {
    status: u16,
    request_id: Option<String>,
    body: Vec<u8>,
}

impl Client {
    /// A client for `config`.
    pub fn new(config: Config) -> Self {
        Client {
            config: Arc::new(config),
        }
    }

    /// A client configured from the environment (see [`Config::from_env`]).
    pub fn from_env() -> Result<Self, ConfigError> {
        Config::from_env().map(Client::new)
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    pub(crate) async fn send_json<T: DeserializeOwned, E: ServiceError>(
        &self,
        req: Request,
        opts: &CallOptions,
    ) -> Result<T, SdkError<E>> {
        let raw = self.execute(req, opts).await.map_err(Failure::into_sdk)?;
        serde_json::from_slice(&raw.body).map_err(|e| SdkError::InvalidResponse {
            status: raw.status,
            request_id: raw.request_id,
            reason: format!("body does not match the documented model: {e}"),
        })
    }

    pub(crate) async fn send_empty<E: ServiceError>(
        &self,
        req: Request,
        opts: &CallOptions,
    ) -> Result<(), SdkError<E>> {
        let raw = self.execute(req, opts).await.map_err(Failure::into_sdk)?;
        // These operations document no body. A body that is not JSON (a proxy's HTML page
        // with status 200, a truncated reply) means the answer did not come from BSS, so it
        // must not pass for success — least of all for a payment.
        if !raw.body.iter().all(u8::is_ascii_whitespace)
            && serde_json::from_slice::<serde::de::IgnoredAny>(&raw.body).is_err()
        {
            return Err(SdkError::InvalidResponse {
                status: raw.status,
                request_id: raw.request_id,
                reason: "the operation documents no body, and the one sent is not JSON".to_string(),
            });
        }
        Ok(())
    }

    async fn execute(&self, req: Request, opts: &CallOptions) -> Result<RawResponse, Failure> {
        let spec = req.spec;
        let span = tracing::info_span!(
            "bss.call",
            operation = spec.id,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        let result = self
            .execute_in_span(req, opts, &span)
            .instrument(span.clone())
            .await;
        if let Err(f) = &result {
            tracing::debug!(parent: &span, failure = failure_kind(f), "call failed");
        }
        result
    }

    async fn execute_in_span(
        &self,
        req: Request,
        opts: &CallOptions,
        span: &tracing::Span,
    ) -> Result<RawResponse, Failure> {
        let spec = req.spec;
        if let Some((name, reason)) = req.checks.violation {
            return Err(Failure::Invalid { name, reason });
        }
        if let Some(e) = req.body_error {
            return Err(Failure::Config(format!(
                "cannot encode the request body: {e}"
            )));
        }
        let cfg = &*self.config;
        let domain_id = cfg.credentials.domain_id();

        // The path: endpoint prefix, then the template with placeholders filled.
        let mut segments: Vec<String> = cfg
            .endpoint
            .path()
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        for seg in spec.path.split('/').filter(|s| !s.is_empty()) {
            match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) if req.domain_id_params.contains(&name) => match domain_id {
                    Some(d) => segments.push(d.to_string()),
                    None => {
                        return Err(Failure::Config(format!(
                            "{} needs the account's domain id: use Credentials::with_domain_id or HUAWEICLOUD_SDK_DOMAIN_ID",
                            spec.id
                        )))
                    }
                },
                Some(name) => match req.path_values.iter().find(|(n, _)| *n == name) {
                    // `.`, `..` and empty segments are resolved or collapsed by URL
                    // handling, so they would silently address a different operation.
                    Some((_, v)) if v.is_empty() || v == "." || v == ".." => {
                        return Err(Failure::Invalid {
                            name: name.to_string(),
                            reason: format!("`{v}` is not a usable path segment: it would address another route"),
                        })
                    }
                    Some((_, v)) => segments.push(v.clone()),
                    None => return Err(Failure::Config(format!("path parameter `{name}` is missing"))),
                },
                None => segments.push(seg.to_string()),
            }
        }
        let canonical_uri = signing::canonical_uri(&segments);
        let wire_path: String = segments
            .iter()
            .map(|s| format!("/{}", signing::encode(s)))
            .collect();
        let query = signing::canonical_query(&req.query);
        let host = match (cfg.endpoint.host_str(), cfg.endpoint.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            (None, _) => return Err(Failure::Config("endpoint has no host".into())),
        };
        let url = if query.is_empty() {
            format!("{}://{host}{wire_path}", cfg.endpoint.scheme())
        } else {
            format!("{}://{host}{wire_path}?{query}", cfg.endpoint.scheme())
        };
        let method = reqwest::Method::from_bytes(spec.method.as_bytes())
            .map_err(|_| Failure::Config(format!("bad method {}", spec.method)))?;
        let body = req.body.unwrap_or_default();

        let retry: RetryConfig = opts.retry.clone().unwrap_or_else(|| cfg.retry.clone());
        let attempt_timeout = opts.attempt_timeout.unwrap_or(cfg.timeouts.attempt);
        let total = opts.total_timeout.unwrap_or(cfg.timeouts.total);
        // A huge total timeout means "no deadline", not an overflow.
        let deadline = Instant::now()
            .checked_add(total)
            .unwrap_or_else(|| Instant::now() + Duration::from_secs(100 * 365 * 24 * 3600));
        let max_attempts = retry.max_attempts.max(1);

        let mut attempt = 0;
        loop {
            attempt += 1;
            span.record("attempts", attempt);
            // Every attempt is signed afresh, so X-Sdk-Date is always current.
            let mut headers: Vec<(String, String)> = vec![
                ("Host".into(), host.clone()),
                ("Content-Type".into(), "application/json".into()),
            ];
            if cfg.service.global {
                if let Some(d) = domain_id {
                    headers.push(("X-Domain-Id".into(), d.to_string()));
                }
            }
            headers.extend(req.headers.iter().cloned());
            let date = signing::sdk_date(SystemTime::now());
            cfg.credentials.authorize(
                spec.method,
                &canonical_uri,
                &query,
                &mut headers,
                &body,
                &date,
            );

            let mut rb = cfg.http.request(method.clone(), &url);
            for (k, v) in headers
                .iter()
                .filter(|(k, _)| !k.eq_ignore_ascii_case("host"))
            {
                rb = rb.header(k.as_str(), v.as_str());
            }
            if spec.has_body {
                rb = rb.body(body.clone());
            }
            let remaining = deadline.saturating_duration_since(Instant::now());
            let outcome = tokio::time::timeout(attempt_timeout.min(remaining), async {
                let resp = rb.send().await?;
                let status = resp.status().as_u16();
                let request_id = header(&resp, "x-request-id");
                let retry_after =
                    header(&resp, "retry-after").and_then(|v| v.trim().parse::<u64>().ok());
                let bytes = resp.bytes().await?;
                Ok::<_, reqwest::Error>((status, request_id, retry_after, bytes.to_vec()))
            })
            .await;
            let can_retry = attempt < max_attempts;

            let (status, request_id, retry_after, bytes) = match outcome {
                Err(_) => {
                    tracing::debug!(attempt, "attempt timed out");
                    if !spec.retry.may_resend() {
                        return Err(Failure::OutcomeUnknown {
                            attempts: attempt,
                            source: "the attempt timed out".into(),
                        });
                    }
                    if can_retry && sleep_before_retry(&retry, attempt, None, deadline).await {
                        continue;
                    }
                    return Err(Failure::Timeout { attempts: attempt });
                }
                Ok(Err(e)) if e.is_builder() => {
                    // The request could not even be built (e.g. a header value with a
                    // newline): nothing was sent, and trying again cannot help.
                    return Err(Failure::Config(format!("cannot build the request: {e}")));
                }
                Ok(Err(e)) => {
                    // A connect error means nothing was sent, so even unsafe calls may retry.
                    let never_sent = e.is_connect();
                    tracing::debug!(attempt, never_sent, "attempt failed in transport");
                    if !never_sent && !spec.retry.may_resend() {
                        return Err(Failure::OutcomeUnknown {
                            attempts: attempt,
                            source: Box::new(e),
                        });
                    }
                    if can_retry && sleep_before_retry(&retry, attempt, None, deadline).await {
                        continue;
                    }
                    return Err(if never_sent {
                        Failure::Dispatch {
                            attempts: attempt,
                            source: Box::new(e),
                        }
                    } else if e.is_timeout() {
                        Failure::Timeout { attempts: attempt }
                    } else {
                        Failure::Io {
                            attempts: attempt,
                            source: Box::new(e),
                        }
                    });
                }
                Ok(Ok(parts)) => parts,
            };
            span.record("status", status);
            if let Some(r) = &request_id {
                span.record("request_id", r.as_str());
            }

            if (200..300).contains(&status) {
                if spec.embedded_errors == EmbeddedErrors::TopLevel {
                    if let Some(meta) = embedded_error(status, request_id.clone(), &bytes) {
                        return Err(Failure::Service(meta));
                    }
                }
                return Ok(RawResponse {
                    status,
                    request_id,
                    body: bytes,
                });
            }
            let meta = ErrorMeta::from_response(status, request_id, &bytes);
            let transient = matches!(status, 429 | 500 | 502 | 503 | 504);
            // The server answered, so the request reached it: only safe classes resend.
            if transient
                && spec.retry.may_resend()
                && can_retry
                && sleep_before_retry(
                    &retry,
                    attempt,
                    retry_after.map(Duration::from_secs),
                    deadline,
                )
                .await
            {
                tracing::debug!(attempt, status, "transient error, retrying");
                continue;
            }
            return Err(Failure::Service(meta));
        }
    }
}

fn header(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn failure_kind(f: &Failure) -> &'static str {
    match f {
        Failure::Invalid { .. } => "invalid parameter",
        Failure::Config(_) => "configuration",
        Failure::Dispatch { .. } => "not sent",
        Failure::Timeout { .. } => "timeout",
        Failure::Io { .. } => "connection",
        Failure::OutcomeUnknown { .. } => "outcome unknown",
        Failure::Service(_) => "service error",
    }
}

/// An `error_code` other than `CBC.0000` at the top of a success body.
fn embedded_error(status: u16, request_id: Option<String>, body: &[u8]) -> Option<ErrorMeta> {
    #[derive(serde::Deserialize)]
    struct Probe {
        error_code: Option<String>,
        error_msg: Option<String>,
    }
    let probe: Probe = serde_json::from_slice(body).ok()?;
    match probe.error_code {
        Some(code) if !code.is_empty() && code != "CBC.0000" => Some(ErrorMeta::embedded(
            status,
            request_id,
            code,
            probe.error_msg,
        )),
        _ => None,
    }
}

/// Sleeps for the backoff (or the server's `Retry-After`), unless that would pass the
/// deadline; returns whether another attempt should be made.
async fn sleep_before_retry(
    retry: &RetryConfig,
    attempt: u32,
    retry_after: Option<Duration>,
    deadline: Instant,
) -> bool {
    let delay = match retry_after {
        Some(d) => d.min(retry.max_delay),
        None => {
            let exp = retry
                .base_delay
                .saturating_mul(1u32 << (attempt - 1).min(16));
            let cap = exp.min(retry.max_delay);
            // Full jitter: a uniform delay in [0, cap] spreads retries of many clients.
            cap.mul_f64(fastrand::f64())
        }
    };
    if Instant::now() + delay >= deadline {
        return false;
    }
    tokio::time::sleep(delay).await;
    true
}
