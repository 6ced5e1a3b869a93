// group: orders-customer-china.yaml
// missing: MissingOrderId
//
// `order_id` (query) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client.list_order_coupons_by_order_id().send().await;
}
