//! Where credentials come from: the [`ProvideCredentials`] trait and the sources the official
//! SDKs read — the environment, the profile file and the ECS/BMS instance metadata — chained
//! in their order by [`DefaultCredentialsChain`].
//!
//! Every failure is a [`CredentialsError`] naming the source and what is wrong, never a
//! secret. A client asks its provider again before the credentials it holds expire (see
//! [`ConfigBuilder::credentials_refresh_margin`](crate::ConfigBuilder::credentials_refresh_margin)).

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use super::credentials::{Credentials, EnvValue};
use super::error::ErrorMeta;

/// The future a provider returns.
pub type ProvideFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials. The client calls it when it has none yet and again shortly
/// before the ones it holds expire ([`Credentials::with_expiry`]); concurrent calls share one
/// request to the provider. Implement it to plug in your own source (a vault, a sidecar):
///
/// ```
/// use bss_sdk::{Credentials, CredentialsError, ProvideCredentials, ProvideFuture};
///
/// #[derive(Debug)]
/// struct Vault;
///
/// impl ProvideCredentials for Vault {
///     fn provide_credentials(&self) -> ProvideFuture<'_> {
///         Box::pin(async {
///             // fetch from the vault here; on failure name the source, never the secret:
///             // Err(CredentialsError::unavailable("vault", "sealed"))
///             let expiry = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
///             Ok(Credentials::temporary("AK", "SK", "TOKEN").with_expiry(expiry))
///         })
///     }
/// }
///
/// let config = bss_sdk::Config::builder().credentials_provider(Vault).build().unwrap();
/// # let _ = config;
/// ```
///
/// `Debug` is required so a configuration can be printed; it must not show secrets.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Fetches credentials (with an expiry when they are temporary).
    fn provide_credentials(&self) -> ProvideFuture<'_>;
}

/// Fixed credentials are a provider too.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        let c = self.clone();
        Box::pin(async move { Ok(c) })
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Arc<P> {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        (**self).provide_credentials()
    }
}

/// What kind of failure a [`CredentialsError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The source holds no credentials (variables unset, no file, no metadata service). A
    /// chain goes on to its next source.
    NotFound,
    /// The source holds something unusable: a half-set pair, a malformed file, a blank
    /// key, an answer that is not the documented JSON. A chain stops here.
    Invalid,
    /// The source could not be reached or refused (an HTTP error, a timeout).
    Unavailable,
    /// The only credentials available have expired.
    Expired,
}

/// Credentials could not be obtained, refreshed or completed (domain id). Says which source
/// was tried and why it failed; never shows a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialsError(Box<Inner>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct Inner {
    source: String,
    kind: CredentialsErrorKind,
    reason: String,
    meta: Option<ErrorMeta>,
}

impl CredentialsError {
    /// An error of `source` (e.g. `"vault"`); `reason` must not contain secrets.
    pub fn new(
        source: impl Into<String>,
        kind: CredentialsErrorKind,
        reason: impl Into<String>,
    ) -> Self {
        CredentialsError(Box::new(Inner {
            source: source.into(),
            kind,
            reason: reason.into(),
            meta: None,
        }))
    }
    /// The source holds no credentials; a chain tries the next one.
    pub fn not_found(source: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::new(source, CredentialsErrorKind::NotFound, reason)
    }
    /// The source holds unusable credentials.
    pub fn invalid(source: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::new(source, CredentialsErrorKind::Invalid, reason)
    }
    /// The source could not be reached or refused.
    pub fn unavailable(source: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::new(source, CredentialsErrorKind::Unavailable, reason)
    }
    pub(crate) fn with_meta(mut self, meta: ErrorMeta) -> Self {
        self.0.meta = Some(meta);
        self
    }

    /// The source tried, e.g. ``profile file `/home/me/.huaweicloud/credentials` ``.
    pub fn source_name(&self) -> &str {
        &self.0.source
    }
    /// What kind of failure.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.0.kind
    }
    /// Why it failed.
    pub fn reason(&self) -> &str {
        &self.0.reason
    }
    /// What an HTTP source (metadata, IAM) answered, when it answered with an error.
    pub fn meta(&self) -> Option<&ErrorMeta> {
        self.0.meta.as_ref()
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.source, self.0.reason)?;
        if let Some(m) = &self.0.meta {
            write!(f, " ({m})")?;
        }
        Ok(())
    }
}

