// group: realname-partner.yaml
// missing: MissingCustomerId
//
// `customer_id` (query) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client
        .show_realname_authentication_review_result()
        .send()
        .await;
}
