//! A hostile or broken server, and hostile settings: success statuses that hide errors,
//! undocumented successes, paging that never ends, path values and endpoints that would
//! change the route or the signature, extreme durations and inexact numbers.

use std::time::{Duration, Instant};

use bss_sdk::fake::{self, FakeBss, Reply};
use bss_sdk::models::*;
use bss_sdk::ServiceError;
use bss_sdk::{CallOptions, Client, Config, Credentials, RetryConfig, SdkError, Timeouts};
use futures_util::TryStreamExt;
use serde_json::json;

use crate::raw::{Answer, RawServer};
use crate::support::decimal;

fn meta_of<T, E: ServiceError + std::fmt::Debug>(
    r: Result<T, SdkError<E>>,
) -> Result<bss_sdk::ErrorMeta, String> {
    match r {
        Err(SdkError::Service(e)) => e.meta().cloned().ok_or(format!("{e:?}")),
        Err(e) => Err(format!("{e:?}")),
        Ok(_) => Err("Ok".into()),
    }
}

/// Every operation documenting no body, and a list operation, answered `200` with a
/// top-level error code: a service error with code, message and request id, never `Ok`,
/// and never resent.
#[tokio::test]
async fn a_success_status_with_an_error_code_is_a_service_error() {
    let body = json!({"error_code": "CBC.99003106", "error_msg": "The order cannot be paid."});
    let fake = FakeBss::start().await.unwrap();
    let c = fake.client();
    let calls: Vec<(&str, Result<bss_sdk::ErrorMeta, String>)> = vec![
        ("PayOrders", {
            fake.set_default("PayOrders", Reply::json(200, body.clone()));
            meta_of(
                c.pay_orders()
                    .order_id("CS1")
                    .use_coupon(YesNo::No)
                    .use_discount(YesNo::No)
                    .send()
                    .await,
            )
        }),
        ("AutoRenewalResources", {
            fake.set_default("AutoRenewalResources", Reply::json(200, body.clone()));
            meta_of(c.auto_renewal_resources().resource_id("r-1").send().await)
        }),
        ("CancelAutoRenewalResources", {
            fake.set_default("CancelAutoRenewalResources", Reply::json(200, body.clone()));
            meta_of(
                c.cancel_auto_renewal_resources()
                    .resource_id("r-1")
                    .send()
                    .await,
            )
        }),
        ("CancelCustomerOrder", {
            fake.set_default("CancelCustomerOrder", Reply::json(200, body.clone()));
            meta_of(c.cancel_customer_order().order_id("CS1").send().await)
        }),
        ("CreateEnterpriseProjectAuth", {
            fake.set_default(
                "CreateEnterpriseProjectAuth",
                Reply::json(200, body.clone()),
            );
            meta_of(c.create_enterprise_project_auth().send().await)
        }),
        ("SendVerificationMessageCode", {
            fake.set_default(
                "SendVerificationMessageCode",
                Reply::json(200, body.clone()),
            );
            meta_of(
                c.send_verification_message_code()
                    .receiver_type(VerificationCodeReceiverType::from(2))
                    .email("a@example.com")
                    .send()
                    .await,
            )
        }),
        ("UpdateSubCustomerBudget", {
            fake.set_default("UpdateSubCustomerBudget", Reply::json(200, body.clone()));
            meta_of(
                c.update_sub_customer_budget()
                    .customer_id("053a48736500d5f40ffec01689b88480")
                    .budget_amount(decimal("100"))
                    .send()
                    .await,
            )
        }),
        ("ListCustomerOrders", {
            fake.set_default("ListCustomerOrders", Reply::json(200, body.clone()));
            meta_of(c.list_customer_orders().send().await)
        }),
    ];
    for (id, got) in calls {
        let meta = got.unwrap_or_else(|e| panic!("{id}: expected a service error, got {e}"));
        assert_eq!(meta.status(), 200, "{id}");
        assert_eq!(meta.code(), Some("CBC.99003106"), "{id}");
        assert_eq!(meta.message(), Some("The order cannot be paid."), "{id}");
        assert!(meta.request_id().is_some(), "{id}");
        assert_eq!(fake.requests_for(id).len(), 1, "{id}");
    }
}