impl std::error::Error for CredentialsError {}

/// Where environment variables are read from: the process (the default) or a fixed set,
/// for tests and for programs that keep their settings elsewhere. Used by the credentials
/// chain (`HUAWEICLOUD_SDK_*`, `HOME`), the IAM endpoint (`HUAWEICLOUD_SDK_IAM_ENDPOINT`)
/// and the proxy settings (`HTTPS_PROXY`, `NO_PROXY`, …). `Debug` shows only the names.
#[derive(Clone, Default)]
pub struct Env(Option<Arc<HashMap<String, String>>>);

impl Env {
    /// The process environment.
    pub fn process() -> Self {
        Env(None)
    }
    /// Exactly these variables, nothing from the process.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Env(Some(Arc::new(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )))
    }
    pub(crate) fn value(&self, name: &str) -> EnvValue {
        match &self.0 {
            None => match std::env::var(name) {
                Ok(v) => EnvValue::Text(v),
                Err(std::env::VarError::NotPresent) => EnvValue::Unset,
                Err(std::env::VarError::NotUnicode(_)) => EnvValue::NotUnicode,
            },
            Some(m) => m
                .get(name)
                .map_or(EnvValue::Unset, |v| EnvValue::Text(v.clone())),
        }
    }
    /// A variable's value when it is set, Unicode and not empty.
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        match self.value(name) {
            EnvValue::Text(v) if !v.is_empty() => Some(v),
            _ => None,
        }
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            None => f.write_str("Env(process)"),
            Some(m) => {
                let mut names: Vec<&String> = m.keys().collect();
                names.sort();
                f.debug_tuple("Env").field(&names).finish()
            }
        }
    }
}

const ENV_SOURCE: &str = "environment";

/// Reads `HUAWEICLOUD_SDK_AK`, `_SK`, `_SECURITY_TOKEN` and `_DOMAIN_ID`. Neither key set
/// is [`CredentialsErrorKind::NotFound`]; one without the other, or an unusable value, is
/// [`CredentialsErrorKind::Invalid`] naming the variable.
#[derive(Clone, Debug, Default)]
pub struct EnvironmentProvider {
    env: Env,
}

impl EnvironmentProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self::default()
    }
    /// Reads `env` instead.
    pub fn with_env(env: Env) -> Self {
        EnvironmentProvider { env }
    }
    fn load(&self) -> Result<Credentials, CredentialsError> {
        let unset = |n: &str| match self.env.value(n) {
            EnvValue::Unset => true,
            EnvValue::Text(v) => v.is_empty(),
            EnvValue::NotUnicode => false,
        };
        if unset("HUAWEICLOUD_SDK_AK") && unset("HUAWEICLOUD_SDK_SK") {
            return Err(CredentialsError::not_found(
                ENV_SOURCE,
                "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set",
            ));
        }
        Credentials::from_lookup(|n| self.env.value(n))
            .map_err(|e| CredentialsError::invalid(ENV_SOURCE, e.to_string()))
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        let r = self.load();
        Box::pin(async move { r })
    }
}

/// The section of the profile file for global services such as BSS, as the official SDKs
/// name it.
pub const PROFILE_SECTION: &str = "global";
/// The variable that overrides the profile file's path.
pub const CREDENTIALS_FILE_VAR: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";
/// The largest profile file read.
const PROFILE_LIMIT: u64 = 1024 * 1024;

