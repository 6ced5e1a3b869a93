//! Client configuration: where to send requests, how to authenticate, how long to wait and
//! how to retry.

use std::sync::Arc;
use std::time::Duration;

use super::cache::{CredentialSource, DEFAULT_REFRESH_MARGIN};
use super::credentials::{value_problem, Credentials, EnvValue, MissingCredentials};
use super::http::{env_proxies, Intercept, ProxyConfig, ProxySetting};
use super::iam;
use super::provider::{CredentialsError, DefaultCredentialsChain, Env, ProvideCredentials};
use super::site::Site;
use super::spec::SiteSpec;
use std::marker::PhantomData;

/// Retry policy: capped exponential backoff with full jitter. Which failures are retried
/// depends on the operation's retry-safety class (see [`crate::runtime::spec::RetryClass`]).
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

/// A complete configuration for the site `S`; make one with [`Config::builder_for`] (or,
/// for the default site, `Config::builder()`) or [`Config::from_env_for`]. The site is part
/// of the type, so a client built from it offers that site's operations only.
/// Cheap to clone: clones share the credentials cache, the domain id and the connection pool.
pub struct Config<S = crate::generated::DefaultSite> {
    pub(crate) settings: Arc<Settings>,
    site: PhantomData<fn() -> S>,
}

impl<S> Clone for Config<S> {
    fn clone(&self) -> Self {
        Config {
            settings: self.settings.clone(),
            site: PhantomData,
        }
    }
}

impl<S> std::fmt::Debug for Config<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.settings.fmt(f)
    }
}

/// What a [`Config`] holds, without its site type: what the attempt loop works from.
pub(crate) struct Settings {
    pub(crate) endpoint: reqwest::Url,
    /// The endpoint's `host[:port]`, as signed in the `Host` header.
    pub(crate) authority: String,
    /// `scheme://host[:port]/`: each request's URL is this with its path and query set.
    pub(crate) origin: reqwest::Url,
    pub(crate) region: String,
    pub(crate) credentials: CredentialSource,
    pub(crate) timeouts: Timeouts,
    pub(crate) retry: RetryConfig,
    pub(crate) max_response_bytes: u64,
    pub(crate) http: reqwest::Client,
    pub(crate) interceptors: Arc<[Arc<dyn Intercept>]>,
    pub(crate) domain: Arc<DomainLookup>,
    /// The site's facts (regions, the service), supplied by generated code.
    pub(crate) site: &'static SiteSpec,
}

/// How the domain id is found when the credentials carry none.
pub(crate) struct DomainLookup {
    enabled: bool,
    /// `ConfigBuilder::iam_endpoint`, then `HUAWEICLOUD_SDK_IAM_ENDPOINT`, else `None`.
    explicit: Option<String>,
    from_env: Option<String>,
    region_default: &'static str,
    found: tokio::sync::OnceCell<String>,
}

impl DomainLookup {
    pub(crate) fn enabled(&self) -> bool {
        self.enabled
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The HTTP client is not shown: a proxy's credentials could be in its Debug output.
        f.debug_struct("Config")
            .field("site", &self.site.id)
            .field("endpoint", &self.endpoint.as_str())
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("timeouts", &self.timeouts)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("interceptors", &self.interceptors)
            .field("domain_id_lookup", &self.domain.enabled)
            .field("domain_id_found", &self.domain.found.get())
            .finish_non_exhaustive()
    }
}

/// The default cap on a success body: a 1,000-record page of the largest BSS models is
/// a few megabytes, so this leaves ample room while bounding what a server can make the
/// client hold.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// The user agent: this crate's name and version, then the suffix if one is set.
pub const USER_AGENT: &str = concat!("bss-sdk-rust/", env!("CARGO_PKG_VERSION"));

impl<S: Site> Config<S> {
    /// Starts a configuration for the site `S` (`Config::builder_for(China)`); the
    /// default site also has `Config::builder()` (with its feature).
    pub fn builder_for(site: S) -> ConfigBuilder<S> {
        let _ = site;
        ConfigBuilder {
            site: PhantomData,
            fields: Fields {
                region: None,
                endpoint: None,
                credentials: None,
                refresh_margin: None,
                iam_endpoint: None,
                no_domain_lookup: false,
                env: Env::default(),
                timeouts: Timeouts::default(),
                retry: RetryConfig::default(),
                max_response_bytes: None,
                proxy: ProxySetting::default(),
                root_certificates: Vec::new(),
                pool_idle_timeout: None,
                pool_max_idle_per_host: None,
                user_agent_suffix: None,
                http_client: None,
                interceptors: Vec::new(),
            },
        }
    }

