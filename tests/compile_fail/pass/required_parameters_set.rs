// Every required parameter and body field is set, so `send`, `into_paginator` and `build`
// exist and the calls type-check. Nothing runs: `main` never calls `calls`.

use bss_sdk::models::{CouponSimpleInfoOrderPayV3, PayCouponType};
use bss_sdk::{Client, Decimal};

fn main() {}

#[allow(dead_code)]
async fn calls(client: &Client) {
    let _: Result<(), _> = client
        .cancel_customer_order()
        .order_id("CS170926155954NO7")
        .send()
        .await;
    let _ = client
        .show_customer_order_details()
        .order_id("CS170926155954NO7")
        .limit(10)
        .send()
        .await;
    let _ = client
        .list_customerself_resource_records()
        .cycle("2024-01")
        .send()
        .await;
    let _ = client
        .list_postpaid_bill_sum()
        .bill_cycle("2024-01")
        .send()
        .await;
    let _ = client
        .update_sub_customer_budget()
        .budget_amount(Decimal::new(10_050, 2))
        .customer_id("c-1")
        .send()
        .await;
    let _ = client
        .create_sub_customer()
        .xaccount_type("x-type")
        .domain_area("CN")
        .xaccount_id("x-1")
        .send()
        .await;
    let _ = client
        .freeze_sub_customers()
        .customer_ids(vec!["c-1".to_string()])
        .reason("overdue")
        .send()
        .await;
    let _ = client
        .list_invoices()
        .start_time("2024-01-01T00:00:00Z")
        .end_time("2024-02-01T00:00:00Z")
        .offset(0)
        .limit(10)
        .send()
        .await;
    let _paginator = client
        .list_invoices()
        .start_time("2024-01")
        .end_time("2024-02")
        .offset(0)
        .limit(10)
        .into_paginator();
    let _ = client
        .list_customer_on_demand_resources()
        .customer_id("c-1")
        .send()
        .await;
    let _ = client
        .list_service_resources()
        .service_type_code("hws.service.type.ebs")
        .send()
        .await;
    let _ = client
        .list_free_resource_usages()
        .free_resource_ids(vec!["f-1".to_string()])
        .send()
        .await;
    let _ = client
        .show_realname_authentication_review_result()
        .customer_id("c-1")
        .send()
        .await;
    let _ = client
        .list_free_resources_usage_records()
        .deduct_time_end("2024-02-01T00:00:00Z")
        .deduct_time_begin("2024-01-01T00:00:00Z")
        .send()
        .await;
    let _ = client
        .cancel_auto_renewal_resources()
        .resource_id("r-1")
        .send()
        .await;
    // Operations without required inputs can be sent right away.
    let _ = client.show_customer_account_balances().send().await;
    let _ = client.list_customer_orders().into_paginator();

    // Nested request models have builders of their own.
    let _: CouponSimpleInfoOrderPayV3 = CouponSimpleInfoOrderPayV3::builder()
        .id("coupon-1")
        .type_(PayCouponType::from(300))
        .build();
}
