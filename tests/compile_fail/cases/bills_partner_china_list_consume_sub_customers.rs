// group: bills-partner-china.yaml
// missing: MissingBillCycle
//
// `bill_cycle` (body) is required.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client.list_consume_sub_customers().send().await;
}
