// group: bills-customer.yaml
// missing: MissingCycle
//
// `cycle` (query) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client
        .list_customerself_resource_records()
        .limit(10)
        .send()
        .await;
}
