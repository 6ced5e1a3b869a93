//! Credentials: permanent or temporary AK/SK, or an IAM token. Secrets are kept in
//! [`secrecy`] boxes and never appear in `Debug` output.

use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::time::SystemTime;

/// How requests are authenticated.
#[derive(Clone)]
pub struct Credentials {
    kind: Kind,
    domain_id: Option<String>,
    expiry: Option<SystemTime>,
    iam_endpoint: Option<String>,
}

#[derive(Clone)]
enum Kind {
    AkSk {
        ak: String,
        sk: SecretString,
        security_token: Option<SecretString>,
    },
    Token(SecretString),
}

/// Credentials could not be read from the environment: which variable, and what is
/// wrong with it (never its value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingCredentials {
    variable: &'static str,
    problem: EnvProblem,
}

/// What is wrong with an environment variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EnvProblem {
    /// Not set, or set to the empty string.
    NotSet,
    /// Set, but not valid UTF-8.
    NotUnicode,
    /// Only white space.
    Blank,
    /// Starts or ends with white space, or holds a control character.
    StrayCharacters,
}

impl MissingCredentials {
    /// The variable, e.g. `HUAWEICLOUD_SDK_SK`.
    pub fn variable(&self) -> &'static str {
        self.variable
    }
    /// What is wrong with it.
    pub fn problem(&self) -> EnvProblem {
        self.problem
    }
}

impl fmt::Display for MissingCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.problem {
            EnvProblem::NotSet => "is not set",
            EnvProblem::NotUnicode => "is not valid UTF-8",
            EnvProblem::Blank => "holds only white space",
            EnvProblem::StrayCharacters => {
                "starts or ends with white space or holds a control character"
            }
        };
        write!(f, "environment variable {} {what}", self.variable)
    }
}

impl std::error::Error for MissingCredentials {}

/// What is wrong with a credential string, if anything.
fn problem_of(value: &str) -> Option<EnvProblem> {
    if value.is_empty() {
        Some(EnvProblem::NotSet)
    } else if value.trim().is_empty() {
        Some(EnvProblem::Blank)
    } else if value.trim() != value || value.chars().any(char::is_control) {
        Some(EnvProblem::StrayCharacters)
    } else {
        None
    }
}

/// What is wrong with a value that is present (a setting, or a variable that is set), in
/// words that follow its name, if anything.
pub(crate) fn value_problem(value: &str) -> Option<&'static str> {
    Some(match problem_of(value)? {
        EnvProblem::NotSet => "is empty",
        EnvProblem::Blank => "holds only white space",
        _ => "starts or ends with white space or holds a control character",
    })
}

/// One variable as the environment holds it.
pub(crate) enum EnvValue {
    Unset,
    NotUnicode,
    Text(String),
}

impl Credentials {
    /// Permanent access key and secret key, signed with `SDK-HMAC-SHA256`.
    pub fn aksk(ak: impl Into<String>, sk: impl Into<String>) -> Self {
        Credentials {
            kind: Kind::AkSk {
                ak: ak.into(),
                sk: SecretString::from(sk.into()),
                security_token: None,
            },
            domain_id: None,
            expiry: None,
            iam_endpoint: None,
        }
    }

    /// Temporary access key, secret key and security token (sent as `X-Security-Token`).
    pub fn temporary(
        ak: impl Into<String>,
        sk: impl Into<String>,
        security_token: impl Into<String>,
    ) -> Self {
        Credentials {
            kind: Kind::AkSk {
                ak: ak.into(),
                sk: SecretString::from(sk.into()),
                security_token: Some(SecretString::from(security_token.into())),
            },
            domain_id: None,
            expiry: None,
            iam_endpoint: None,
        }
    }

    /// An IAM token, sent as `X-Auth-Token`.
    pub fn token(token: impl Into<String>) -> Self {
        Credentials {
            kind: Kind::Token(SecretString::from(token.into())),
            domain_id: None,
            expiry: None,
            iam_endpoint: None,
        }
    }

    /// The account (domain) id: sent as `X-Domain-Id` and filled into `{domain_id}` paths.
    pub fn with_domain_id(mut self, domain_id: impl Into<String>) -> Self {
        self.domain_id = Some(domain_id.into());
        self
    }

