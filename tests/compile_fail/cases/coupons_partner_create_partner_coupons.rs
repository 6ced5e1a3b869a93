// group: coupons-partner.yaml
// missing: MissingFaceValue
//
// `face_value` (body) is required; the other two required fields are set.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client
        .create_partner_coupons()
        .quota_id("q-1")
        .customer_ids(vec!["c-1".to_string()])
        .send()
        .await;
}
