// group: bills-customer-china.yaml
// missing: MissingUsageType
//
// `usage_type` (query) is required; the other three required parameters are set.

use bss_sdk::models::{UsageResourceTypeCode, UsageServiceTypeCode};

fn main() {}

#[allow(dead_code)]
async fn call(client: &bss_sdk::ChinaClient) {
    let _ = client
        .list_resource_usage_summary()
        .bill_cycle("2024-01")
        .service_type_code(UsageServiceTypeCode::Cdn)
        .resource_type_code(UsageResourceTypeCode::Cdn)
        .send()
        .await;
}
