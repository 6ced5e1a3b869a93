// group: accounts-customer-china.yaml
// missing: MissingBalanceType
//
// `balance_type` (query) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client.list_customer_account_change_records().send().await;
}
