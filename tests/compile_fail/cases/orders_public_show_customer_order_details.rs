// group: orders-public.yaml
// missing: MissingOrderId
//
// `order_id` (path) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client.show_customer_order_details().limit(10).send().await;
}
