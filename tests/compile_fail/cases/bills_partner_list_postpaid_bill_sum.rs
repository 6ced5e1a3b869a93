// group: bills-partner.yaml
// missing: MissingBillCycle
//
// `bill_cycle` (query) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client.list_postpaid_bill_sum().send().await;
}
