//! HTTP settings: proxies, extra root certificates, pool settings, the user agent, and the
//! interceptor hook that sees each attempt without seeing the signature's secrets.

use std::fmt;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use super::provider::Env;

/// An explicit proxy for every request (`http://` or `https://` proxy URL; HTTPS calls go
/// through it with `CONNECT`). Setting one turns off the proxy environment variables.
///
/// ```
/// use bss_sdk::{Config, ProxyConfig};
/// let config = Config::builder()
///     .proxy(
///         ProxyConfig::new("http://proxy.internal:3128")
///             .basic_auth("me", "proxy-password")
///             .no_proxy("localhost,.internal"),
///     )
///     # .credentials(bss_sdk::Credentials::aksk("AK", "SK"))
///     .build()
///     .unwrap();
/// # let _ = config;
/// ```
#[derive(Clone)]
pub struct ProxyConfig {
    url: String,
    auth: Option<(String, SecretString)>,
    no_proxy: Option<String>,
}

impl ProxyConfig {
    /// A proxy at `url`. Credentials in the URL (`http://user:pass@host`) are used too.
    pub fn new(url: impl Into<String>) -> Self {
        ProxyConfig {
            url: url.into(),
            auth: None,
            no_proxy: None,
        }
    }
    /// Basic credentials for the proxy (`Proxy-Authorization`).
    pub fn basic_auth(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.auth = Some((user.into(), SecretString::from(password.into())));
        self
    }
    /// Hosts that bypass the proxy, in the `NO_PROXY` format (`localhost,.internal,10.0.0.0/8`).
    pub fn no_proxy(mut self, list: impl Into<String>) -> Self {
        self.no_proxy = Some(list.into());
        self
    }

    pub(crate) fn build(&self) -> Result<reqwest::Proxy, String> {
        let mut p = reqwest::Proxy::all(&self.url)
            .map_err(|_| "the proxy URL is not usable".to_string())?;
        if let Some((u, pw)) = &self.auth {
            p = p.basic_auth(u, pw.expose_secret());
        }
        Ok(p.no_proxy(
            self.no_proxy
                .as_deref()
                .and_then(reqwest::NoProxy::from_string),
        ))
    }
}

impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL may carry a password too: show only scheme, host and port.
        let shown = reqwest::Url::parse(&self.url)
            .map(|u| {
                format!(
                    "{}://{}{}",
                    u.scheme(),
                    u.host_str().unwrap_or(""),
                    u.port().map(|p| format!(":{p}")).unwrap_or_default()
                )
            })
            .unwrap_or_else(|_| "(unparsable URL)".to_string());
        f.debug_struct("ProxyConfig")
            .field("url", &shown)
            .field("user", &self.auth.as_ref().map(|(u, _)| u))
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

/// Which proxy the client uses.
#[derive(Clone, Debug, Default)]
pub(crate) enum ProxySetting {
    /// `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (either case), as curl, the
    /// official Python SDK (through `requests`) and reqwest read them.
    #[default]
    FromEnv,
    None,
    Explicit(ProxyConfig),
}

