//! Quickstart: list yearly/monthly orders, then page through all of them.
//!
//! ```sh
//! cargo run -p bss-sdk --example quickstart
//! ```
//!
//! With `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK` set it reads your orders from BSS
//! (read-only); without them it starts the embedded fake BSS with 23 orders.

#[path = "common/mod.rs"]
mod common;

use std::collections::BTreeMap;

use bss_sdk::fake::FakeBss;
use bss_sdk::models::{CustomerOrderV2, OrderStatus};
use bss_sdk::{BoxError, Client};
use futures_util::TryStreamExt;
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let backend = common::connect(seed).await?;
    run(&backend.client).await
}

/// The example itself: the same code runs against the real BSS and the fake.
pub async fn run(client: &Client) -> Result<(), BoxError> {
    // One call: the first page of 5.
    let page = client.list_customer_orders().limit(5).send().await?;
    let orders = page.order_infos.unwrap_or_default();
    println!(
        "{} orders; the first page of {}:",
        page.total_count.unwrap_or_default(),
        orders.len()
    );
    for order in &orders {
        println!("  {}", line(order));
    }

    // Every order, page by page: the paginator asks for the next page when the stream needs
    // it and holds one page at a time.
    println!("paging through all of them, 10 per request:");
    let mut pages = std::pin::pin!(client
        .list_customer_orders()
        .limit(10)
        .into_paginator()
        .pages());
    let (mut total, mut completed, mut pending, mut other) = (0, 0, 0, 0);
    let mut pending_amount = BTreeMap::new();
    let mut n = 0;
    while let Some(page) = pages.try_next().await? {
        n += 1;
        let orders = page.order_infos.unwrap_or_default();
        println!("  page {n}: {} orders", orders.len());
        for order in orders {
            total += 1;
            match order.status {
                Some(OrderStatus::Completed) => completed += 1,
                Some(OrderStatus::PendingPayment) => {
                    pending += 1;
                    let currency = order.currency.unwrap_or_default();
                    let amount = order.amount_after_discount.unwrap_or_default();
                    *pending_amount.entry(currency).or_default() += amount;
                }
                _ => other += 1,
            }
        }
    }
    println!(
        "{total} orders: {completed} completed, {pending} waiting for payment ({}), {other} other",
        common::totals(&pending_amount)
    );
    Ok(())
}

fn line(o: &CustomerOrderV2) -> String {
    let status = o.status.as_ref().map_or("-".into(), |s| format!("{s:?}"));
    format!(
        "{:<17}  {:<20}  {:<14}  {:>12}  {}",
        o.order_id.as_deref().unwrap_or("-"),
        o.create_time.as_ref().map_or("-", |t| t.as_str()),
        status,
        common::money(o.amount_after_discount, o.currency.as_deref()),
        o.service_type_name.as_deref().unwrap_or("-"),
    )
}

/// Fills the fake with 23 orders of May 2024, newest first; it serves them in pages.
pub fn seed(fake: &FakeBss) {
    const SERVICES: [(&str, &str); 4] = [
        ("hws.service.type.ec2", "Elastic Cloud Server"),
        ("hws.service.type.ebs", "Elastic Volume Service"),
        ("hws.service.type.obs", "Object Storage Service"),
        ("hws.service.type.vpc", "Virtual Private Cloud"),
    ];
    const CENTS: [i64; 7] = [12_000, 3_550, 10, 20, 145_000, 999, 4_275];
    const SUFFIX: [&str; 7] = ["NO7", "K2Q", "T8M", "A1C", "X4P", "R9D", "B3S"];
    let orders = (0..23usize)
        .map(|i| {
            let (day, hour, min, sec) = (
                31 - i,
                (9 + 5 * i) % 24,
                (7 * i + 3) % 60,
                (13 * i + 11) % 60,
            );
            let status = match i {
                _ if i % 5 == 1 => 6, // waiting for payment
                _ if i % 7 == 3 => 4, // cancelled
                _ => 5,               // completed
            };
            let (code, name) = SERVICES[i % SERVICES.len()];
            json!({
                "order_id": format!("CS2405{day:02}{hour:02}{min:02}{sec:02}{}", SUFFIX[i % 7]),
                "customer_id": bss_sdk::fake::DOMAIN_ID,
                "service_type_code": code,
                "service_type_name": name,
                "source_type": 1,
                "status": status,
                "order_type": if i % 3 == 0 { 2 } else { 1 },
                "amount_after_discount": common::cents(CENTS[i % 7]),
                "official_amount": common::cents(CENTS[i % 7]),
                "measure_id": 1,
                "currency": "USD",
                "create_time": format!("2024-05-{day:02}T{hour:02}:{min:02}:{sec:02}Z"),
            })
        })
        .collect();
    fake.set_items("ListCustomerOrders", orders);
}
