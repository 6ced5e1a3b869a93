//! HTTP settings on loopback: an HTTPS call through a CONNECT proxy started here (with and
//! without proxy credentials, explicit and from `HTTPS_PROXY`/`NO_PROXY`), to a TLS front of
//! the fake whose certificate is issued by a test CA made with `rcgen` and trusted through
//! `add_root_certificate_pem`; the user-agent suffix; bringing a `reqwest::Client`; and the
//! interceptor hook.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bss_sdk::fake::{FakeBss, Reply, DOMAIN_ID};
use bss_sdk::{
    AfterResponse, BeforeSend, Client, Config, ConfigBuilder, Env, Intercept, ProxyConfig,
    RetryConfig, SdkError,
};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls;

use crate::support::{assert_clean, only_request};

/// A TLS server on 127.0.0.1 that forwards the decrypted bytes to the fake, with a leaf
/// certificate for `127.0.0.1` issued by a throw-away CA.
struct TlsFront {
    port: u16,
    ca_pem: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn tls_front(fake: &FakeBss) -> TlsFront {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&leaf_key, &ca, &ca_key)
        .unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let server = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(leaf_key.serialize_der().into()),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(server));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let backend = fake.addr();
    let task = tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                continue;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                if let Ok(mut plain) = TcpStream::connect(backend).await {
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                }
            });
        }
    });
    TlsFront {
        port,
        ca_pem: ca.pem(),
        task,
    }
}

/// Each CONNECT request line and its `Proxy-Authorization`, if any.
type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// One `after_response` call: operation, attempt, status, request id, elapsed.
type After = (String, u32, Option<u16>, Option<String>, Duration);

/// A CONNECT proxy on 127.0.0.1 that tunnels to loopback targets only, optionally
/// demanding `Proxy-Authorization`, and records each CONNECT line and its auth header.
struct ConnectProxy {
    port: u16,
    seen: Seen,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for ConnectProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl ConnectProxy {
    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
    fn seen(&self) -> Vec<(String, Option<String>)> {
        self.seen.lock().unwrap().clone()
    }
}

async fn connect_proxy(required_auth: Option<&'static str>) -> ConnectProxy {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let task = tokio::spawn(async move {
        loop {
            let Ok((mut client, _)) = listener.accept().await else {
                continue;
            };
            let log = log.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && head.len() < 8192 {
                    if client.read_exact(&mut byte).await.is_err() {
                        return;
                    }
                    head.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                let mut lines = head.split("\r\n");
                let request_line = lines.next().unwrap_or("").to_string();
                let auth = lines
                    .filter_map(|l| l.split_once(':'))
                    .find(|(k, _)| k.eq_ignore_ascii_case("proxy-authorization"))
                    .map(|(_, v)| v.trim().to_string());
                log.lock()
                    .unwrap()
                    .push((request_line.clone(), auth.clone()));
                let target = request_line
                    .strip_prefix("CONNECT ")
                    .and_then(|r| r.split(' ').next())
                    .unwrap_or("")
                    .to_string();
                if required_auth.is_some() && auth.as_deref() != required_auth {
                    let _ = client
                        .write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
                        .await;
                    return;
                }
                if !target.starts_with("127.0.0.1:") {
                    let _ = client.write_all(b"HTTP/1.1 403 Forbidden\r\n\r\n").await;
                    return;
                }
                let Ok(mut upstream) = TcpStream::connect(&target).await else {
                    let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
                    return;
                };
                if client
                    .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                    .await
                    .is_ok()
                {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                }
            });
        }
    });
    ConnectProxy { port, seen, task }
}

/// `Basic base64("proxy-user:proxy-pass")`.
const PROXY_AUTH: &str = "Basic cHJveHktdXNlcjpwcm94eS1wYXNz";

