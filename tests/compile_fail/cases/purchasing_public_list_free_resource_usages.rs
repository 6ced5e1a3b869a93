// group: purchasing-public.yaml
// missing: MissingFreeResourceIds
//
// `free_resource_ids` (body) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client.list_free_resource_usages().send().await;
}
