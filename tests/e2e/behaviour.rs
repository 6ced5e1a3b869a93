//! Runtime behaviour against scripted faults: retries by retry class, timeouts, bodies that
//! are not what they should be, partial failures, and many tasks sharing one client.

use std::time::Duration;

use bss_sdk::fake::{ConnectionFault, FakeBss, Reply};
use bss_sdk::models::YesNo;
use bss_sdk::operations::freeze_sub_customers::FreezeSubCustomersErrorKind;
use bss_sdk::operations::list_customer_orders::ListCustomerOrdersErrorKind;
use bss_sdk::operations::pay_orders::PayOrdersErrorKind;
use bss_sdk::{
    CallOptions, Client, CommonError, Config, Credentials, RetryConfig, SdkError, Timeouts,
};
use serde_json::json;

fn html(status: u16) -> Reply {
    Reply::Raw {
        status,
        content_type: "text/html".into(),
        body: b"<html><body>502 Bad Gateway</body></html>".to_vec(),
    }
}

fn with_attempt_timeout(fake: &FakeBss, attempt: Duration) -> Client {
    Client::new(
        Config::builder()
            .endpoint(fake.endpoint())
            .credentials(fake.credentials())
            .retry(RetryConfig {
                max_attempts: 3,
                base_delay: Duration::from_millis(5),
                max_delay: Duration::from_millis(20),
            })
            .timeouts(Timeouts {
                attempt,
                ..Timeouts::default()
            })
            .build()
            .unwrap(),
    )
}

#[tokio::test]
async fn read_only_calls_retry_5xx_bursts_until_success() {
    let fake = FakeBss::start().await.unwrap();
    fake.script(
        "ListCustomerOrders",
        Reply::error("CBC.0999").with_header("x-ignored", "1"),
    );
    fake.script(
        "ListCustomerOrders",
        Reply::json(
            503,
            json!({"error_code": "APIGW.0201", "error_msg": "busy"}),
        ),
    );
    let out = fake.client().list_customer_orders().send().await.unwrap();
    // The third attempt gets the fake's generated page.
    assert!(out.total_count.is_some());
    assert_eq!(fake.requests_for("ListCustomerOrders").len(), 3);
    // Every attempt is signed afresh and passes the signature check.
    assert!(fake.requests().iter().all(|r| r.problems.is_empty()));
}

#[tokio::test]
async fn unsafe_calls_are_not_resent_after_the_server_answered() {
    let fake = FakeBss::start().await.unwrap();
    fake.script(
        "PayOrders",
        Reply::json(
            500,
            json!({"error_code": "CBC.0999", "error_msg": "Other errors."}),
        ),
    );
    let err = fake
        .client()
        .pay_orders()
        .order_id("CS1")
        .use_coupon(YesNo::No)
        .use_discount(YesNo::No)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, SdkError::Service(e) if *e.kind() == PayOrdersErrorKind::Common(CommonError::Cbc0999)),
        "{err:?}"
    );
    assert_eq!(fake.requests_for("PayOrders").len(), 1);
}

#[tokio::test]
async fn unsafe_call_that_times_out_reports_an_unknown_outcome_and_is_not_resent() {
    let fake = FakeBss::start().await.unwrap();
    fake.script(
        "PayOrders",
        Reply::Example(0).delayed(Duration::from_secs(3)),
    );
    let err = with_attempt_timeout(&fake, Duration::from_millis(300))
        .pay_orders()
        .order_id("CS1")
        .use_coupon(YesNo::No)
        .use_discount(YesNo::No)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, SdkError::OutcomeUnknown { attempts: 1, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("not resent"), "{err}");
    // On a loaded machine the one attempt may time out before the fake has even read the
    // request; what matters is that it was never sent twice.
    assert!(fake.requests_for("PayOrders").len() <= 1);
}