/// A 2xx other than the documented one is its own error, and says whether the operation
/// may have taken effect.
#[tokio::test]
async fn an_undocumented_success_status_is_reported_distinctly() {
    let fake = FakeBss::start().await.unwrap();
    fake.set_default("PayOrders", Reply::json(200, json!({})));
    fake.set_default("ListCustomerOrders", Reply::json(201, json!({})));
    let c = fake.client();
    let pay = c
        .pay_orders()
        .order_id("CS1")
        .use_coupon(YesNo::No)
        .use_discount(YesNo::No)
        .send()
        .await;
    match pay {
        Err(
            e @ SdkError::UnexpectedSuccess {
                status: 200,
                expected: 204,
                may_have_taken_effect: true,
                ..
            },
        ) => {
            assert!(e.to_string().contains("may have taken effect"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    let list = c.list_customer_orders().send().await;
    assert!(
        matches!(
            list,
            Err(SdkError::UnexpectedSuccess {
                status: 201,
                expected: 200,
                may_have_taken_effect: false,
                request_id: Some(_)
            })
        ),
        "{list:?}"
    );
    assert_eq!(fake.requests_for("PayOrders").len(), 1);
}

fn spec_page(marker: Option<&str>, label: &str) -> Reply {
    let mut body = json!({"cloud_service_basics": [{"cloud_service_type": label}]});
    if let Some(m) = marker {
        body["page_info"] = json!({"next_marker": m});
    }
    Reply::json(200, body)
}

/// Markers that cycle (a → b → a): the new pages are delivered, then the stream ends with
/// `NoProgress` instead of paging forever.
#[tokio::test]
async fn a_cycling_marker_ends_the_stream() {
    let fake = FakeBss::start().await.unwrap();
    for (m, label) in [("a", "p1"), ("b", "p2"), ("a", "p3")] {
        fake.script("ListResourceSpecs", spec_page(Some(m), label));
    }
    fake.set_default("ListResourceSpecs", spec_page(Some("b"), "again"));
    let mut pages = Box::pin(
        fake.client()
            .list_resource_specs()
            .cloud_service_type("hws.service.type.ec2")
            .resource_type("hws.resource.type.vm")
            .region_code("ap-southeast-1")
            .charge_mode(ResourceSpecChargeMode::YearlyMonthly)
            .into_paginator()
            .pages(),
    );
    let mut labels = Vec::new();
    let err = loop {
        match pages.try_next().await {
            Ok(Some(p)) => labels.push(
                p.cloud_service_basics.unwrap()[0]
                    .cloud_service_type
                    .clone()
                    .unwrap(),
            ),
            Ok(None) => panic!("the stream ended without an error after {labels:?}"),
            Err(e) => break e,
        }
    };
    assert_eq!(labels, ["p1", "p2", "p3"]);
    assert!(
        matches!(&err, SdkError::NoProgress { pages: 3, reason } if reason.contains("`a`")),
        "{err:?}"
    );
    assert_eq!(fake.requests_for("ListResourceSpecs").len(), 3);
}

/// A server that ignores the offset (the same full page for every offset, and a total
/// that is never reached): the stream stops at the first repeated page.
#[tokio::test]
async fn a_server_ignoring_the_offset_ends_the_stream() {
    let fake = FakeBss::start().await.unwrap();
    let orders: Vec<_> = (0..10)
        .map(|i| json!({"order_id": format!("CS{i}")}))
        .collect();
    fake.set_default(
        "ListCustomerOrders",
        Reply::json(
            200,
            json!({"total_count": 1_000_000, "order_infos": orders}),
        ),
    );
    let items: Vec<Result<CustomerOrderV2, _>> = futures_util::StreamExt::collect(
        fake.client()
            .list_customer_orders()
            .limit(10)
            .into_paginator()
            .items(),
    )
    .await;
    assert_eq!(items.len(), 11, "ten items, then the error");
    assert!(items[..10].iter().all(Result::is_ok));
    assert!(
        matches!(&items[10], Err(SdkError::NoProgress { pages: 2, .. })),
        "{:?}",
        items[10]
    );
    assert_eq!(fake.requests_for("ListCustomerOrders").len(), 2);
}

/// An empty page before the reported total is reached is no progress either.
#[tokio::test]
async fn an_empty_page_before_the_total_ends_the_stream() {
    let fake = FakeBss::start().await.unwrap();
    let orders: Vec<_> = (0..10)
        .map(|i| json!({"order_id": format!("CS{i}")}))
        .collect();
    fake.script(
        "ListCustomerOrders",
        Reply::json(200, json!({"total_count": 25, "order_infos": orders})),
    );
    fake.set_default(
        "ListCustomerOrders",
        Reply::json(200, json!({"total_count": 25, "order_infos": []})),
    );
    let pages: Vec<_> = futures_util::StreamExt::collect::<Vec<_>>(
        fake.client()
            .list_customer_orders()
            .limit(10)
            .into_paginator()
            .pages(),
    )
    .await;
    assert_eq!(pages.len(), 2);
    assert!(pages[0].is_ok());
    assert!(
        matches!(&pages[1], Err(SdkError::NoProgress { reason, .. }) if reason.contains("25")),
        "{:?}",
        pages[1]
    );
}

/// A domain id that is empty, `.`, `..` or holds a `/` never fills a path segment: the
/// configuration is refused, or the call fails before anything is sent.
#[tokio::test]
async fn unusable_domain_ids_are_refused() {
    let fake = FakeBss::start().await.unwrap();
    for bad in ["", ".", "..", "a/b", " ", "x\n"] {
        let built = Config::builder()
            .endpoint(fake.endpoint())
            .credentials(Credentials::aksk(fake::ACCESS_KEY, fake::SECRET_KEY).with_domain_id(bad))
            .build();
        let e = built.expect_err(bad);
        assert!(e.to_string().contains("domain id"), "{bad:?}: {e}");
    }
    assert!(fake.requests().is_empty());
}

fn signature_problems(req: &crate::raw::Captured, path: &str, query: &str) -> Option<String> {
    use bss_sdk::__private::signing::{canonical_uri_of_path, sign, SigningInput};
    let auth = req.header("authorization")?;
    let signed = auth.split("SignedHeaders=").nth(1)?.split(',').next()?;
    let headers: Vec<(String, String)> = signed
        .split(';')
        .map(|h| (h.to_string(), req.header(h).unwrap_or("").to_string()))
        .collect();
    let method = req.request_line.split(' ').next()?;
    let want = sign(
        fake::SECRET_KEY.as_bytes(),
        &SigningInput {
            method,
            canonical_uri: &canonical_uri_of_path(path),
            canonical_query: query,
            headers: &headers,
            body: &req.body,
            date: req.header("x-sdk-date")?,
        },
    );
    (!auth.ends_with(&format!("Signature={}", want.signature)))
        .then(|| format!("{auth} != {}", want.signature))
}

fn no_content() -> Answer {
    Answer::Fixed(b"HTTP/1.1 204 No Content\r\nx-request-id: raw-1\r\n\r\n".to_vec())
}

/// An endpoint with its own path prefix is sent as configured — encoded once — and
/// signed as the official signer signs it (decode, split at `/`, encode each part).
#[tokio::test]
async fn an_endpoint_path_prefix_is_sent_as_configured() {
    for (prefix, wire) in [
        ("/gw%2Fbss/", "/gw%2Fbss"),
        ("/my gw/", "/my%20gw"),
        ("/api/v/", "/api/v"),
    ] {
        let server = RawServer::start(no_content()).await;
        let client = Client::new(
            Config::builder()
                .endpoint(format!("{}{prefix}", server.endpoint()))
                .credentials(Credentials::aksk(fake::ACCESS_KEY, fake::SECRET_KEY))
                .domain_id_lookup(false)
                .build()
                .unwrap(),
        );
        client
            .pay_orders()
            .order_id("CS1")
            .use_coupon(YesNo::No)
            .use_discount(YesNo::No)
            .send()
            .await
            .unwrap();
        let req = &server.requests()[0];
        let path = format!("{wire}/v3/orders/customer-orders/pay");
        assert_eq!(req.target(), path, "{prefix}");
        assert_eq!(signature_problems(req, &path, ""), None, "{prefix}");
    }
}

/// A query and a fragment in the endpoint are not part of any request: the URL is the
/// endpoint's scheme, host, port and path with the operation's path and query, so nothing
/// unsigned is sent. (User info in an endpoint is refused when the config is built.)
#[tokio::test]
async fn an_endpoints_query_and_fragment_are_not_sent() {
    let server = RawServer::start(no_content()).await;
    let client = Client::new(
        Config::builder()
            .endpoint(format!("{}/api/?x=1#frag", server.endpoint()))
            .credentials(Credentials::aksk(fake::ACCESS_KEY, fake::SECRET_KEY))
            .domain_id_lookup(false)
            .build()
            .unwrap(),
    );
    client
        .pay_orders()
        .order_id("CS1")
        .use_coupon(YesNo::No)
        .use_discount(YesNo::No)
        .send()
        .await
        .unwrap();
    let req = &server.requests()[0];
    let path = "/api/v3/orders/customer-orders/pay";
    assert_eq!(req.target(), path);
    assert_eq!(signature_problems(req, path, ""), None);
}

/// A path value holding `/` travels as `%2F` and is signed with the official canonical
/// URI, so the fake (which verifies as the gateway does) accepts it.
#[tokio::test]
async fn a_path_value_with_a_slash_is_signed_as_the_official_sdks_sign() {
    let fake = FakeBss::start().await.unwrap();
    let _ = fake
        .client()
        .show_customer_order_details()
        .order_id("CS1/23")
        .send()
        .await;
    let req = &fake.requests()[0];
    assert_eq!(req.path, "/v2/orders/customer-orders/details/CS1%2F23");
    assert!(
        req.problems.iter().all(|p| !p.contains("signature")),
        "{:?}",
        req.problems
    );
}

/// Body-less POST, PUT and DELETE carry `Content-Length: 0` (gateways may answer 411
/// without it); GET does not need one.
#[tokio::test]
#[allow(deprecated)] // the legacy operation is the one DELETE without a body
async fn body_less_requests_say_content_length_zero() {
    let fake = FakeBss::start().await.unwrap();
    let c = fake.client();
    let _ = c
        .cancel_auto_renewal_resources_v1()
        .resource_id("eb1cac79-773b-414b-8915-6c3eed8ddf24")
        .action_id(ResourceActionId::Autorenew)
        .send()
        .await;
    let del = &fake.requests_for("CancelAutoRenewalResourcesV1")[0];
    assert_eq!(del.method, "DELETE");
    assert_eq!(del.header("content-length"), Some("0"));
    assert!(del.problems.is_empty(), "{:?}", del.problems);
    let _ = c.create_enterprise_project_auth().send().await;
    let post = &fake.requests_for("CreateEnterpriseProjectAuth")[0];
    assert_eq!(post.method, "POST");
    assert_eq!(post.header("content-length"), Some("0"));
    assert!(post.problems.is_empty(), "{:?}", post.problems);
}

/// `Duration::MAX` everywhere and a `Retry-After` of u64::MAX seconds: no overflow, no
/// panic; the total timeout still bounds the call.
#[tokio::test]
async fn extreme_durations_never_panic() {
    let fake = FakeBss::start().await.unwrap();
    fake.set_default(
        "ListCustomerOrders",
        Reply::error("APIGW.0308").with_header("Retry-After", &u64::MAX.to_string()),
    );
    for (base, max) in [
        (Duration::MAX, Duration::MAX),
        (Duration::from_millis(1), Duration::MAX),
        (Duration::MAX, Duration::from_millis(1)),
    ] {
        let client = Client::new(
            Config::builder()
                .endpoint(fake.endpoint())
                .credentials(fake.credentials())
                .retry(RetryConfig {
                    max_attempts: u32::MAX,
                    base_delay: base,
                    max_delay: max,
                })
                .timeouts(Timeouts {
                    connect: Duration::MAX,
                    attempt: Duration::MAX,
                    total: Duration::MAX,
                })
                .build()
                .unwrap(),
        );
        let started = Instant::now();
        let r = client
            .list_customer_orders()
            .options(CallOptions::new().total_timeout(Duration::from_millis(300)))
            .send()
            .await;
        // The last throttling answer, or the deadline reached during an attempt.
        assert!(
            matches!(r, Err(SdkError::Service(_) | SdkError::Timeout { .. })),
            "{r:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}

/// A decimal the type cannot hold exactly is an error naming the JSON path, never a
/// rounded amount; an empty string in an optional amount is absent.
#[tokio::test]
async fn inexact_decimals_are_errors_that_name_the_path() {
    let fake = FakeBss::start().await.unwrap();
    let body = br#"{"total_count":1,"order_infos":[{"order_id":"CS1","amount_after_discount":1.2345678901234567890123456789012e0}]}"#;
    answer_orders(&fake, body);
    let r = fake.client().list_customer_orders().send().await;
    match r {
        Err(SdkError::InvalidResponse { reason, .. }) => {
            assert!(
                reason.contains("order_infos[0].amount_after_discount"),
                "{reason}"
            );
        }
        other => panic!("{other:?}"),
    }
    // The same amount before another member, and a value of the wrong type deeper down.
    for (body, path) in [
        (
            &br#"{"total_count":2,"order_infos":[{"order_id":"CS0"},{"amount_after_discount":1e-40,"order_id":"CS1"}]}"#[..],
            "order_infos[1].amount_after_discount",
        ),
        (
            &br#"{"total_count":1,"order_infos":[{"order_id":"CS1","amount_info":{"discounts":[{"discount_type":5}]}}]}"#[..],
            "order_infos[0].amount_info.discounts[0].discount_type",
        ),
    ] {
        answer_orders(&fake, body);
        match fake.client().list_customer_orders().send().await {
            Err(SdkError::InvalidResponse { reason, .. }) => {
                assert!(reason.contains(&format!("at `{path}`")), "{reason}");
            }
            other => panic!("{other:?}"),
        }
    }
    let body =
        br#"{"total_count":1,"order_infos":[{"order_id":"CS1","amount_after_discount":""}]}"#;
    answer_orders(&fake, body);
    let page = fake.client().list_customer_orders().send().await.unwrap();
    assert_eq!(page.order_infos.unwrap()[0].amount_after_discount, None);
}

/// Scripts ListCustomerOrders to answer `body` as a 200 JSON reply.
fn answer_orders(fake: &FakeBss, body: &[u8]) {
    fake.set_default(
        "ListCustomerOrders",
        Reply::Raw {
            status: 200,
            content_type: "application/json".into(),
            body: body.to_vec(),
        },
    );
}
