// group: products-partner.yaml
// missing: MissingTime
//
// `time` (query) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client.list_incentive_discount_policies().send().await;
}