#[tokio::test]
async fn read_only_call_that_always_times_out_gives_up_after_max_attempts() {
    let fake = FakeBss::start().await.unwrap();
    fake.set_default(
        "ListCustomerOrders",
        Reply::Example(0).delayed(Duration::from_secs(3)),
    );
    let err = with_attempt_timeout(&fake, Duration::from_millis(300))
        .list_customer_orders()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Timeout { attempts: 3 }), "{err:?}");
    // The error counts the attempts; the fake may not have read the last one yet when a
    // loaded machine lets the attempt time out first, but it never sees more than three.
    let seen = fake.requests_for("ListCustomerOrders").len();
    assert!((2..=3).contains(&seen), "{seen}");
}

#[tokio::test]
async fn throttling_429_is_retried_with_and_without_retry_after() {
    let fake = FakeBss::start().await.unwrap();
    fake.script(
        "ListCustomerOrders",
        Reply::error("APIGW.0308").with_header("retry-after", "0"),
    );
    fake.script("ListCustomerOrders", Reply::error("APIGW.0308"));
    fake.client().list_customer_orders().send().await.unwrap();
    assert_eq!(fake.requests_for("ListCustomerOrders").len(), 3);
}

#[tokio::test]
async fn retries_can_be_turned_off_per_call() {
    let fake = FakeBss::start().await.unwrap();
    fake.script("ListCustomerOrders", Reply::error("APIGW.0308"));
    let err = fake
        .client()
        .list_customer_orders()
        .options(CallOptions::new().no_retries())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            SdkError::Service(e) if *e.kind() == ListCustomerOrdersErrorKind::Common(CommonError::Apigw0308)
        ),
        "{err:?}"
    );
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn an_html_error_page_keeps_status_and_excerpt() {
    let fake = FakeBss::start().await.unwrap();
    fake.set_default("ListCustomerOrders", html(502));
    let err = fake
        .client()
        .list_customer_orders()
        .send()
        .await
        .unwrap_err();
    let SdkError::Service(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.kind(), &ListCustomerOrdersErrorKind::Unhandled);
    let meta = e.meta().unwrap();
    assert_eq!(meta.status(), 502);
    assert_eq!(meta.code(), None);
    assert!(meta.raw_body().unwrap().contains("502 Bad Gateway"));
    assert!(meta.request_id().is_some());
    assert_eq!(
        fake.requests().len(),
        3,
        "502 is transient for a read-only call"
    );
}

