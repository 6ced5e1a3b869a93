//! Response decoding on arbitrary bytes: every operation's response model (all
//! 48 of them, listed below) decodes any input or rejects it with an error, never a
//! panic. A model that decodes must also encode, and decode from its own encoding to an
//! equal model with the same encoding (so exact decimals and open enums survive). Error
//! bodies go through `ErrorMeta::from_response` with a status taken from the first two
//! bytes.
//!
//! `cargo xtask fuzz` checks that this list names every response model the generated
//! operations decode into.

#![no_main]

use std::fmt::Debug;

use bss_sdk::models::*;
use bss_sdk::ErrorMeta;
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;

fn decode<T: DeserializeOwned + Serialize + PartialEq + Debug>(data: &[u8]) {
    let Ok(first) = serde_json::from_slice::<T>(data) else {
        return;
    };
    let text = serde_json::to_string(&first).expect("a decoded model encodes");
    let second: T = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("the encoding of a decoded model does not decode: {e}\n{text}"));
    assert_eq!(
        first, second,
        "round trip changed the model; encoding: {text}"
    );
    assert_eq!(
        serde_json::to_string(&second).expect("encodes"),
        text,
        "encoding is not stable"
    );
}

macro_rules! decode_all {
    ($data:expr; $($model:ident,)*) => {
        $(decode::<$model>($data);)*
    };
}

fuzz_target!(|data: &[u8]| {
    decode_all!(data;
        CancelResourcesSubscriptionResponse,
        ChangeEnterpriseRealnameAuthenticationResponse,
        CheckUserIdentityResponse,
        CreateEnterpriseRealnameAuthenticationResponse,
        CreatePersonalRealnameAuthResponse,
        CreateSubCustomerResponse,
        FreezeSubCustomersResponse,
        ListConversionsResponse,
        ListCostsResponse,
        ListCustomerOnDemandResourcesResponse,
        ListCustomerOrdersResponse,
        ListCustomerselfResourceRecordDetailsResponse,
        ListCustomerselfResourceRecordsResponse,
        ListEnterpriseSubCustomersResponse,
        ListFreeResourceInfosResponse,
        ListFreeResourceUsagesResponse,
        ListFreeResourcesUsageRecordsResponse,
        ListIndirectPartnersResponse,
        ListInvoicesResponse,
        ListMeasureUnitsResponse,
        ListMonthlyExpendituresResponse,
        ListOnDemandResourceRatingsResponse,
        ListOrderDiscountsResponse,
        ListPayPerUseCustomerResourcesResponse,
        ListPostpaidBillSumResponse,
        ListRateOnPeriodDetailResponse,
        ListRenewRateOnPeriodResponse,
        ListResourceSpecsPriceResponse,
        ListResourceSpecsResponse,
        ListResourceTypesResponse,
        ListServiceResourcesResponse,
        ListServiceTypesResponse,
        ListSubCustomerBudgetRecordsResponse,
        ListSubCustomerBudgetResponse,
        ListSubCustomerCouponsResponse,
        ListSubCustomersResponse,
        ListUsageTypesResponse,
        RenewalResourcesResponse,
        ShowCustomerAccountBalancesResponse,
        ShowCustomerExpenditureQuotaResponse,
        ShowCustomerMonthlySumResponse,
        ShowCustomerOrderDetailsResponse,
        ShowPartnerConsumptionQuotaResponse,
        ShowRealnameAuthenticationReviewResultResponse,
        ShowRefundOrderDetailsResponse,
        ShowSubCustomerBudgetResponse,
        UnfreezeSubCustomersResponse,
        UpdatePeriodToOnDemandResponse,
    );
    if let [a, b, body @ ..] = data {
        let meta = ErrorMeta::from_response(u16::from_le_bytes([*a, *b]), None, body);
        let _ = meta.to_string();
    }
});
