//! The fake's admin routes (`/__fake/`) and its script documents, as used by test code in
//! other languages against the `fake-bss` binary.

use bss_sdk::fake::{FakeBss, Script};
use bss_sdk::reqwest;
use serde_json::{json, Value};

async fn admin(
    fake: &FakeBss,
    method: reqwest::Method,
    route: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let client = reqwest::Client::new();
    let mut req = client.request(method, format!("{}/__fake/{route}", fake.endpoint()));
    if let Some(b) = body {
        req = req.body(b.to_string());
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap())
}

#[tokio::test]
async fn replies_items_and_faults_are_set_and_requests_read_back_over_http() {
    let fake = FakeBss::start().await.unwrap();
    let client = fake.client();
    use reqwest::Method;

    let (st, _) = admin(
        &fake,
        Method::POST,
        "replies/ShowCustomerAccountBalances",
        Some(json!([{"status": 200, "body": {"currency": "EUR"}}, {"error": "CBC.0151"}])),
    )
    .await;
    assert_eq!(st, 200);
    let first = client
        .show_customer_account_balances()
        .send()
        .await
        .unwrap();
    assert_eq!(first.currency.as_deref(), Some("EUR"));
    assert!(first.account_balances.is_none());
    let err = client
        .show_customer_account_balances()
        .send()
        .await
        .unwrap_err();
    assert!(format!("{err:?}").contains("CBC.0151"), "{err:?}");
    // Queue empty: the generated body again.
    let third = client
        .show_customer_account_balances()
        .send()
        .await
        .unwrap();
    assert!(third.account_balances.is_some());

    let (st, _) = admin(
        &fake,
        Method::PUT,
        "items/ListCustomerOrders",
        Some(json!([{"order_id": "CS1"}, {"order_id": "CS2"}, {"order_id": "CS3"}])),
    )
    .await;
    assert_eq!(st, 200);
    let page = client.list_customer_orders().limit(2).send().await.unwrap();
    assert_eq!(page.total_count, Some(3));
    assert_eq!(page.order_infos.unwrap().len(), 2);

    let (st, _) = admin(
        &fake,
        Method::PUT,
        "replies/CancelCustomerOrder",
        Some(json!({"error": "CBC.99005010", "delay_ms": 5})),
    )
    .await;
    assert_eq!(st, 200);
    assert!(client
        .cancel_customer_order()
        .order_id("CS1")
        .send()
        .await
        .is_err());
    assert!(client
        .cancel_customer_order()
        .order_id("CS1")
        .send()
        .await
        .is_err());

    let (st, log) = admin(&fake, Method::GET, "requests", None).await;
    assert_eq!(st, 200);
    let log = log.as_array().unwrap();
    let ops: Vec<&str> = log
        .iter()
        .map(|r| r["operation"].as_str().unwrap())
        .collect();
    assert_eq!(
        ops,
        [
            "ShowCustomerAccountBalances",
            "ShowCustomerAccountBalances",
            "ShowCustomerAccountBalances",
            "ListCustomerOrders",
            "CancelCustomerOrder",
            "CancelCustomerOrder"
        ]
    );
    assert!(log.iter().all(|r| r["problems"] == json!([])));
    assert_eq!(log[3]["query"], json!([["limit", "2"]]));

    // DELETE reads and clears; reset forgets the default reply too.
    let (_, drained) = admin(&fake, Method::DELETE, "requests", None).await;
    assert_eq!(drained.as_array().unwrap().len(), 6);
    assert_eq!(
        admin(&fake, Method::GET, "requests", None).await.1,
        json!([])
    );
    admin(&fake, Method::POST, "reset", None).await;
    // CancelCustomerOrder's documented example is its default answer again.
    client
        .cancel_customer_order()
        .order_id("CS1")
        .send()
        .await
        .unwrap();

    let (st, _) = admin(&fake, Method::POST, "faults/close-next-connection", None).await;
    assert_eq!(st, 200);
}

