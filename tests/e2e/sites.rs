//! The two sites at run time: each site's configuration reaches its own endpoints, and a
//! fake serving one site answers only that site's operations and checks the fields that
//! site takes, as a client of the other site (or another SDK) would get them wrong.

use bss_sdk::fake::FakeBss;
use bss_sdk::models::VerificationCodeReceiverType;
use bss_sdk::operations::show_customer_expenditure_quota::ShowCustomerExpenditureQuotaErrorKind as QuotaKind;
use bss_sdk::{China, ChinaClient, Client, CommonError, Config, Credentials, Intl, SdkError};

use crate::support::{assert_clean, only_request};

#[test]
fn each_site_has_its_own_default_region_and_endpoint() {
    let creds = || Credentials::aksk("ak", "sk");
    let intl = Config::builder().credentials(creds()).build().unwrap();
    assert_eq!(
        (intl.site(), intl.region(), intl.endpoint()),
        (
            "intl",
            "ap-southeast-1",
            "https://bss-intl.myhuaweicloud.com/"
        )
    );
    let china = Config::builder_for(China)
        .credentials(creds())
        .build()
        .unwrap();
    assert_eq!(
        (china.site(), china.region(), china.endpoint()),
        ("china", "cn-north-1", "https://bss.myhuaweicloud.com/")
    );
    // A region of the other site is not one of this site's.
    let err = Config::builder_for(China)
        .credentials(creds())
        .region("ap-southeast-1")
        .build()
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "unknown region `ap-southeast-1` on the site `china` (known: cn-north-1); set an endpoint"
    );
    assert!(Config::builder_for(Intl)
        .credentials(creds())
        .region("cn-north-1")
        .build()
        .is_err());
}

#[tokio::test]
async fn a_fake_of_one_site_answers_the_other_sites_operations_as_unknown() {
    let fake = FakeBss::start_site(China).await.unwrap();
    // An international client pointed at the Chinese fake: ShowCustomerExpenditureQuota is
    // international only.
    let intl = Client::new(fake.config_for(Intl));
    let err = intl
        .show_customer_expenditure_quota()
        .send()
        .await
        .unwrap_err();
    match &err {
        SdkError::Service(e) => {
            assert_eq!(*e.kind(), QuotaKind::Common(CommonError::Apigw0101));
            assert_eq!(e.meta().map(|m| m.status()), Some(404));
        }
        other => panic!("expected the gateway's 404, got {other:?}"),
    }
    let req = only_request(&fake);
    assert_eq!(req.operation, None);
    // The same call on a fake of its own site is routed and clean.
    let own = FakeBss::start_site(Intl).await.unwrap();
    own.client()
        .show_customer_expenditure_quota()
        .send()
        .await
        .unwrap();
    assert_clean(&only_request(&own));
}

#[tokio::test]
async fn a_fake_of_one_site_checks_the_fields_that_site_takes() {
    // Each site's client sends what its own site takes: clean on a fake of that site.
    let china = FakeBss::start_site(China).await.unwrap();
    let client: ChinaClient = china.client_for(China);
    client
        .send_verification_message_code()
        .receiver_type(VerificationCodeReceiverType::Sms)
        .mobile_phone("13800000000")
        .send()
        .await
        .unwrap();
    let req = only_request(&china);
    assert_clean(&req);
    assert_eq!(req.json().unwrap()["mobile_phone"], "13800000000");

    // The international client's request sent to the Chinese fake: `email` is not taken
    // there and `mobile_phone` is missing.
    let china = FakeBss::start_site(China).await.unwrap();
    let _ = Client::new(china.config_for(Intl))
        .send_verification_message_code()
        .receiver_type(VerificationCodeReceiverType::Email)
        .email("a@example.com")
        .send()
        .await;
    let req = only_request(&china);
    for p in [
        "body field `email` is not taken on the site `china`",
        "body field `mobile_phone` is required on the site `china` but missing",
    ] {
        assert!(
            req.problems.iter().any(|x| x == p),
            "{p} not in {:?}",
            req.problems
        );
    }
}

/// `GET /__fake/operations` of a fake serving `site`.
async fn listed(fake: &FakeBss) -> Vec<serde_json::Value> {
    let text = bss_sdk::reqwest::get(format!("{}/__fake/operations", fake.endpoint()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[tokio::test]
async fn the_operation_listing_of_a_one_site_fake_is_that_sites() {
    let find = |ops: &[serde_json::Value], id: &str| {
        ops.iter()
            .find(|o| o["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} not listed"))
    };
    let china = listed(&FakeBss::start_site(China).await.unwrap()).await;
    assert_eq!(china.len(), 92);
    assert!(!china.iter().any(|o| o["id"] == "ListInvoices"));
    let send = find(&china, "SendVerificationMessageCode");
    // The only example is the international site's; China requires the phone number.
    assert_eq!(send["examples"], serde_json::json!([]));
    assert_eq!(
        send["body_required"],
        serde_json::json!(["receiver_type", "mobile_phone"])
    );
    let coupons = find(&china, "ListSubCustomerCoupons");
    assert!(coupons["params"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "indirect_partner_id"));

    let intl = listed(&FakeBss::start_site(Intl).await.unwrap()).await;
    assert_eq!(intl.len(), 57);
    let send = find(&intl, "SendVerificationMessageCode");
    assert_eq!(send["examples"].as_array().unwrap().len(), 1);
    assert_eq!(
        send["body_required"],
        serde_json::json!(["receiver_type", "email"])
    );
    // A fake of every site lists every operation compiled in.
    assert_eq!(listed(&FakeBss::start().await.unwrap()).await.len(), 105);
}