    /// Credentials from the environment only (see [`Credentials::from_env`]; an unusable
    /// variable is an error here, at once), the site's default region (or
    /// `HUAWEICLOUD_SDK_REGION`), default timeouts and retries. For the whole chain
    /// (environment, profile file, instance metadata) use `Config::builder_for(site).build()`.
    pub fn from_env_for(site: S) -> Result<Self, ConfigError> {
        let mut b = Config::builder_for(site).credentials(Credentials::from_env()?);
        if let Some(region) = region_from_env(Env::default().value(REGION_VARIABLE))? {
            b = b.region(region);
        }
        b.build()
    }
}

impl<S> Config<S> {
    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        self.settings.endpoint.as_str()
    }

    /// The region.
    pub fn region(&self) -> &str {
        &self.settings.region
    }

    /// The site's id (`intl`, `china`).
    pub fn site(&self) -> &'static str {
        self.settings.site.id
    }
}

impl Settings {
    /// The domain id for `creds`: theirs, or the one looked up through IAM once per client.
    pub(crate) async fn looked_up_domain_id(
        &self,
        creds: &Credentials,
    ) -> Result<&str, CredentialsError> {
        let d = &self.domain;
        d.found
            .get_or_try_init(|| async {
                let endpoint = d
                    .explicit
                    .as_deref()
                    .or(creds.iam_endpoint())
                    .or(d.from_env.as_deref())
                    .unwrap_or(d.region_default);
                tracing::info!(
                    iam = masked_user_info(endpoint).as_str(),
                    "no domain id configured; asking IAM"
                );
                // Boxed: this once-per-client request would otherwise size every call's
                // future (and the copy made of it) to its own HTTP exchange.
                Box::pin(iam::lookup(
                    &self.http,
                    endpoint,
                    creds,
                    self.timeouts.attempt,
                ))
                .await
            })
            .await
            .map(String::as_str)
    }
}

#[derive(Clone)]
enum CredentialSetting {
    Fixed(Credentials),
    Provider(Arc<dyn ProvideCredentials>),
}

/// Builds a [`Config`].
///
/// Credentials: [`credentials`](Self::credentials) (fixed), or
/// [`credentials_provider`](Self::credentials_provider), or neither — then the
/// [`DefaultCredentialsChain`] (environment → profile file → instance metadata) is asked on
/// the first call.
pub struct ConfigBuilder<S = crate::generated::DefaultSite> {
    site: PhantomData<fn() -> S>,
    fields: Fields,
}

impl<S> Clone for ConfigBuilder<S> {
    fn clone(&self) -> Self {
        ConfigBuilder {
            site: PhantomData,
            fields: self.fields.clone(),
        }
    }
}

/// The settings of a [`ConfigBuilder`], without its site type.
#[derive(Clone)]
struct Fields {
    region: Option<String>,
    endpoint: Option<String>,
    credentials: Option<CredentialSetting>,
    refresh_margin: Option<Duration>,
    iam_endpoint: Option<String>,
    no_domain_lookup: bool,
    env: Env,
    timeouts: Timeouts,
    retry: RetryConfig,
    max_response_bytes: Option<u64>,
    proxy: ProxySetting,
    root_certificates: Vec<Vec<u8>>,
    pool_idle_timeout: Option<Duration>,
    pool_max_idle_per_host: Option<usize>,
    user_agent_suffix: Option<String>,
    http_client: Option<reqwest::Client>,
    interceptors: Vec<Arc<dyn Intercept>>,
}

impl<S> std::fmt::Debug for ConfigBuilder<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.fields.fmt(f)
    }
}

impl std::fmt::Debug for Fields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let credentials: &dyn std::fmt::Debug = match &self.credentials {
            None => &"default chain",
            Some(CredentialSetting::Fixed(c)) => c,
            Some(CredentialSetting::Provider(p)) => p,
        };
        f.debug_struct("ConfigBuilder")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint.as_deref().map(masked_user_info))
            .field("credentials", credentials)
            .field("timeouts", &self.timeouts)
            .field("retry", &self.retry)
            .field("proxy", &self.proxy)
            .field("root_certificates", &self.root_certificates.len())
            .field("own_http_client", &self.http_client.is_some())
            .field("interceptors", &self.interceptors)
            .finish_non_exhaustive()
    }
}