fn https_builder(fake: &FakeBss, front: &TlsFront) -> ConfigBuilder {
    Config::builder()
        .endpoint(format!("https://127.0.0.1:{}", front.port))
        .credentials(fake.credentials())
        .retry(RetryConfig::disabled())
        // The test environment: nothing from the process, so a developer's proxy is ignored.
        .env(Env::from_pairs::<String, String>([]))
}

#[tokio::test]
async fn https_through_an_authenticating_connect_proxy_to_a_server_trusted_by_an_extra_root() {
    let fake = FakeBss::start().await.unwrap();
    let front = tls_front(&fake).await;
    let proxy = connect_proxy(Some(PROXY_AUTH)).await;
    let client = Client::new(
        https_builder(&fake, &front)
            .proxy(ProxyConfig::new(proxy.url()).basic_auth("proxy-user", "proxy-pass"))
            .add_root_certificate_pem(front.ca_pem.clone())
            .build()
            .unwrap(),
    );
    client.list_customer_orders().send().await.unwrap();
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(
        seen[0],
        (
            format!("CONNECT 127.0.0.1:{} HTTP/1.1", front.port),
            Some(PROXY_AUTH.to_string())
        )
    );
    let req = only_request(&fake);
    assert_clean(&req);
    assert_eq!(
        req.header("host"),
        Some(format!("127.0.0.1:{}", front.port).as_str())
    );
}

#[tokio::test]
async fn without_the_extra_root_the_certificate_is_refused_and_nothing_reaches_the_server() {
    let fake = FakeBss::start().await.unwrap();
    let front = tls_front(&fake).await;
    let client = Client::new(https_builder(&fake, &front).build().unwrap());
    let err = client.list_customer_orders().send().await.unwrap_err();
    assert!(matches!(err, SdkError::Dispatch { .. }), "{err:?}");
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn wrong_proxy_credentials_fail_without_showing_them() {
    let fake = FakeBss::start().await.unwrap();
    let front = tls_front(&fake).await;
    let proxy = connect_proxy(Some(PROXY_AUTH)).await;
    let builder = https_builder(&fake, &front)
        .proxy(ProxyConfig::new(proxy.url()).basic_auth("proxy-user", "hidden-wrong-pass"))
        .add_root_certificate_pem(front.ca_pem.clone());
    let shown = format!("{builder:?}");
    let config = builder.build().unwrap();
    let shown = format!("{shown} {config:?}");
    assert!(!shown.contains("hidden-wrong-pass"), "{shown}");
    let err = Client::new(config)
        .list_customer_orders()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Dispatch { .. }), "{err:?}");
    let text = format!("{err} {err:?}");
    assert!(!text.contains("hidden-wrong-pass"), "{text}");
    assert_eq!(proxy.seen().len(), 1);
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn https_proxy_and_no_proxy_are_read_from_the_environment() {
    let fake = FakeBss::start().await.unwrap();
    let front = tls_front(&fake).await;
    let proxy = connect_proxy(Some(PROXY_AUTH)).await;
    let with_creds = format!("http://proxy-user:proxy-pass@127.0.0.1:{}", proxy.port);
    let via_env = |env: Env| {
        Client::new(
            https_builder(&fake, &front)
                .env(env)
                .add_root_certificate_pem(front.ca_pem.clone())
                .build()
                .unwrap(),
        )
    };
    via_env(Env::from_pairs([("HTTPS_PROXY", with_creds.as_str())]))
        .list_customer_orders()
        .send()
        .await
        .unwrap();
    assert_eq!(proxy.seen().len(), 1, "went through the proxy");
    // NO_PROXY lists the host: straight to the server.
    via_env(Env::from_pairs([
        ("https_proxy", with_creds.as_str()),
        ("NO_PROXY", "localhost,127.0.0.1"),
    ]))
    .list_customer_orders()
    .send()
    .await
    .unwrap();
    assert_eq!(proxy.seen().len(), 1, "bypassed the proxy");
    // `no_proxy()` ignores the variables.
    Client::new(
        https_builder(&fake, &front)
            .env(Env::from_pairs([("HTTPS_PROXY", "http://127.0.0.1:1")]))
            .no_proxy()
            .add_root_certificate_pem(front.ca_pem.clone())
            .build()
            .unwrap(),
    )
    .list_customer_orders()
    .send()
    .await
    .unwrap();
    assert_eq!(fake.requests().len(), 3);
    // An unusable variable is named, its value (it may hold a password) is not shown.
    let e = https_builder(&fake, &front)
        .env(Env::from_pairs([("HTTPS_PROXY", "http://u:hidden@[::bad")]))
        .build()
        .unwrap_err();
    assert!(
        e.to_string().contains("HTTPS_PROXY") && !e.to_string().contains("hidden"),
        "{e}"
    );
}

