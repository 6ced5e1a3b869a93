// expect: E0599 `claim_enterprise_multi_account_coupon`
//
// Proves the same for a China-only operation with a body, on a client whose site is named
// explicitly (`Client<Intl>`): ClaimEnterpriseMultiAccountCoupon exists on `ChinaClient` only.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client<bss_sdk::Intl>) {
    let _ = client
        .claim_enterprise_multi_account_coupon()
        .customer_id("c-1")
        .coupon_id("coupon-1")
        .amount(bss_sdk::Decimal::new(10_050, 2))
        .send()
        .await;
}
