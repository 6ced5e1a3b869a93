//! Credentials: permanent or temporary AK/SK, or an IAM token. Secrets are kept in
//! [`secrecy`] boxes and never appear in `Debug` output.

use secrecy::{ExposeSecret, SecretString};
use std::fmt;

/// How requests are authenticated.
#[derive(Clone)]
pub struct Credentials {
    kind: Kind,
    domain_id: Option<String>,
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

/// Credentials could not be read from the environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingCredentials(pub &'static str);

impl fmt::Display for MissingCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "environment variable {} is not set", self.0)
    }
}

impl std::error::Error for MissingCredentials {}

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
        }
    }

    /// An IAM token, sent as `X-Auth-Token`.
    pub fn token(token: impl Into<String>) -> Self {
        Credentials {
            kind: Kind::Token(SecretString::from(token.into())),
            domain_id: None,
        }
    }

    /// The account (domain) id: sent as `X-Domain-Id` and filled into `{domain_id}` paths.
    pub fn with_domain_id(mut self, domain_id: impl Into<String>) -> Self {
        self.domain_id = Some(domain_id.into());
        self
    }

    /// Reads `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, and optionally
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN` and `HUAWEICLOUD_SDK_DOMAIN_ID`, as the official SDKs do.
    pub fn from_env() -> Result<Self, MissingCredentials> {
        Self::from_lookup(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
    }

    pub(crate) fn from_lookup(
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, MissingCredentials> {
        let ak = get("HUAWEICLOUD_SDK_AK").ok_or(MissingCredentials("HUAWEICLOUD_SDK_AK"))?;
        let sk = get("HUAWEICLOUD_SDK_SK").ok_or(MissingCredentials("HUAWEICLOUD_SDK_SK"))?;
        let mut c = match get("HUAWEICLOUD_SDK_SECURITY_TOKEN") {
            Some(t) => Credentials::temporary(ak, sk, t),
            None => Credentials::aksk(ak, sk),
        };
        c.domain_id = get("HUAWEICLOUD_SDK_DOMAIN_ID");
        Ok(c)
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

    /// Adds the auth headers to `headers`, signing when these are AK/SK credentials.
    /// `headers` must already hold every header to be sent.
    pub(crate) fn authorize(
        &self,
        method: &str,
        canonical_uri: &str,
        canonical_query: &str,
        headers: &mut Vec<(String, String)>,
        body: &[u8],
        date: &str,
    ) {
        match &self.kind {
            Kind::Token(t) => headers.push(("X-Auth-Token".into(), t.expose_secret().to_string())),
            Kind::AkSk {
                ak,
                sk,
                security_token,
            } => {
                if let Some(t) = security_token {
                    headers.push(("X-Security-Token".into(), t.expose_secret().to_string()));
                }
                headers.push(("X-Sdk-Date".into(), date.to_string()));
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
                headers.push(("Authorization".into(), sig.authorization(ak)));
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
        d.field("domain_id", &self.domain_id).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_official_environment_variables() {
        let env = |k: &str| match k {
            "HUAWEICLOUD_SDK_AK" => Some("AK1".to_string()),
            "HUAWEICLOUD_SDK_SK" => Some("SK1".to_string()),
            "HUAWEICLOUD_SDK_SECURITY_TOKEN" => Some("TOK".to_string()),
            "HUAWEICLOUD_SDK_DOMAIN_ID" => Some("dom".to_string()),
            _ => None,
        };
        let c = Credentials::from_lookup(env).unwrap();
        assert_eq!(c.access_key(), Some("AK1"));
        assert_eq!(c.domain_id(), Some("dom"));
        let dbg = format!("{c:?}");
        assert!(dbg.contains("temporary AK/SK"));
        assert!(!dbg.contains("SK1") && !dbg.contains("TOK"), "{dbg}");
        assert_eq!(
            Credentials::from_lookup(|_| None).unwrap_err(),
            MissingCredentials("HUAWEICLOUD_SDK_AK")
        );
    }

    #[test]
    fn token_is_sent_as_x_auth_token_and_hidden_in_debug() {
        let c = Credentials::token("secret-token");
        let mut h = vec![];
        c.authorize("GET", "/", "", &mut h, b"", "20200101T000000Z");
        assert_eq!(
            h,
            vec![("X-Auth-Token".to_string(), "secret-token".to_string())]
        );
        assert!(!format!("{c:?}").contains("secret-token"));
    }
}
