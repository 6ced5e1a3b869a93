// group: subscriptions-customer.yaml
// missing: MissingResourceId
//
// `resource_id` (path) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client.cancel_auto_renewal_resources().send().await;
}
