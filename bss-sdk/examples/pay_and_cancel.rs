//! Pay one pending order and cancel another, handling the ways each call can fail.
//!
//! ```sh
//! cargo run -p bss-sdk --example pay_and_cancel
//! cargo run -p bss-sdk --example pay_and_cancel -- PAY_ORDER_ID CANCEL_ORDER_ID
//! ```
//!
//! Without `HUAWEICLOUD_SDK_AK`/`HUAWEICLOUD_SDK_SK` it runs against the embedded fake,
//! scripted so that the payment's connection drops after the request was sent: the SDK
//! reports `SdkError::OutcomeUnknown` and does not resend (a resent payment could pay
//! twice), so the example asks for the order's state instead.
//!
//! With credentials it lists your orders waiting for payment and pays or cancels nothing
//! unless you name the two orders on the command line: this spends money.

#[path = "common/mod.rs"]
mod common;

use bss_sdk::fake::{FakeBss, Reply};
use bss_sdk::models::{CustomerOrderV2, OrderStatus, YesNo};
use bss_sdk::operations::cancel_customer_order::CancelCustomerOrderErrorKind as CancelKind;
use bss_sdk::operations::pay_orders::PayOrdersErrorKind as PayKind;
use bss_sdk::{BoxError, Client, SdkError};
use futures_util::TryStreamExt;
use serde_json::json;

/// The seeded order the example pays offline.
pub const PAY_ORDER: &str = "CS240601093015K2Q";
/// The seeded order the example cancels offline.
pub const CANCEL_ORDER: &str = "CS240602171148T8M";

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let backend = common::connect(seed).await?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let targets = match args.as_slice() {
        [pay, cancel] => Some((pay.as_str(), cancel.as_str())),
        [] if backend.is_fake() => Some((PAY_ORDER, CANCEL_ORDER)),
        [] => None,
        _ => return Err("usage: pay_and_cancel [PAY_ORDER_ID CANCEL_ORDER_ID]".into()),
    };
    run(&backend.client, targets).await
}

/// Lists the orders waiting for payment, then pays `targets.0` and cancels `targets.1`.
pub async fn run(client: &Client, targets: Option<(&str, &str)>) -> Result<(), BoxError> {
    let pending: Vec<CustomerOrderV2> = client
        .list_customer_orders()
        .status(OrderStatus::PendingPayment)
        .limit(100)
        .into_paginator()
        .items()
        .try_collect()
        .await?;
    println!("{} orders wait for payment:", pending.len());
    for o in &pending {
        println!(
            "  {}  {:>12}  {}",
            o.order_id.as_deref().unwrap_or("-"),
            common::money(o.amount_after_discount, o.currency.as_deref()),
            o.service_type_name.as_deref().unwrap_or("-"),
        );
    }
    let Some((to_pay, to_cancel)) = targets else {
        println!("name two of them to pay one and cancel the other:");
        println!("  cargo run -p bss-sdk --example pay_and_cancel -- PAY_ORDER_ID CANCEL_ORDER_ID");
        return Ok(());
    };
    pay(client, to_pay).await?;
    // Cancelling twice: the second attempt shows the typed error for "state does not allow it".
    cancel(client, to_cancel).await?;
    cancel(client, to_cancel).await?;
    Ok(())
}

async fn pay(client: &Client, id: &str) -> Result<(), BoxError> {
    let result = client
        .pay_orders()
        .order_id(id)
        .use_coupon(YesNo::No)
        .use_discount(YesNo::No)
        .send()
        .await;
    match result {
        Ok(()) => println!("pay {id}: paid"),
        // PayOrders is unsafe to resend: after a timeout or a lost connection the SDK cannot
        // know whether BSS took the payment, so it returns this instead of retrying.
        Err(SdkError::OutcomeUnknown { source, .. }) => {
            println!("pay {id}: outcome unknown ({source}); not resent");
            let details = client
                .show_customer_order_details()
                .order_id(id)
                .send()
                .await?;
            match details.order_info.and_then(|o| o.status) {
                Some(OrderStatus::PendingPayment) => {
                    println!("  the order still waits for payment: paying again is safe")
                }
                Some(status @ (OrderStatus::Completed | OrderStatus::Processing)) => {
                    println!("  the order is now {status:?}: the payment went through")
                }
                other => {
                    println!("  the order's state is {other:?}: look into it before paying again")
                }
            }
        }
        Err(SdkError::Service(e)) if *e.kind() == PayKind::Cbc99003106 => {
            println!("pay {id}: its state changed, it can no longer be paid ({e})")
        }
        Err(SdkError::Service(e)) if *e.kind() == PayKind::Cbc99000088 => {
            println!("pay {id}: a payment is already in progress; do not repeat it")
        }
        Err(SdkError::Service(e)) if *e.kind() == PayKind::Cbc30000010 => {
            println!("pay {id}: not a valid order ({e})")
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

async fn cancel(client: &Client, id: &str) -> Result<(), BoxError> {
    match client.cancel_customer_order().order_id(id).send().await {
        Ok(()) => println!("cancel {id}: cancelled"),
        Err(SdkError::Service(e)) if *e.kind() == CancelKind::Cbc99005010 => println!(
            "cancel {id}: refused with {}: {}",
            e.code().unwrap_or("?"),
            e.meta().and_then(|m| m.message()).unwrap_or("no message"),
        ),
        Err(SdkError::Service(e)) if *e.kind() == CancelKind::Cbc99000089 => {
            println!("cancel {id}: use the ID of the combined transaction order instead")
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// Three orders waiting for payment; the payment's connection drops after the request is
/// read; the order then shows as completed; a second cancel is refused.
pub fn seed(fake: &FakeBss) {
    let order = |id: &str, cents: i64, service: &str, created: &str| {
        json!({
            "order_id": id,
            "customer_id": bss_sdk::fake::DOMAIN_ID,
            "service_type_name": service,
            "status": 6,
            "order_type": 1,
            "amount_after_discount": common::cents(cents),
            "official_amount": common::cents(cents),
            "measure_id": 1,
            "currency": "USD",
            "create_time": created,
        })
    };
    fake.set_items(
        "ListCustomerOrders",
        vec![
            order(
                PAY_ORDER,
                35_550,
                "Elastic Cloud Server",
                "2024-06-01T01:30:15Z",
            ),
            order(
                CANCEL_ORDER,
                1_299,
                "Object Storage Service",
                "2024-06-02T09:11:48Z",
            ),
            order(
                "CS240603120502A1C",
                8_000,
                "Virtual Private Cloud",
                "2024-06-03T04:05:02Z",
            ),
        ],
    );
    // BSS receives the payment, then the connection breaks before the answer arrives.
    fake.script("PayOrders", Reply::CloseConnection);
    fake.script(
        "ShowCustomerOrderDetails",
        Reply::json(
            200,
            json!({
                "order_info": {
                    "order_id": PAY_ORDER,
                    "status": 5,
                    "amount_after_discount": common::cents(35_550),
                    "currency": "USD",
                    "payment_time": "2024-06-03T08:00:01Z",
                },
            }),
        ),
    );
    fake.script("CancelCustomerOrder", Reply::Example(0));
    fake.script("CancelCustomerOrder", Reply::error("CBC.99005010"));
}