#[tokio::test]
async fn bad_certificates_and_user_agent_suffixes_are_configuration_errors() {
    let e = Config::builder()
        .credentials(bss_sdk::Credentials::aksk("AK", "SK"))
        .add_root_certificate_pem("not a certificate")
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("root certificate #1"), "{e}");
    let e = Config::builder()
        .credentials(bss_sdk::Credentials::aksk("AK", "SK"))
        .user_agent_suffix("app\r\nX-Injected: 1")
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("user-agent"), "{e}");
    let e = Config::builder()
        .credentials(bss_sdk::Credentials::aksk("AK", "SK"))
        .http_client(reqwest::Client::new())
        .proxy(ProxyConfig::new("http://127.0.0.1:1"))
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("http_client"), "{e}");
}

#[tokio::test]
async fn the_user_agent_suffix_and_pool_settings_apply() {
    let fake = FakeBss::start().await.unwrap();
    let client = Client::new(
        Config::builder()
            .endpoint(fake.endpoint())
            .credentials(fake.credentials())
            .user_agent_suffix("billing-report/2.1")
            .pool_idle_timeout(Duration::from_millis(50))
            .pool_max_idle_per_host(1)
            .build()
            .unwrap(),
    );
    client.list_customer_orders().send().await.unwrap();
    let req = only_request(&fake);
    assert_clean(&req);
    assert_eq!(
        req.header("user-agent"),
        Some(format!("{} billing-report/2.1", bss_sdk::USER_AGENT).as_str())
    );
}

#[tokio::test]
async fn an_own_reqwest_client_is_used_and_a_redirect_it_follows_is_still_refused() {
    let fake = FakeBss::start().await.unwrap();
    let own = reqwest::Client::builder()
        .user_agent("own-client/1")
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let builder = |http| {
        Config::builder()
            .endpoint(fake.endpoint())
            .credentials(fake.credentials())
            .retry(RetryConfig::disabled())
            .http_client(http)
            .build()
            .unwrap()
    };
    Client::new(builder(own))
        .list_customer_orders()
        .send()
        .await
        .unwrap();
    assert_eq!(
        only_request(&fake).header("user-agent"),
        Some("own-client/1")
    );
    // A client that follows redirects (against the documented rule): the answer came from
    // another URL, so it is refused rather than taken as the operation's.
    fake.reset();
    let elsewhere = format!("{}/v2/orders/customer-orders/details/CS1", fake.endpoint());
    fake.script(
        "ListCustomerOrders",
        Reply::json(302, json!({})).with_header("Location", &elsewhere),
    );
    let following = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::limited(3))
        .build()
        .unwrap();
    let err = Client::new(builder(following))
        .list_customer_orders()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Redirect { .. }), "{err:?}");
}

/// Records what it sees and adds a header to every attempt.
#[derive(Debug, Default)]
struct Recorder {
    seen_headers: Mutex<Vec<String>>,
    refused: Mutex<Vec<String>>,
    after: Mutex<Vec<After>>,
}

