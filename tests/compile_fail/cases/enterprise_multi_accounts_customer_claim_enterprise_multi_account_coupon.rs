// group: enterprise-multi-accounts-customer.yaml
// missing: MissingAmount
//
// `amount` (body) is required; the other two required fields are set.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client
        .claim_enterprise_multi_account_coupon()
        .customer_id("c-1")
        .coupon_id("coupon-1")
        .send()
        .await;
}
