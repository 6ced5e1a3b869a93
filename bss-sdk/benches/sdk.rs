//! Runtime benchmarks of bss-sdk against the fake BSS server on loopback.
//!
//! ```sh
//! cargo bench -p bss-sdk --bench sdk              # measure every figure
//! cargo bench -p bss-sdk --bench sdk -- call      # only the per-call figures
//! # one side only, N calls, nothing timed (to count instructions under callgrind):
//! cargo bench -p bss-sdk --bench sdk -- call/get-small --side sdk --calls 2000
//! cargo test  -p bss-sdk --benches                # each figure once, nothing timed (CI)
//! ```
//!
//! Figures (see BENCHMARKS.md for how each is measured and its goal):
//! - `call/*`: per-call time of bss-sdk vs raw reqwest + serde_json into the same models,
//!   same server, same request, same reply, measured side by side;
//! - `sign`: AK/SK signing of one request;
//! - `decode/*`: decoding a large list response, bss-sdk models vs plain serde structs
//!   (f64 amounts, integer codes) vs `serde_json::Value`;
//! - `paginate/*`: peak RSS of a child process paging 1,000 and 100,000 items;
//! - `python` (only with `--python PATH`): calls per second vs the official Python SDK.
//!
//! The fake server runs in this process on its own runtime thread (one worker); the
//! client runs on a current-thread runtime on the main thread, so each has a core.

mod support;

use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use bss_sdk::__private::signing;
use bss_sdk::fake::{FakeBss, Reply, ACCESS_KEY, DOMAIN_ID, SECRET_KEY};
use bss_sdk::models::{
    CouponSimpleInfoOrderPayV3, DiscountSimpleInfoV3, ListCustomerOrdersResponse,
    OrderDiscountType, PayCouponType, PayCustomerOrderV3Req, ShowCustomerOrderDetailsResponse,
    YesNo,
};
use bss_sdk::{Client, Config, Credentials};
use futures_util::StreamExt;
use serde_json::{json, Value};
use support::{compare_async, fmt_ns, time_sync, Comparison, Harness, Row};

/// The goal for SDK time ÷ raw time per call (issue #11).
const CALL_GOAL: f64 = 1.05;
/// The goal for signing one request, in nanoseconds (issue #11).
const SIGN_GOAL_NS: f64 = 1_500.0;
/// The goal for peak RSS of 100,000 paged items ÷ that of 1,000.
const RSS_GOAL: f64 = 1.10;
/// The goal for bss-sdk calls per second ÷ the Python SDK's.
const PYTHON_GOAL: f64 = 20.0;
/// The goal for the Python SDK's client CPU per call ÷ bss-sdk's (issue #11).
const PYTHON_CPU_GOAL: f64 = 30.0;

const ORDER_ID: &str = "CS2406131015A2KV1";

fn main() {
    let h = Harness::from_args();
    if let Some(i) = h.args.iter().position(|a| a == "--rss-child") {
        rss_child(&h.args[i + 1..]);
        return;
    }
    let server = Server::start();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");

    if h.enabled("call/get-small") {
        rt.block_on(call_get_small(&h, &server.fake));
    }
    if h.enabled("call/post-body") {
        rt.block_on(call_post_body(&h, &server.fake));
    }
    if h.enabled("call/list-1000") {
        rt.block_on(call_list(&h, &server.fake));
    }
    if h.enabled("sign") {
        sign(&h);
    }
    if h.enabled("decode") {
        decode(&h);
    }
    if h.enabled("paginate") {
        paginate(&h, &server.fake);
    }
    if let Some(python) = h.flag_value("--python") {
        rt.block_on(python_compare(&h, &server.fake, python));
    }
}

// ---------------------------------------------------------------------------------------
// The fake server and the two clients

/// The fake on a runtime of its own (one worker thread).
struct Server {
    fake: FakeBss,
    _rt: tokio::runtime::Runtime,
}

impl Server {
    fn start() -> Server {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("server runtime");
        let fake = rt.block_on(FakeBss::start()).expect("fake BSS starts");
        Server { fake, _rt: rt }
    }
}

