//! Credentials sources, refresh and the domain-id lookup, against the fake's BSS, IAM and
//! instance-metadata routes on 127.0.0.1. Environment variables are given through
//! `bss_sdk::Env`, never set on the process; profile files live in a fresh temp directory.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bss_sdk::fake::{
    FakeBss, Reply, ACCESS_KEY, DOMAIN_ID, LIST_AUTH_DOMAINS, METADATA_SECURITY_KEY,
    METADATA_SESSION_TOKEN, METADATA_TOKEN, SECRET_KEY, TOKEN,
};
use bss_sdk::{
    Client, Config, ConfigBuilder, Credentials, CredentialsErrorKind, DefaultCredentialsChain, Env,
    ProvideCredentials, ProvideFuture, SdkError,
};
use serde_json::json;

use crate::support::assert_clean;

/// A directory of its own under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "bss-sdk-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.0.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A builder pointed at the fake whose credentials come from the default chain, reading
/// only `env`, with the metadata service and IAM on the fake.
fn chain_builder(fake: &FakeBss, env: Env) -> ConfigBuilder {
    let chain = DefaultCredentialsChain::builder()
        .env(env)
        .metadata_endpoint(fake.endpoint())
        .build();
    Config::builder()
        .endpoint(fake.endpoint())
        .iam_endpoint(fake.endpoint())
        .credentials_provider(chain)
        .retry(bss_sdk::RetryConfig::disabled())
}

fn env(pairs: &[(&str, &str)]) -> Env {
    Env::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
}

fn ops(fake: &FakeBss, id: &str) -> usize {
    fake.requests_for(id).len()
}

fn bss_requests(fake: &FakeBss) -> Vec<bss_sdk::fake::Recorded> {
    fake.requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/v"))
        .filter(|r| r.operation != Some(LIST_AUTH_DOMAINS))
        .collect()
}

fn assert_no_secret(text: &str) {
    for s in [SECRET_KEY, TOKEN, "fake-security-token", "hidden"] {
        assert!(!text.contains(s), "secret `{s}` shown: {text}");
    }
}

#[tokio::test]
async fn the_environment_comes_before_the_profile_file_and_the_metadata() {
    let fake = FakeBss::start().await.unwrap();
    let dir = TempDir::new("env-first");
    let file = dir.write("credentials", "[global]\nak = PROFILEAK\nsk = profile-sk\n");
    let env = env(&[
        ("HUAWEICLOUD_SDK_AK", ACCESS_KEY),
        ("HUAWEICLOUD_SDK_SK", SECRET_KEY),
        ("HUAWEICLOUD_SDK_DOMAIN_ID", DOMAIN_ID),
        ("HUAWEICLOUD_SDK_CREDENTIALS_FILE", file.to_str().unwrap()),
    ]);
    let client = Client::new(chain_builder(&fake, env).build().unwrap());
    client.list_customer_orders().send().await.unwrap();
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 1, "no IAM or metadata request: {reqs:#?}");
    assert_clean(&reqs[0]);
    assert!(reqs[0]
        .header("authorization")
        .unwrap()
        .contains(ACCESS_KEY));
    assert_eq!(reqs[0].header("x-domain-id"), Some(DOMAIN_ID));
}

