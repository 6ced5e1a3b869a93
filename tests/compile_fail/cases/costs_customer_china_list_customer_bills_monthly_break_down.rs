// group: costs-customer-china.yaml
// missing: MissingSharedMonth
//
// `shared_month` (query) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client.list_customer_bills_monthly_break_down().send().await;
}
