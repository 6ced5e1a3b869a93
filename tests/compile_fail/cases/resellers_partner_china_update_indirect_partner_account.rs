// group: resellers-partner-china.yaml
// missing: MissingIndirectPartnerId
//
// `indirect_partner_id` (body) is required; `amount` is set.

use bss_sdk::Decimal;

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client
        .update_indirect_partner_account()
        .amount(Decimal::new(10_050, 2))
        .send()
        .await;
}