/// Reads the `[global]` section (or, failing that, `[globalcredentials]`) of the profile
/// file the official SDKs read:
/// `~/.huaweicloud/credentials`, or the file `HUAWEICLOUD_SDK_CREDENTIALS_FILE` names. INI
/// keys `ak`, `sk`, `security_token`, `domain_id`, `iam_endpoint`:
///
/// ```ini
/// [global]
/// ak = YOUR_AK
/// sk = YOUR_SK
/// domain_id = YOUR_ACCOUNT_ID      ; optional: looked up through IAM otherwise
/// ```
///
/// No file at the default path, or no `[global]` section, is
/// [`CredentialsErrorKind::NotFound`]; a file named by the variable or by
/// [`ProfileFileProvider::with_path`] that does not exist, a malformed file, or a section
/// with only one of `ak`/`sk` is [`CredentialsErrorKind::Invalid`]. Federation keys
/// (`idp_id`, `id_token_file`) are not supported and are reported as such.
#[derive(Clone, Debug, Default)]
pub struct ProfileFileProvider {
    env: Env,
    path: Option<PathBuf>,
}

impl ProfileFileProvider {
    /// The default path (or the variable's), read from the process environment.
    pub fn new() -> Self {
        Self::default()
    }
    /// Resolves the path through `env` (`HUAWEICLOUD_SDK_CREDENTIALS_FILE`, `HOME`).
    pub fn with_env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }
    /// Reads this file, whatever the environment says.
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// The file to read, and whether it was named explicitly.
    fn path(&self) -> Result<(PathBuf, bool), CredentialsError> {
        if let Some(p) = &self.path {
            return Ok((p.clone(), true));
        }
        if let Some(p) = self.env.get(CREDENTIALS_FILE_VAR) {
            return Ok((PathBuf::from(p), true));
        }
        let home = self
            .env
            .get("HOME")
            .or_else(|| self.env.get("USERPROFILE"))
            .ok_or_else(|| {
                CredentialsError::not_found(
                    "profile file",
                    "no home directory to look in (HOME is not set)",
                )
            })?;
        Ok((
            Path::new(&home).join(".huaweicloud").join("credentials"),
            false,
        ))
    }

    fn load(&self) -> Result<Credentials, CredentialsError> {
        let (path, named) = self.path()?;
        let source = format!("profile file `{}`", path.display());
        let read = std::fs::File::open(&path).and_then(|f| {
            use std::io::Read;
            let mut bytes = Vec::new();
            f.take(PROFILE_LIMIT + 1).read_to_end(&mut bytes)?;
            Ok(bytes)
        });
        let bytes = match read {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => {
                return Err(CredentialsError::not_found(source, "does not exist"))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CredentialsError::invalid(
                    source,
                    "does not exist (it was named explicitly)",
                ))
            }
            Err(e) => {
                return Err(CredentialsError::invalid(
                    source,
                    format!("cannot be read: {e}"),
                ))
            }
        };
        if bytes.len() as u64 > PROFILE_LIMIT {
            return Err(CredentialsError::invalid(source, "is larger than 1 MiB"));
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| CredentialsError::invalid(&source, "is not UTF-8"))?;
        let ini = Ini::parse(&text).map_err(|e| CredentialsError::invalid(&source, e))?;
        // `[globalcredentials]` is where the official Python SDK's client builder looks when
        // it falls back to its default chain; `[global]` is the documented name.
        let Some(section) = ini
            .section(PROFILE_SECTION)
            .or_else(|| ini.section("globalcredentials"))
        else {
            return Err(CredentialsError::not_found(
                source,
                format!("has no [{PROFILE_SECTION}] section"),
            ));
        };
        let get = |k: &str| section.get(k).filter(|v| !v.is_empty());
        let (ak, sk) = match (get("ak"), get("sk")) {
            (Some(ak), Some(sk)) => (ak, sk),
            (None, None) if get("idp_id").is_some() || get("id_token_file").is_some() => {
                return Err(CredentialsError::invalid(
                    source,
                    format!("[{PROFILE_SECTION}] uses idp_id/id_token_file federation, which this SDK does not support; set ak and sk"),
                ))
            }
            (None, None) => {
                return Err(CredentialsError::not_found(
                    source,
                    format!("[{PROFILE_SECTION}] sets neither ak nor sk"),
                ))
            }
            (Some(_), None) => {
                return Err(CredentialsError::invalid(
                    source,
                    format!("[{PROFILE_SECTION}] sets ak but not sk"),
                ))
            }
            (None, Some(_)) => {
                return Err(CredentialsError::invalid(
                    source,
                    format!("[{PROFILE_SECTION}] sets sk but not ak"),
                ))
            }
        };
        let mut c = match get("security_token") {
            Some(t) => Credentials::temporary(ak, sk, t),
            None => Credentials::aksk(ak, sk),
        };
        if let Some(d) = get("domain_id") {
            c = c.with_domain_id(d);
        }
        if let Some(e) = get("iam_endpoint") {
            c = c.with_iam_endpoint(e);
        }
        c.check()
            .map_err(|e| CredentialsError::invalid(&source, format!("[{PROFILE_SECTION}]: {e}")))?;
        Ok(c)
    }
}

