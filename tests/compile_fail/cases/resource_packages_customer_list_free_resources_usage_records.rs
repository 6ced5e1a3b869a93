// group: resource-packages-customer.yaml
// missing: MissingDeductTimeEnd
//
// `deduct_time_end` (query) is required; `deduct_time_begin` is set.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client
        .list_free_resources_usage_records()
        .deduct_time_begin("2024-01-01T00:00:00Z")
        .send()
        .await;
}