/// Replies `id` always with these bytes (status 200), and forgets earlier requests.
fn reply_with(fake: &FakeBss, id: &str, status: u16, body: Vec<u8>) {
    fake.reset();
    fake.set_default(
        id,
        Reply::Raw {
            status,
            content_type: "application/json;charset=UTF-8".into(),
            body,
        },
    );
}

/// Fails the bench if the fake found anything wrong with what it received: a rejected
/// request would make the figure meaningless.
fn assert_clean(fake: &FakeBss, what: &str) {
    let reqs = fake.requests();
    assert!(!reqs.is_empty(), "{what}: the fake received nothing");
    if let Some(bad) = reqs.iter().find(|r| !r.problems.is_empty()) {
        panic!("{what}: the fake rejected a request: {:?}", bad.problems);
    }
}

/// The SDK client, with the SDK's default retry and timeout settings.
fn sdk_client(endpoint: &str) -> Client {
    Client::new(
        Config::builder()
            .endpoint(endpoint)
            .credentials(Credentials::aksk(ACCESS_KEY, SECRET_KEY).with_domain_id(DOMAIN_ID))
            .build()
            .expect("config"),
    )
}

/// The minimal client doing the same work by hand: canonical request, `SDK-HMAC-SHA256`
/// signature (with the SDK's public signing module), reqwest, serde_json into the models.
struct Raw {
    http: reqwest::Client,
    base: String,
    host: String,
}

impl Raw {
    fn new(fake: &FakeBss) -> Raw {
        Raw {
            // The SDK's User-Agent, so both sides send the same headers and the fake does
            // the same work for each: the figure is the client's overhead alone.
            http: reqwest::Client::builder()
                .user_agent(bss_sdk::USER_AGENT)
                .build()
                .expect("raw client"),
            base: fake.endpoint(),
            host: fake.addr().to_string(),
        }
    }

    /// Sends one signed request and returns the status and body.
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        query: &[(String, String)],
        body: Vec<u8>,
    ) -> (u16, bytes::Bytes) {
        let segments: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let uri = signing::canonical_uri(&segments);
        let q = signing::canonical_query(query);
        let date = signing::sdk_date(SystemTime::now());
        let headers = [
            ("Host".to_string(), self.host.clone()),
            ("Content-Type".to_string(), "application/json".to_string()),
            ("X-Domain-Id".to_string(), DOMAIN_ID.to_string()),
            ("X-Sdk-Date".to_string(), date.clone()),
        ];
        let sig = signing::sign(
            SECRET_KEY.as_bytes(),
            &signing::SigningInput {
                method: method.as_str(),
                canonical_uri: &uri,
                canonical_query: &q,
                headers: &headers,
                body: &body,
                date: &date,
            },
        );
        let url = if q.is_empty() {
            format!("{}{path}", self.base)
        } else {
            format!("{}{path}?{q}", self.base)
        };
        let mut rb = self
            .http
            .request(method, url)
            .header("Authorization", sig.authorization(ACCESS_KEY));
        for (k, v) in &headers[1..] {
            rb = rb.header(k.as_str(), v.as_str());
        }
        if !body.is_empty() {
            rb = rb.body(body);
        }
        let resp = rb.send().await.expect("raw request is sent");
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.expect("raw body is read");
        if !(200..300).contains(&status) {
            panic!(
                "raw call failed: {status} {}",
                String::from_utf8_lossy(&bytes)
            );
        }
        (status, bytes)
    }
}

// ---------------------------------------------------------------------------------------
// Fixtures: realistic BSS bodies

fn amount_info(i: usize) -> Value {
    json!({
        "discounts": [
            {"discount_type": "200", "discount_amount": format!("{}.{:02}", i % 97, i % 100)},
            {"discount_type": "301", "discount_amount": 1.5}
        ],
        "flexipurchase_coupon_amount": 0,
        "coupon_amount": 1.5,
        "stored_card_amount": 0,
        "commission_amount": 0,
        "consumed_amount": 0
    })
}

