// group: configurations-partner.yaml
// missing: MissingProvinceCode
//
// `province_code` (query) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client.list_cities().send().await;
}