impl ProvideCredentials for ProfileFileProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        let r = self.load();
        Box::pin(async move { r })
    }
}

/// A parsed INI file, read as Python's `configparser` reads the profile file: `[section]`
/// headers, `key = value` or `key: value` (keys case-insensitive, both sides trimmed),
/// full-line `#` and `;` comments, indented continuation lines, and a `[DEFAULT]` section
/// whose keys every section inherits. Duplicate sections or keys are errors, as there.
/// Errors name the line, never its content (it may hold a key).
#[derive(Debug, Default)]
pub(crate) struct Ini {
    sections: Vec<(String, Vec<(String, String)>)>,
}

/// One section, with `[DEFAULT]` behind it.
pub(crate) struct Section<'a> {
    own: &'a [(String, String)],
    defaults: &'a [(String, String)],
}

impl Section<'_> {
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.own
            .iter()
            .chain(self.defaults)
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

impl Ini {
    pub(crate) fn parse(text: &str) -> Result<Ini, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut ini = Ini::default();
        // Whether the last line was a key, so an indented line continues its value.
        let mut in_value = false;
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            let trimmed = line.trim();
            if trimmed.is_empty() {
                in_value = false;
                continue;
            }
            if trimmed.starts_with('#') || trimmed.starts_with(';') {
                continue;
            }
            let indented = line.starts_with([' ', '\t']);
            if indented && in_value {
                if let Some((_, entries)) = ini.sections.last_mut() {
                    if let Some((_, v)) = entries.last_mut() {
                        v.push('\n');
                        v.push_str(trimmed);
                        continue;
                    }
                }
            }
            if let Some(rest) = trimmed.strip_prefix('[') {
                let name = rest
                    .strip_suffix(']')
                    .ok_or_else(|| format!("line {n}: a section header must end with `]`"))?;
                if ini.sections.iter().any(|(s, _)| s == name) {
                    return Err(format!("line {n}: section [{name}] appears twice"));
                }
                ini.sections.push((name.to_string(), Vec::new()));
                in_value = false;
                continue;
            }
            let split = trimmed
                .find(['=', ':'])
                .ok_or_else(|| format!("line {n}: expected `key = value`"))?;
            let key = trimmed[..split].trim().to_ascii_lowercase();
            let value = trimmed[split + 1..].trim().to_string();
            if key.is_empty() {
                return Err(format!("line {n}: a key is empty"));
            }
            let Some((section, entries)) = ini.sections.last_mut() else {
                return Err(format!("line {n}: a key before any [section]"));
            };
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(format!(
                    "line {n}: key `{key}` appears twice in [{section}]"
                ));
            }
            entries.push((key, value));
            in_value = true;
        }
        Ok(ini)
    }

    pub(crate) fn section(&self, name: &str) -> Option<Section<'_>> {
        let find = |n: &str| {
            self.sections
                .iter()
                .find(|(s, _)| s == n)
                .map(|(_, e)| e.as_slice())
        };
        find(name).map(|own| Section {
            own,
            defaults: find("DEFAULT").unwrap_or(&[]),
        })
    }
}

/// The metadata service's address on ECS and BMS instances.
pub const METADATA_ENDPOINT: &str = "http://169.254.169.254";
const METADATA_TOKEN_PATH: &str = "/meta-data/latest/api/token";
const METADATA_KEY_PATH: &str = "/openstack/latest/securitykey";
/// The largest metadata answer read.
const METADATA_LIMIT: usize = 64 * 1024;

