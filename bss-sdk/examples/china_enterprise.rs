//! An enterprise master account on the Chinese mainland site: its member accounts, what it
//! can transfer, what it could take back from each member, and one cash transfer.
//!
//! ```sh
//! cargo run -p bss-sdk --features china --example china_enterprise
//! cargo run -p bss-sdk --features china --example china_enterprise -- MEMBER_ID AMOUNT
//! ```
//!
//! Without `HUAWEICLOUD_SDK_AK`/`HUAWEICLOUD_SDK_SK` it runs against the embedded fake of
//! the Chinese site, seeded with two members and scripted so that the transfer's connection
//! drops after the request was sent. A transfer is unsafe to resend blindly, so the SDK
//! reports `SdkError::OutcomeUnknown` instead of retrying; the example resends it once with
//! the same `trans_id`, which BSS refuses if it already took the first one (`CBC.99007009`).
//!
//! With credentials it lists and reads only, unless a member and an amount are named on the
//! command line: that moves money.

#[path = "common/mod.rs"]
mod common;

use bss_sdk::fake::{FakeBss, Reply};
use bss_sdk::models::{DebitCreditBalanceType, SubCustomerInfoV2};
use bss_sdk::operations::update_sub_enterprise_amount::UpdateSubEnterpriseAmountErrorKind as Kind;
use bss_sdk::{BoxError, China, ChinaClient, Decimal, SdkError};
use futures_util::TryStreamExt;
use serde_json::json;

/// The seeded member the example transfers to offline.
pub const MEMBER: &str = "0d6f0e3b8a2c4d7e9f1a2b3c4d5e6f70";

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let backend = common::connect_site(China, seed).await?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let transfer = match args.as_slice() {
        [member, amount] => Some((member.clone(), amount.parse::<Decimal>()?)),
        [] if backend.is_fake() => Some((MEMBER.to_string(), Decimal::new(5_000, 2))),
        [] => None,
        _ => return Err("usage: china_enterprise [MEMBER_ID AMOUNT]".into()),
    };
    run(
        &backend.client,
        transfer.as_ref().map(|(m, a)| (m.as_str(), *a)),
    )
    .await
}

/// Lists the members with what could be taken back from each, the master's transferable
/// cash, then transfers `transfer.1` yuan of cash to member `transfer.0`.
pub async fn run(client: &ChinaClient, transfer: Option<(&str, Decimal)>) -> Result<(), BoxError> {
    let members: Vec<SubCustomerInfoV2> = client
        .list_enterprise_sub_customers()
        .limit(100)
        .into_paginator()
        .items()
        .try_collect()
        .await?;
    println!("{} member accounts:", members.len());
    for m in &members {
        let Some(id) = m.id.as_deref() else { continue };
        let back = client
            .list_enterprise_multi_account()
            .sub_customer_id(id)
            .balance_type(DebitCreditBalanceType::Debit)
            .send()
            .await?;
        let reclaimable = back
            .amount_infos
            .iter()
            .flatten()
            .filter_map(|a| a.avail_retrieve_amount)
            .sum::<Decimal>();
        println!(
            "  {id}  {:<20} cash that can be taken back: {}",
            m.display_name
                .as_deref()
                .or(m.name.as_deref())
                .unwrap_or("-"),
            common::money(Some(reclaimable), Some("CNY")),
        );
    }
    let own = client
        .show_multi_account_transfer_amount()
        .balance_type(DebitCreditBalanceType::Debit)
        .send()
        .await?;
    for a in own.amount_infos.iter().flatten() {
        println!(
            "master account: {} of {} cash can be transferred",
            common::money(a.avail_transfer_amount, a.currency.as_deref()),
            common::money(a.amount, a.currency.as_deref()),
        );
    }
    let Some((member, amount)) = transfer else {
        println!("name a member and an amount (yuan) to transfer cash to it:");
        println!("  cargo run -p bss-sdk --features china --example china_enterprise -- MEMBER_ID AMOUNT");
        return Ok(());
    };
    transfer_cash(client, member, amount).await
}

/// One transfer, identified by a `trans_id` of its own so that a resend is recognised.
async fn transfer_cash(
    client: &ChinaClient,
    member: &str,
    amount: Decimal,
) -> Result<(), BoxError> {
    let trans_id = format!("example-{}", std::process::id());
    let send = || {
        client
            .update_sub_enterprise_amount()
            .customer_id(member)
            .amount(amount)
            .trans_id(trans_id.as_str())
            .balance_type(DebitCreditBalanceType::Debit)
            .send()
    };
    match send().await {
        Ok(()) => println!("transfer {trans_id}: {amount} yuan sent to {member}"),
        Err(SdkError::OutcomeUnknown { source, .. }) => {
            println!("transfer {trans_id}: outcome unknown ({source}); the SDK did not resend it");
            // The same trans_id: BSS takes it at most once.
            match send().await {
                Ok(()) => println!("  resent: the first attempt had not arrived; sent now"),
                Err(SdkError::Service(e)) if *e.kind() == Kind::Cbc99007009 => {
                    println!(
                        "  resent: refused as a repeat ({}), so the first one went through",
                        e.code().unwrap_or("?")
                    )
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(SdkError::Service(e)) if *e.kind() == Kind::Cbc99007461 => {
            println!("transfer {trans_id}: another transfer is in progress; try again later")
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// Two members with cash to take back, the master's transferable cash, and a transfer
/// whose connection drops after the request was read, then is refused as a repeat.
pub fn seed(fake: &FakeBss) {
    fake.set_items(
        "ListEnterpriseSubCustomers",
        vec![
            json!({ "id": MEMBER, "name": "dev-team", "display_name": "Development", "status": 1 }),
            json!({ "id": "7a1b2c3d4e5f60718293a4b5c6d7e8f9", "name": "ops-team", "display_name": "Operations", "status": 1 }),
        ],
    );
    fake.set_default(
        "ListEnterpriseMultiAccount",
        Reply::json(
            200,
            json!({ "total_count": 1, "amount_infos": [
                { "avail_retrieve_amount": common::cents(12_050), "currency": "CNY", "amount": common::cents(12_050) }
            ] }),
        ),
    );
    fake.set_default(
        "ShowMultiAccountTransferAmount",
        Reply::json(
            200,
            json!({ "total_count": 1, "amount_infos": [
                { "avail_transfer_amount": common::cents(80_000), "measure_id": 1, "currency": "CNY", "amount": common::cents(100_000) }
            ] }),
        ),
    );
    // BSS receives the transfer, then the connection breaks before the answer arrives; the
    // resend with the same trans_id is refused as a repeat.
    fake.script("UpdateSubEnterpriseAmount", Reply::CloseConnection);
    fake.script("UpdateSubEnterpriseAmount", Reply::error("CBC.99007009"));
}
