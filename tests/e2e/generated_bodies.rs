//! Bodies the fake builds from the response models for operations without a documented
//! example: they decode, they are not empty, they repeat per request, and generated lists
//! page consistently so paginators end.

use bss_sdk::fake::FakeBss;
use futures_util::TryStreamExt;

#[tokio::test]
async fn an_operation_without_an_example_answers_a_filled_deterministic_body() {
    let fake = FakeBss::start().await.unwrap();
    let client = fake.client();
    let first = client
        .show_customer_account_balances()
        .send()
        .await
        .unwrap();
    let second = client
        .show_customer_account_balances()
        .send()
        .await
        .unwrap();
    let balances = first
        .account_balances
        .clone()
        .expect("a generated list of balances");
    assert!(!balances.is_empty());
    assert!(balances.iter().all(|b| b.amount.is_some()), "{balances:?}");
    assert!(first.currency.is_some());
    assert_eq!(format!("{first:?}"), format!("{second:?}"));
    assert!(fake.requests().iter().all(|r| r.problems.is_empty()));
}

#[tokio::test]
async fn generated_lists_page_consistently_and_paginators_end() {
    let fake = FakeBss::start().await.unwrap();
    let client = fake.client();
    let first = client.list_customer_orders().limit(2).send().await.unwrap();
    let total = first.total_count.expect("a generated total") as usize;
    assert!(total >= 3, "total {total}");
    assert_eq!(first.order_infos.as_ref().map(Vec::len), Some(2));
    let items: Vec<_> = client
        .list_customer_orders()
        .limit(2)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), total);
    // Items are the same whichever page they come on.
    assert_eq!(
        format!("{:?}", first.order_infos.unwrap()),
        format!("{:?}", &items[..2])
    );
}
