//! Errors: [`SdkError`] for every way a call can fail, [`ErrorMeta`] for what the service said.

use std::fmt;

use super::provider::CredentialsError;

/// What the service said when it refused a request: HTTP status, error code, message and
/// request id, whichever of them it sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorMeta {
    status: u16,
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    body: Option<String>,
}

/// Longest body excerpt kept when the body is not a recognised error document.
const BODY_EXCERPT: usize = 512;

impl ErrorMeta {
    /// Builds the metadata of an error response. Recognises `{"error_code","error_msg"}`,
    /// `{"errorCode","errorMsg"}`, `{"code","message"}` and the same nested under
    /// `"error"`; any other body (HTML, truncated JSON, empty) is kept as an excerpt.
    pub fn from_response(status: u16, request_id: Option<String>, body: &[u8]) -> Self {
        let parsed = serde_json::from_slice::<serde_json::Value>(body).ok();
        let (code, message, body_request_id) = parsed.as_ref().map(extract).unwrap_or_default();
        let recognised = code.is_some() || message.is_some();
        let body = (!recognised && !body.is_empty()).then(|| excerpt(body));
        ErrorMeta {
            status,
            code,
            message,
            request_id: request_id.or(body_request_id),
            body,
        }
    }

    /// Metadata for an error found inside a success response (`embedded_errors: top_level`).
    pub fn embedded(
        status: u16,
        request_id: Option<String>,
        code: String,
        message: Option<String>,
    ) -> Self {
        ErrorMeta {
            status,
            code: Some(code),
            message,
            request_id,
            body: None,
        }
    }

    /// HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }
    /// Error code, e.g. `CBC.0100`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }
    /// Error message as the service worded it.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    /// The request id (`X-Request-Id`), for support tickets.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    /// An excerpt of a body that was not a recognised error document.
    pub fn raw_body(&self) -> Option<&str> {
        self.body.as_deref()
    }
}

fn extract(v: &serde_json::Value) -> (Option<String>, Option<String>, Option<String>) {
    let obj = match v.get("error") {
        Some(inner @ serde_json::Value::Object(_)) => inner,
        _ => v,
    };
    let text = |keys: &[&str]| keys.iter().find_map(|k| obj.get(*k).and_then(scalar_text));
    (
        text(&["error_code", "errorCode", "code"]),
        text(&["error_msg", "errorMsg", "message", "error_message"]),
        text(&["request_id", "requestId"]),
    )
}

/// A JSON string, or a number as its text (codes sometimes arrive as numbers).
pub(crate) fn scalar_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut s: String = text.chars().take(BODY_EXCERPT).collect();
    if text.chars().count() > BODY_EXCERPT {
        s.push('…');
    }
    s
}

impl fmt::Display for ErrorMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(c) = &self.code {
            write!(f, ", error code {c}")?;
        }
        match (&self.message, &self.body) {
            (Some(m), _) => write!(f, ": {m}")?,
            (None, Some(b)) => write!(f, ": unrecognised body: {b}")?,
            (None, None) => {}
        }
        if let Some(r) = &self.request_id {
            write!(f, " (request id {r})")?;
        }
        Ok(())
    }
}

/// Implemented by every operation's error enum.
pub trait ServiceError: From<ErrorMeta> + std::error::Error + Send + Sync + 'static {
    /// The service's error metadata (absent only for partial failures of batch calls).
    fn meta(&self) -> Option<&ErrorMeta>;
}