/// One order as ListCustomerOrders returns it (about 800 bytes of JSON).
fn order(i: usize) -> Value {
    json!({
        "order_id": format!("CS24061310{i:07}"),
        "customer_id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        "service_type_code": "hws.service.type.ebs",
        "service_type_name": "Elastic Volume Service",
        "source_type": 1,
        "status": 5,
        "order_type": 1 + (i % 4),
        "amount_after_discount": format!("{}.{:02}", 100 + i % 900, i % 100).parse::<f64>().unwrap_or(0.0),
        "official_amount": 1234.56,
        "measure_id": 1,
        "create_time": "2024-06-13T10:15:30Z",
        "payment_time": "2024-06-13T10:16:02Z",
        "currency": "USD",
        "contract_id": "",
        "amount_info": amount_info(i),
        "enterprise_projects": [{"id": "0", "name": "default"}],
        "agent_pay_info": {"paying_agent_id": "", "is_agent_pay": false}
    })
}

/// ListCustomerOrders with `n` orders, `total` in all.
fn list_body(n: usize, total: usize) -> Vec<u8> {
    let orders: Vec<Value> = (0..n).map(order).collect();
    serde_json::to_vec(&json!({"total_count": total, "order_infos": orders})).expect("JSON")
}

/// ShowCustomerOrderDetails of one order with two line items (about 2 KB).
fn details_body() -> Vec<u8> {
    let line = |k: usize| {
        json!({
            "order_line_item_id": format!("{ORDER_ID}-00{k}"),
            "service_type_code": "hws.service.type.ebs",
            "service_type_name": "Elastic Volume Service",
            "product_id": "00301-238005-0--0",
            "product_spec_desc": "General Purpose SSD | 100 GB",
            "period_type": 2,
            "period_num": 1,
            "effective_time": "2024-06-13T10:16:02Z",
            "expire_time": "2024-07-13T15:59:59Z",
            "subscription_num": 1,
            "amount_after_discount": 7.35,
            "official_amount": 10.5,
            "amount_info": amount_info(k),
            "currency": "USD",
            "category_code": "hws.resource.storage1.evs.volume",
            "product_owner_service": "hws.service.type.ebs",
            "commercial_resource": "hws.resource.type.volume",
        })
    };
    serde_json::to_vec(&json!({
        "total_count": 2,
        "order_info": {
            "order_id": ORDER_ID,
            "customer_id": DOMAIN_ID,
            "service_type_code": "hws.service.type.ebs",
            "service_type_name": "Elastic Volume Service",
            "source_type": 1,
            "status": 6,
            "order_type": 1,
            "amount_after_discount": 14.7,
            "official_amount": 21,
            "measure_id": 1,
            "create_time": "2024-06-13T10:15:30Z",
            "payment_time": "",
            "currency": "USD",
            "contract_id": "",
            "amount_info": amount_info(0),
            "user_name": "example-user",
            "pending_payment_end_time": "2024-06-28T10:15:30Z"
        },
        "order_line_items": [line(1), line(2)]
    }))
    .expect("JSON")
}

fn coupons() -> Vec<CouponSimpleInfoOrderPayV3> {
    ["CP2406130001", "CP2406130002", "CP2406130003"]
        .iter()
        .map(|id| {
            CouponSimpleInfoOrderPayV3::builder()
                .id(*id)
                .type_(PayCouponType::CashCoupon)
                .build()
        })
        .collect()
}

fn discounts() -> Vec<DiscountSimpleInfoV3> {
    vec![DiscountSimpleInfoV3::builder()
        .id("DS2406130001")
        .type_(OrderDiscountType::ContractDiscount)
        .build()]
}

// ---------------------------------------------------------------------------------------
// call/*: per-call overhead vs raw reqwest

/// Batch length and rounds of the side-by-side comparisons: many short rounds, since the
/// figure is the median of the per-round ratios.
const BATCH: Duration = Duration::from_millis(100);
const ROUNDS: usize = 31;