#[tokio::test]
async fn the_profile_file_is_read_and_its_iam_endpoint_finds_the_domain_id_once() {
    let fake = FakeBss::start().await.unwrap();
    let dir = TempDir::new("profile");
    let file = dir.write(
        "creds.ini",
        &format!(
            "# written by a test\n[basic]\nak = OTHER\nsk = other\n\n[global]\nAK = {ACCESS_KEY}\nsk: {SECRET_KEY}\n; no domain_id: looked up\niam_endpoint = {}\n",
            fake.endpoint()
        ),
    );
    let env = env(&[("HUAWEICLOUD_SDK_CREDENTIALS_FILE", file.to_str().unwrap())]);
    // No iam_endpoint on the builder: the profile's is used.
    let chain = DefaultCredentialsChain::builder()
        .env(env)
        .metadata_endpoint(fake.endpoint())
        .build();
    let client = Client::new(
        Config::builder()
            .endpoint(fake.endpoint())
            .credentials_provider(chain)
            .build()
            .unwrap(),
    );
    client.list_customer_orders().send().await.unwrap();
    client.list_customer_orders().send().await.unwrap();
    let iam = fake.requests_for(LIST_AUTH_DOMAINS);
    assert_eq!(iam.len(), 1, "looked up once per client");
    assert!(iam[0].problems.is_empty(), "{:?}", iam[0].problems);
    assert!(iam[0].header("authorization").unwrap().contains(ACCESS_KEY));
    let bss = bss_requests(&fake);
    assert_eq!(bss.len(), 2);
    for r in &bss {
        assert_clean(r);
        assert_eq!(r.header("x-domain-id"), Some(DOMAIN_ID));
    }
    assert_eq!(ops(&fake, METADATA_SECURITY_KEY), 0);
}

/// A profile's IAM endpoint holding user info is refused without being used, and the
/// password in it shows nowhere: not in the error, not in a request.
#[tokio::test]
async fn a_profile_iam_endpoint_with_user_info_is_refused_and_never_shown() {
    let fake = FakeBss::start().await.unwrap();
    let dir = TempDir::new("profile-userinfo");
    let with_user = fake
        .endpoint()
        .replacen("http://", "http://someone:pw-in-profile@", 1);
    let file = dir.write(
        "creds.ini",
        &format!("[global]\nak = {ACCESS_KEY}\nsk = {SECRET_KEY}\niam_endpoint = {with_user}\n"),
    );
    let env = env(&[("HUAWEICLOUD_SDK_CREDENTIALS_FILE", file.to_str().unwrap())]);
    let chain = DefaultCredentialsChain::builder()
        .env(env)
        .metadata_endpoint(fake.endpoint())
        .build();
    let client = Client::new(
        Config::builder()
            .endpoint(fake.endpoint())
            .credentials_provider(chain)
            .build()
            .unwrap(),
    );
    let e = client.list_customer_orders().send().await.unwrap_err();
    let shown = format!("{e} {e:?}");
    assert!(shown.contains("user info"), "{shown}");
    assert!(!shown.contains("pw-in-profile"), "{shown}");
    assert!(fake.requests().is_empty(), "{:#?}", fake.requests());
}

#[tokio::test]
async fn the_default_profile_path_is_under_home() {
    let fake = FakeBss::start().await.unwrap();
    let home = TempDir::new("home");
    // The section the official Python client builder's fallback chain reads.
    home.write(
        ".huaweicloud/credentials",
        &format!(
            "[globalcredentials]\nak = {ACCESS_KEY}\nsk = {SECRET_KEY}\ndomain_id = {DOMAIN_ID}\n"
        ),
    );
    let env = env(&[("HOME", home.0.to_str().unwrap())]);
    let client = Client::new(chain_builder(&fake, env).build().unwrap());
    client.list_customer_orders().send().await.unwrap();
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 1, "{reqs:#?}");
    assert_clean(&reqs[0]);
    assert_eq!(reqs[0].header("x-domain-id"), Some(DOMAIN_ID));
}