impl<S> ConfigBuilder<S> {
    /// The region; picks the endpoint (`ap-southeast-1` → `https://bss-intl.myhuaweicloud.com`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.fields.region = Some(region.into());
        self
    }
    /// An explicit endpoint; overrides the region's.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.fields.endpoint = Some(endpoint.into());
        self
    }
    /// Fixed credentials; they come before every other source.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.fields.credentials = Some(CredentialSetting::Fixed(credentials));
        self
    }
    /// A credentials provider (yours, a [`CredentialsChain`](crate::CredentialsChain), or a
    /// [`DefaultCredentialsChain`] with its sources redirected). The client asks it on the
    /// first call and again before the credentials expire.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.fields.credentials = Some(CredentialSetting::Provider(Arc::new(provider)));
        self
    }
    /// How long before expiry temporary credentials are refreshed (default 5 minutes; for
    /// credentials that live less than twice the margin, halfway through their life). If
    /// the refresh fails, the current ones are used while still valid, never after.
    pub fn credentials_refresh_margin(mut self, margin: Duration) -> Self {
        self.fields.refresh_margin = Some(margin);
        self
    }
    /// The IAM endpoint the domain id is looked up at. Default: the credentials' own
    /// (profile `iam_endpoint`), else `HUAWEICLOUD_SDK_IAM_ENDPOINT`, else the region's
    /// (`https://iam.ap-southeast-1.myhuaweicloud.com`), else `https://iam.myhuaweicloud.com`,
    /// as the official SDKs choose.
    pub fn iam_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.fields.iam_endpoint = Some(endpoint.into());
        self
    }
    /// Whether a missing domain id is looked up through IAM (default `true`). BSS is a
    /// global service: AK/SK requests carry `X-Domain-Id`, and some paths hold `{domain_id}`.
    /// Turned off, requests go without `X-Domain-Id` and `{domain_id}` operations fail with
    /// [`SdkError::Config`](crate::SdkError::Config).
    pub fn domain_id_lookup(mut self, enabled: bool) -> Self {
        self.fields.no_domain_lookup = !enabled;
        self
    }
    /// Where environment variables are read from (default: the process): the default
    /// credentials chain, `HUAWEICLOUD_SDK_IAM_ENDPOINT` and the proxy variables.
    pub fn env(mut self, env: Env) -> Self {
        self.fields.env = env;
        self
    }
    /// All timeouts.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.fields.timeouts = timeouts;
        self
    }
    /// The retry policy.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.fields.retry = retry;
        self
    }

    /// The largest success body read (default [`DEFAULT_MAX_RESPONSE_BYTES`]); a larger
    /// one ends the call with [`SdkError::ResponseTooLarge`](crate::SdkError::ResponseTooLarge).
    /// Error bodies are only ever kept as a short excerpt.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.fields.max_response_bytes = Some(bytes);
        self
    }

    /// Sends every request through this proxy. By default the proxy variables are honoured
    /// (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`, upper or lower case), as curl
    /// and the official Python SDK honour them; an explicit proxy replaces them.
    pub fn proxy(mut self, proxy: ProxyConfig) -> Self {
        self.fields.proxy = ProxySetting::Explicit(proxy);
        self
    }
    /// No proxy at all, whatever the environment says.
    pub fn no_proxy(mut self) -> Self {
        self.fields.proxy = ProxySetting::None;
        self
    }
    /// Trusts the certificates of this PEM file (one or more `CERTIFICATE` blocks) as well
    /// as the built-in roots: a corporate TLS-inspecting proxy, a private gateway.
    ///
    /// ```no_run
    /// let pem = std::fs::read("corporate-root.pem")?;
    /// let config = bss_sdk::Config::builder().add_root_certificate_pem(pem).build()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.fields.root_certificates.push(pem.into());
        self
    }
    /// How long an idle pooled connection is kept (reqwest's default: 90 s).
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.fields.pool_idle_timeout = Some(timeout);
        self
    }
    /// At most this many idle connections per host are kept (default: no limit).
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.fields.pool_max_idle_per_host = Some(max);
        self
    }
    /// Appended to the user agent: `bss-sdk-rust/0.1.0 my-app/1.2`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.fields.user_agent_suffix = Some(suffix.into());
        self
    }
    /// Sends with this `reqwest::Client` instead of building one; the proxy, certificate,
    /// pool, connect-timeout and user-agent settings are then the client's own, and setting
    /// them here as well is an error. The client **must not follow redirects** (build it
    /// with `redirect(reqwest::redirect::Policy::none())`): following one would send a
    /// payment and its credentials elsewhere. Should it follow one anyway, the answer is
    /// refused as [`SdkError::Redirect`](crate::SdkError::Redirect), because its final
    /// URL is not the request's.
    ///
    /// ```
    /// let http = reqwest::Client::builder()
    ///     .redirect(reqwest::redirect::Policy::none())
    ///     .build()?;
    /// let config = bss_sdk::Config::builder()
    ///     .http_client(http)
    ///     # .credentials(bss_sdk::Credentials::aksk("AK", "SK"))
    ///     .build()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.fields.http_client = Some(client);
        self
    }
    /// Adds an interceptor (see [`Intercept`]); they run in the order added.
    pub fn interceptor(mut self, interceptor: impl Intercept + 'static) -> Self {
        self.fields.interceptors.push(Arc::new(interceptor));
        self
    }
}