fn call_row(h: &Harness, figure: &str, cmp: &Comparison) {
    let (sdk, raw) = (cmp.a, cmp.b);
    if let Some(side) = h.flag_value("--side") {
        h.row(Row::info(
            figure,
            format!("calls of one side ({side}) only, nothing timed"),
        ));
        return;
    }
    if h.test_mode {
        h.row(Row::info(figure, "ran once".into()));
        return;
    }
    let ratio = cmp.ratio;
    let (q1, q3) = cmp.ratio_quartiles;
    println!(
        "{figure}: bss-sdk {} per call, raw reqwest {} per call (medians); per-round ratio median {ratio:.3}, quartiles {q1:.3}–{q3:.3}",
        fmt_ns(sdk.wall_ns),
        fmt_ns(raw.wall_ns)
    );
    // Where the time goes: the client thread's own CPU, and the other threads' (the
    // in-process fake), each per call.
    println!(
        "{figure}: CPU per call, client thread bss-sdk {} vs raw {}, other threads {} vs {}",
        fmt_ns(sdk.own_cpu_ns),
        fmt_ns(raw.own_cpu_ns),
        fmt_ns(sdk.other_cpu_ns),
        fmt_ns(raw.other_cpu_ns)
    );
    h.row(Row::at_most(
        figure,
        format!(
            "{ratio:.3}× (rounds' quartiles {q1:.3}–{q3:.3}; {} vs {})",
            fmt_ns(sdk.wall_ns),
            fmt_ns(raw.wall_ns)
        ),
        ratio,
        CALL_GOAL,
        "≤ 1.05×",
    ));
}

async fn call_get_small(h: &Harness, fake: &FakeBss) {
    let figure = "call/get-small: ShowCustomerOrderDetails, bss-sdk ÷ raw";
    reply_with(fake, "ShowCustomerOrderDetails", 200, details_body());
    let client = sdk_client(&fake.endpoint());
    let raw = Raw::new(fake);
    let path = format!("/v2/orders/customer-orders/details/{ORDER_ID}");
    let cmp = compare_async(
        h,
        BATCH,
        ROUNDS,
        async || {
            let out = client
                .show_customer_order_details()
                .order_id(ORDER_ID)
                .send()
                .await
                .expect("sdk call");
            assert_eq!(out.order_line_items.map(|v| v.len()), Some(2));
        },
        async || {
            let (_, body) = raw.call(reqwest::Method::GET, &path, &[], Vec::new()).await;
            let out: ShowCustomerOrderDetailsResponse =
                serde_json::from_slice(&body).expect("raw decode");
            assert_eq!(out.order_line_items.map(|v| v.len()), Some(2));
        },
    )
    .await;
    assert_clean(fake, figure);
    call_row(h, figure, &cmp);
}

async fn call_post_body(h: &Harness, fake: &FakeBss) {
    let figure = "call/post-body: PayOrders (3 coupons, 1 discount), bss-sdk ÷ raw";
    fake.reset();
    // PayOrders documents no example: the fake answers 204 without content.
    let client = sdk_client(&fake.endpoint());
    let raw = Raw::new(fake);
    let (coupons, discounts) = (coupons(), discounts());
    let cmp = compare_async(
        h,
        BATCH,
        ROUNDS,
        async || {
            client
                .pay_orders()
                .order_id(ORDER_ID)
                .use_coupon(YesNo::Yes)
                .use_discount(YesNo::Yes)
                .coupon_infos(coupons.clone())
                .discount_infos(discounts.clone())
                .send()
                .await
                .expect("sdk call");
        },
        async || {
            let mut body = PayCustomerOrderV3Req::default();
            body.order_id = Some(ORDER_ID.to_string());
            body.use_coupon = Some(YesNo::Yes);
            body.use_discount = Some(YesNo::Yes);
            body.coupon_infos = Some(coupons.clone());
            body.discount_infos = Some(discounts.clone());
            let body = serde_json::to_vec(&body).expect("encode");
            let (status, _) = raw
                .call(
                    reqwest::Method::POST,
                    "/v3/orders/customer-orders/pay",
                    &[],
                    body,
                )
                .await;
            assert_eq!(status, 204);
        },
    )
    .await;
    assert_clean(fake, figure);
    call_row(h, figure, &cmp);
}