/// The error type a boxed cause is kept as.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Every way a call can fail. `E` is the operation's own error enum.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// A parameter broke a documented limit. Nothing was sent.
    InvalidParameter {
        /// The parameter or field (`discount_infos[0].discount_id`).
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The client cannot make this call as configured (e.g. no domain id for a path that
    /// needs one). Nothing was sent.
    Config(String),
    /// Credentials could not be obtained or refreshed, or the domain id could not be looked
    /// up through IAM. Says which source failed and why, never a secret. The operation
    /// itself was not sent (on a retry: not sent again).
    Credentials(CredentialsError),
    /// The request never reached the server (connection refused, DNS, TLS handshake),
    /// even after retries.
    Dispatch {
        /// Attempts made.
        attempts: u32,
        /// The last cause.
        source: BoxError,
    },
    /// The connection broke while sending or receiving, on every attempt of a call that is
    /// safe to resend.
    Io {
        /// Attempts made.
        attempts: u32,
        /// The last cause.
        source: BoxError,
    },
    /// Every attempt of a safe-to-resend call timed out.
    Timeout {
        /// Attempts made.
        attempts: u32,
    },
    /// An unsafe call (payment, renewal, …) timed out or lost its connection after the
    /// request may have reached the server. It was **not** resent: check the outcome (for
    /// example by querying the order) before trying again.
    OutcomeUnknown {
        /// Attempts made (the last one is the one with unknown outcome).
        attempts: u32,
        /// What happened.
        source: BoxError,
    },
    /// The service answered with an error.
    Service(E),
    /// The server answered with a redirect (HTTP 3xx). Redirects are never followed: that
    /// would send the request and its credentials elsewhere, and an unsafe request a
    /// second time. BSS itself does not redirect; a proxy or a wrong endpoint does.
    Redirect {
        /// HTTP status.
        status: u16,
        /// Where the server pointed (`Location`), if it said.
        location: Option<String>,
        /// Request id, if sent.
        request_id: Option<String>,
    },
    /// A success response was larger than the configured limit
    /// ([`ConfigBuilder::max_response_bytes`](crate::ConfigBuilder::max_response_bytes));
    /// reading stopped at the limit. The operation itself succeeded.
    ResponseTooLarge {
        /// HTTP status.
        status: u16,
        /// The limit, in bytes.
        limit: u64,
        /// Request id, if sent.
        request_id: Option<String>,
    },
    /// The service answered with a success status the operation does not document (e.g.
    /// 200 where 204 is documented), so the answer cannot be trusted as the documented
    /// success. For an operation that changes state it **may have taken effect**: check
    /// before trying again.
    UnexpectedSuccess {
        /// HTTP status received.
        status: u16,
        /// The documented success status.
        expected: u16,
        /// Request id, if sent.
        request_id: Option<String>,
        /// Whether the operation changes state (payments, renewals, …), so that it may
        /// have been carried out.
        may_have_taken_effect: bool,
    },
    /// A paginator stopped because the service made no progress: a marker or page came
    /// back again, or a page was empty before the reported total was reached. The pages
    /// before it were delivered.
    NoProgress {
        /// Pages received, the offending one included.
        pages: u64,
        /// What the service did.
        reason: String,
    },
    /// The service answered with success, but the body is not what the operation documents.
    InvalidResponse {
        /// HTTP status.
        status: u16,
        /// Request id, if sent.
        request_id: Option<String>,
        /// Why decoding failed.
        reason: String,
    },
}

impl<E: ServiceError> SdkError<E> {
    /// The operation's error, if the service answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service's error metadata, if any.
    pub fn meta(&self) -> Option<&ErrorMeta> {
        self.service_error().and_then(ServiceError::meta)
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::InvalidParameter { name, reason } => write!(f, "invalid parameter `{name}`: {reason}"),
            SdkError::Config(m) => write!(f, "client configuration: {m}"),
            SdkError::Credentials(e) => write!(f, "credentials: {e}"),
            SdkError::Dispatch { attempts, source } => {
                write!(f, "request not sent after {attempts} attempt(s): {source}")
            }
            SdkError::Io { attempts, source } => write!(f, "connection failed after {attempts} attempt(s): {source}"),
            SdkError::Timeout { attempts } => write!(f, "timed out after {attempts} attempt(s)"),
            SdkError::OutcomeUnknown { attempts, source } => write!(
                f,
                "outcome unknown after attempt {attempts}: {source}; the request may have been processed and was not resent"
            ),
            SdkError::Service(e) => write!(f, "service error: {e}"),
            SdkError::Redirect { status, location, request_id } => {
                write!(f, "the server answered with a redirect (HTTP {status})")?;
                if let Some(l) = location {
                    write!(f, " to {l}")?;
                }
                write!(f, "; redirects are never followed")?;
                if let Some(r) = request_id {
                    write!(f, " (request id {r})")?;
                }
                Ok(())
            }
            SdkError::ResponseTooLarge { status, limit, request_id } => {
                write!(f, "the response (HTTP {status}) is larger than the limit of {limit} bytes; the operation succeeded but its answer was not read")?;
                if let Some(r) = request_id {
                    write!(f, " (request id {r})")?;
                }
                Ok(())
            }
            SdkError::UnexpectedSuccess { status, expected, request_id, may_have_taken_effect } => {
                write!(f, "undocumented success status HTTP {status} (documented: {expected})")?;
                if *may_have_taken_effect {
                    write!(f, "; the operation may have taken effect: check before trying again")?;
                }
                if let Some(r) = request_id {
                    write!(f, " (request id {r})")?;
                }
                Ok(())
            }
            SdkError::NoProgress { pages, reason } => {
                write!(f, "paging stopped after {pages} page(s): {reason}")
            }
            SdkError::InvalidResponse { status, request_id, reason } => {
                write!(f, "unexpected response (HTTP {status}): {reason}")?;
                if let Some(r) = request_id {
                    write!(f, " (request id {r})")?;
                }
                Ok(())
            }
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::Dispatch { source, .. }
            | SdkError::Io { source, .. }
            | SdkError::OutcomeUnknown { source, .. } => Some(source.as_ref()),
            SdkError::Service(e) => Some(e),
            SdkError::Credentials(e) => Some(e),
            _ => None,
        }
    }
}

