//! Fields and wire types brought in line with the official SDK's models by
//! `cargo xtask audit`: the instalment prices of ListRateOnPeriodDetail, and amounts that
//! the service sends as JSON strings (kept as strings when encoded again).

use std::str::FromStr;

use bss_sdk::fake::{FakeBss, Reply};
use bss_sdk::models::{
    FeeInstallmentMode, InstallmentPeriodType, ListCostsResponse, ListRenewRateOnPeriodResponse,
    PeriodProductInfo, RatingPeriodType,
};
use bss_sdk::Decimal;
use serde_json::json;

use crate::support::{assert_clean, only_request};

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[tokio::test]
async fn rate_on_period_detail_asks_for_and_decodes_instalment_prices() {
    let fake = FakeBss::start().await.unwrap();
    // Constructed reply (the reference page's example is not available): the instalment
    // amounts as JSON strings, as the official models type them.
    fake.script(
        "ListRateOnPeriodDetail",
        Reply::json(
            200,
            json!({
                "currency": "USD",
                "official_website_rating_result": {
                    "official_website_amount": 240.0,
                    "measure_id": 1,
                    "installment_official_website_amount": "20.00",
                    "installment_period_type": 2,
                    "product_rating_results": [{
                        "id": "1", "product_id": "OFFI1", "official_website_amount": 240.0,
                        "measure_id": 1,
                        "installment_official_website_amount": "20.00",
                        "installment_period_type": 2
                    }]
                },
                "optional_discount_rating_results": [{
                    "discount_id": "D1", "amount": 216.0, "official_website_amount": 240.0,
                    "discount_amount": 24.0, "measure_id": 1,
                    "installment_official_website_amount": "20.00",
                    "installment_official_discount_amount": "2.00",
                    "installment_amount": "18.00",
                    "installment_period_type": 2,
                    "product_rating_results": [{
                        "id": "1", "product_id": "OFFI1", "amount": 216.0,
                        "official_website_amount": 240.0, "discount_amount": 24.0,
                        "measure_id": 1,
                        "installment_official_website_amount": "20.00",
                        "installment_official_discount_amount": "2.00",
                        "installment_amount": "18.00",
                        "installment_period_type": 2
                    }]
                }]
            }),
        ),
    );
    let product = PeriodProductInfo::builder()
        .id("1")
        .cloud_service_type("hws.service.type.ec2")
        .resource_type("hws.resource.type.vm")
        .resource_spec("s6.small.1.linux")
        .region("ap-southeast-1")
        .period_type(RatingPeriodType::Year)
        .period_num(1)
        .subscription_num(1)
        .fee_installment_mode(FeeInstallmentMode::HalfPay)
        .build();
    let out = fake
        .client()
        .list_rate_on_period_detail()
        .project_id("0a1b2c3d4e5f60718293a4b5c6d7e8f9")
        .product_infos(vec![product])
        .send()
        .await
        .unwrap();

    let req = only_request(&fake);
    assert_clean(&req);
    assert_eq!(
        req.json().unwrap()["product_infos"][0]["fee_installment_mode"],
        "HALF_PAY"
    );

    let official = out.official_website_rating_result.unwrap();
    assert_eq!(
        official.installment_official_website_amount,
        Some(dec("20.00"))
    );
    assert_eq!(
        official.installment_period_type,
        Some(InstallmentPeriodType::Month)
    );
    let per_product = &official.product_rating_results.unwrap()[0];
    assert_eq!(
        per_product.installment_official_website_amount,
        Some(dec("20.00"))
    );
    let discounted = &out.optional_discount_rating_results.unwrap()[0];
    assert_eq!(discounted.installment_amount, Some(dec("18.00")));
    assert_eq!(
        discounted.installment_official_discount_amount,
        Some(dec("2.00"))
    );
    let per_product = &discounted.product_rating_results.as_ref().unwrap()[0];
    assert_eq!(per_product.installment_amount, Some(dec("18.00")));
    assert_eq!(
        per_product.installment_period_type,
        Some(InstallmentPeriodType::Month)
    );
}

#[tokio::test]
async fn rate_on_period_detail_leaves_the_instalment_mode_out_unless_set() {
    let fake = FakeBss::start().await.unwrap();
    let product = PeriodProductInfo::builder()
        .id("1")
        .cloud_service_type("hws.service.type.ec2")
        .resource_type("hws.resource.type.vm")
        .resource_spec("s6.small.1.linux")
        .region("ap-southeast-1")
        .period_type(RatingPeriodType::Month)
        .period_num(1)
        .subscription_num(1)
        .build();
    fake.client()
        .list_rate_on_period_detail()
        .project_id("0a1b2c3d4e5f60718293a4b5c6d7e8f9")
        .product_infos(vec![product])
        .send()
        .await
        .unwrap();
    let body = only_request(&fake).json().unwrap();
    assert!(body["product_infos"][0]
        .as_object()
        .unwrap()
        .get("fee_installment_mode")
        .is_none());
}

#[test]
fn cost_amounts_are_strings_on_the_wire_both_ways() {
    let wire = json!({
        "currency": "USD",
        "total_count": 1,
        "cost_data": [{
            "amount_by_costs": "12.3400",
            "official_amount_by_costs": "15.00",
            "costs": [{"time_dimension_value": "2024-05", "time_measure_id": 2,
                       "amount": "12.3400", "official_amount": "15.00"}]
        }]
    });
    // Decoded from text, as the client does (the decimal helpers read the raw JSON).
    let decoded: ListCostsResponse = serde_json::from_str(&wire.to_string()).unwrap();
    let row = &decoded.cost_data.as_ref().unwrap()[0];
    assert_eq!(row.amount_by_costs, Some(dec("12.3400")));
    assert_eq!(
        row.costs.as_ref().unwrap()[0].official_amount,
        Some(dec("15.00"))
    );
    // Encoded again, the amounts stay strings with the same digits.
    let again = serde_json::to_value(&decoded).unwrap();
    assert_eq!(again["cost_data"][0]["amount_by_costs"], "12.3400");
    assert_eq!(again["cost_data"][0]["costs"][0]["amount"], "12.3400");
    assert_eq!(
        again["cost_data"][0]["costs"][0]["official_amount"],
        "15.00"
    );
}

#[test]
fn renewal_amounts_are_strings_on_the_wire() {
    let wire = json!({
        "currency": "USD",
        "renew_inquiry_results": [{"resource_id": "r1", "amount": "7.50"}],
        "official_website_rating_result": {"official_website_amount": "9.00"},
        "optional_discount_rating_results": [{"discount_id": "D1", "amount": "7.50",
            "official_website_amount": "9.00", "discount_amount": "1.50"}]
    });
    let decoded: ListRenewRateOnPeriodResponse = serde_json::from_str(&wire.to_string()).unwrap();
    assert_eq!(
        decoded.renew_inquiry_results.as_ref().unwrap()[0].amount,
        Some(dec("7.50"))
    );
    assert_eq!(serde_json::to_value(&decoded).unwrap(), wire);
}