async fn call_list(h: &Harness, fake: &FakeBss) {
    let figure = "call/list-1000: ListCustomerOrders, 1,000 orders, bss-sdk ÷ raw";
    let n = if h.test_mode { 10 } else { 1000 };
    let body = list_body(n, n);
    println!("call/list-1000: reply of {} bytes", body.len());
    reply_with(fake, "ListCustomerOrders", 200, body);
    let client = sdk_client(&fake.endpoint());
    let raw = Raw::new(fake);
    let query = vec![("limit".to_string(), "100".to_string())];
    let cmp = compare_async(
        h,
        BATCH,
        ROUNDS,
        async || {
            let out = client
                .list_customer_orders()
                .limit(100)
                .send()
                .await
                .expect("sdk call");
            assert_eq!(out.order_infos.map(|v| v.len()), Some(n));
        },
        async || {
            let (_, body) = raw
                .call(
                    reqwest::Method::GET,
                    "/v2/orders/customer-orders",
                    &query,
                    Vec::new(),
                )
                .await;
            let out: ListCustomerOrdersResponse =
                serde_json::from_slice(&body).expect("raw decode");
            assert_eq!(out.order_infos.map(|v| v.len()), Some(n));
        },
    )
    .await;
    assert_clean(fake, figure);
    call_row(h, figure, &cmp);
}

// ---------------------------------------------------------------------------------------
// sign: one request