    /// When these (temporary) credentials expire. A client never signs with them after
    /// this instant, and asks its provider for new ones shortly before.
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// The expiry, if these credentials have one.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// The IAM endpoint to look the domain id up at (the profile file's `iam_endpoint`);
    /// [`ConfigBuilder::iam_endpoint`](crate::ConfigBuilder::iam_endpoint) takes precedence.
    pub fn with_iam_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.iam_endpoint = Some(endpoint.into());
        self
    }

    /// The IAM endpoint these credentials name, if any.
    pub fn iam_endpoint(&self) -> Option<&str> {
        self.iam_endpoint.as_deref()
    }

    /// Whether these are AK/SK credentials (signed), rather than an IAM token.
    pub(crate) fn signs(&self) -> bool {
        matches!(self.kind, Kind::AkSk { .. })
    }

    /// Reads `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, and optionally
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN` and `HUAWEICLOUD_SDK_DOMAIN_ID`, as the official SDKs do.
    /// A variable that is set but unusable (not UTF-8, blank, stray white space or control
    /// characters) is an error naming it; its value is never shown.
    pub fn from_env() -> Result<Self, MissingCredentials> {
        let env = super::provider::Env::process();
        Self::from_lookup(|n| env.value(n))
    }

    pub(crate) fn from_lookup(get: impl Fn(&str) -> EnvValue) -> Result<Self, MissingCredentials> {
        let read = |variable: &'static str,
                    required: bool|
         -> Result<Option<String>, MissingCredentials> {
            let fail = |problem| Err(MissingCredentials { variable, problem });
            match get(variable) {
                EnvValue::Unset if required => fail(EnvProblem::NotSet),
                EnvValue::Unset => Ok(None),
                EnvValue::NotUnicode => fail(EnvProblem::NotUnicode),
                EnvValue::Text(v) if v.is_empty() && !required => Ok(None),
                EnvValue::Text(v) => match problem_of(&v) {
                    Some(problem) => fail(problem),
                    None => Ok(Some(v)),
                },
            }
        };
        let ak = read("HUAWEICLOUD_SDK_AK", true)?.unwrap_or_default();
        let sk = read("HUAWEICLOUD_SDK_SK", true)?.unwrap_or_default();
        let mut c = match read("HUAWEICLOUD_SDK_SECURITY_TOKEN", false)? {
            Some(t) => Credentials::temporary(ak, sk, t),
            None => Credentials::aksk(ak, sk),
        };
        c.domain_id = read("HUAWEICLOUD_SDK_DOMAIN_ID", false)?;
        Ok(c)
    }

    /// Refuses credentials that cannot sign anything: an empty or blank key, or one with
    /// stray white space or control characters. Says which part is wrong, never its value.
    pub(crate) fn check(&self) -> Result<(), String> {
        let parts: Vec<(&str, &str)> = match &self.kind {
            Kind::AkSk {
                ak,
                sk,
                security_token,
            } => {
                let mut p = vec![
                    ("access key", ak.as_str()),
                    ("secret key", sk.expose_secret()),
                ];
                if let Some(t) = security_token {
                    p.push(("security token", t.expose_secret()));
                }
                p
            }
            Kind::Token(t) => vec![("IAM token", t.expose_secret())],
        };
        if let Some(d) = &self.domain_id {
            if d == "." || d == ".." || d.contains('/') {
                return Err("the credentials' domain id is not a usable path segment".into());
            }
        }
        let domain = self.domain_id.as_deref().map(|d| ("domain id", d));
        for (what, value) in parts.into_iter().chain(domain) {
            if let Some(problem) = value_problem(value) {
                return Err(format!("the credentials' {what} {problem}"));
            }
        }
        Ok(())
    }

    /// The domain id, if set.
    pub fn domain_id(&self) -> Option<&str> {
        self.domain_id.as_deref()
    }

    /// The access key id, if these are AK/SK credentials (it identifies, it is not secret).
    pub fn access_key(&self) -> Option<&str> {
        match &self.kind {
            Kind::AkSk { ak, .. } => Some(ak),
            Kind::Token(_) => None,
        }
    }

    /// Adds the auth headers to `headers` and, for AK/SK credentials, returns the
    /// `Authorization` value, signed over `headers` with the added ones. `headers` must
    /// already hold every header to be sent. The added names are lower case: HTTP/1 sends
    /// every name so, and the signer then signs them without a copy.
    pub(crate) fn authorize<'a>(
        &'a self,
        method: &str,
        canonical_uri: &str,
        canonical_query: &str,
        headers: &mut Vec<(&'a str, &'a str)>,
        body: &[u8],
        date: &'a str,
    ) -> Option<String> {
        match &self.kind {
            Kind::Token(t) => {
                headers.push(("x-auth-token", t.expose_secret()));
                None
            }
            Kind::AkSk {
                ak,
                sk,
                security_token,
            } => {
                if let Some(t) = security_token {
                    headers.push(("x-security-token", t.expose_secret()));
                }
                headers.push(("x-sdk-date", date));
                let sig = super::signing::sign(
                    sk.expose_secret().as_bytes(),
                    &super::signing::SigningInput {
                        method,
                        canonical_uri,
                        canonical_query,
                        headers,
                        body,
                        date,
                    },
                );
                Some(sig.authorization(ak))
            }
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Credentials");
        match &self.kind {
            Kind::AkSk {
                ak, security_token, ..
            } => {
                d.field(
                    "kind",
                    &if security_token.is_some() {
                        "temporary AK/SK"
                    } else {
                        "AK/SK"
                    },
                );
                d.field("ak", ak);
                d.field("sk", &"** redacted **");
                if security_token.is_some() {
                    d.field("security_token", &"** redacted **");
                }
            }
            Kind::Token(_) => {
                d.field("kind", &"IAM token");
                d.field("token", &"** redacted **");
            }
        }
        d.field("domain_id", &self.domain_id);
        if let Some(e) = &self.expiry {
            d.field("expiry", e);
        }
        if let Some(e) = &self.iam_endpoint {
            d.field("iam_endpoint", e);
        }
        d.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: &str) -> EnvValue {
        EnvValue::Text(v.to_string())
    }

    #[test]
    fn reads_the_official_environment_variables() {
        let env = |k: &str| match k {
            "HUAWEICLOUD_SDK_AK" => text("AK1"),
            "HUAWEICLOUD_SDK_SK" => text("SK1"),
            "HUAWEICLOUD_SDK_SECURITY_TOKEN" => text("TOK"),
            "HUAWEICLOUD_SDK_DOMAIN_ID" => text("dom"),
            _ => EnvValue::Unset,
        };
        let c = Credentials::from_lookup(env).unwrap();
        assert_eq!(c.access_key(), Some("AK1"));
        assert_eq!(c.domain_id(), Some("dom"));
        let dbg = format!("{c:?}");
        assert!(dbg.contains("temporary AK/SK"));
        assert!(!dbg.contains("SK1") && !dbg.contains("TOK"), "{dbg}");
        let e = Credentials::from_lookup(|_| EnvValue::Unset).unwrap_err();
        assert_eq!(
            (e.variable(), e.problem()),
            ("HUAWEICLOUD_SDK_AK", EnvProblem::NotSet)
        );
    }

    #[test]
    fn unusable_variables_are_named_and_never_shown() {
        type Case = (&'static str, fn() -> EnvValue, EnvProblem);
        let cases: [Case; 6] = [
            ("HUAWEICLOUD_SDK_AK", || text("   "), EnvProblem::Blank),
            ("HUAWEICLOUD_SDK_SK", || text(" \t "), EnvProblem::Blank),
            (
                "HUAWEICLOUD_SDK_SK",
                || EnvValue::NotUnicode,
                EnvProblem::NotUnicode,
            ),
            (
                "HUAWEICLOUD_SDK_SK",
                || text(" s3cr3t-value"),
                EnvProblem::StrayCharacters,
            ),
            (
                "HUAWEICLOUD_SDK_SK",
                || text("s3cr3t\nvalue"),
                EnvProblem::StrayCharacters,
            ),
            (
                "HUAWEICLOUD_SDK_SECURITY_TOKEN",
                || text("  "),
                EnvProblem::Blank,
            ),
        ];
        for (bad, value, problem) in cases {
            let env = |k: &str| {
                if k == bad {
                    value()
                } else if k.ends_with("_AK") || k.ends_with("_SK") {
                    text("fine-value")
                } else {
                    EnvValue::Unset
                }
            };
            let e = Credentials::from_lookup(env).unwrap_err();
            assert_eq!((e.variable(), e.problem()), (bad, problem));
            let shown = e.to_string();
            assert!(shown.contains(bad), "{shown}");
            assert!(!shown.contains("s3cr3t"), "{shown}");
        }
    }

    #[test]
    fn explicit_credentials_are_checked_without_showing_them() {
        assert!(Credentials::aksk("AK", "SK").check().is_ok());
        for c in [
            Credentials::aksk("", "SK"),
            Credentials::aksk("AK", "  "),
            Credentials::aksk("AK", "hidden-sk\r"),
            Credentials::temporary("AK", "SK", ""),
            Credentials::token(" hidden-token"),
            Credentials::aksk("AK", "SK").with_domain_id(""),
        ] {
            let e = c.check().unwrap_err();
            assert!(!e.contains("hidden"), "{e}");
        }
    }

    #[test]
    fn token_is_sent_as_x_auth_token_and_hidden_in_debug() {
        let c = Credentials::token("secret-token");
        let mut h = vec![];
        let auth = c.authorize("GET", "/", "", &mut h, b"", "20200101T000000Z");
        assert_eq!(h, vec![("x-auth-token", "secret-token")]);
        assert_eq!(auth, None);
        assert!(!format!("{c:?}").contains("secret-token"));
    }
}
