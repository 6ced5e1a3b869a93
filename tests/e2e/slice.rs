//! The foundation slice, end to end through the public client against the fake server:
//! every operation on success and on at least one documented error.

use bss_sdk::fake::{FakeBss, Reply, DOMAIN_ID};
use bss_sdk::models::{OrderStatus, ResourceActionId};
use bss_sdk::operations::{
    cancel_auto_renewal_resources::CancelAutoRenewalResourcesErrorKind,
    cancel_auto_renewal_resources_v1::CancelAutoRenewalResourcesV1ErrorKind,
    cancel_customer_order::CancelCustomerOrderErrorKind,
    list_customer_orders::ListCustomerOrdersErrorKind,
    show_customer_order_details::ShowCustomerOrderDetailsErrorKind,
    show_refund_order_details::ShowRefundOrderDetailsErrorKind,
};
use bss_sdk::{Decimal, SdkError};
use serde_json::json;

use crate::support::{assert_clean, only_request};

#[tokio::test]
async fn cancel_customer_order_sends_a_signed_put_with_the_order_id() {
    let fake = FakeBss::start().await.unwrap();
    fake.client()
        .cancel_customer_order()
        .order_id("CS170926155954NO7")
        .send()
        .await
        .unwrap();

    let req = only_request(&fake);
    assert_clean(&req);
    assert_eq!(req.operation, Some("CancelCustomerOrder"));
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("PUT", "/v2/orders/customer-orders/cancel")
    );
    assert_eq!(req.json(), Some(json!({ "order_id": "CS170926155954NO7" })));
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(req.header("x-domain-id"), Some(DOMAIN_ID));
    let auth = req.header("authorization").unwrap();
    assert!(
        auth.starts_with("SDK-HMAC-SHA256 Access=FAKEACCESSKEY0000000, SignedHeaders="),
        "{auth}"
    );
    assert!(req
        .header("x-sdk-date")
        .is_some_and(|d| d.len() == 16 && d.ends_with('Z')));
}

