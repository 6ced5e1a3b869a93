// group: discounts-customer.yaml
// missing: MissingQuotingItemType
//
// `quoting_item_type` (body) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client.list_business_discount_info().send().await;
}
