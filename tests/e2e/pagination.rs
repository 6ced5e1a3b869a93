//! Paginators against the fake's paging of a configured item set.

use bss_sdk::fake::FakeBss;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::json;

fn orders(n: usize) -> Vec<serde_json::Value> {
    (0..n)
        .map(|i| json!({ "order_id": format!("CS{i:05}") }))
        .collect()
}

async fn collect_order_ids(fake: &FakeBss, limit: i32) -> Vec<String> {
    let items: Vec<_> = fake
        .client()
        .list_customer_orders()
        .limit(limit)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    items.into_iter().map(|o| o.order_id.unwrap()).collect()
}

#[tokio::test]
async fn offset_paging_walks_every_item_once_with_a_short_last_page() {
    let fake = FakeBss::start().await.unwrap();
    fake.set_items("ListCustomerOrders", orders(25));
    let ids = collect_order_ids(&fake, 10).await;
    assert_eq!(
        ids,
        (0..25).map(|i| format!("CS{i:05}")).collect::<Vec<_>>()
    );
    let offsets: Vec<_> = fake
        .requests()
        .iter()
        .map(|r| r.query_param("offset").unwrap().to_string())
        .collect();
    assert_eq!(offsets, ["0", "10", "20"]);
    assert!(fake.requests().iter().all(|r| r.problems.is_empty()));
}

#[tokio::test]
async fn paging_stops_at_the_total_when_the_last_page_is_full() {
    let fake = FakeBss::start().await.unwrap();
    fake.set_items("ListCustomerOrders", orders(20));
    assert_eq!(collect_order_ids(&fake, 10).await.len(), 20);
    assert_eq!(
        fake.requests().len(),
        2,
        "no extra request after the total is reached"
    );
}

#[tokio::test]
async fn an_empty_result_is_one_request_and_no_items() {
    let fake = FakeBss::start().await.unwrap();
    fake.set_items("ListCustomerOrders", vec![]);
    assert!(collect_order_ids(&fake, 10).await.is_empty());
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn pages_stream_yields_whole_responses() {
    let fake = FakeBss::start().await.unwrap();
    fake.set_items("ListCustomerOrders", orders(7));
    let pages: Vec<_> = fake
        .client()
        .list_customer_orders()
        .limit(3)
        .into_paginator()
        .pages()
        .collect()
        .await;
    let sizes: Vec<_> = pages
        .into_iter()
        .map(|p| p.unwrap().order_infos.unwrap().len())
        .collect();
    assert_eq!(sizes, [3, 3, 1]);
}

#[tokio::test]
async fn page_number_paging_counts_pages_from_one() {
    let fake = FakeBss::start().await.unwrap();
    fake.set_items(
        "ListInvoices",
        (0..5)
            .map(|i| json!({ "invoiceNo": format!("INV{i}") }))
            .collect(),
    );
    let invoices: Vec<_> = fake
        .client()
        .list_invoices()
        .start_time("2024-01-01T00:00:00Z")
        .end_time("2024-12-31T23:59:59Z")
        .offset(1)
        .limit(2)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    let numbers: Vec<_> = invoices
        .into_iter()
        .map(|i| i.invoice_no.unwrap())
        .collect();
    assert_eq!(numbers, ["INV0", "INV1", "INV2", "INV3", "INV4"]);
    let pages: Vec<_> = fake
        .requests()
        .iter()
        .map(|r| r.query_param("offset").unwrap().to_string())
        .collect();
    assert_eq!(pages, ["1", "2", "3"]);
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_the_error() {
    let fake = FakeBss::start().await.unwrap();
    fake.set_items("ListCustomerOrders", orders(30));
    fake.script("ListCustomerOrders", bss_sdk::fake::Reply::Page);
    fake.script(
        "ListCustomerOrders",
        bss_sdk::fake::Reply::error("CBC.99000037"),
    );
    let results: Vec<_> = fake
        .client()
        .list_customer_orders()
        .limit(10)
        .into_paginator()
        .pages()
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok() && results[1].is_err());
}