#[tokio::test]
async fn instance_metadata_is_the_last_source_and_gives_temporary_credentials() {
    let fake = FakeBss::start().await.unwrap();
    let home = TempDir::new("no-profile");
    let env = env(&[("HOME", home.0.to_str().unwrap())]);
    let client = Client::new(chain_builder(&fake, env).build().unwrap());
    client.list_customer_orders().send().await.unwrap();
    assert_eq!(ops(&fake, METADATA_TOKEN), 1);
    let key = fake.requests_for(METADATA_SECURITY_KEY);
    assert_eq!(key.len(), 1);
    assert_eq!(
        key[0].header("x-metadata-token"),
        Some(METADATA_SESSION_TOKEN)
    );
    let bss = bss_requests(&fake);
    assert_eq!(bss.len(), 1);
    assert_clean(&bss[0]);
    assert_eq!(
        bss[0].header("x-security-token"),
        Some("fake-security-token-1")
    );
    assert!(bss[0]
        .header("authorization")
        .unwrap()
        .contains("x-security-token"));
    // Temporary credentials carry no domain id: it was looked up, signed with them.
    let iam = fake.requests_for(LIST_AUTH_DOMAINS);
    assert_eq!(iam.len(), 1);
    assert!(iam[0].problems.is_empty(), "{:?}", iam[0].problems);
    assert_eq!(
        iam[0].header("x-security-token"),
        Some("fake-security-token-1")
    );
    assert_eq!(bss[0].header("x-domain-id"), Some(DOMAIN_ID));
}

fn metadata_client(fake: &FakeBss, margin: Duration) -> Client {
    let home = std::env::temp_dir().join("bss-sdk-no-such-home");
    let env = env(&[("HOME", home.to_str().unwrap())]);
    Client::new(
        chain_builder(fake, env)
            .credentials_refresh_margin(margin)
            .build()
            .unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_share_one_refresh_and_credentials_renew_before_expiry() {
    let fake = FakeBss::start().await.unwrap();
    // Lasting 3 s with a 1.4 s margin: fresh for the first 1.6 s, then renewed.
    fake.set_metadata_lifetime(Duration::from_secs(3));
    let client = metadata_client(&fake, Duration::from_millis(1400));
    let calls: Vec<_> = (0..16)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.list_customer_orders().send().await })
        })
        .collect();
    for c in calls {
        c.await.unwrap().unwrap();
    }
    assert_eq!(
        ops(&fake, METADATA_SECURITY_KEY),
        1,
        "one refresh for 16 calls"
    );
    assert_eq!(ops(&fake, LIST_AUTH_DOMAINS), 1, "one lookup for 16 calls");
    tokio::time::sleep(Duration::from_millis(1800)).await;
    client.list_customer_orders().send().await.unwrap();
    assert_eq!(
        ops(&fake, METADATA_SECURITY_KEY),
        2,
        "renewed inside the margin"
    );
    let bss = bss_requests(&fake);
    assert_eq!(bss.len(), 17);
    assert!(bss.iter().all(|r| r.problems.is_empty()));
    assert_eq!(
        bss.last().unwrap().header("x-security-token"),
        Some("fake-security-token-2")
    );
}

#[tokio::test]
async fn expired_credentials_are_never_used_when_the_refresh_fails() {
    let fake = FakeBss::start().await.unwrap();
    // Lasting 1.5 s with a 0.7 s margin: due for renewal after 0.8 s.
    fake.set_metadata_lifetime(Duration::from_millis(1500));
    let client = metadata_client(&fake, Duration::from_millis(700));
    client.list_customer_orders().send().await.unwrap();
    fake.set_default(
        METADATA_SECURITY_KEY,
        Reply::json(
            500,
            json!({"error_code": "META.500", "error_msg": "metadata down"}),
        ),
    );
    // Inside the margin: the refresh fails, the current key is still valid and is used.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    client.list_customer_orders().send().await.unwrap();
    assert_eq!(ops(&fake, METADATA_SECURITY_KEY), 2);
    // Past the expiry: the failure is the answer and nothing is sent.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let err = client.list_customer_orders().send().await.unwrap_err();
    let SdkError::Credentials(e) = &err else {
        panic!("{err:?}")
    };
    assert!(e.source_name().starts_with("ECS metadata"), "{e}");
    assert_eq!(e.kind(), CredentialsErrorKind::Unavailable);
    assert_eq!(e.meta().map(|m| m.status()), Some(500));
    assert_no_secret(&err.to_string());
    assert_no_secret(&format!("{err:?}"));
    assert_eq!(
        bss_requests(&fake).len(),
        2,
        "the expired key signed nothing"
    );
}

