// group: customer-accounts-partner.yaml
// missing: MissingAmount
//
// `amount` (body) is required; `customer_id` is set.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client
        .update_customer_account_amount()
        .customer_id("c-1")
        .send()
        .await;
}