impl<S: Site> ConfigBuilder<S> {
    /// Checks the settings and builds the HTTP client.
    pub fn build(self) -> Result<Config<S>, ConfigError> {
        Ok(Config {
            settings: Arc::new(self.fields.build(S::SPEC)?),
            site: PhantomData,
        })
    }
}

impl Fields {
    /// The settings for `site` (not generic, so it is compiled once for every site).
    fn build(self, site: &'static SiteSpec) -> Result<Settings, ConfigError> {
        let region = self
            .region
            .unwrap_or_else(|| site.default_region.to_string());
        let endpoint = match self.endpoint {
            Some(e) => e,
            None => site
                .regions
                .iter()
                .find(|(id, _)| *id == region)
                .map(|(_, e)| e.to_string())
                .ok_or_else(|| {
                    let known: Vec<&str> = site.regions.iter().map(|(id, _)| *id).collect();
                    ConfigError(format!(
                        "unknown region `{region}` on the site `{}` (known: {}); set an endpoint",
                        site.id,
                        known.join(", ")
                    ))
                })?,
        };
        let shown = masked_user_info(&endpoint);
        let endpoint = reqwest::Url::parse(&endpoint)
            .map_err(|e| ConfigError(format!("invalid endpoint `{shown}`: {e}")))?;
        if !matches!(endpoint.scheme(), "http" | "https") || endpoint.host_str().is_none() {
            return Err(ConfigError(format!(
                "endpoint `{shown}` must be an http(s) URL with a host"
            )));
        }
        if !endpoint.username().is_empty() || endpoint.password().is_some() {
            return Err(ConfigError(format!(
                "endpoint `{shown}` holds user info (`user:password@`): requests are signed with the credentials, and an endpoint's user info is never sent"
            )));
        }
        // Signed as `Host` on every request: formed once here.
        let authority = authority(&endpoint);
        // What every request URL starts from: scheme and authority only (no user info,
        // query or fragment of the endpoint's), parsed once instead of once per call.
        let origin = reqwest::Url::parse(&format!("{}://{authority}/", endpoint.scheme()))
            .map_err(|e| ConfigError(format!("invalid endpoint `{endpoint}`: {e}")))?;
        if self.retry.max_attempts == 0 {
            return Err(ConfigError("retry.max_attempts must be at least 1".into()));
        }
        let margin = self.refresh_margin.unwrap_or(DEFAULT_REFRESH_MARGIN);
        let credentials = match self.credentials {
            Some(CredentialSetting::Fixed(c)) => {
                c.check().map_err(ConfigError)?;
                CredentialSource::Fixed(c)
            }
            Some(CredentialSetting::Provider(p)) => {
                CredentialSource::provider(p, margin, self.timeouts.attempt)
            }
            None => CredentialSource::provider(
                Arc::new(
                    DefaultCredentialsChain::builder()
                        .env(self.env.clone())
                        .build(),
                ),
                margin,
                self.timeouts.attempt,
            ),
        };
        let http = match self.http_client {
            Some(client) => {
                let conflicting = !matches!(self.proxy, ProxySetting::FromEnv)
                    || !self.root_certificates.is_empty()
                    || self.pool_idle_timeout.is_some()
                    || self.pool_max_idle_per_host.is_some()
                    || self.user_agent_suffix.is_some()
                    || self.timeouts.connect != Timeouts::default().connect;
                if conflicting {
                    return Err(ConfigError(
                        "with http_client, set the proxy, root certificates, pool, connect timeout and user agent on that client".into(),
                    ));
                }
                client
            }
            None => {
                let user_agent = match &self.user_agent_suffix {
                    None => USER_AGENT.to_string(),
                    Some(s) if s.trim().is_empty() || s.chars().any(char::is_control) => {
                        return Err(ConfigError(
                            "the user-agent suffix is blank or holds a control character".into(),
                        ))
                    }
                    Some(s) => format!("{USER_AGENT} {}", s.trim()),
                };
                let mut b = reqwest::Client::builder()
                    .connect_timeout(self.timeouts.connect)
                    // Never follow a redirect: it would resend the request (a payment, say)
                    // and its credentials to wherever `Location` points.
                    .redirect(reqwest::redirect::Policy::none())
                    .referer(false)
                    .user_agent(user_agent)
                    // Proxies come from the settings below only (the environment is read
                    // through `env`, so tests and embedders can redirect it).
                    .no_proxy();
                match &self.proxy {
                    ProxySetting::None => {}
                    ProxySetting::FromEnv => {
                        for p in env_proxies(&self.env).map_err(ConfigError)? {
                            b = b.proxy(p);
                        }
                    }
                    ProxySetting::Explicit(p) => {
                        b = b.proxy(p.build().map_err(ConfigError)?);
                    }
                }
                for (i, pem) in self.root_certificates.iter().enumerate() {
                    let certs = reqwest::Certificate::from_pem_bundle(pem)
                        .ok()
                        .filter(|c| !c.is_empty())
                        .ok_or_else(|| {
                            ConfigError(format!(
                                "root certificate #{} is not a PEM certificate",
                                i + 1
                            ))
                        })?;
                    for c in certs {
                        b = b.add_root_certificate(c);
                    }
                }
                if let Some(t) = self.pool_idle_timeout {
                    b = b.pool_idle_timeout(t);
                }
                if let Some(n) = self.pool_max_idle_per_host {
                    b = b.pool_max_idle_per_host(n);
                }
                b.build()
                    .map_err(|e| ConfigError(format!("cannot build the HTTP client: {e}")))?
            }
        };
        if let Some(e) = &self.iam_endpoint {
            if !reqwest::Url::parse(e).is_ok_and(|u| usable_endpoint(&u)) {
                return Err(ConfigError(format!(
                    "iam_endpoint `{}` must be an http(s) URL with a host and no user info",
                    masked_user_info(e)
                )));
            }
        }
        let domain = DomainLookup {
            enabled: !self.no_domain_lookup,
            explicit: self.iam_endpoint,
            from_env: self.env.get(iam::IAM_ENDPOINT_VAR),
            region_default: iam::iam_endpoint_of_region(&region),
            found: tokio::sync::OnceCell::new(),
        };
        Ok(Settings {
            endpoint,
            authority,
            origin,
            region,
            credentials,
            timeouts: self.timeouts,
            retry: self.retry,
            max_response_bytes: self
                .max_response_bytes
                .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            http,
            interceptors: self.interceptors.into(),
            domain: Arc::new(domain),
            site,
        })
    }
}

