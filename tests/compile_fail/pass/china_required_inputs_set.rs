// Chinese-site operations with every required parameter and body field set, so `send`
// exists and the calls type-check on `ChinaClient`; and SendVerificationMessageCode, whose
// required inputs differ by site: `email` on the international site, `mobile_phone` on the
// Chinese site. Nothing runs: `main` never calls `calls`.

use bss_sdk::models::{
    CouponBalanceType, CustomerInfoV2, DebitCreditBalanceType, PeakUsageType, QuotingItemType,
    StoredValueCardStatus, UsageResourceTypeCode, UsageServiceTypeCode,
    VerificationCodeReceiverType,
};
use bss_sdk::{ChinaClient, Client, Decimal};

fn main() {}

#[allow(dead_code)]
async fn calls(intl: &Client, china: &ChinaClient) {
    // The same operation on both sites, each with its own required input.
    let _: Result<(), _> = intl
        .send_verification_message_code()
        .receiver_type(VerificationCodeReceiverType::Email)
        .email("someone@example.com")
        .send()
        .await;
    let _: Result<(), _> = china
        .send_verification_message_code()
        .receiver_type(VerificationCodeReceiverType::Sms)
        .mobile_phone("13800000000")
        .send()
        .await;

    // Chinese-site operations, one per group with required inputs.
    let _ = china
        .list_customer_account_change_records()
        .balance_type(DebitCreditBalanceType::Debit)
        .send()
        .await;
    let _ = china
        .list_stored_value_cards()
        .status(StoredValueCardStatus::Usable)
        .send()
        .await;
    let _ = china
        .list_customer_bills_fee_records()
        .bill_cycle("2024-01")
        .send()
        .await;
    let _ = china
        .list_resource_usage_summary()
        .bill_cycle("2024-01")
        .service_type_code(UsageServiceTypeCode::Cdn)
        .resource_type_code(UsageResourceTypeCode::Cdn)
        .usage_type(PeakUsageType::Bandwidth95Peak)
        .send()
        .await;
    let _ = china
        .list_consume_sub_customers()
        .bill_cycle("2024-01")
        .send()
        .await;
    let _ = china
        .list_sub_customer_bill_detail()
        .bill_cycle("2024-01")
        .customer_id("c-1")
        .send()
        .await;
    let _paginator = china.list_cities().province_code("110000").into_paginator();
    let _ = china
        .list_customer_bills_monthly_break_down()
        .shared_month("2024-01")
        .send()
        .await;
    let _ = china
        .list_customer_coupon_change_records()
        .balance_type(CouponBalanceType::Coupon)
        .send()
        .await;
    let _ = china
        .create_partner_coupons()
        .quota_id("q-1")
        .customer_ids(vec!["c-1".to_string()])
        .face_value(Decimal::new(10_050, 2))
        .send()
        .await;
    let _ = china
        .reclaim_partner_coupons()
        .coupon_id("coupon-1")
        .send()
        .await;
    let _ = china
        .list_customers_balances_detail()
        .customer_infos(vec![CustomerInfoV2::builder().customer_id("c-1").build()])
        .send()
        .await;
    let _ = china
        .update_customer_account_amount()
        .customer_id("c-1")
        .amount(Decimal::new(10_050, 2))
        .send()
        .await;
    let _ = china
        .list_business_discount_info()
        .quoting_item_type(QuotingItemType::ProductItem)
        .send()
        .await;
    let _ = china
        .claim_enterprise_multi_account_coupon()
        .customer_id("c-1")
        .coupon_id("coupon-1")
        .amount(Decimal::new(10_050, 2))
        .send()
        .await;
    let _ = china
        .reclaim_enterprise_multi_account_coupon()
        .customer_id("c-1")
        .coupon_id("coupon-1")
        .sub_coupon_id("sub-coupon-1")
        .send()
        .await;
    let _ = china
        .list_order_coupons_by_order_id()
        .order_id("CS170926155954NO7")
        .send()
        .await;
    let _ = china
        .update_period_to_on_demand_instantly()
        .resource_ids(vec!["r-1".to_string()])
        .send()
        .await;
    let _ = china
        .list_incentive_discount_policies()
        .time("2024-01-01T00:00:00Z")
        .send()
        .await;
    let _ = china
        .update_indirect_partner_account()
        .indirect_partner_id("p-1")
        .amount(Decimal::new(10_050, 2))
        .send()
        .await;

    // Operations both sites offer are methods of both clients.
    let _ = intl.show_customer_account_balances().send().await;
    let _ = china.show_customer_account_balances().send().await;
}
