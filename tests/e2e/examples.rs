//! The examples in `bss-sdk/examples/`, run offline: each example's `run` (the code
//! `cargo run --example …` runs) against a fake seeded by the example's own `seed`. The
//! example files are compiled into this test as modules, so an API change that breaks an
//! example, or an example that sends a request the spec rejects, fails the test suite.

use bss_sdk::fake::FakeBss;

use crate::support::assert_clean;

// `main` of each example is not called here; `cargo run` calls it. Each example includes
// `common/mod.rs` itself, as it does when built alone, so the file is loaded several times.
#[allow(dead_code, clippy::duplicate_mod)]
#[path = "../../bss-sdk/examples/quickstart.rs"]
mod quickstart;

#[allow(dead_code, clippy::duplicate_mod)]
#[path = "../../bss-sdk/examples/pay_and_cancel.rs"]
mod pay_and_cancel;

#[allow(dead_code, clippy::duplicate_mod)]
#[path = "../../bss-sdk/examples/bills.rs"]
mod bills;

#[allow(dead_code, clippy::duplicate_mod)]
#[path = "../../bss-sdk/examples/partner.rs"]
mod partner;

#[allow(dead_code, clippy::duplicate_mod)]
#[path = "../../bss-sdk/examples/china_enterprise.rs"]
mod china_enterprise;

#[allow(clippy::duplicate_mod)]
#[path = "../../bss-sdk/examples/common/mod.rs"]
mod common;

/// Every request the fake received was valid (route, parameters, body, signature).
fn assert_all_clean(fake: &FakeBss) {
    let requests = fake.requests();
    assert!(!requests.is_empty(), "the example sent nothing");
    requests.iter().for_each(assert_clean);
}

#[tokio::test]
async fn quickstart_lists_one_page_then_pages_through_all_orders() {
    let fake = FakeBss::start().await.unwrap();
    quickstart::seed(&fake);
    quickstart::run(&fake.client()).await.unwrap();
    assert_all_clean(&fake);
    let limits: Vec<_> = fake
        .requests_for("ListCustomerOrders")
        .iter()
        .map(|r| {
            (
                r.query_param("offset").map(str::to_string),
                r.query_param("limit").map(str::to_string),
            )
        })
        .collect();
    let some = |o: &str, l: &str| (Some(o.to_string()), Some(l.to_string()));
    // The first page of 5, then 23 orders in pages of 10.
    assert_eq!(
        limits,
        [
            (None, Some("5".to_string())),
            some("0", "10"),
            some("10", "10"),
            some("20", "10")
        ]
    );
}

#[tokio::test]
async fn pay_and_cancel_does_not_resend_a_payment_with_unknown_outcome() {
    let fake = FakeBss::start().await.unwrap();
    pay_and_cancel::seed(&fake);
    pay_and_cancel::run(
        &fake.client(),
        Some((pay_and_cancel::PAY_ORDER, pay_and_cancel::CANCEL_ORDER)),
    )
    .await
    .unwrap();
    assert_all_clean(&fake);
    let pays = fake.requests_for("PayOrders");
    assert_eq!(pays.len(), 1, "an unsafe call was resent");
    assert_eq!(
        pays[0].json().unwrap()["order_id"],
        pay_and_cancel::PAY_ORDER
    );
    let details = fake.requests_for("ShowCustomerOrderDetails");
    assert_eq!(details.len(), 1, "the outcome was not checked");
    assert!(details[0].path.ends_with(pay_and_cancel::PAY_ORDER));
    let cancels = fake.requests_for("CancelCustomerOrder");
    assert_eq!(cancels.len(), 2);
    assert!(cancels
        .iter()
        .all(|r| r.json().unwrap()["order_id"] == pay_and_cancel::CANCEL_ORDER));
    let listed = fake.requests_for("ListCustomerOrders");
    assert_eq!(listed[0].query_param("status"), Some("6"));
}

