// group: orders-customer-china.yaml
// missing: MissingResourceIds
//
// `resource_ids` (body) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client.update_period_to_on_demand_instantly().send().await;
}
