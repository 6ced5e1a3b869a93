// group: coupons-partner.yaml
// missing: MissingCouponId
//
// `coupon_id` (body) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client.reclaim_partner_coupons().send().await;
}