#[tokio::test]
async fn success_bodies_that_do_not_decode_are_invalid_responses() {
    let fake = FakeBss::start().await.unwrap();
    let bodies: [&[u8]; 4] = [
        br#"{"total_count": 3, "order_infos": [{"order_id""#,
        b"not json",
        b"",
        br#"{"total_count": "many"}"#,
    ];
    for body in bodies {
        fake.script(
            "ListCustomerOrders",
            Reply::Raw {
                status: 200,
                content_type: "application/json".into(),
                body: body.to_vec(),
            },
        );
        let err = fake
            .client()
            .list_customer_orders()
            .send()
            .await
            .unwrap_err();
        let SdkError::InvalidResponse {
            status, request_id, ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(*status, 200);
        assert!(request_id.is_some());
    }
}

#[tokio::test]
async fn a_gateway_error_on_a_success_status_operation_is_typed() {
    let fake = FakeBss::start().await.unwrap();
    fake.script("ListCustomerOrders", Reply::error("APIGW.0301"));
    let err = fake
        .client()
        .list_customer_orders()
        .send()
        .await
        .unwrap_err();
    let SdkError::Service(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        e.kind(),
        &ListCustomerOrdersErrorKind::Common(CommonError::Apigw0301)
    );
    let meta = e.meta().unwrap();
    assert_eq!(meta.status(), 401);
}

#[tokio::test]
async fn batch_partial_failures_are_errors_that_keep_the_response() {
    let fake = FakeBss::start().await.unwrap();
    fake.script(
        "FreezeSubCustomers",
        Reply::json(200, json!({"error_details": [{"id": "c2", "error_code": "CBC.99000035", "error_msg": "not your customer"}]})),
    );
    let err = fake
        .client()
        .freeze_sub_customers()
        .customer_ids(vec!["c1".into(), "c2".into()])
        .reason("audit")
        .send()
        .await
        .unwrap_err();
    let SdkError::Service(e) = &err else {
        panic!("{err:?}")
    };
    let FreezeSubCustomersErrorKind::PartialFailure(out) = e.kind() else {
        panic!("{err:?}")
    };
    let failed = out.error_details.as_ref().unwrap();
    assert_eq!(failed[0].id.as_deref(), Some("c2"));
    // An empty failure list is a plain success.
    fake.script(
        "FreezeSubCustomers",
        Reply::json(200, json!({"error_details": []})),
    );
    fake.client()
        .freeze_sub_customers()
        .customer_ids(vec!["c1".into()])
        .reason("audit")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_connection_closed_before_the_request_is_read_is_retried_for_reads_only() {
    let fake = FakeBss::start().await.unwrap();
    fake.fault_next_connection(ConnectionFault::CloseBeforeRead);
    fake.client().list_customer_orders().send().await.unwrap();
    assert_eq!(fake.requests().len(), 1);

    let fake = FakeBss::start().await.unwrap();
    fake.fault_next_connection(ConnectionFault::CloseBeforeRead);
    let err = fake
        .client()
        .pay_orders()
        .order_id("CS1")
        .use_coupon(YesNo::No)
        .use_discount(YesNo::No)
        .send()
        .await
        .unwrap_err();
    // The client cannot prove the request was not received, so it does not resend.
    assert!(matches!(err, SdkError::OutcomeUnknown { .. }), "{err:?}");
    assert!(fake.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_serves_a_thousand_concurrent_calls() {
    let fake = FakeBss::start().await.unwrap();
    let client = fake.client();
    let tasks: Vec<_> = (0..1000)
        .map(|i| {
            let c = client.clone();
            tokio::spawn(async move {
                c.show_customer_order_details()
                    .order_id(format!("CS{i}"))
                    .send()
                    .await
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        t.await.unwrap().unwrap();
        ok += 1;
    }
    assert_eq!(ok, 1000);
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 1000);
    assert!(reqs.iter().all(|r| r.problems.is_empty()));
}

#[test]
fn secrets_never_show_in_debug_or_display() {
    let secret = "SK-DO-NOT-PRINT-1234";
    let token = "TOKEN-DO-NOT-PRINT";
    let creds = [
        Credentials::aksk("AK", secret),
        Credentials::temporary("AK", secret, token),
        Credentials::token(token),
    ];
    for c in creds {
        let config = Config::builder().credentials(c.clone()).build().unwrap();
        let client = Client::new(config.clone());
        let builder = client.list_customer_orders().limit(1);
        for text in [
            format!("{c:?}"),
            format!("{config:?}"),
            format!("{client:?}"),
            format!("{builder:?}"),
        ] {
            assert!(
                !text.contains(secret) && !text.contains(token),
                "secret leaked: {text}"
            );
        }
    }
}

#[tokio::test]
async fn a_request_that_cannot_be_built_is_a_config_error_and_nothing_is_sent() {
    let fake = FakeBss::start().await.unwrap();
    let bad = bss_sdk::models::XLanguage::from("en_US\r\nX-Injected: 1");
    let err = fake
        .client()
        .show_customer_order_details()
        .order_id("CS1")
        .x_language(bad)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, SdkError::Config(m) if m.contains("cannot build")),
        "{err:?}"
    );
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn a_huge_total_timeout_means_no_deadline() {
    let fake = FakeBss::start().await.unwrap();
    let opts = CallOptions::new().total_timeout(Duration::MAX);
    fake.client()
        .list_customer_orders()
        .options(opts)
        .send()
        .await
        .unwrap();
}
