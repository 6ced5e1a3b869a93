// group: costs-customer.yaml
// missing: MissingTimeCondition MissingGroupby MissingCostType MissingAmountType
//
// Four required body fields, none set: the error names all four markers.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client.list_costs().send().await;
}