/// A failure before the operation's error type is known; converted at the end of a call.
#[derive(Debug)]
pub(crate) enum Failure {
    Invalid {
        name: String,
        reason: String,
    },
    Config(String),
    Credentials(CredentialsError),
    Dispatch {
        attempts: u32,
        source: BoxError,
    },
    Io {
        attempts: u32,
        source: BoxError,
    },
    Timeout {
        attempts: u32,
    },
    OutcomeUnknown {
        attempts: u32,
        source: BoxError,
    },
    Service(ErrorMeta),
    Redirect {
        status: u16,
        location: Option<String>,
        request_id: Option<String>,
    },
    TooLarge {
        status: u16,
        limit: u64,
        request_id: Option<String>,
    },
    UnexpectedSuccess {
        status: u16,
        expected: u16,
        request_id: Option<String>,
        may_have_taken_effect: bool,
    },
}

impl Failure {
    /// A short, secret-free name of the failure, for traces.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Failure::Invalid { .. } => "invalid parameter",
            Failure::Config(_) => "configuration",
            Failure::Credentials(_) => "credentials",
            Failure::Dispatch { .. } => "not sent",
            Failure::Timeout { .. } => "timeout",
            Failure::Io { .. } => "connection",
            Failure::OutcomeUnknown { .. } => "outcome unknown",
            Failure::Service(_) => "service error",
            Failure::Redirect { .. } => "redirect",
            Failure::TooLarge { .. } => "response too large",
            Failure::UnexpectedSuccess { .. } => "undocumented success",
        }
    }

    pub(crate) fn into_sdk<E: From<ErrorMeta>>(self) -> SdkError<E> {
        match self {
            Failure::Invalid { name, reason } => SdkError::InvalidParameter { name, reason },
            Failure::Config(m) => SdkError::Config(m),
            Failure::Credentials(e) => SdkError::Credentials(e),
            Failure::Dispatch { attempts, source } => SdkError::Dispatch { attempts, source },
            Failure::Io { attempts, source } => SdkError::Io { attempts, source },
            Failure::Timeout { attempts } => SdkError::Timeout { attempts },
            Failure::OutcomeUnknown { attempts, source } => {
                SdkError::OutcomeUnknown { attempts, source }
            }
            Failure::Service(meta) => SdkError::Service(E::from(meta)),
            Failure::Redirect {
                status,
                location,
                request_id,
            } => SdkError::Redirect {
                status,
                location,
                request_id,
            },
            Failure::TooLarge {
                status,
                limit,
                request_id,
            } => SdkError::ResponseTooLarge {
                status,
                limit,
                request_id,
            },
            Failure::UnexpectedSuccess {
                status,
                expected,
                request_id,
                may_have_taken_effect,
            } => SdkError::UnexpectedSuccess {
                status,
                expected,
                request_id,
                may_have_taken_effect,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_every_error_body_shape() {
        let cases: &[&[u8]] = &[
            br#"{"error_code":"CBC.0100","error_msg":"bad"}"#,
            br#"{"errorCode":"CBC.0100","errorMsg":"bad"}"#,
            br#"{"error":{"code":"CBC.0100","message":"bad"}}"#,
            br#"{"error":{"error_code":"CBC.0100","error_msg":"bad"}}"#,
        ];
        for body in cases {
            let m = ErrorMeta::from_response(400, None, body);
            assert_eq!(
                m.code(),
                Some("CBC.0100"),
                "{}",
                String::from_utf8_lossy(body)
            );
            assert_eq!(m.message(), Some("bad"));
            assert_eq!(m.raw_body(), None);
        }
    }

    #[test]
    fn keeps_an_excerpt_of_non_json_bodies() {
        let m = ErrorMeta::from_response(502, Some("r-1".into()), b"<html>Bad Gateway</html>");
        assert_eq!(m.code(), None);
        assert_eq!(m.raw_body(), Some("<html>Bad Gateway</html>"));
        assert_eq!(
            m.to_string(),
            "HTTP 502: unrecognised body: <html>Bad Gateway</html> (request id r-1)"
        );
        let long = vec![b'x'; 2000];
        let m = ErrorMeta::from_response(500, None, &long);
        assert_eq!(
            m.raw_body().map(|b| b.chars().count()),
            Some(BODY_EXCERPT + 1)
        );
    }

    #[test]
    fn display_has_status_code_message_and_request_id() {
        let m = ErrorMeta::from_response(
            400,
            Some("abc".into()),
            br#"{"error_code":"CBC.0100","error_msg":"Parameter error."}"#,
        );
        assert_eq!(
            m.to_string(),
            "HTTP 400, error code CBC.0100: Parameter error. (request id abc)"
        );
    }
}
