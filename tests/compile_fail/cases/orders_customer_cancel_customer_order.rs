// group: orders-customer.yaml
// missing: MissingOrderId
//
// `order_id` (body) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client.cancel_customer_order().send().await;
}