#[tokio::test]
async fn china_enterprise_resends_a_transfer_only_under_its_own_trans_id() {
    let fake = FakeBss::start_site(bss_sdk::China).await.unwrap();
    china_enterprise::seed(&fake);
    let amount: bss_sdk::Decimal = "50.00".parse().unwrap();
    china_enterprise::run(
        &fake.client_for(bss_sdk::China),
        Some((china_enterprise::MEMBER, amount)),
    )
    .await
    .unwrap();
    assert_all_clean(&fake);
    // Both members were looked at, each for its cash account.
    let back = fake.requests_for("ListEnterpriseMultiAccount");
    assert_eq!(back.len(), 2);
    assert!(back
        .iter()
        .all(|r| r.query_param("balance_type") == Some("BALANCE_TYPE_DEBIT")));
    // The transfer went out twice with one trans_id: the SDK did not resend it by itself
    // (that would be a third request), the example resent it knowingly.
    let transfers = fake.requests_for("UpdateSubEnterpriseAmount");
    assert_eq!(
        transfers.len(),
        2,
        "a transfer was resent without its trans_id check"
    );
    let bodies: Vec<serde_json::Value> = transfers.iter().map(|r| r.json().unwrap()).collect();
    assert_eq!(bodies[0], bodies[1]);
    assert_eq!(bodies[0]["customer_id"], china_enterprise::MEMBER);
    // `amount` is a decimal string on the wire, exact.
    assert_eq!(bodies[0]["amount"], "50.00");
    assert!(bodies[0]["trans_id"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
}

#[tokio::test]
async fn china_enterprise_without_a_transfer_only_reads() {
    let fake = FakeBss::start_site(bss_sdk::China).await.unwrap();
    china_enterprise::seed(&fake);
    china_enterprise::run(&fake.client_for(bss_sdk::China), None)
        .await
        .unwrap();
    assert_all_clean(&fake);
    assert!(fake.requests_for("UpdateSubEnterpriseAmount").is_empty());
}

#[tokio::test]
async fn pay_and_cancel_without_order_ids_only_reads() {
    let fake = FakeBss::start().await.unwrap();
    pay_and_cancel::seed(&fake);
    pay_and_cancel::run(&fake.client(), None).await.unwrap();
    assert_all_clean(&fake);
    assert!(fake
        .requests()
        .iter()
        .all(|r| r.operation == Some("ListCustomerOrders")));
}

#[tokio::test]
async fn bills_summarises_a_month_and_pages_through_its_fee_records() {
    let fake = FakeBss::start().await.unwrap();
    bills::seed(&fake, "2024-05");
    bills::run(&fake.client(), "2024-05").await.unwrap();
    assert_all_clean(&fake);
    let sums = fake.requests_for("ShowCustomerMonthlySum");
    assert_eq!(sums.len(), 1);
    assert_eq!(sums[0].query_param("bill_cycle"), Some("2024-05"));
    // 91 records in pages of 50.
    let pages = fake.requests_for("ListCustomerselfResourceRecords");
    assert_eq!(pages.len(), 2);
    assert!(pages
        .iter()
        .all(|r| r.query_param("cycle") == Some("2024-05")));
}

#[tokio::test]
async fn partner_sets_the_exact_budget_and_reads_it_back() {
    let fake = FakeBss::start().await.unwrap();
    partner::seed(&fake);
    let amount = partner::NEW_BUDGET.parse().unwrap();
    partner::run(&fake.client(), Some((partner::CUSTOMER, amount)))
        .await
        .unwrap();
    assert_all_clean(&fake);
    // 12 customers in pages of 10.
    assert_eq!(fake.requests_for("ListSubCustomers").len(), 2);
    assert_eq!(fake.requests_for("ShowSubCustomerBudget").len(), 2);
    let update = fake.requests_for("UpdateSubCustomerBudget");
    assert_eq!(update.len(), 1);
    let body = String::from_utf8(update[0].body.clone()).unwrap();
    assert!(body.contains(r#""budget_amount":120.00"#), "{body}");
    assert!(body.contains(partner::CUSTOMER), "{body}");
}

#[tokio::test]
async fn partner_without_a_change_only_reads() {
    let fake = FakeBss::start().await.unwrap();
    partner::seed(&fake);
    partner::run(&fake.client(), None).await.unwrap();
    assert_all_clean(&fake);
    assert!(fake.requests_for("UpdateSubCustomerBudget").is_empty());
    let budget = fake.requests_for("ShowSubCustomerBudget");
    assert_eq!(
        budget[0].query_param("customer_id"),
        Some(partner::CUSTOMER)
    );
}

#[test]
fn the_default_bill_cycle_is_the_previous_month_in_utc_plus_8() {
    assert_eq!(common::month_before(1_704_067_200), "2023-12"); // 2024-01-01 08:00 +08
    assert_eq!(common::month_before(1_709_222_399), "2024-01"); // 2024-02-29 23:59 +08
    assert_eq!(common::month_before(1_709_222_400), "2024-02"); // 2024-03-01 00:00 +08
    assert_eq!(common::month_before(951_868_800), "2000-02");
    assert_eq!(common::month_before(0), "1969-12");
    assert_eq!(common::month_before(4_108_752_000), "2100-02");
}

#[test]
fn money_is_printed_exactly_with_at_least_two_decimals() {
    let d = |s: &str| Some(s.parse().unwrap());
    assert_eq!(common::money(d("120"), Some("USD")), "USD 120.00");
    assert_eq!(common::money(d("0.1"), None), "0.10");
    assert_eq!(common::money(d("0.12345"), Some("EUR")), "EUR 0.12345");
    assert_eq!(common::money(None, Some("USD")), "-");
    assert_eq!(common::cents(1_234).to_string(), "12.34");
    assert_eq!(common::cents(10).to_string(), "0.1");
}