/// Temporary AK/SK and security token of the instance's agency, from the ECS/BMS metadata
/// service (`GET /openstack/latest/securitykey`, after asking `PUT
/// /meta-data/latest/api/token` for a session token as the official SDKs do). The answer's
/// `expires_at` becomes the credentials' expiry, so the client refreshes them in time.
///
/// Timeouts are short (1 s to connect, 3 s per request) so that off an instance the chain
/// fails fast; no proxy is used. A service that cannot be reached is
/// [`CredentialsErrorKind::NotFound`].
///
/// ```
/// # use std::time::Duration;
/// // For tests: a metadata double on loopback.
/// let p = bss_sdk::EcsMetadataProvider::new()
///     .with_endpoint("http://127.0.0.1:8080")
///     .with_timeouts(Duration::from_millis(200), Duration::from_secs(1));
/// # let _ = p;
/// ```
#[derive(Clone)]
pub struct EcsMetadataProvider {
    endpoint: String,
    connect_timeout: Duration,
    timeout: Duration,
    http: Arc<OnceLock<Result<reqwest::Client, String>>>,
}

impl Default for EcsMetadataProvider {
    fn default() -> Self {
        EcsMetadataProvider {
            endpoint: METADATA_ENDPOINT.to_string(),
            connect_timeout: Duration::from_secs(1),
            timeout: Duration::from_secs(3),
            http: Arc::default(),
        }
    }
}

impl fmt::Debug for EcsMetadataProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcsMetadataProvider")
            .field("endpoint", &self.endpoint)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// A metadata answer: the credential under `credential` or `credentials`, or its fields
/// at the top level.
#[derive(Default)]
struct MetadataAnswer {
    credential: Option<MetadataCredential>,
    credentials: Option<MetadataCredential>,
    flat: MetadataCredential,
}

/// The fields of a metadata credential, each under any of the spellings metadata services
/// use; two spellings of one field in one answer are refused, as a key given twice is.
#[derive(Default)]
struct MetadataCredential {
    access: Option<String>,
    secret: Option<String>,
    securitytoken: Option<String>,
    expires_at: Option<String>,
}

use super::record::{self, Fields};

impl Fields for MetadataCredential {
    const NAME: &'static str = "MetadataCredential";
    fn field<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match key {
            "access" | "accessKeyId" | "access_key_id" => {
                record::take(&mut self.access, map, "access")
            }
            "secret" | "secretAccessKey" | "secret_access_key" => {
                record::take(&mut self.secret, map, "secret")
            }
            "securitytoken" | "securityToken" | "security_token" => {
                record::take(&mut self.securitytoken, map, "securitytoken")
            }
            "expires_at" | "expiration" => record::take(&mut self.expires_at, map, "expires_at"),
            _ => record::skip(map),
        }
    }
}

impl Fields for MetadataAnswer {
    const NAME: &'static str = "MetadataAnswer";
    fn field<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match key {
            "credential" => record::take(&mut self.credential, map, "credential"),
            "credentials" => record::take(&mut self.credentials, map, "credentials"),
            // Every other key may be a field of the credential itself.
            _ => self.flat.field(key, map),
        }
    }
}

impl<'de> serde::Deserialize<'de> for MetadataCredential {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        record::deserialize(d)
    }
}

impl<'de> serde::Deserialize<'de> for MetadataAnswer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        record::deserialize(d)
    }
}

