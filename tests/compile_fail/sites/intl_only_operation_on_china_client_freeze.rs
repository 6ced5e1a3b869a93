// expect: E0599 `freeze_sub_customers`
//
// Proves the same for FreezeSubCustomers, another international-only operation: the Chinese
// client has no `freeze_sub_customers`, even with every input the intl site requires.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client
        .freeze_sub_customers()
        .customer_ids(vec!["c-1".to_string()])
        .reason("overdue")
        .send()
        .await;
}