/// The proxies the environment asks for. A variable that is set but unusable is an error
/// naming it; its value (which may hold a password) is never shown.
pub(crate) fn env_proxies(env: &Env) -> Result<Vec<reqwest::Proxy>, String> {
    let var = |names: [&'static str; 2]| names.into_iter().find_map(|n| env.get(n).map(|v| (n, v)));
    let no_proxy =
        var(["NO_PROXY", "no_proxy"]).and_then(|(_, v)| reqwest::NoProxy::from_string(&v));
    let mut out = Vec::new();
    type Make = fn(&str) -> reqwest::Result<reqwest::Proxy>;
    let mut add = |names: [&'static str; 2], make: Make| -> Result<(), String> {
        if let Some((name, url)) = var(names) {
            let p = make(&url)
                .map_err(|_| format!("environment variable {name} is not a usable proxy URL"))?;
            out.push(p.no_proxy(no_proxy.clone()));
        }
        Ok(())
    };
    add(["HTTPS_PROXY", "https_proxy"], |u| reqwest::Proxy::https(u))?;
    // Under CGI, `HTTP_PROXY` can be set by a client's `Proxy:` header; it is not trusted there.
    if env.get("REQUEST_METHOD").is_none() {
        add(["HTTP_PROXY", "http_proxy"], |u| reqwest::Proxy::http(u))?;
    }
    add(["ALL_PROXY", "all_proxy"], |u| reqwest::Proxy::all(u))?;
    Ok(out)
}

/// A hook on each attempt, for metrics, logging and extra headers. Both methods have empty
/// defaults; implement the ones you need.
///
/// [`before_send`](Intercept::before_send) runs before the attempt is signed, so headers it
/// adds are signed and sent; it never sees the secret key, the security token, an IAM token
/// or the `Authorization` value, which are added after it. It cannot replace or remove a
/// header the request already has. [`after_response`](Intercept::after_response) sees the
/// outcome: status, request id and elapsed time.
///
/// ```
/// use bss_sdk::{AfterResponse, BeforeSend, Config, Intercept};
///
/// #[derive(Debug)]
/// struct Trace;
///
/// impl Intercept for Trace {
///     fn before_send(&self, req: &mut BeforeSend<'_>) {
///         let _ = req.insert_header("X-Trace-Id", "abc123");
///     }
///     fn after_response(&self, r: &AfterResponse<'_>) {
///         println!("{} attempt {}: {:?} in {:?}", r.operation(), r.attempt(), r.status(), r.elapsed());
///     }
/// }
///
/// let config = Config::builder()
///     .interceptor(Trace)
///     # .credentials(bss_sdk::Credentials::aksk("AK", "SK"))
///     .build()
///     .unwrap();
/// # let _ = config;
/// ```
pub trait Intercept: Send + Sync + fmt::Debug {
    /// Before each attempt is signed and sent.
    fn before_send(&self, _request: &mut BeforeSend<'_>) {}
    /// After each attempt: the answer was read, or the attempt failed.
    fn after_response(&self, _response: &AfterResponse<'_>) {}
}

/// Headers an interceptor may not add: the signature's own, and the ones that frame the
/// request or address the account.
const RESERVED: &[&str] = &[
    "authorization",
    "x-sdk-date",
    "x-security-token",
    "x-auth-token",
    "host",
    "content-type",
    "content-length",
    "transfer-encoding",
    "connection",
    "x-domain-id",
    "x-project-id",
];

/// Why [`BeforeSend::insert_header`] refused a header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderRefused {
    /// The header name.
    pub name: String,
    /// Why.
    pub reason: &'static str,
}

impl fmt::Display for HeaderRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "header `{}` refused: {}", self.name, self.reason)
    }
}

impl std::error::Error for HeaderRefused {}

/// One attempt about to be signed and sent, as an interceptor sees it.
pub struct BeforeSend<'a> {
    pub(crate) operation: &'static str,
    pub(crate) method: &'a str,
    pub(crate) url: &'a reqwest::Url,
    pub(crate) attempt: u32,
    /// `host[:port]`, sent and signed as `Host`.
    pub(crate) host: &'a str,
    /// The request's own headers.
    pub(crate) base: &'a [(&'static str, std::borrow::Cow<'static, str>)],
    /// What interceptors added so far.
    pub(crate) added: &'a mut Vec<(String, String)>,
}

impl BeforeSend<'_> {
    /// The operation id, e.g. `ListCustomerOrders`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }
    /// The HTTP method.
    pub fn method(&self) -> &str {
        self.method
    }
    /// The URL.
    pub fn url(&self) -> &reqwest::Url {
        self.url
    }
    /// The attempt number, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }
    /// The headers so far (no auth headers: they are added after the interceptors).
    /// Names are as the request has them (the SDK's own in lower case, as HTTP/1 sends
    /// every name).
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        std::iter::once(("host", self.host))
            .chain(self.base.iter().map(|(k, v)| (*k, v.as_ref())))
            .chain(self.added.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
    /// Adds a header, which is then signed with the rest (a name containing `_` is sent but,
    /// as the signing scheme says, not signed). Refuses reserved names (`Authorization`,
    /// `X-Sdk-Date`, `X-Security-Token`, `X-Auth-Token`, `Host`, `Content-Type`,
    /// `X-Domain-Id`, …), names already present, and invalid names or values.
    pub fn insert_header(
        &mut self,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> Result<(), HeaderRefused> {
        let name = name.into();
        let value = value.into();
        let refuse = |reason| {
            Err(HeaderRefused {
                name: name.clone(),
                reason,
            })
        };
        if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
            return refuse("not a valid header name");
        }
        if value.chars().any(char::is_control)
            || reqwest::header::HeaderValue::from_str(&value).is_err()
        {
            return refuse("the value holds a control or non-visible character");
        }
        if RESERVED.iter().any(|r| name.eq_ignore_ascii_case(r)) {
            return refuse("reserved for the SDK and the signature");
        }
        if self.headers().any(|(k, _)| k.eq_ignore_ascii_case(&name)) {
            return refuse("the request already has it");
        }
        self.added.push((name, value));
        Ok(())
    }
}