fn sign(h: &Harness) {
    let figure = "sign: SDK-HMAC-SHA256 of one GET with 2 query pairs";
    // What the client signs for ListCustomerOrders?limit=100&offset=200: canonical URI,
    // canonical query, four headers, empty body, then the Authorization value.
    let segments: Vec<String> = ["v2", "orders", "customer-orders"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let query = vec![
        ("limit".to_string(), "100".to_string()),
        ("offset".to_string(), "200".to_string()),
    ];
    let headers = vec![
        ("Host".to_string(), "bss-intl.myhuaweicloud.com".to_string()),
        ("Content-Type".to_string(), "application/json".to_string()),
        ("X-Domain-Id".to_string(), DOMAIN_ID.to_string()),
        ("X-Sdk-Date".to_string(), "20240613T101530Z".to_string()),
    ];
    let ns = time_sync(h, Duration::from_millis(100), 21, || {
        let uri = signing::canonical_uri(&segments);
        let q = signing::canonical_query(&query);
        let sig = signing::sign(
            SECRET_KEY.as_bytes(),
            &signing::SigningInput {
                method: "GET",
                canonical_uri: &uri,
                canonical_query: &q,
                headers: &headers,
                body: b"",
                date: "20240613T101530Z",
            },
        );
        sig.authorization(ACCESS_KEY)
    });
    // The floor: the three hashes alone over inputs of the same sizes (body digest,
    // digest of a canonical request, HMAC of a string to sign), plus their hex encoding.
    let canonical_request = vec![b'x'; 230];
    let string_to_sign = vec![b'y'; 97];
    let floor = time_sync(h, Duration::from_millis(100), 21, || {
        use hmac::Mac;
        use sha2::Digest;
        let body = hex::encode(sha2::Sha256::digest(b""));
        let cr = hex::encode(sha2::Sha256::digest(&canonical_request));
        let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(SECRET_KEY.as_bytes())
            .expect("any key length");
        mac.update(&string_to_sign);
        (body, cr, hex::encode(mac.finalize().into_bytes()))
    });
    let figure_floor = "sign/floor: the same three SHA-256 hashes alone";
    if h.test_mode {
        h.row(Row::info(figure, "ran once".into()));
        h.row(Row::info(figure_floor, "ran once".into()));
        return;
    }
    println!(
        "sign: {} per request; hashing alone {}",
        fmt_ns(ns),
        fmt_ns(floor)
    );
    h.row(Row::at_most(
        figure,
        fmt_ns(ns),
        ns,
        SIGN_GOAL_NS,
        "≤ 1.5 µs",
    ));
    h.row(Row::info(figure_floor, fmt_ns(floor)));
}

// ---------------------------------------------------------------------------------------
// decode/*: large list responses

/// Plain serde structs equivalent to the SDK's models, as a hand-written client would
/// write them: amounts as `f64`, coded values as plain integers and strings.
mod plain {
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct ListCustomerOrdersResponse {
        pub total_count: Option<i32>,
        pub order_infos: Option<Vec<CustomerOrderV2>>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct CustomerOrderV2 {
        pub order_id: Option<String>,
        pub customer_id: Option<String>,
        pub service_type_code: Option<String>,
        pub service_type_name: Option<String>,
        pub source_type: Option<i32>,
        pub status: Option<i32>,
        pub order_type: Option<i32>,
        pub amount_after_discount: Option<f64>,
        pub official_amount: Option<f64>,
        pub measure_id: Option<i32>,
        pub create_time: Option<String>,
        pub payment_time: Option<String>,
        pub currency: Option<String>,
        pub contract_id: Option<String>,
        pub amount_info: Option<AmountInfo>,
        pub enterprise_projects: Option<Vec<EnterpriseProject>>,
        pub sub_order_infos: Option<Vec<CustomerOrderV2>>,
        pub agent_pay_info: Option<AgentPayInfo>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct AmountInfo {
        pub discounts: Option<Vec<Discount>>,
        pub flexipurchase_coupon_amount: Option<f64>,
        pub coupon_amount: Option<f64>,
        pub stored_card_amount: Option<f64>,
        pub commission_amount: Option<f64>,
        pub consumed_amount: Option<f64>,
    }

    /// `discount_amount` arrives as a number or a numeric string, so it stays JSON here.
    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Discount {
        pub discount_type: Option<String>,
        pub discount_amount: Option<serde_json::Value>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct EnterpriseProject {
        pub id: Option<String>,
        pub name: Option<String>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct AgentPayInfo {
        pub paying_agent_id: Option<String>,
        pub is_agent_pay: Option<bool>,
    }
}

fn decode(h: &Harness) {
    let n = if h.test_mode { 100 } else { 10_000 };
    let body = list_body(n, n);
    let mb = body.len() as f64 / 1e6;
    let batch = Duration::from_millis(300);
    let sdk = time_sync(h, batch, 11, || {
        let out: ListCustomerOrdersResponse = serde_json::from_slice(&body).expect("sdk models");
        assert_eq!(out.order_infos.as_ref().map(Vec::len), Some(n));
        out
    });
    let plain = time_sync(h, batch, 11, || {
        let out: plain::ListCustomerOrdersResponse =
            serde_json::from_slice(&body).expect("plain structs");
        assert_eq!(out.order_infos.as_ref().map(Vec::len), Some(n));
        out
    });
    let value = time_sync(h, batch, 11, || {
        serde_json::from_slice::<Value>(&body).expect("Value")
    });
    let figure_sdk = "decode/sdk: ListCustomerOrders, 10,000 orders into bss-sdk models";
    let figure_plain = "decode/plain: the same body into plain serde structs (f64 amounts)";
    let figure_value = "decode/value: the same body into serde_json::Value";
    if h.test_mode {
        for f in [figure_sdk, figure_plain, figure_value] {
            h.row(Row::info(f, "ran once".into()));
        }
        return;
    }
    let rate = |ns: f64| mb / (ns / 1e9);
    println!(
        "decode: {:.1} MB body; bss-sdk models {:.0} MB/s, plain structs {:.0} MB/s, Value {:.0} MB/s",
        mb,
        rate(sdk),
        rate(plain),
        rate(value)
    );
    h.row(Row::info(
        figure_sdk,
        format!(
            "{:.0} MB/s ({:.2}× plain structs, {:.2}× Value)",
            rate(sdk),
            plain / sdk,
            value / sdk
        ),
    ));
    h.row(Row::info(figure_plain, format!("{:.0} MB/s", rate(plain))));
    h.row(Row::info(figure_value, format!("{:.0} MB/s", rate(value))));
}

// ---------------------------------------------------------------------------------------
// paginate/*: peak RSS while paging

/// In the child: page through `n` items at `endpoint`, then report the peak RSS.
fn rss_child(args: &[String]) {
    let endpoint = &args[0];
    let n: usize = args[1].parse().expect("item count");
    let client = sdk_client(endpoint);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let t = Instant::now();
    let seen = rt.block_on(async {
        let items = client
            .list_customer_orders()
            .limit(100)
            .into_paginator()
            .items();
        let mut items = std::pin::pin!(items);
        let mut seen = 0usize;
        while let Some(item) = items.next().await {
            let order = item.expect("page");
            assert!(order.order_id.is_some());
            seen += 1;
        }
        seen
    });
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(seen, n, "the paginator must yield every item");
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    println!(
        "rss-child items={seen} vmhwm_kb={} vmrss_kb={} secs={secs:.3}",
        kb("VmHWM:"),
        kb("VmRSS:")
    );
}

/// Runs a child that pages `n` items; returns (peak RSS in KiB, seconds).
fn page_in_child(fake: &FakeBss, n: usize) -> (u64, f64) {
    // The fake holds n distinct orders and serves them 100 per page, as the service does
    // (a server replaying one page for every offset is refused by the paginator).
    fake.reset();
    fake.set_items("ListCustomerOrders", (0..n).map(order).collect());
    let exe = std::env::current_exe().expect("own path");
    let out = Command::new(exe)
        .args(["--rss-child", &fake.endpoint(), &n.to_string()])
        .output()
        .expect("child runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "paging child failed: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_clean(fake, "paginate");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("rss-child"))
        .expect("child reports");
    let field = |k: &str| {
        line.split_whitespace()
            .find_map(|p| p.strip_prefix(k))
            .unwrap_or("0")
            .to_string()
    };
    (
        field("vmhwm_kb=").parse().unwrap_or(0),
        field("secs=").parse().unwrap_or(0.0),
    )
}

fn paginate(h: &Harness, fake: &FakeBss) {
    let (small, large) = if h.test_mode {
        (100, 1_000)
    } else {
        (1_000, 100_000)
    };
    let (rss_small, _) = page_in_child(fake, small);
    let (rss_large, secs) = page_in_child(fake, large);
    let f_small = "paginate/1k: peak RSS paging 1,000 items (100 per page)";
    let f_large = "paginate/100k: peak RSS paging 100,000 items ÷ 1,000 items";
    if h.test_mode {
        h.row(Row::info(f_small, "ran once".into()));
        h.row(Row::info(f_large, "ran once".into()));
        return;
    }
    let mib = |kb: u64| kb as f64 / 1024.0;
    println!(
        "paginate: peak RSS {:.1} MiB for {small} items, {:.1} MiB for {large} items ({:.0} items/s)",
        mib(rss_small),
        mib(rss_large),
        large as f64 / secs
    );
    h.row(Row::info(f_small, format!("{:.1} MiB", mib(rss_small))));
    let ratio = rss_large as f64 / rss_small as f64;
    h.row(Row::at_most(
        f_large,
        format!(
            "{:.1} MiB = {ratio:.2}× ({:.0} items/s)",
            mib(rss_large),
            large as f64 / secs
        ),
        ratio,
        RSS_GOAL,
        "≤ 1.10× (flat)",
    ));
}

// ---------------------------------------------------------------------------------------
// python: calls per second vs the official Python SDK

async fn python_compare(h: &Harness, fake: &FakeBss, python: &str) {
    let figure = "python: ShowCustomerOrderDetails calls/s, bss-sdk ÷ huaweicloudsdkbssintl";
    let seconds: f64 = h
        .flag_value("--python-seconds")
        .and_then(|s| s.parse().ok())
        .unwrap_or(if h.test_mode { 1.0 } else { 10.0 });
    reply_with(fake, "ShowCustomerOrderDetails", 200, details_body());
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../bench-python/bench_bssintl.py"
    );
    let out = Command::new(python)
        .args([
            script,
            "--endpoint",
            &fake.endpoint(),
            "--seconds",
            &seconds.to_string(),
            "--order-id",
            ORDER_ID,
        ])
        .output()
        .expect("the Python interpreter runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the Python benchmark failed: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_clean(fake, "python");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("python-calls"))
        .expect("the Python benchmark reports");
    let field = |k: &str| {
        line.split_whitespace()
            .find_map(|p| p.strip_prefix(k))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let py_rate = field("calls=") / field("secs=");
    let py_cpu_per_call = field("cpu=") / field("calls=");
    println!("python: {line}");

    fake.reset();
    reply_with(fake, "ShowCustomerOrderDetails", 200, details_body());
    let client = sdk_client(&fake.endpoint());
    let mut calls = 0u64;
    let cpu_start = thread_cpu_seconds();
    let rust_rate = support::calls_per_second(h, Duration::from_secs_f64(seconds), async || {
        let out = client
            .show_customer_order_details()
            .order_id(ORDER_ID)
            .send()
            .await
            .expect("sdk call");
        assert_eq!(out.order_line_items.map(|v| v.len()), Some(2));
        calls += 1;
    })
    .await;
    let rust_cpu_per_call = (thread_cpu_seconds() - cpu_start) / calls as f64;
    assert_clean(fake, "python (bss-sdk side)");

    // The same calls by hand (raw reqwest): the floor of any client on this machine, so
    // the ceiling of the CPU ratio.
    fake.reset();
    reply_with(fake, "ShowCustomerOrderDetails", 200, details_body());
    let raw = Raw::new(fake);
    let path = format!("/v2/orders/customer-orders/details/{ORDER_ID}");
    let mut raw_calls = 0u64;
    let cpu_start = thread_cpu_seconds();
    support::calls_per_second(h, Duration::from_secs_f64(seconds), async || {
        let (_, body) = raw.call(reqwest::Method::GET, &path, &[], Vec::new()).await;
        let out: ShowCustomerOrderDetailsResponse =
            serde_json::from_slice(&body).expect("raw decode");
        assert_eq!(out.order_line_items.map(|v| v.len()), Some(2));
        raw_calls += 1;
    })
    .await;
    let raw_cpu_per_call = (thread_cpu_seconds() - cpu_start) / raw_calls as f64;
    assert_clean(fake, "python (raw side)");
    let figure_floor =
        "python/cpu-ceiling: client CPU per call, huaweicloudsdkbssintl ÷ raw reqwest";
    let figure_cpu = "python/cpu: client CPU time per call, huaweicloudsdkbssintl ÷ bss-sdk";
    if h.test_mode {
        h.row(Row::info(figure, "ran once".into()));
        h.row(Row::info(figure_cpu, "ran once".into()));
        h.row(Row::info(figure_floor, "ran once".into()));
        return;
    }
    let ratio = rust_rate / py_rate;
    println!("python: bss-sdk {rust_rate:.0} calls/s, Python SDK {py_rate:.0} calls/s");
    h.row(Row::at_least(
        figure,
        format!("{ratio:.1}× ({rust_rate:.0} vs {py_rate:.0} calls/s)"),
        ratio,
        PYTHON_GOAL,
        "≥ 20×",
    ));
    let cpu_ratio = py_cpu_per_call / rust_cpu_per_call;
    println!(
        "python: client CPU per call: Python SDK {}, bss-sdk {}",
        fmt_ns(py_cpu_per_call * 1e9),
        fmt_ns(rust_cpu_per_call * 1e9)
    );
    h.row(Row::at_least(
        figure_cpu,
        format!(
            "{cpu_ratio:.0}× ({} vs {})",
            fmt_ns(py_cpu_per_call * 1e9),
            fmt_ns(rust_cpu_per_call * 1e9)
        ),
        cpu_ratio,
        PYTHON_CPU_GOAL,
        "≥ 30×",
    ));
    let ceiling = py_cpu_per_call / raw_cpu_per_call;
    h.row(Row::info(
        figure_floor,
        format!(
            "{ceiling:.0}× ({} vs {}): no client on this machine can reach more",
            fmt_ns(py_cpu_per_call * 1e9),
            fmt_ns(raw_cpu_per_call * 1e9)
        ),
    ));
}

/// CPU seconds of the calling thread so far (the fake server runs on other threads and is
/// not counted).
fn thread_cpu_seconds() -> f64 {
    support::thread_cpu_ns() as f64 / 1e9
}
