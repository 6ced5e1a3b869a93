// group: products-public.yaml
// missing: MissingServiceTypeCode
//
// `service_type_code` (query) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client.list_service_resources().send().await;
}