/// The outcome of one attempt, as an interceptor sees it.
pub struct AfterResponse<'a> {
    pub(crate) operation: &'static str,
    pub(crate) attempt: u32,
    pub(crate) status: Option<u16>,
    pub(crate) request_id: Option<&'a str>,
    pub(crate) elapsed: Duration,
    pub(crate) failure: Option<&'static str>,
}

impl AfterResponse<'_> {
    /// The operation id.
    pub fn operation(&self) -> &'static str {
        self.operation
    }
    /// The attempt number, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        self.status
    }
    /// The `X-Request-Id`, when sent.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id
    }
    /// From just before signing to the end of reading the answer.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }
    /// What went wrong when there was no complete answer (`"timeout"`, `"not sent"`,
    /// `"connection broke"`, `"response too large"`, `"redirect followed"`, `"unbuildable"`).
    pub fn failure(&self) -> Option<&'static str> {
        self.failure
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_proxies_name_a_bad_variable_without_its_value() {
        let env = Env::from_pairs([("HTTPS_PROXY", "http://u:hidden@[::bad")]);
        let e = env_proxies(&env).unwrap_err();
        assert!(e.contains("HTTPS_PROXY") && !e.contains("hidden"), "{e}");
        let env = Env::from_pairs([
            ("https_proxy", "http://127.0.0.1:3128"),
            ("NO_PROXY", "localhost"),
        ]);
        assert_eq!(env_proxies(&env).unwrap().len(), 1);
        let cgi = Env::from_pairs([
            ("HTTP_PROXY", "http://127.0.0.1:3128"),
            ("REQUEST_METHOD", "GET"),
        ]);
        assert!(env_proxies(&cgi).unwrap().is_empty());
    }

    #[test]
    fn proxy_debug_hides_passwords() {
        let p = ProxyConfig::new("http://user:url-secret@proxy:3128").basic_auth("me", "hidden-pw");
        let d = format!("{p:?}");
        assert!(
            d.contains("proxy:3128") && !d.contains("url-secret") && !d.contains("hidden-pw"),
            "{d}"
        );
    }

    #[test]
    fn interceptor_headers_are_checked() {
        let url = reqwest::Url::parse("http://127.0.0.1/").unwrap();
        let base = [("X-Language", std::borrow::Cow::Borrowed("en_US"))];
        let mut added = Vec::new();
        let mut b = BeforeSend {
            operation: "Op",
            method: "GET",
            url: &url,
            attempt: 1,
            host: "127.0.0.1",
            base: &base,
            added: &mut added,
        };
        assert!(b.insert_header("X-Trace-Id", "1").is_ok());
        assert!(b.insert_header("x-trace-id", "2").is_err());
        for (n, v) in [
            ("Authorization", "x"),
            ("x-sdk-date", "x"),
            ("X-Security-Token", "x"),
            ("x-language", "fr"),
            ("bad name", "x"),
            ("X-Ok", "a\r\nX-Injected: 1"),
        ] {
            assert!(b.insert_header(n, v).is_err(), "{n}");
        }
        let seen: Vec<_> = b.headers().map(|(k, _)| k.to_string()).collect();
        assert_eq!(seen, ["host", "X-Language", "X-Trace-Id"]);
        assert_eq!(added, [("X-Trace-Id".to_string(), "1".to_string())]);
    }
}