impl EcsMetadataProvider {
    /// The provider for the real metadata service.
    pub fn new() -> Self {
        Self::default()
    }
    /// Another address (a double in tests); `http://host[:port]`.
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into().trim_end_matches('/').to_string();
        self.http = Arc::default();
        self
    }
    /// Connect timeout and per-request timeout.
    pub fn with_timeouts(mut self, connect: Duration, request: Duration) -> Self {
        self.connect_timeout = connect;
        self.timeout = request;
        self.http = Arc::default();
        self
    }

    fn source(&self) -> String {
        format!(
            "ECS metadata ({})",
            super::config::masked_user_info(&self.endpoint)
        )
    }

    fn http(&self) -> Result<&reqwest::Client, CredentialsError> {
        self.http
            .get_or_init(|| {
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    .no_proxy()
                    .build()
                    .map_err(|e| format!("cannot build its HTTP client: {e}"))
            })
            .as_ref()
            .map_err(|e| CredentialsError::invalid(self.source(), e.clone()))
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let http = self.http()?;
        let source = self.source();
        let unreachable = |e: reqwest::Error| {
            if e.is_connect() || e.is_timeout() {
                CredentialsError::not_found(
                    &source,
                    format!("no metadata service answered (not on an ECS/BMS instance?): {e}"),
                )
            } else {
                CredentialsError::unavailable(&source, format!("the request failed: {e}"))
            }
        };
        // A session token first; services without the token API answer 404/405/503.
        let resp = http
            .put(format!("{}{METADATA_TOKEN_PATH}", self.endpoint))
            .header("X-Metadata-Token-Ttl-Seconds", "21600")
            .send()
            .await
            .map_err(unreachable)?;
        let token = match resp.status().as_u16() {
            200 => {
                let body = read_limited(resp, 4096).await.map_err(unreachable)?;
                let t = String::from_utf8_lossy(&body).trim().to_string();
                (!t.is_empty()).then_some(t)
            }
            404 | 405 | 503 => None,
            status => {
                let rid = request_id(&resp);
                let body = read_limited(resp, 4096).await.unwrap_or_default();
                return Err(CredentialsError::unavailable(
                    source,
                    "the session-token request was refused",
                )
                .with_meta(ErrorMeta::from_response(status, rid, &body)));
            }
        };
        let mut req = http.get(format!("{}{METADATA_KEY_PATH}", self.endpoint));
        if let Some(t) = &token {
            req = req.header("X-Metadata-Token", t);
        }
        let resp = req.send().await.map_err(unreachable)?;
        let status = resp.status().as_u16();
        let rid = request_id(&resp);
        let body = read_limited(resp, METADATA_LIMIT)
            .await
            .map_err(unreachable)?;
        if status != 200 {
            return Err(CredentialsError::unavailable(
                source,
                "the security-key request was refused (is an agency attached to the instance?)",
            )
            .with_meta(ErrorMeta::from_response(status, rid, &body)));
        }
        parse_metadata(&body).map_err(|reason| CredentialsError::invalid(source, reason))
    }
}

/// The credentials in a metadata answer. Messages name fields, never values.
fn parse_metadata(body: &[u8]) -> Result<Credentials, String> {
    let answer: MetadataAnswer = serde_json::from_slice(body)
        .map_err(|_| "the answer is not the documented JSON object".to_string())?;
    let c = answer
        .credential
        .or(answer.credentials)
        .unwrap_or(answer.flat);
    let need = |v: Option<String>, name: &str| {
        v.filter(|s| !s.is_empty())
            .ok_or_else(|| format!("the answer lacks `{name}`"))
    };
    let access = need(c.access, "access")?;
    let secret = need(c.secret, "secret")?;
    let token = need(c.securitytoken, "securitytoken")?;
    let expires = need(c.expires_at, "expires_at")?;
    let expiry =
        time::OffsetDateTime::parse(&expires, &time::format_description::well_known::Rfc3339)
            .map_err(|_| "`expires_at` is not an RFC 3339 time".to_string())?;
    let expiry = SystemTime::from(expiry);
    let creds = Credentials::temporary(access, secret, token).with_expiry(expiry);
    creds.check()?;
    Ok(creds)
}

fn request_id(resp: &reqwest::Response) -> Option<String> {
    resp.headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Reads at most `limit` bytes of a body.
pub(crate) async fn read_limited(
    mut resp: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await? {
        let take = chunk.len().min(limit - body.len());
        body.extend_from_slice(&chunk[..take]);
        if body.len() >= limit {
            break;
        }
    }
    Ok(body)
}

impl ProvideCredentials for EcsMetadataProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.load())
    }
}

/// Tries providers in order: the first that has credentials wins. A provider that has none
/// ([`CredentialsErrorKind::NotFound`]) passes to the next; any other failure stops the chain.
/// When none has credentials the error lists every source and why.
#[derive(Clone, Debug, Default)]
pub struct CredentialsChain {
    providers: Vec<Arc<dyn ProvideCredentials>>,
}

