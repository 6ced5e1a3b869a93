// group: on-demand-resources-partner.yaml
// missing: MissingCustomerId
//
// `customer_id` (body) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client.list_customer_on_demand_resources().send().await;
}
