//! A bills query: one billing month's summary per service, then its resource fee records.
//!
//! ```sh
//! cargo run -p bss-sdk --example bills            # last month (UTC+8)
//! cargo run -p bss-sdk --example bills -- 2024-05
//! ```
//!
//! With `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK` set it reads your bills (read-only);
//! without them it starts the embedded fake BSS with a month of records.

#[path = "common/mod.rs"]
mod common;

use std::collections::BTreeMap;

use bss_sdk::fake::{FakeBss, Reply};
use bss_sdk::{BoxError, Client, Decimal};
use futures_util::TryStreamExt;
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let cycle = std::env::args().nth(1).unwrap_or_else(common::last_month);
    let backend = common::connect(|fake| seed(fake, &cycle)).await?;
    run(&backend.client, &cycle).await
}

/// Prints the month's summary and the resources that cost the most.
pub async fn run(client: &Client, cycle: &str) -> Result<(), BoxError> {
    let sum = client
        .show_customer_monthly_sum()
        .bill_cycle(cycle)
        .limit(100)
        .send()
        .await?;
    let currency = sum.currency.as_deref();
    println!(
        "bill cycle {cycle}: consumed {}, paid in cash {}, with coupons {}, owed {}",
        common::money(sum.consume_amount, currency),
        common::money(sum.cash_amount, currency),
        common::money(sum.coupon_amount, currency),
        common::money(sum.debt_amount, currency),
    );
    for s in sum.bill_sums.iter().flatten() {
        let mode = s
            .charging_mode
            .as_ref()
            .map_or("-".into(), |m| format!("{m:?}"));
        println!(
            "  {:<26} {:<14} {:>12}",
            s.service_type_name.as_deref().unwrap_or("-"),
            mode,
            common::money(s.consume_amount, currency),
        );
    }

    // Every fee record of the month, 50 per request, added up per resource.
    let mut records = std::pin::pin!(client
        .list_customerself_resource_records()
        .cycle(cycle)
        .limit(50)
        .into_paginator()
        .items());
    let mut per_resource: BTreeMap<String, (String, Decimal)> = BTreeMap::new();
    let mut count = 0;
    while let Some(r) = records.try_next().await? {
        count += 1;
        let id = r
            .resource_id
            .clone()
            .unwrap_or_else(|| "(no resource)".into());
        let name = r.resource_name.clone().unwrap_or_default();
        let entry = per_resource.entry(id).or_insert((name, Decimal::ZERO));
        entry.1 += r.amount.unwrap_or_default();
    }
    let mut top: Vec<_> = per_resource.into_iter().collect();
    top.sort_by_key(|(_, (_, amount))| std::cmp::Reverse(*amount));
    let total: Decimal = top.iter().map(|(_, (_, amount))| *amount).sum();
    println!(
        "{count} fee records over {} resources, amount due {}; the largest:",
        top.len(),
        common::money(Some(total), currency),
    );
    for (id, (name, amount)) in top.iter().take(3) {
        println!(
            "  {:>12}  {name} ({id})",
            common::money(Some(*amount), currency)
        );
    }
    Ok(())
}

/// A month of daily fee records for four resources, and a summary that adds up to them.
pub fn seed(fake: &FakeBss, cycle: &str) {
    // (service code, service, resource type, resource id, name, charging mode, cents per day)
    const RESOURCES: [(&str, &str, &str, &str, &str, &str, i64); 4] = [
        (
            "hws.service.type.ec2",
            "Elastic Cloud Server",
            "hws.resource.type.vm",
            "6f0a3c1e-5b7d-4e2a-9c61-0d8e2f4b7a19",
            "web-01",
            "3",
            2_187,
        ),
        (
            "hws.service.type.ebs",
            "Elastic Volume Service",
            "hws.resource.type.volume",
            "b41d9e07-2c3a-4f18-8e5b-7a6c0d9f1e23",
            "web-01-data",
            "3",
            333,
        ),
        (
            "hws.service.type.obs",
            "Object Storage Service",
            "hws.resource.type.obs",
            "backups-2024",
            "backups-2024",
            "3",
            41,
        ),
        (
            "hws.service.type.vpc",
            "Virtual Private Cloud",
            "hws.resource.type.bandwidth",
            "a9e3f6d2-81b4-4c0e-b7a5-3d2f1e0c9b84",
            "bandwidth-10m",
            "1",
            1_000,
        ),
    ];
    let mut records = Vec::new();
    let mut per_service = Vec::new();
    let mut month_total = 0;
    for (code, service, rtype, id, name, mode, daily) in RESOURCES {
        // A yearly/monthly resource is one record for the month; pay-per-use is daily.
        let days = if mode == "1" { 1 } else { 30 };
        let cost = if mode == "1" { daily * 30 } else { daily };
        for day in 1..=days {
            records.push(json!({
                "bill_date": format!("{cycle}-{day:02}"),
                "bill_type": if mode == "1" { 1 } else { 5 },
                "customer_id": bss_sdk::fake::DOMAIN_ID,
                "region": "ap-southeast-1",
                "region_name": "AP-Singapore",
                "cloud_service_type": code,
                "cloud_service_type_name": service,
                "resource_type": rtype,
                "resource_id": id,
                "resource_name": name,
                "charge_mode": mode,
                "official_amount": common::cents(cost),
                "discount_amount": 0,
                "amount": common::cents(cost),
                "cash_amount": common::cents(cost),
                "measure_id": 1,
            }));
        }
        let service_total = cost * days;
        month_total += service_total;
        per_service.push(json!({
            "bill_cycle": cycle,
            "service_type_code": code,
            "service_type_name": service,
            "resource_type_code": rtype,
            "charging_mode": mode.parse::<i32>().unwrap_or(3),
            "official_amount": common::cents(service_total),
            "consume_amount": common::cents(service_total),
            "cash_amount": common::cents(service_total),
            "measure_id": 1,
            "bill_type": 1,
        }));
    }
    fake.script(
        "ShowCustomerMonthlySum",
        Reply::json(
            200,
            json!({
                "total_count": per_service.len(),
                "bill_sums": per_service,
                "consume_amount": common::cents(month_total),
                "cash_amount": common::cents(month_total),
                "coupon_amount": 0,
                "debt_amount": 0,
                "measure_id": 1,
                "currency": "USD",
            }),
        ),
    );
    fake.set_items("ListCustomerselfResourceRecords", records);
}