impl CredentialsChain {
    /// A chain starting with `provider`.
    pub fn first_try(provider: impl ProvideCredentials + 'static) -> Self {
        CredentialsChain::default().or_else(provider)
    }
    /// Adds `provider` at the end.
    pub fn or_else(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.providers.push(Arc::new(provider));
        self
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let mut tried = Vec::new();
        for p in &self.providers {
            match p.provide_credentials().await {
                Ok(c) => return Ok(c),
                Err(e) if e.kind() == CredentialsErrorKind::NotFound => tried.push(e.to_string()),
                Err(e) => return Err(e),
            }
        }
        Err(CredentialsError::not_found(
            "credentials chain",
            if tried.is_empty() {
                "it has no sources".to_string()
            } else {
                format!("no source has credentials: {}", tried.join("; "))
            },
        ))
    }
}

impl ProvideCredentials for CredentialsChain {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.load())
    }
}

/// The official SDKs' order: the environment ([`EnvironmentProvider`]), the profile file
/// ([`ProfileFileProvider`]), then the instance metadata ([`EcsMetadataProvider`]). It is
/// what [`ConfigBuilder::build`](crate::ConfigBuilder::build) uses when no credentials are
/// set; explicit credentials come before all of them.
///
/// ```
/// use bss_sdk::{DefaultCredentialsChain, Env};
///
/// // Everything the chain reads can be redirected, e.g. in tests:
/// let chain = DefaultCredentialsChain::builder()
///     .env(Env::from_pairs([("HUAWEICLOUD_SDK_CREDENTIALS_FILE", "/tmp/test-credentials")]))
///     .metadata_endpoint("http://127.0.0.1:8080")
///     .build();
/// let config = bss_sdk::Config::builder().credentials_provider(chain).build().unwrap();
/// # let _ = config;
/// ```
#[derive(Clone, Debug)]
pub struct DefaultCredentialsChain {
    chain: CredentialsChain,
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        Self::builder().build()
    }
}

impl DefaultCredentialsChain {
    /// The chain reading the process environment and the real metadata service.
    pub fn new() -> Self {
        Self::default()
    }
    /// Redirects what the chain reads.
    pub fn builder() -> DefaultChainBuilder {
        DefaultChainBuilder::default()
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        self.chain.provide_credentials()
    }
}

/// Builds a [`DefaultCredentialsChain`].
#[derive(Clone, Debug, Default)]
pub struct DefaultChainBuilder {
    env: Env,
    profile_path: Option<PathBuf>,
    metadata: EcsMetadataProvider,
    no_metadata: bool,
}