impl Intercept for Recorder {
    fn before_send(&self, req: &mut BeforeSend<'_>) {
        for (k, v) in req.headers() {
            self.seen_headers.lock().unwrap().push(format!("{k}: {v}"));
        }
        req.insert_header("X-Trace-Id", format!("trace-{}", req.attempt()))
            .unwrap();
        for name in ["Authorization", "X-Sdk-Date", "X-Domain-Id", "Host"] {
            if let Err(e) = req.insert_header(name, "forged") {
                self.refused.lock().unwrap().push(e.name);
            }
        }
    }
    fn after_response(&self, r: &AfterResponse<'_>) {
        self.after.lock().unwrap().push((
            r.operation().to_string(),
            r.attempt(),
            r.status(),
            r.request_id().map(str::to_string),
            r.elapsed(),
        ));
    }
}

#[tokio::test]
async fn interceptors_add_signed_headers_see_no_secrets_and_observe_each_attempt() {
    let fake = FakeBss::start().await.unwrap();
    fake.script(
        "ListCustomerOrders",
        Reply::error("CBC.0999").delayed(Duration::from_millis(20)),
    );
    let recorder = Arc::new(Recorder::default());
    #[derive(Debug)]
    struct Shared(Arc<Recorder>);
    impl Intercept for Shared {
        fn before_send(&self, r: &mut BeforeSend<'_>) {
            self.0.before_send(r)
        }
        fn after_response(&self, r: &AfterResponse<'_>) {
            self.0.after_response(r)
        }
    }
    let client = Client::new(
        Config::builder()
            .endpoint(fake.endpoint())
            .credentials(
                bss_sdk::Credentials::temporary(
                    bss_sdk::fake::ACCESS_KEY,
                    bss_sdk::fake::SECRET_KEY,
                    "hidden-security-token",
                )
                .with_domain_id(DOMAIN_ID),
            )
            .retry(RetryConfig {
                max_attempts: 2,
                base_delay: Duration::from_millis(1),
                max_delay: Duration::from_millis(5),
            })
            .interceptor(Shared(recorder.clone()))
            .build()
            .unwrap(),
    );
    client.list_customer_orders().send().await.unwrap();
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 2, "CBC.0999 is retried once");
    for (i, r) in reqs.iter().enumerate() {
        assert_clean(r);
        assert_eq!(
            r.header("x-trace-id"),
            Some(format!("trace-{}", i + 1).as_str())
        );
        let auth = r.header("authorization").unwrap();
        assert!(
            auth.contains("x-trace-id"),
            "the added header is signed: {auth}"
        );
        assert_eq!(r.header("x-domain-id"), Some(DOMAIN_ID), "not forged");
    }
    let seen = recorder.seen_headers.lock().unwrap().join("\n");
    // The SDK's own names are lower case, as HTTP/1 sends them.
    assert!(seen.contains("x-domain-id: "), "{seen}");
    for secret in [
        bss_sdk::fake::SECRET_KEY,
        "hidden-security-token",
        "SDK-HMAC-SHA256",
        "Authorization",
        "authorization",
        "x-sdk-date",
    ] {
        assert!(
            !seen.contains(secret),
            "an interceptor saw `{secret}`: {seen}"
        );
    }
    assert_eq!(
        *recorder.refused.lock().unwrap(),
        ["Authorization", "X-Sdk-Date", "X-Domain-Id", "Host"].repeat(2)
    );
    let after = recorder.after.lock().unwrap();
    assert_eq!(after.len(), 2);
    assert_eq!(
        (after[0].0.as_str(), after[0].1, after[0].2),
        ("ListCustomerOrders", 1, Some(500))
    );
    assert!(
        after[0].4 >= Duration::from_millis(20),
        "elapsed covers the answer: {:?}",
        after[0].4
    );
    assert_eq!((after[1].1, after[1].2), (2, Some(200)));
    assert!(
        after
            .iter()
            .all(|a| a.3.as_deref().is_some_and(|r| r.starts_with("fake-"))),
        "{after:?}"
    );
}