/// A provider of the fake's key that counts how often it is asked.
#[derive(Debug)]
struct Counting {
    asked: AtomicU32,
    lifetime: Duration,
}

impl ProvideCredentials for Counting {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(async move {
            let n = self.asked.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::time::sleep(Duration::from_millis(50)).await;
            Ok(
                Credentials::temporary(ACCESS_KEY, SECRET_KEY, format!("custom-token-{n}"))
                    .with_domain_id(DOMAIN_ID)
                    .with_expiry(SystemTime::now() + self.lifetime),
            )
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_custom_provider_is_asked_once_by_concurrent_calls_and_again_near_expiry() {
    let fake = FakeBss::start().await.unwrap();
    let provider = Arc::new(Counting {
        asked: AtomicU32::new(0),
        lifetime: Duration::from_millis(2500),
    });
    let client = Client::new(
        Config::builder()
            .endpoint(fake.endpoint())
            .credentials_provider(provider.clone())
            .credentials_refresh_margin(Duration::from_secs(1))
            .build()
            .unwrap(),
    );
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.list_customer_orders().send().await })
        })
        .collect();
    for c in calls {
        c.await.unwrap().unwrap();
    }
    assert_eq!(provider.asked.load(Ordering::SeqCst), 1);
    // Lasting 2.5 s with a 1 s margin: due after 1.5 s.
    tokio::time::sleep(Duration::from_millis(1700)).await;
    client.list_customer_orders().send().await.unwrap();
    assert_eq!(provider.asked.load(Ordering::SeqCst), 2);
    let reqs = fake.requests();
    assert!(reqs.iter().all(|r| r.problems.is_empty()));
    assert_eq!(
        reqs.last().unwrap().header("x-security-token"),
        Some("custom-token-2")
    );
}

#[tokio::test]
async fn a_half_set_environment_stops_the_chain_naming_the_variable() {
    let fake = FakeBss::start().await.unwrap();
    let dir = TempDir::new("half-env");
    let file = dir.write(
        "c",
        &format!("[global]\nak = {ACCESS_KEY}\nsk = {SECRET_KEY}\n"),
    );
    let env = env(&[
        ("HUAWEICLOUD_SDK_AK", ACCESS_KEY),
        ("HUAWEICLOUD_SDK_CREDENTIALS_FILE", file.to_str().unwrap()),
    ]);
    let err = Client::new(chain_builder(&fake, env).build().unwrap())
        .list_customer_orders()
        .send()
        .await
        .unwrap_err();
    let SdkError::Credentials(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (e.source_name(), e.kind()),
        ("environment", CredentialsErrorKind::Invalid)
    );
    assert!(e.reason().contains("HUAWEICLOUD_SDK_SK"), "{e}");
    assert!(
        fake.requests().is_empty(),
        "neither the profile's key nor BSS was used"
    );
}