impl DefaultChainBuilder {
    /// Where the environment and profile sources read variables (default: the process).
    pub fn env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }
    /// The profile file to read, whatever the environment says.
    pub fn profile_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.profile_path = Some(path.into());
        self
    }
    /// The metadata service's address (default `http://169.254.169.254`).
    pub fn metadata_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.metadata = self.metadata.with_endpoint(endpoint);
        self
    }
    /// Leaves the metadata service out (off-cloud programs that want to fail at once).
    pub fn without_metadata(mut self) -> Self {
        self.no_metadata = true;
        self
    }
    /// The chain.
    pub fn build(self) -> DefaultCredentialsChain {
        let mut profile = ProfileFileProvider::new().with_env(self.env.clone());
        if let Some(p) = self.profile_path {
            profile = profile.with_path(p);
        }
        let mut chain =
            CredentialsChain::first_try(EnvironmentProvider::with_env(self.env)).or_else(profile);
        if !self.no_metadata {
            chain = chain.or_else(self.metadata);
        }
        DefaultCredentialsChain { chain }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ini_reads_sections_keys_comments_defaults_and_continuations() {
        let ini = Ini::parse(
            "\u{feff}# comment\n[DEFAULT]\nregion = x\n\n[global]\nAK = a1\nsk: s1\n  more\n; c\n[basic]\nak=b\n",
        )
        .unwrap();
        let g = ini.section("global").unwrap();
        assert_eq!(g.get("ak"), Some("a1"));
        assert_eq!(g.get("sk"), Some("s1\nmore"));
        assert_eq!(g.get("region"), Some("x"));
        assert_eq!(ini.section("basic").unwrap().get("ak"), Some("b"));
        assert!(
            ini.section("Global").is_none(),
            "section names are case-sensitive"
        );
    }

    #[test]
    fn ini_errors_name_the_line_and_never_its_content() {
        for (text, line) in [
            ("sk = hidden-secret\n", "line 1"),
            ("[global]\nhidden-secret\n", "line 2"),
            ("[global]\nak=1\nak=hidden-secret\n", "line 3"),
            ("[global]\n[global\n", "line 2"),
            ("[global]\n[global]\n", "line 2"),
            ("[global]\n = hidden-secret\n", "line 2"),
        ] {
            let e = Ini::parse(text).unwrap_err();
            assert!(e.starts_with(line), "{e}");
            assert!(!e.contains("hidden"), "{e}");
        }
    }

    #[test]
    fn metadata_answers_in_every_documented_shape() {
        let body = br#"{"credential":{"access":"AK1","secret":"SK1","securitytoken":"T1","expires_at":"2030-01-02T03:04:05.000000Z"}}"#;
        let c = parse_metadata(body).unwrap();
        assert_eq!(c.access_key(), Some("AK1"));
        let want = SystemTime::UNIX_EPOCH + Duration::from_secs(1_893_553_445);
        assert_eq!(c.expiry(), Some(want));
        let flat = br#"{"accessKeyId":"AK2","secretAccessKey":"SK2","securityToken":"T2","expiration":"2030-01-02T03:04:05Z"}"#;
        assert_eq!(parse_metadata(flat).unwrap().access_key(), Some("AK2"));
        // Under `credentials`, with snake-case spellings, unknown keys and a null beside it.
        let nested = br#"{"credential":null,"credentials":{"access_key_id":"AK3","secret_access_key":"SK3","security_token":"T3","expires_at":"2030-01-02T03:04:05Z","x":[1]},"other":{}}"#;
        assert_eq!(parse_metadata(nested).unwrap().access_key(), Some("AK3"));
        for (bad, says) in [
            (&br#"{"credential":{"access":"AK","securitytoken":"hidden","expires_at":"2030-01-02T03:04:05Z"}}"#[..], "secret"),
            (br#"{"credential":{"access":"AK","secret":"hidden","securitytoken":"T","expires_at":"soon"}}"#, "RFC 3339"),
            (br#"{"credential":{"access":"AK","secret":"hidden","securitytoken":"T"}}"#, "expires_at"),
            (b"<html>hidden</html>", "JSON"),
            // Two spellings of one field are one field given twice.
            (br#"{"access":"AK","accessKeyId":"hidden","secret":"S","securitytoken":"T","expires_at":"2030-01-02T03:04:05Z"}"#, "JSON"),
            (br#"{"credential":{"access":7,"secret":"hidden","securitytoken":"T","expires_at":"2030-01-02T03:04:05Z"}}"#, "JSON"),
            (br#"["hidden"]"#, "JSON"),
        ] {
            let e = parse_metadata(bad).unwrap_err();
            assert!(e.contains(says) && !e.contains("hidden"), "{e}");
        }
    }

    #[tokio::test]
    async fn environment_source_distinguishes_unset_from_half_set() {
        let e = EnvironmentProvider::with_env(Env::from_pairs::<String, String>([]))
            .provide_credentials()
            .await
            .unwrap_err();
        assert_eq!(e.kind(), CredentialsErrorKind::NotFound);
        let e = EnvironmentProvider::with_env(Env::from_pairs([("HUAWEICLOUD_SDK_AK", "AK")]))
            .provide_credentials()
            .await
            .unwrap_err();
        assert_eq!(e.kind(), CredentialsErrorKind::Invalid);
        assert!(e.to_string().contains("HUAWEICLOUD_SDK_SK"), "{e}");
        assert_eq!(e.source_name(), "environment");
    }

    #[test]
    fn env_debug_shows_names_only() {
        let env = Env::from_pairs([("HUAWEICLOUD_SDK_SK", "hidden-value")]);
        let d = format!("{env:?}");
        assert!(
            d.contains("HUAWEICLOUD_SDK_SK") && !d.contains("hidden"),
            "{d}"
        );
    }
}
