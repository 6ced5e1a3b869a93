//! A partner and its sub-customers: list them, read one customer's budget, raise it.
//!
//! ```sh
//! cargo run -p bss-sdk --example partner
//! cargo run -p bss-sdk --example partner -- CUSTOMER_ID NEW_MONTHLY_BUDGET
//! ```
//!
//! Without `HUAWEICLOUD_SDK_AK`/`HUAWEICLOUD_SDK_SK` it runs against the embedded fake with
//! twelve sub-customers. With a partner's credentials it only reads, unless you name a
//! customer and the new budget on the command line.

#[path = "common/mod.rs"]
mod common;

use bss_sdk::fake::{FakeBss, Reply};
use bss_sdk::models::{CancelPartnerFrozen, CustomerInformation, SubCustomerBudgetType};
use bss_sdk::operations::update_sub_customer_budget::UpdateSubCustomerBudgetErrorKind;
use bss_sdk::CommonError;
use bss_sdk::{BoxError, Client, Decimal, SdkError};
use futures_util::TryStreamExt;
use serde_json::json;

/// The seeded customer whose budget the example raises offline.
pub const CUSTOMER: &str = "053a48736500d5f40ffec01689b88480";
/// The budget the example sets offline, in whole currency units.
pub const NEW_BUDGET: &str = "120.00";

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let backend = common::connect(seed).await?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let change = match args.as_slice() {
        [customer, amount] => Some((customer.clone(), amount.parse::<Decimal>()?)),
        [] if backend.is_fake() => Some((CUSTOMER.to_string(), NEW_BUDGET.parse::<Decimal>()?)),
        [] => None,
        _ => return Err("usage: partner [CUSTOMER_ID NEW_MONTHLY_BUDGET]".into()),
    };
    run(
        &backend.client,
        change.as_ref().map(|(c, a)| (c.as_str(), *a)),
    )
    .await
}

/// Lists the sub-customers, shows a budget and, if `change` is given, sets it.
pub async fn run(client: &Client, change: Option<(&str, Decimal)>) -> Result<(), BoxError> {
    let customers: Vec<CustomerInformation> = client
        .list_sub_customers()
        .limit(10)
        .into_paginator()
        .items()
        .try_collect()
        .await?;
    println!("{} sub-customers:", customers.len());
    for c in customers.iter().take(5) {
        let kind = c
            .association_type
            .as_ref()
            .map_or("-".into(), |t| format!("{t:?}"));
        let frozen = c
            .is_frozen
            .as_ref()
            .map_or("-".into(), |f| format!("{f:?}"));
        println!(
            "  {}  {:<22} {:<9} {}",
            c.customer_id.as_deref().unwrap_or("-"),
            c.account_name.as_deref().unwrap_or("-"),
            kind,
            frozen,
        );
    }
    if customers.len() > 5 {
        println!("  … and {} more", customers.len() - 5);
    }

    let customer = match (change, customers.first()) {
        (Some((id, _)), _) => id.to_string(),
        (None, Some(c)) => c.customer_id.clone().unwrap_or_default(),
        (None, None) => return Ok(()),
    };
    let currency = show_budget(client, &customer).await?;
    let Some((_, amount)) = change else {
        println!("to set a budget: cargo run -p bss-sdk --example partner -- CUSTOMER_ID AMOUNT");
        return Ok(());
    };

    let update = || {
        client
            .update_sub_customer_budget()
            .customer_id(customer.as_str())
            .budget_amount(amount)
            .budget_type(SubCustomerBudgetType::Monthly)
            .cancel_partner_frozen(CancelPartnerFrozen::KeepFrozen)
            .send()
    };
    match update().await {
        Ok(()) => println!(
            "budget of {customer} set to {}",
            common::money(Some(amount), currency.as_deref())
        ),
        // Setting an absolute amount has the same effect however often it is applied, so
        // unlike a payment it may be sent again when the first outcome is unknown.
        Err(SdkError::OutcomeUnknown { .. }) => {
            update().await?;
            println!(
                "budget of {customer} set to {} (sent twice)",
                common::money(Some(amount), currency.as_deref())
            );
        }
        Err(SdkError::Service(e))
            if *e.kind() == UpdateSubCustomerBudgetErrorKind::Common(CommonError::Cbc0100) =>
        {
            println!("budget of {customer} not changed: {e}");
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    }
    show_budget(client, &customer).await?;
    Ok(())
}

/// Prints the customer's budget; returns its currency.
async fn show_budget(client: &Client, customer: &str) -> Result<Option<String>, BoxError> {
    let b = client
        .show_sub_customer_budget()
        .customer_id(customer)
        .send()
        .await?;
    let currency = b.currency.as_deref();
    let period = match b.budget_type {
        Some(SubCustomerBudgetType::Package) => "one-off",
        _ => "monthly",
    };
    println!(
        "budget of {customer}: {} {period}, {} used",
        common::money(b.budget_amount, currency),
        common::money(b.used_amount, currency),
    );
    Ok(b.currency)
}

/// Twelve sub-customers; the budget read before and after the change.
pub fn seed(fake: &FakeBss) {
    const NAMES: [&str; 12] = [
        "Aurora Logistics",
        "Blue Fjord Media",
        "Cedar Analytics",
        "Delta Foods",
        "Ember Games",
        "Fieldstone Legal",
        "Granite Health",
        "Harbor Retail",
        "Iris Mobility",
        "Juniper Labs",
        "Kestrel Energy",
        "Lumen Schools",
    ];
    let customers = NAMES
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let id = if i == 0 {
                CUSTOMER.to_string()
            } else {
                // Any 32 hex digits will do; these are mixed from `i` to look like real ones.
                let mix = |x: u64| (x ^ (x >> 31)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                format!("{:016x}{:016x}", mix(i as u64), mix(!(i as u64)))
            };
            let account = name.to_lowercase().replace(' ', "-");
            json!({
                "customer": name,
                "account_name": account,
                "customer_id": id,
                "associated_on": format!("2023-{:02}-14T02:11:09Z", i % 12 + 1),
                "association_type": if i % 4 == 3 { "1" } else { "3" },
                "customer_type": 1,
                "is_frozen": if i == 6 { 1 } else { 0 },
                "country_code": "SG",
            })
        })
        .collect();
    fake.set_items("ListSubCustomers", customers);
    // Before the change the fake answers with the documented example (USD 50.00, 1.00 used).
    fake.script("ShowSubCustomerBudget", Reply::Example(0));
    fake.script(
        "ShowSubCustomerBudget",
        Reply::json(
            200,
            json!({
                "budget_amount": common::cents(12_000),
                "used_amount": common::cents(100),
                "measure_id": 1,
                "currency": "USD",
                "budget_type": "MONTHLY",
            }),
        ),
    );
}