#[tokio::test]
async fn cancel_customer_order_maps_a_documented_error_to_its_variant() {
    let fake = FakeBss::start().await.unwrap();
    fake.script("CancelCustomerOrder", Reply::error("CBC.99005010"));
    let err = fake
        .client()
        .cancel_customer_order()
        .order_id("CS1")
        .send()
        .await
        .unwrap_err();
    let SdkError::Service(e) = &err else {
        panic!("wrong error: {err:?}")
    };
    assert_eq!(e.kind(), &CancelCustomerOrderErrorKind::Cbc99005010);
    let meta = e.meta().unwrap();
    assert_eq!(meta.status(), 400);
    assert_eq!(meta.code(), Some("CBC.99005010"));
    assert!(meta.request_id().is_some_and(|r| r.starts_with("fake-")));
    let shown = err.to_string();
    assert!(
        shown.contains("HTTP 400")
            && shown.contains("CBC.99005010")
            && shown.contains("request id fake-"),
        "{shown}"
    );
    // An unsafe operation answered by the server is never resent.
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn show_refund_order_details_decodes_the_documented_example_exactly() {
    let fake = FakeBss::start().await.unwrap();
    let out = fake
        .client()
        .show_refund_order_details()
        .order_id("CS1904190917GIBHC")
        .customer_id("c9e731c4663646988ef4cdb3122837b6")
        .send()
        .await
        .unwrap();
    assert_eq!(out.total_count, Some(1));
    let info = &out.refund_infos.as_ref().unwrap()[0];
    assert_eq!(info.amount, Some(Decimal::from(-3)));
    assert_eq!(info.base_order_id.as_deref(), Some("CS2006******1F8CI"));
    let req = only_request(&fake);
    assert_clean(&req);
    assert_eq!(req.query_param("order_id"), Some("CS1904190917GIBHC"));
    assert_eq!(
        req.query_param("customer_id"),
        Some("c9e731c4663646988ef4cdb3122837b6")
    );
    assert_eq!(req.query_param("indirect_partner_id"), None);
}

#[tokio::test]
async fn show_refund_order_details_reports_a_non_refund_order() {
    let fake = FakeBss::start().await.unwrap();
    fake.script("ShowRefundOrderDetails", Reply::error("CBC.99005026"));
    let err = fake
        .client()
        .show_refund_order_details()
        .order_id("CS1")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            SdkError::Service(e) if *e.kind() == ShowRefundOrderDetailsErrorKind::Cbc99005026
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn list_customer_orders_sends_filters_as_query_parameters() {
    let fake = FakeBss::start().await.unwrap();
    fake.script(
        "ListCustomerOrders",
        Reply::json(200, json!({ "total_count": 1, "order_infos": [{ "order_id": "CS1", "status": 6, "amount_after_discount": 12.50 }] })),
    );
    let out = fake
        .client()
        .list_customer_orders()
        .status(OrderStatus::from(6))
        .limit(10)
        .send()
        .await
        .unwrap();
    assert_eq!(out.total_count, Some(1));
    let order = &out.order_infos.unwrap()[0];
    assert_eq!(order.order_id.as_deref(), Some("CS1"));
    let req = only_request(&fake);
    assert_clean(&req);
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("GET", "/v2/orders/customer-orders")
    );
    assert_eq!(req.query_param("status"), Some("6"));
    assert_eq!(req.query_param("limit"), Some("10"));
    assert!(req.body.is_empty());
}

#[tokio::test]
async fn list_customer_orders_rejects_a_limit_above_the_documented_maximum_without_sending() {
    let fake = FakeBss::start().await.unwrap();
    let err = fake
        .client()
        .list_customer_orders()
        .limit(1000)
        .send()
        .await
        .unwrap_err();
    let SdkError::InvalidParameter { name, reason } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(name, "limit");
    assert!(reason.contains("maximum is 100"), "{reason}");
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn list_customer_orders_maps_an_error() {
    let fake = FakeBss::start().await.unwrap();
    fake.script("ListCustomerOrders", Reply::error("CBC.99000037"));
    let err = fake
        .client()
        .list_customer_orders()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            SdkError::Service(e) if *e.kind() == ListCustomerOrdersErrorKind::Cbc99000037
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn show_customer_order_details_puts_the_order_id_in_the_path() {
    let fake = FakeBss::start().await.unwrap();
    fake.client()
        .show_customer_order_details()
        .order_id("CS 1/2")
        .limit(5)
        .send()
        .await
        .unwrap();
    let req = only_request(&fake);
    assert_clean(&req);
    // Reserved characters are percent-encoded, and the signature covers the encoded form.
    assert_eq!(req.path, "/v2/orders/customer-orders/details/CS%201%2F2");
    assert_eq!(req.query_param("limit"), Some("5"));

    fake.script("ShowCustomerOrderDetails", Reply::error("CBC.30000010"));
    let err = fake
        .client()
        .show_customer_order_details()
        .order_id("CS1")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            SdkError::Service(e) if *e.kind() == ShowCustomerOrderDetailsErrorKind::Cbc30000010
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn cancel_auto_renewal_resources_v2_deletes_by_resource_id() {
    let fake = FakeBss::start().await.unwrap();
    fake.client()
        .cancel_auto_renewal_resources()
        .resource_id("eb1cac79-773b-414b-8915-6c3eed8ddf24")
        .send()
        .await
        .unwrap();
    let req = only_request(&fake);
    assert_clean(&req);
    assert_eq!(req.method, "DELETE");
    assert_eq!(
        req.path,
        "/v2/orders/subscriptions/resources/autorenew/eb1cac79-773b-414b-8915-6c3eed8ddf24"
    );

    fake.script("CancelAutoRenewalResources", Reply::error("CBC.99003605"));
    let err = fake
        .client()
        .cancel_auto_renewal_resources()
        .resource_id("r")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            SdkError::Service(e) if *e.kind() == CancelAutoRenewalResourcesErrorKind::Cbc99003605
        ),
        "{err:?}"
    );
}

#[tokio::test]
#[allow(deprecated)]
async fn legacy_v1_fills_the_domain_id_and_treats_cbc_0000_as_success() {
    let fake = FakeBss::start().await.unwrap();
    let client = fake.client();
    client
        .cancel_auto_renewal_resources_v1()
        .resource_id("r-1")
        .action_id(ResourceActionId::Autorenew)
        .send()
        .await
        .unwrap();
    let req = only_request(&fake);
    assert_clean(&req);
    assert_eq!(
        req.path,
        format!("/v1.0/{DOMAIN_ID}/common/order-mgr/resources/r-1/actions")
    );
    assert_eq!(req.query_param("action_id"), Some("autorenew"));
}

#[tokio::test]
#[allow(deprecated)]
async fn legacy_v1_reports_an_error_code_sent_with_http_200() {
    let fake = FakeBss::start().await.unwrap();
    fake.script(
        "CancelAutoRenewalResourcesV1",
        Reply::json(200, json!({ "error_code": "CBC.99003605", "error_msg": "Automatic renewal has been canceled." })),
    );
    let err = fake
        .client()
        .cancel_auto_renewal_resources_v1()
        .resource_id("r-1")
        .action_id(ResourceActionId::Autorenew)
        .send()
        .await
        .unwrap_err();
    let SdkError::Service(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        e.kind(),
        &CancelAutoRenewalResourcesV1ErrorKind::Cbc99003605
    );
    let meta = e.meta().unwrap();
    assert_eq!(meta.status(), 200);
    assert_eq!(meta.message(), Some("Automatic renewal has been canceled."));
}

#[tokio::test]
#[allow(deprecated)]
async fn legacy_v1_without_a_domain_id_is_a_config_error_and_sends_nothing() {
    let fake = FakeBss::start().await.unwrap();
    let config = bss_sdk::Config::builder()
        .endpoint(fake.endpoint())
        .credentials(bss_sdk::Credentials::aksk(
            bss_sdk::fake::ACCESS_KEY,
            bss_sdk::fake::SECRET_KEY,
        ))
        .domain_id_lookup(false)
        .build()
        .unwrap();
    let err = bss_sdk::Client::new(config)
        .cancel_auto_renewal_resources_v1()
        .resource_id("r-1")
        .action_id(ResourceActionId::Autorenew)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, SdkError::Config(m) if m.contains("domain id")),
        "{err:?}"
    );
    assert!(fake.requests().is_empty());
}
