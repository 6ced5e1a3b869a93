// group: customers-partner.yaml
// missing: MissingReason
//
// `reason` (body) is required; `customer_ids` is set.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client
        .freeze_sub_customers()
        .customer_ids(vec!["c-1".to_string()])
        .send()
        .await;
}