#[tokio::test]
async fn admin_mistakes_are_refused_with_a_reason() {
    let fake = FakeBss::start().await.unwrap();
    use reqwest::Method;
    let (st, body) = admin(
        &fake,
        Method::POST,
        "replies/NoSuchOperation",
        Some(json!({"error": "X"})),
    )
    .await;
    assert_eq!(st, 400);
    assert!(body["error"].as_str().unwrap().contains("NoSuchOperation"));
    let (st, body) = admin(
        &fake,
        Method::PUT,
        "replies/PayOrders",
        Some(json!({"status": 99, "body": {}})),
    )
    .await;
    assert_eq!(st, 400, "{body}");
    let (st, _) = admin(
        &fake,
        Method::PUT,
        "items/ListCustomerOrders",
        Some(json!({"not": "a list"})),
    )
    .await;
    assert_eq!(st, 400);
    let (st, _) = admin(&fake, Method::GET, "nothing-here", None).await;
    assert_eq!(st, 404);
    // Admin requests are not recorded.
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn the_operation_listing_carries_parameter_and_nested_body_limits_and_fields() {
    // What a client in another language reads to build requests the fake accepts.
    let fake = FakeBss::start().await.unwrap();
    let (st, ops) = admin(&fake, reqwest::Method::GET, "operations", None).await;
    assert_eq!(st, 200);
    let op = |id: &str| {
        ops.as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} not listed"))
    };
    let field = |list: &Value, name: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no limits for {name} in {list}"))
    };
    let create = op("CreateSubCustomer");
    let domain_name = field(&create["body_limits"], "domain_name");
    assert_eq!(
        (
            domain_name["min_length"].as_u64(),
            domain_name["max_length"].as_u64()
        ),
        (Some(5), Some(32))
    );
    let pay = op("PayOrders");
    assert_eq!(field(&pay["body_limits"], "order_id")["max_length"], 64);
    let coupons = field(&pay["body_limits"], "coupon_infos");
    assert_eq!(field(&coupons["fields"], "id")["max_length"], 64);
    // An operation without a body lists none.
    assert_eq!(op("ShowCustomerAccountBalances")["body_limits"], json!([]));
    assert_eq!(
        op("ShowCustomerAccountBalances")["body_fields"],
        Value::Null
    );

    // The body's fields with wire types and enum values, nested through lists of models.
    let fields = &pay["body_fields"];
    let use_coupon = field(fields, "use_coupon");
    assert_eq!(use_coupon["type"], "a string enum value");
    assert_eq!(use_coupon["one_of"], json!(["YES", "NO"]));
    assert_eq!(field(fields, "order_id")["max_length"], 64);
    let coupon = field(fields, "coupon_infos");
    assert_eq!(coupon["type"], "a list");
    let coupon_type = field(&coupon["fields"], "type");
    assert_eq!(coupon_type["one_of"], json!([300, 301, 302, 303]));
}

#[tokio::test]
async fn a_script_document_loads_replies_defaults_and_items() {
    let doc = json!({
        "replies": {"ShowCustomerAccountBalances": {"status": 200, "body": {"currency": "JPY"}}},
        "defaults": {"ShowCustomerAccountBalances": {"status": 200, "body": {"currency": "CNY"}}},
        "items": {"ListCustomerOrders": [{"order_id": "CS9"}]}
    });
    let fake = FakeBss::start().await.unwrap();
    fake.load_script(Script::from_json(&doc).unwrap());
    let client = fake.client();
    let currencies = [
        client
            .show_customer_account_balances()
            .send()
            .await
            .unwrap()
            .currency,
        client
            .show_customer_account_balances()
            .send()
            .await
            .unwrap()
            .currency,
    ];
    assert_eq!(
        currencies,
        [Some("JPY".to_string()), Some("CNY".to_string())]
    );
    let page = client.list_customer_orders().send().await.unwrap();
    assert_eq!(
        page.order_infos.unwrap()[0].order_id.as_deref(),
        Some("CS9")
    );

    for (bad, says) in [
        (json!({"replys": {}}), "unknown script key"),
        (
            json!({"replies": {"Nope": {"error": "X"}}}),
            "no operation `Nope`",
        ),
        (
            json!({"defaults": {"PayOrders": {"delay_ms": 5}}}),
            "a reply needs one of",
        ),
        (
            json!({"items": {"ListCustomerOrders": {}}}),
            "must be a JSON array",
        ),
    ] {
        let e = Script::from_json(&bad).unwrap_err();
        assert!(e.contains(says), "{e}");
    }
}
