// group: enterprise-multi-accounts-customer.yaml
// missing: MissingSubCouponId
//
// `sub_coupon_id` (body) is required; the other two required fields are set.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client
        .reclaim_enterprise_multi_account_coupon()
        .customer_id("c-1")
        .coupon_id("coupon-1")
        .send()
        .await;
}
