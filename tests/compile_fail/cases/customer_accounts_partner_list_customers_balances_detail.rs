// group: customer-accounts-partner.yaml
// missing: MissingCustomerInfos
//
// `customer_infos` (body) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client.list_customers_balances_detail().send().await;
}
