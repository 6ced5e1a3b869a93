// group: bills-customer-china.yaml
// missing: MissingBillCycle
//
// `bill_cycle` (query) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client.list_customer_bills_fee_records().send().await;
}
