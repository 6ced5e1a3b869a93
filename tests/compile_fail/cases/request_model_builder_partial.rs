// group: budgets-partner.yaml
// missing: MissingBudgetAmount
//
// A request model's builder with one of two required fields set.

fn main() {
    let _ = bss_sdk::models::ModSubCustomerBudgetReq::builder()
        .customer_id("c-1")
        .build();
}
