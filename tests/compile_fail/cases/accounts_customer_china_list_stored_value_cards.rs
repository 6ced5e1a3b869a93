// group: accounts-customer-china.yaml
// missing: MissingStatus
//
// `status` (query) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client.list_stored_value_cards().send().await;
}
