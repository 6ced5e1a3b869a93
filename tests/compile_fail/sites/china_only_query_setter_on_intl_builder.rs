// expect: E0599 `indirect_partner_id` ListSubCustomerCouponsRequest<Intl>
//
// Proves that a query parameter only the Chinese site takes (`indirect_partner_id` of
// ListSubCustomerCoupons, an operation both sites offer) has no setter on the international
// builder.

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::Client) {
    let _ = client
        .list_sub_customer_coupons()
        .indirect_partner_id("p-1")
        .send()
        .await;
}