#[tokio::test]
async fn profile_file_problems_name_the_file_and_never_the_secret() {
    let fake = FakeBss::start().await.unwrap();
    let dir = TempDir::new("bad-profile");
    for (text, says) in [
        ("[global]\nak = AK\n", "sets ak but not sk"),
        (
            "[global]\nak = AK\nsk = hidden-first\n  hidden-second\n",
            "control character",
        ),
        ("[global]\nak = AK\nsk = hidden\nak = again\n", "line 4"),
        ("ak = AK\nsk = hidden\n", "before any [section]"),
        ("[global]\nidp_id = x\nid_token_file = /t\n", "federation"),
    ] {
        let file = dir.write("c", text);
        let env = env(&[("HUAWEICLOUD_SDK_CREDENTIALS_FILE", file.to_str().unwrap())]);
        let err = Client::new(chain_builder(&fake, env).build().unwrap())
            .list_customer_orders()
            .send()
            .await
            .unwrap_err();
        let SdkError::Credentials(e) = &err else {
            panic!("{err:?}")
        };
        let shown = err.to_string();
        assert!(e.source_name().contains(file.to_str().unwrap()), "{shown}");
        assert!(shown.contains(says), "{text:?}: {shown}");
        assert_no_secret(&shown);
    }
    // A file named explicitly but missing is an error too, not a silent fall-through.
    let env = env(&[(
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
        "/nonexistent/bss-sdk/credentials",
    )]);
    let err = Client::new(chain_builder(&fake, env).build().unwrap())
        .list_customer_orders()
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn with_no_source_the_error_lists_each_and_why() {
    // A port nothing listens on stands in for "not on an instance".
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let home = TempDir::new("empty-home");
    let chain = DefaultCredentialsChain::builder()
        .env(env(&[("HOME", home.0.to_str().unwrap())]))
        .metadata_endpoint(format!("http://127.0.0.1:{closed}"))
        .build();
    let err = Client::new(
        Config::builder()
            .endpoint(format!("http://127.0.0.1:{closed}"))
            .credentials_provider(chain)
            .build()
            .unwrap(),
    )
    .list_customer_orders()
    .send()
    .await
    .unwrap_err();
    let SdkError::Credentials(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.kind(), CredentialsErrorKind::NotFound);
    let shown = e.to_string();
    for part in [
        "environment: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set",
        "profile file",
        "does not exist",
        &format!("ECS metadata (http://127.0.0.1:{closed})"),
    ] {
        assert!(shown.contains(part), "`{part}` missing from: {shown}");
    }
}

fn lookup_client(fake: &FakeBss, credentials: Credentials) -> Client {
    Client::new(
        Config::builder()
            .endpoint(fake.endpoint())
            .iam_endpoint(fake.endpoint())
            .credentials(credentials)
            .retry(bss_sdk::RetryConfig::disabled())
            .build()
            .unwrap(),
    )
}

#[tokio::test]
#[allow(deprecated)]
async fn a_domain_id_path_is_filled_from_the_lookup() {
    let fake = FakeBss::start().await.unwrap();
    let client = lookup_client(&fake, Credentials::aksk(ACCESS_KEY, SECRET_KEY));
    client
        .cancel_auto_renewal_resources_v1()
        .resource_id("r-1")
        .action_id(bss_sdk::models::ResourceActionId::Autorenew)
        .send()
        .await
        .unwrap();
    client.list_customer_orders().send().await.unwrap();
    assert_eq!(ops(&fake, LIST_AUTH_DOMAINS), 1);
    let bss = bss_requests(&fake);
    assert_eq!(bss.len(), 2);
    assert_eq!(
        bss[0].path,
        format!("/v1.0/{DOMAIN_ID}/common/order-mgr/resources/r-1/actions")
    );
    for r in &bss {
        assert_clean(r);
        assert_eq!(r.header("x-domain-id"), Some(DOMAIN_ID));
    }
}

#[tokio::test]
#[allow(deprecated)]
async fn an_iam_token_needs_no_lookup_for_headers_only_for_a_domain_id_path() {
    let fake = FakeBss::start().await.unwrap();
    let client = lookup_client(&fake, Credentials::token(TOKEN));
    client.list_customer_orders().send().await.unwrap();
    assert_eq!(ops(&fake, LIST_AUTH_DOMAINS), 0);
    client
        .cancel_auto_renewal_resources_v1()
        .resource_id("r-1")
        .action_id(bss_sdk::models::ResourceActionId::Autorenew)
        .send()
        .await
        .unwrap();
    let iam = fake.requests_for(LIST_AUTH_DOMAINS);
    assert_eq!(iam.len(), 1);
    assert_eq!(iam[0].header("x-auth-token"), Some(TOKEN));
    assert!(iam[0].problems.is_empty(), "{:?}", iam[0].problems);
}

#[tokio::test]
async fn a_failed_lookup_is_typed_sends_nothing_and_is_tried_again_next_call() {
    let fake = FakeBss::start().await.unwrap();
    fake.script(
        LIST_AUTH_DOMAINS,
        Reply::json(
            403,
            json!({"error": {"code": 403, "message": "no permission"}}),
        )
        .with_header("X-IAM-Trace-Id", "trace-1"),
    );
    fake.script(LIST_AUTH_DOMAINS, Reply::json(200, json!({"domains": []})));
    let client = lookup_client(&fake, Credentials::aksk(ACCESS_KEY, SECRET_KEY));
    let err = client.list_customer_orders().send().await.unwrap_err();
    let SdkError::Credentials(e) = &err else {
        panic!("{err:?}")
    };
    assert!(e.source_name().starts_with("IAM domain-id lookup"), "{e}");
    let meta = e.meta().unwrap();
    assert_eq!((meta.status(), meta.request_id()), (403, Some("trace-1")));
    assert_no_secret(&err.to_string());
    let err = client.list_customer_orders().send().await.unwrap_err();
    assert!(err.to_string().contains("lists no domain"), "{err}");
    assert!(bss_requests(&fake).is_empty());
    // Third time the default answer is there: found and used.
    client.list_customer_orders().send().await.unwrap();
    assert_eq!(ops(&fake, LIST_AUTH_DOMAINS), 3);
    assert_eq!(
        bss_requests(&fake)[0].header("x-domain-id"),
        Some(DOMAIN_ID)
    );
}

#[tokio::test]
async fn the_iam_endpoint_can_come_from_the_environment() {
    let fake = FakeBss::start().await.unwrap();
    let client = Client::new(
        Config::builder()
            .endpoint(fake.endpoint())
            .env(env(&[("HUAWEICLOUD_SDK_IAM_ENDPOINT", &fake.endpoint())]))
            .credentials(Credentials::aksk(ACCESS_KEY, SECRET_KEY))
            .build()
            .unwrap(),
    );
    client.list_customer_orders().send().await.unwrap();
    assert_eq!(ops(&fake, LIST_AUTH_DOMAINS), 1);
}

#[tokio::test]
async fn an_invalid_request_asks_neither_the_provider_nor_iam() {
    let fake = FakeBss::start().await.unwrap();
    let provider = Arc::new(Counting {
        asked: AtomicU32::new(0),
        lifetime: Duration::from_secs(3600),
    });
    let client = Client::new(
        Config::builder()
            .endpoint(fake.endpoint())
            .iam_endpoint(fake.endpoint())
            .credentials_provider(provider.clone())
            .build()
            .unwrap(),
    );
    let err = client
        .list_customer_orders()
        .limit(1000)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::InvalidParameter { .. }), "{err:?}");
    assert_eq!(provider.asked.load(Ordering::SeqCst), 0);
    let err = lookup_client(&fake, Credentials::aksk(ACCESS_KEY, SECRET_KEY))
        .list_customer_orders()
        .limit(1000)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::InvalidParameter { .. }), "{err:?}");
    assert!(fake.requests().is_empty(), "no IAM lookup, no BSS request");
}

/// A provider that never answers.
#[derive(Debug)]
struct Hung;

impl ProvideCredentials for Hung {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(std::future::pending())
    }
}

#[tokio::test]
async fn a_provider_that_never_answers_fails_the_call_within_the_attempt_timeout() {
    let fake = FakeBss::start().await.unwrap();
    let client = Client::new(
        Config::builder()
            .endpoint(fake.endpoint())
            .credentials_provider(Hung)
            .timeouts(bss_sdk::Timeouts {
                attempt: Duration::from_millis(100),
                ..Default::default()
            })
            .build()
            .unwrap(),
    );
    let started = std::time::Instant::now();
    let err = client.list_customer_orders().send().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    let SdkError::Credentials(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.kind(), CredentialsErrorKind::Unavailable);
    assert!(e.reason().contains("no answer within"), "{e}");
    assert!(fake.requests().is_empty());
}
