// group: bills-partner-china.yaml
// missing: MissingCustomerId
//
// `customer_id` (query) is required; `bill_cycle` is set.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client
        .list_sub_customer_bill_detail()
        .bill_cycle("2024-01")
        .send()
        .await;
}
