// group: budgets-partner.yaml
// missing: MissingBudgetAmount
//
// `budget_amount` (body) is required; `customer_id` is set.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client
        .update_sub_customer_budget()
        .customer_id("c-1")
        .send()
        .await;
}
