//! Client configuration: where to send requests, how to authenticate, how long to wait and
//! how to retry.

use std::time::Duration;

use super::credentials::{Credentials, MissingCredentials};
use super::spec::ServiceSpec;

/// Retry policy: capped exponential backoff with full jitter. Which failures are retried
/// depends on the operation's retry-safety class (see [`crate::RetryClass`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    /// Attempts in total, the first included; `1` turns retries off.
    pub max_attempts: u32,
    /// Backoff before the second attempt; doubled each time.
    pub base_delay: Duration,
    /// The longest backoff (a `Retry-After` header is honoured up to this too).
    pub max_delay: Duration,
}

impl RetryConfig {
    /// No retries at all.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..Self::default()
        }
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
        }
    }
}

/// Timeouts of one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Establishing a connection.
    pub connect: Duration,
    /// One attempt: sending the request and reading the whole response.
    pub attempt: Duration,
    /// The whole call, retries and backoff included.
    pub total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            attempt: Duration::from_secs(30),
            total: Duration::from_secs(90),
        }
    }
}

/// Per-call overrides of the client's retry and timeout settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallOptions {
    pub(crate) retry: Option<RetryConfig>,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) total_timeout: Option<Duration>,
}

impl CallOptions {
    /// Default options: the client's settings.
    pub fn new() -> Self {
        Self::default()
    }
    /// Uses this retry policy for the call.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }
    /// Turns retries off for the call.
    pub fn no_retries(self) -> Self {
        self.retry(RetryConfig::disabled())
    }
    /// Per-attempt timeout for the call.
    pub fn attempt_timeout(mut self, t: Duration) -> Self {
        self.attempt_timeout = Some(t);
        self
    }
    /// Total timeout for the call.
    pub fn total_timeout(mut self, t: Duration) -> Self {
        self.total_timeout = Some(t);
        self
    }
}

/// A configuration problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub(crate) String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl From<MissingCredentials> for ConfigError {
    fn from(e: MissingCredentials) -> Self {
        ConfigError(e.to_string())
    }
}

/// A complete configuration; make one with [`Config::builder`] or [`Config::from_env`].
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) endpoint: reqwest::Url,
    pub(crate) region: String,
    pub(crate) credentials: Credentials,
    pub(crate) timeouts: Timeouts,
    pub(crate) retry: RetryConfig,
    pub(crate) max_response_bytes: u64,
    pub(crate) http: reqwest::Client,
    /// The service's facts (regions, whether it is global), supplied by generated code.
    pub(crate) service: &'static ServiceSpec,
}

/// The default cap on a success body: a 1,000-record page of the largest BSS models is
/// a few megabytes, so this leaves ample room while bounding what a server can make the
/// client hold.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

impl Config {
    /// Starts a configuration for `service` (generated code supplies `Config::builder`).
    pub(crate) fn builder_for(service: &'static ServiceSpec) -> ConfigBuilder {
        ConfigBuilder {
            service,
            region: None,
            endpoint: None,
            credentials: None,
            timeouts: Timeouts::default(),
            retry: RetryConfig::default(),
            max_response_bytes: None,
        }
    }

    /// Credentials from the environment (see [`Credentials::from_env`]), the default
    /// region (or `HUAWEICLOUD_SDK_REGION`), default timeouts and retries.
    pub(crate) fn from_env_for(service: &'static ServiceSpec) -> Result<Config, ConfigError> {
        let mut b = Config::builder_for(service).credentials(Credentials::from_env()?);
        if let Ok(region) = std::env::var("HUAWEICLOUD_SDK_REGION") {
            b = b.region(region);
        }
        b.build()
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        self.endpoint.as_str()
    }

    /// The region.
    pub fn region(&self) -> &str {
        &self.region
    }
}

/// Builds a [`Config`].
#[derive(Clone, Debug)]
pub struct ConfigBuilder {
    service: &'static ServiceSpec,
    region: Option<String>,
    endpoint: Option<String>,
    credentials: Option<Credentials>,
    timeouts: Timeouts,
    retry: RetryConfig,
    max_response_bytes: Option<u64>,
}

