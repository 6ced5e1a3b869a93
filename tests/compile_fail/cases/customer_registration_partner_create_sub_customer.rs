// group: customer-registration-partner.yaml
// missing: MissingXaccountType
//
// `xaccount_type` (body) is required; the other two required fields are set.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client
        .create_sub_customer()
        .domain_area("CN")
        .xaccount_id("x-1")
        .send()
        .await;
}
