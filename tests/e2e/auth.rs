//! Authentication modes against the fake's verifier.

use bss_sdk::fake::{FakeBss, ACCESS_KEY, DOMAIN_ID, TOKEN};
use bss_sdk::{Client, Config, Credentials, SdkError};

use crate::support::{assert_clean, only_request};

fn client(fake: &FakeBss, credentials: Credentials) -> Client {
    Client::new(
        Config::builder()
            .endpoint(fake.endpoint())
            .credentials(credentials)
            // These tests look at the one BSS request; domain-id lookup has its own tests.
            .domain_id_lookup(false)
            .build()
            .unwrap(),
    )
}

#[tokio::test]
async fn iam_token_is_sent_as_x_auth_token_without_signing() {
    let fake = FakeBss::start().await.unwrap();
    client(&fake, Credentials::token(TOKEN).with_domain_id(DOMAIN_ID))
        .list_customer_orders()
        .send()
        .await
        .unwrap();
    let req = only_request(&fake);
    assert_clean(&req);
    assert_eq!(req.header("x-auth-token"), Some(TOKEN));
    assert_eq!(req.header("authorization"), None);
}

#[tokio::test]
async fn temporary_credentials_sign_and_send_the_security_token() {
    let fake = FakeBss::start().await.unwrap();
    let creds = Credentials::temporary(ACCESS_KEY, bss_sdk::fake::SECRET_KEY, "sts-token");
    client(&fake, creds)
        .list_customer_orders()
        .send()
        .await
        .unwrap();
    let req = only_request(&fake);
    assert_clean(&req);
    assert_eq!(req.header("x-security-token"), Some("sts-token"));
    assert!(
        req.header("authorization")
            .unwrap()
            .contains("x-security-token"),
        "the token header is signed"
    );
}

#[tokio::test]
async fn a_wrong_secret_key_is_rejected_by_the_signature_check() {
    let fake = FakeBss::start().await.unwrap();
    let err = client(&fake, Credentials::aksk(ACCESS_KEY, "not-the-secret"))
        .list_customer_orders()
        .send()
        .await
        .unwrap_err();
    let meta = err.meta().expect("service error");
    assert_eq!((meta.status(), meta.code()), (401, Some("APIGW.0301")));
    assert!(matches!(err, SdkError::Service(_)));
    assert!(fake.requests()[0]
        .problems
        .iter()
        .any(|p| p.contains("signature does not match")));
}