/// `host[:port]` of an endpoint, as signed in the `Host` header.
pub(crate) fn authority(u: &reqwest::Url) -> String {
    match (u.host_str(), u.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (h, _) => h.unwrap_or_default().to_string(),
    }
}

/// An endpoint requests can go to: http(s), a host, and no user info (which would never be
/// sent, and would show wherever the endpoint is named).
pub(crate) fn usable_endpoint(u: &reqwest::Url) -> bool {
    matches!(u.scheme(), "http" | "https")
        && u.host_str().is_some()
        && u.username().is_empty()
        && u.password().is_none()
}

/// `text` with the user info of its authority (`user:password@`) replaced by `***@`, for
/// messages and Debug output; a text that is not a URL is masked the same way.
pub(crate) fn masked_user_info(text: &str) -> String {
    if let Some(scheme_end) = text.find("://") {
        let rest = &text[scheme_end + 3..];
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        if let Some(at) = rest[..authority_end].rfind('@') {
            return format!("{}://***@{}", &text[..scheme_end], &rest[at + 1..]);
        }
    }
    text.to_string()
}

/// The variable that names the region for [`Config::from_env`].
const REGION_VARIABLE: &str = "HUAWEICLOUD_SDK_REGION";

/// The region the environment names: unset means the default region; set but unusable is
/// an error, not a silent default (the same checks as for credential variables).
fn region_from_env(value: EnvValue) -> Result<Option<String>, ConfigError> {
    let problem = match value {
        EnvValue::Unset => return Ok(None),
        EnvValue::NotUnicode => "is not valid UTF-8",
        EnvValue::Text(region) => match value_problem(&region) {
            None => return Ok(Some(region)),
            Some(problem) => problem,
        },
    };
    Err(ConfigError(format!(
        "environment variable {REGION_VARIABLE} {problem}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_region_variable_is_checked_like_the_credential_variables() {
        let text = |v: &str| EnvValue::Text(v.to_string());
        assert_eq!(region_from_env(EnvValue::Unset).unwrap(), None);
        assert_eq!(
            region_from_env(text("eu-west-101")).unwrap().as_deref(),
            Some("eu-west-101")
        );
        let cases = [
            (EnvValue::NotUnicode, "is not valid UTF-8"),
            (text(""), "is empty"),
            (text("  "), "holds only white space"),
            (text(" eu-west-101"), "starts or ends with white space"),
            (text("eu-west-101\n"), "starts or ends with white space"),
            (text("eu\u{7}west"), "holds a control character"),
        ];
        for (value, want) in cases {
            let e = region_from_env(value).unwrap_err().to_string();
            assert!(
                e.starts_with("environment variable HUAWEICLOUD_SDK_REGION "),
                "{e}"
            );
            assert!(e.contains(want), "{e} (want: {want})");
        }
    }

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
    fn debug_output_hides_the_secrets_of_every_setting() {
        use crate::runtime::provider::{DefaultCredentialsChain, Env};
        let env = Env::from_pairs([
            ("HUAWEICLOUD_SDK_SK", "ENV-SECRET"),
            ("HTTPS_PROXY", "http://u:ENVPROXY-SECRET@127.0.0.1:1"),
        ]);
        let chained = Config::builder()
            .env(env.clone())
            .credentials_provider(DefaultCredentialsChain::builder().env(env).build())
            .proxy(
                ProxyConfig::new("http://u:URL-SECRET@127.0.0.1:2").basic_auth("me", "PW-SECRET"),
            );
        let fixed = Config::builder()
            .credentials(Credentials::temporary("AK", "SK-SECRET", "TOKEN-SECRET"))
            .proxy(ProxyConfig::new("http://127.0.0.1:2").basic_auth("me", "PW-SECRET"));
        for b in [chained, fixed] {
            let built = b.clone().build().unwrap();
            let shown = format!("{b:?} {built:?}");
            assert!(!shown.contains("SECRET"), "{shown}");
        }
    }

    #[test]
    fn the_default_chain_is_used_without_credentials_and_nothing_is_fetched_at_build() {
        let c = Config::builder().build().unwrap();
        assert!(format!("{c:?}").contains("CachedCredentials"), "{c:?}");
        let e = Config::builder()
            .credentials(Credentials::aksk("a", "b"))
            .iam_endpoint("iam.example.com")
            .build()
            .unwrap_err();
        assert!(e.to_string().contains("iam_endpoint"), "{e}");
    }

    #[test]
    fn endpoints_with_user_info_are_refused_and_never_shown() {
        for bad in [
            "https://user:pw-in-url@bss.example.com/",
            "https://pw-in-url@bss.example.com",
            "http://user:pw-in-url@127.0.0.1:8080/gw?x=1",
        ] {
            let b = Config::builder()
                .endpoint(bad)
                .credentials(Credentials::aksk("a", "b"));
            assert!(!format!("{b:?}").contains("pw-in-url"), "{b:?}");
            let e = b.build().unwrap_err().to_string();
            assert!(e.contains("user info") && !e.contains("pw-in-url"), "{e}");
            let e = Config::builder()
                .credentials(Credentials::aksk("a", "b"))
                .iam_endpoint(bad)
                .build()
                .unwrap_err()
                .to_string();
            assert!(e.contains("user info") && !e.contains("pw-in-url"), "{e}");
        }
        // Unparsable text is masked the same way in messages.
        let e = Config::builder()
            .endpoint("http://u:pw-in-url@host:99999/")
            .credentials(Credentials::aksk("a", "b"))
            .build()
            .unwrap_err()
            .to_string();
        assert!(!e.contains("pw-in-url"), "{e}");
        assert_eq!(
            masked_user_info("https://a:b@h:1/p@q?x=@#@"),
            "https://***@h:1/p@q?x=@#@"
        );
        assert_eq!(masked_user_info("https://h/p@q"), "https://h/p@q");
        assert_eq!(masked_user_info("not a url"), "not a url");
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