impl ConfigBuilder {
    /// The region; picks the endpoint (`ap-southeast-1` → `https://bss-intl.myhuaweicloud.com`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }
    /// An explicit endpoint; overrides the region's.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }
    /// The credentials (required).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }
    /// All timeouts.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }
    /// The retry policy.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// The largest success body read (default [`DEFAULT_MAX_RESPONSE_BYTES`]); a larger
    /// one ends the call with [`SdkError::ResponseTooLarge`](crate::SdkError::ResponseTooLarge).
    /// Error bodies are only ever kept as a short excerpt.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = Some(bytes);
        self
    }

    /// Checks the settings and builds the HTTP client.
    pub fn build(self) -> Result<Config, ConfigError> {
        let credentials = self
            .credentials
            .ok_or_else(|| ConfigError("credentials are required".into()))?;
        let region = self
            .region
            .unwrap_or_else(|| self.service.default_region.to_string());
        let endpoint = match self.endpoint {
            Some(e) => e,
            None => self
                .service
                .regions
                .iter()
                .find(|(id, _)| *id == region)
                .map(|(_, e)| e.to_string())
                .ok_or_else(|| {
                    let known: Vec<&str> = self.service.regions.iter().map(|(id, _)| *id).collect();
                    ConfigError(format!(
                        "unknown region `{region}` (known: {}); set an endpoint",
                        known.join(", ")
                    ))
                })?,
        };
        let endpoint = reqwest::Url::parse(&endpoint)
            .map_err(|e| ConfigError(format!("invalid endpoint `{endpoint}`: {e}")))?;
        if !matches!(endpoint.scheme(), "http" | "https") || endpoint.host_str().is_none() {
            return Err(ConfigError(format!(
                "endpoint `{endpoint}` must be an http(s) URL with a host"
            )));
        }
        if self.retry.max_attempts == 0 {
            return Err(ConfigError("retry.max_attempts must be at least 1".into()));
        }
        credentials.check().map_err(ConfigError)?;
        let http = reqwest::Client::builder()
            .connect_timeout(self.timeouts.connect)
            // Never follow a redirect: it would resend the request (a payment, say) and
            // its credentials to wherever `Location` points.
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .user_agent(concat!("bss-sdk-rust/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ConfigError(format!("cannot build the HTTP client: {e}")))?;
        Ok(Config {
            endpoint,
            region,
            credentials,
            timeouts: self.timeouts,
            retry: self.retry,
            max_response_bytes: self
                .max_response_bytes
                .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            http,
            service: self.service,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_picks_the_endpoint_and_endpoint_overrides() {
        let c = Config::builder()
            .credentials(Credentials::aksk("a", "b"))
            .build()
            .unwrap();
        assert_eq!(c.endpoint(), "https://bss-intl.myhuaweicloud.com/");
        let c = Config::builder()
            .credentials(Credentials::aksk("a", "b"))
            .region("eu-west-101")
            .build()
            .unwrap();
        assert_eq!(c.endpoint(), "https://bss.myhuaweicloud.eu/");
        let c = Config::builder()
            .credentials(Credentials::aksk("a", "b"))
            .region("eu-west-101")
            .endpoint("http://127.0.0.1:9")
            .build()
            .unwrap();
        assert_eq!(c.endpoint(), "http://127.0.0.1:9/");
        let e = Config::builder()
            .credentials(Credentials::aksk("a", "b"))
            .region("mars-1")
            .build()
            .unwrap_err();
        assert!(e.to_string().contains("unknown region `mars-1`"), "{e}");
    }

    #[test]
    fn debug_output_hides_the_secret_key() {
        let c = Config::builder()
            .credentials(Credentials::aksk("AKID", "TOP-SECRET"))
            .build()
            .unwrap();
        assert!(!format!("{c:?}").contains("TOP-SECRET"));
    }
}
