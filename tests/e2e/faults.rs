//! The fault matrix: every scripted fault against a read-only operation and an unsafe one.
//!
//! Each row is one fault; each row runs twice, once against a read-only operation
//! (`ListCustomerOrders`, or `ShowRefundOrderDetails` where the fault needs
//! `embedded_errors: top_level`) and once against an unsafe one (`PayOrders`, or
//! `CancelAutoRenewalResourcesV1`). Every cell asserts
//! - the result kind: success (after retries), or the exact `SdkError` variant with its
//!   attempt count, or the exact variant of the operation's error enum with HTTP status and
//!   error code;
//! - the exact number of requests the fake saw, all of them for that operation and all of
//!   them valid (every attempt freshly and correctly signed);
//! - for the unsafe operation, that the fake saw the request at most once (unless the
//!   connection was refused, when nothing reached any server);
//! - where timing is the point (Retry-After, total timeout), bounds on the elapsed time.
//!
//! Every cell runs in its own task with its own fake server, so a panic anywhere in the SDK
//! is reported as that cell's failure instead of hiding the rest of the matrix.

use std::time::{Duration, Instant};

use bss_sdk::fake::{self, ConnectionFault, FakeBss, Reply};
use bss_sdk::models::{ResourceActionId, YesNo};
use bss_sdk::operations::cancel_auto_renewal_resources_v1::CancelAutoRenewalResourcesV1ErrorKind as CancelV1Kind;
use bss_sdk::operations::list_customer_orders::ListCustomerOrdersErrorKind as ListKind;
use bss_sdk::operations::pay_orders::PayOrdersErrorKind as PayKind;
use bss_sdk::operations::show_refund_order_details::ShowRefundOrderDetailsErrorKind as RefundKind;
use bss_sdk::{CallOptions, Client, Config, Credentials, RetryConfig, SdkError, Timeouts};
use bss_sdk::{CommonError, OperationError, ServiceError};

/// Fault cases in the matrix: every fault × {read-only operation, unsafe operation}.
pub const FAULT_CASES: usize = FAULTS.len() * 2;

/// The per-attempt timeout of the matrix's client: generous, so that only the faults
/// that are about timeouts (which set a short one per call) ever hit a timeout, even on a
/// loaded CI machine.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);
/// The per-attempt timeout of the calls that meet a `Late` reply.
const SHORT_ATTEMPT: Duration = Duration::from_millis(300);
/// How late a `Late` reply comes: well past [`SHORT_ATTEMPT`].
const LATE: Duration = Duration::from_secs(3);

/// The operations the matrix calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    /// Read-only, answers with a JSON body.
    ListCustomerOrders,
    /// Unsafe (a payment), answers 204 without a body.
    PayOrders,
    /// Read-only, `embedded_errors: top_level`.
    ShowRefundOrderDetails,
    /// Unsafe, `embedded_errors: top_level`, decoded without a body model.
    CancelAutoRenewalResourcesV1,
}

/// How the fake answers one request.
#[derive(Clone, Copy, Debug)]
enum R {
    /// The operation's normal answer (its documented example, or its success status).
    Normal,
    /// The normal answer, but only after [`LATE`].
    Late,
    /// Read the request, then close the connection without answering.
    Hangup,
    /// A documented error code, answered with the status the spec gives it.
    Code(&'static str),
    /// Exactly these bytes.
    Body {
        status: u16,
        content_type: &'static str,
        body: &'static [u8],
    },
    /// Another reply with one more header.
    Header(&'static str, &'static str, &'static R),
}

/// What is done to the fake (or the network) before the call.
#[derive(Clone, Copy, Debug)]
enum Setup {
    /// `first` answers the first requests, in order; `then` answers every later one.
    Replies { first: &'static [R], then: R },
    /// The first connection is closed before anything is read; later ones are normal.
    CloseBeforeRead,
    /// Nothing listens on the port: every connection is refused.
    Refused,
    /// Nothing listens at first; the fake starts on the port shortly after the call began.
    RefusedThenUp,
}

/// The result the matrix expects.
#[derive(Clone, Copy, Debug)]
enum Want {
    Ok,
    Timeout(u32),
    Io(u32),
    Dispatch(u32),
    OutcomeUnknown(u32),
    /// `SdkError::InvalidResponse` with this status (and a request id).
    InvalidResponse(u16),
    /// `SdkError::UnexpectedSuccess` with this status, saying whether the operation may
    /// have taken effect (and with a request id).
    UnexpectedSuccess(u16, bool),
    /// `SdkError::Service(variant)` with this status and code (and a request id); `raw`, if
    /// set, must be part of the kept body excerpt.
    Service {
        variant: &'static str,
        status: u16,
        code: Option<&'static str>,
        raw: Option<&'static str>,
    },
}

/// One cell's expectation.
#[derive(Clone, Copy, Debug)]
struct Expect {
    op: Op,
    want: Want,
    /// Requests the fake saw.
    requests: usize,
    /// Elapsed-time bounds, in milliseconds.
    min_ms: u64,
    max_ms: u64,
}

/// One row of the matrix.
struct Fault {
    name: &'static str,
    setup: Setup,
    options: fn() -> CallOptions,
    read_only: Expect,
    unsafe_op: Expect,
}

const fn expect(op: Op, want: Want, requests: usize) -> Expect {
    Expect {
        op,
        want,
        requests,
        min_ms: 0,
        max_ms: 10_000,
    }
}

const fn ro(want: Want, requests: usize) -> Expect {
    expect(Op::ListCustomerOrders, want, requests)
}

const fn pay(want: Want, requests: usize) -> Expect {
    expect(Op::PayOrders, want, requests)
}

const fn service(variant: &'static str, status: u16, code: &'static str) -> Want {
    Want::Service {
        variant,
        status,
        code: Some(code),
        raw: None,
    }
}

const fn unhandled(status: u16, raw: &'static str) -> Want {
    Want::Service {
        variant: "Unhandled",
        status,
        code: None,
        raw: Some(raw),
    }
}

const fn json(status: u16, body: &'static [u8]) -> R {
    R::Body {
        status,
        content_type: "application/json;charset=UTF-8",
        body,
    }
}

const HTML: &[u8] =
    b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
const TRUNCATED_ERROR: &str = r#"{"error_code":"CBC.01"#;
const EMBEDDED_CBC99005026: &[u8] =
    br#"{"error_code":"CBC.99005026","error_msg":"Not an unsubscription or downgrade order."}"#;
const EMBEDDED_CBC99003605: &[u8] =
    br#"{"error_code":"CBC.99003605","error_msg":"Auto-renewal is already off."}"#;
const GATEWAY_401: &[u8] = br#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail","request_id":"gw-1"}"#;
const BUSY: R = json(
    503,
    br#"{"error_code":"CBC.0999","error_msg":"Service busy."}"#,
);
const THROTTLED: R = R::Code("APIGW.0308");
const CBC0999_503: Want = service("Cbc0999", 503, "CBC.0999");
const APIGW0308: Want = service("Apigw0308", 429, "APIGW.0308");

fn default_options() -> CallOptions {
    CallOptions::new()
}

/// A short attempt timeout, for the faults that answer late.
fn short_attempts() -> CallOptions {
    CallOptions::new().attempt_timeout(SHORT_ATTEMPT)
}

/// Retry-After is honoured up to `max_delay`: 300 ms here, against a 1 ms base backoff.
fn retry_after_capped_at_300ms() -> CallOptions {
    CallOptions::new().retry(RetryConfig {
        max_attempts: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(300),
    })
}

/// A total timeout (500 ms) shorter than the 5 s the server asks to wait.
fn total_shorter_than_backoff() -> CallOptions {
    CallOptions::new()
        .retry(RetryConfig {
            max_attempts: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_secs(10),
        })
        .total_timeout(Duration::from_millis(500))
}

/// A total timeout (400 ms) shorter than one attempt's timeout (5 s).
fn total_shorter_than_attempt() -> CallOptions {
    CallOptions::new()
        .attempt_timeout(Duration::from_secs(5))
        .total_timeout(Duration::from_millis(400))
}

/// Many quick attempts, so a call outlives the moment the server comes up.
fn patient_retries() -> CallOptions {
    CallOptions::new().retry(RetryConfig {
        max_attempts: 200,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(20),
    })
}

const FAULTS: &[Fault] = &[
    Fault {
        name: "delay past the attempt timeout, once",
        setup: Setup::Replies {
            first: &[R::Late],
            then: R::Normal,
        },
        options: short_attempts,
        read_only: ro(Want::Ok, 2),
        unsafe_op: pay(Want::OutcomeUnknown(1), 1),
    },
    Fault {
        name: "delay past the attempt timeout, every attempt",
        setup: Setup::Replies {
            first: &[],
            then: R::Late,
        },
        options: short_attempts,
        read_only: ro(Want::Timeout(3), 3),
        unsafe_op: pay(Want::OutcomeUnknown(1), 1),
    },
    Fault {
        name: "connection closed before the request is read",
        setup: Setup::CloseBeforeRead,
        options: default_options,
        read_only: ro(Want::Ok, 1),
        // The client cannot prove the request was not received, so it does not resend.
        unsafe_op: pay(Want::OutcomeUnknown(1), 0),
    },
    Fault {
        name: "connection closed after the request is read, once",
        setup: Setup::Replies {
            first: &[R::Hangup],
            then: R::Normal,
        },
        options: default_options,
        read_only: ro(Want::Ok, 2),
        unsafe_op: pay(Want::OutcomeUnknown(1), 1),
    },
    Fault {
        name: "connection closed after the request is read, every attempt",
        setup: Setup::Replies {
            first: &[],
            then: R::Hangup,
        },
        options: default_options,
        read_only: ro(Want::Io(3), 3),
        unsafe_op: pay(Want::OutcomeUnknown(1), 1),
    },
    Fault {
        name: "connection refused on every attempt",
        setup: Setup::Refused,
        options: default_options,
        read_only: ro(Want::Dispatch(3), 0),
        // Refused means never sent: even a payment may be retried.
        unsafe_op: pay(Want::Dispatch(3), 0),
    },
    Fault {
        name: "connection refused, then the server comes up",
        setup: Setup::RefusedThenUp,
        options: patient_retries,
        read_only: ro(Want::Ok, 1),
        unsafe_op: pay(Want::Ok, 1),
    },
    Fault {
        name: "5xx burst: 2 x 503, then success",
        setup: Setup::Replies {
            first: &[BUSY, BUSY],
            then: R::Normal,
        },
        options: default_options,
        read_only: ro(Want::Ok, 3),
        unsafe_op: pay(CBC0999_503, 1),
    },
    Fault {
        name: "503 on every attempt",
        setup: Setup::Replies {
            first: &[],
            then: BUSY,
        },
        options: default_options,
        read_only: ro(CBC0999_503, 3),
        unsafe_op: pay(CBC0999_503, 1),
    },
    Fault {
        name: "429 without Retry-After, then success",
        setup: Setup::Replies {
            first: &[THROTTLED],
            then: R::Normal,
        },
        options: default_options,
        read_only: ro(Want::Ok, 2),
        unsafe_op: pay(APIGW0308, 1),
    },
    Fault {
        name: "429 with Retry-After: 1 (honoured up to max_delay = 300 ms), then success",
        setup: Setup::Replies {
            first: &[R::Header("retry-after", "1", &THROTTLED)],
            then: R::Normal,
        },
        options: retry_after_capped_at_300ms,
        read_only: Expect {
            min_ms: 300,
            ..ro(Want::Ok, 2)
        },
        unsafe_op: pay(APIGW0308, 1),
    },
    Fault {
        name: "429 with an HTTP-date Retry-After (not understood: normal backoff), then success",
        setup: Setup::Replies {
            first: &[R::Header(
                "retry-after",
                "Wed, 21 Oct 2015 07:28:00 GMT",
                &THROTTLED,
            )],
            then: R::Normal,
        },
        options: default_options,
        read_only: ro(Want::Ok, 2),
        unsafe_op: pay(APIGW0308, 1),
    },
    Fault {
        name: "429 with an absurd Retry-After (u64::MAX seconds, capped), then success",
        setup: Setup::Replies {
            first: &[R::Header("retry-after", "18446744073709551615", &THROTTLED)],
            then: R::Normal,
        },
        options: default_options,
        read_only: Expect {
            max_ms: 3_000,
            ..ro(Want::Ok, 2)
        },
        unsafe_op: pay(APIGW0308, 1),
    },
    Fault {
        name: "429 on every attempt",
        setup: Setup::Replies {
            first: &[],
            then: THROTTLED,
        },
        options: default_options,
        read_only: ro(APIGW0308, 3),
        unsafe_op: pay(APIGW0308, 1),
    },
    Fault {
        name: "truncated JSON with HTTP 200",
        setup: Setup::Replies {
            first: &[],
            then: json(200, br#"{"total_count": 3, "order_infos": [{"order_id""#),
        },
        options: default_options,
        read_only: ro(Want::InvalidResponse(200), 1),
        // PayOrders documents 204 without a body: any other 2xx is not its documented
        // success, so it must not pass for a payment (the payment may have happened, the
        // error says so), and it is not resent.
        unsafe_op: pay(Want::UnexpectedSuccess(200, true), 1),
    },
    Fault {
        name: "invalid JSON with HTTP 200",
        setup: Setup::Replies {
            first: &[],
            then: json(200, b"{total_count: 3,, ]"),
        },
        options: default_options,
        read_only: ro(Want::InvalidResponse(200), 1),
        unsafe_op: pay(Want::UnexpectedSuccess(200, true), 1),
    },
    Fault {
        name: "HTML error page with HTTP 502",
        setup: Setup::Replies {
            first: &[],
            then: R::Body {
                status: 502,
                content_type: "text/html",
                body: HTML,
            },
        },
        options: default_options,
        read_only: ro(unhandled(502, "502 Bad Gateway"), 3),
        unsafe_op: pay(unhandled(502, "502 Bad Gateway"), 1),
    },
    Fault {
        name: "HTML page with HTTP 200",
        setup: Setup::Replies {
            first: &[],
            then: R::Body {
                status: 200,
                content_type: "text/html",
                body: HTML,
            },
        },
        options: default_options,
        read_only: ro(Want::InvalidResponse(200), 1),
        unsafe_op: pay(Want::UnexpectedSuccess(200, true), 1),
    },
    Fault {
        name: "empty body with HTTP 200",
        setup: Setup::Replies {
            first: &[],
            then: json(200, b""),
        },
        options: default_options,
        read_only: ro(Want::InvalidResponse(200), 1),
        unsafe_op: pay(Want::UnexpectedSuccess(200, true), 1),
    },
    Fault {
        name: "body of the wrong shape with HTTP 200",
        setup: Setup::Replies {
            first: &[],
            then: json(
                200,
                br#"{"total_count": "many", "order_infos": {"order_id": 7}}"#,
            ),
        },
        options: default_options,
        read_only: ro(Want::InvalidResponse(200), 1),
        unsafe_op: pay(Want::UnexpectedSuccess(200, true), 1),
    },
    Fault {
        name: "a JSON array instead of an object with HTTP 200",
        setup: Setup::Replies {
            first: &[],
            then: json(200, b"[1, 2, 3]"),
        },
        options: default_options,
        read_only: ro(Want::InvalidResponse(200), 1),
        unsafe_op: pay(Want::UnexpectedSuccess(200, true), 1),
    },
    Fault {
        name: "truncated JSON error body with HTTP 400",
        setup: Setup::Replies {
            first: &[],
            then: json(400, TRUNCATED_ERROR.as_bytes()),
        },
        options: default_options,
        read_only: ro(unhandled(400, TRUNCATED_ERROR), 1),
        unsafe_op: pay(unhandled(400, TRUNCATED_ERROR), 1),
    },
    Fault {
        name: "HTTP 200 with top-level error_code CBC.99005026 (the read-only op's code)",
        setup: Setup::Replies {
            first: &[],
            then: json(200, EMBEDDED_CBC99005026),
        },
        options: default_options,
        read_only: expect(
            Op::ShowRefundOrderDetails,
            service("Cbc99005026", 200, "CBC.99005026"),
            1,
        ),
        // Not in this operation's table: still an error, as `Unhandled`.
        unsafe_op: expect(
            Op::CancelAutoRenewalResourcesV1,
            service("Unhandled", 200, "CBC.99005026"),
            1,
        ),
    },
    Fault {
        name: "HTTP 200 with top-level error_code CBC.99003605 (the unsafe op's code)",
        setup: Setup::Replies {
            first: &[],
            then: json(200, EMBEDDED_CBC99003605),
        },
        options: default_options,
        read_only: expect(
            Op::ShowRefundOrderDetails,
            service("Unhandled", 200, "CBC.99003605"),
            1,
        ),
        unsafe_op: expect(
            Op::CancelAutoRenewalResourcesV1,
            service("Cbc99003605", 200, "CBC.99003605"),
            1,
        ),
    },
    Fault {
        name: "HTTP 200 with top-level error_code CBC.0000 (the success marker)",
        setup: Setup::Replies {
            first: &[],
            then: json(200, br#"{"error_code":"CBC.0000","error_msg":"Success"}"#),
        },
        options: default_options,
        read_only: expect(Op::ShowRefundOrderDetails, Want::Ok, 1),
        unsafe_op: expect(Op::CancelAutoRenewalResourcesV1, Want::Ok, 1),
    },
    Fault {
        name: "gateway error APIGW.0301 with HTTP 401",
        setup: Setup::Replies {
            first: &[],
            then: json(401, GATEWAY_401),
        },
        options: default_options,
        read_only: ro(service("Apigw0301", 401, "APIGW.0301"), 1),
        unsafe_op: pay(service("Apigw0301", 401, "APIGW.0301"), 1),
    },
    Fault {
        name: "total timeout (500 ms) shorter than the backoff the server asks for (5 s)",
        setup: Setup::Replies {
            first: &[],
            then: R::Header("retry-after", "5", &BUSY),
        },
        options: total_shorter_than_backoff,
        read_only: Expect {
            max_ms: 1_500,
            ..ro(CBC0999_503, 1)
        },
        unsafe_op: Expect {
            max_ms: 1_500,
            ..pay(CBC0999_503, 1)
        },
    },
    Fault {
        name: "total timeout (400 ms) shorter than the attempt timeout (5 s), server late",
        setup: Setup::Replies {
            first: &[],
            then: R::Late,
        },
        options: total_shorter_than_attempt,
        read_only: Expect {
            max_ms: 1_500,
            ..ro(Want::Timeout(1), 1)
        },
        unsafe_op: Expect {
            max_ms: 1_500,
            ..pay(Want::OutcomeUnknown(1), 1)
        },
    },
];

impl Op {
    fn id(self) -> &'static str {
        match self {
            Op::ListCustomerOrders => "ListCustomerOrders",
            Op::PayOrders => "PayOrders",
            Op::ShowRefundOrderDetails => "ShowRefundOrderDetails",
            Op::CancelAutoRenewalResourcesV1 => "CancelAutoRenewalResourcesV1",
        }
    }

    fn is_unsafe(self) -> bool {
        matches!(self, Op::PayOrders | Op::CancelAutoRenewalResourcesV1)
    }

    async fn call(self, client: &Client, options: CallOptions) -> Got {
        match self {
            Op::ListCustomerOrders => got(
                client.list_customer_orders().options(options).send().await,
                |e| match e.kind() {
                    ListKind::Common(CommonError::Apigw0301) => "Apigw0301",
                    ListKind::Common(CommonError::Apigw0308) => "Apigw0308",
                    ListKind::Common(CommonError::Cbc0999) => "Cbc0999",
                    ListKind::Unhandled => "Unhandled",
                    _ => "another variant",
                },
            ),
            Op::PayOrders => got(
                client
                    .pay_orders()
                    .order_id("CS1")
                    .use_coupon(YesNo::No)
                    .use_discount(YesNo::No)
                    .options(options)
                    .send()
                    .await,
                |e| match e.kind() {
                    PayKind::Common(CommonError::Apigw0301) => "Apigw0301",
                    PayKind::Common(CommonError::Apigw0308) => "Apigw0308",
                    PayKind::Common(CommonError::Cbc0999) => "Cbc0999",
                    PayKind::Unhandled => "Unhandled",
                    _ => "another variant",
                },
            ),
            Op::ShowRefundOrderDetails => got(
                client
                    .show_refund_order_details()
                    .order_id("CS1904190917GIBHC")
                    .options(options)
                    .send()
                    .await,
                |e| match e.kind() {
                    RefundKind::Cbc99005026 => "Cbc99005026",
                    RefundKind::Unhandled => "Unhandled",
                    _ => "another variant",
                },
            ),
            // Deprecated (the v1 route), and still a documented unsafe top_level operation.
            #[allow(deprecated)]
            Op::CancelAutoRenewalResourcesV1 => got(
                client
                    .cancel_auto_renewal_resources_v1()
                    .resource_id("eb1cac79-773b-414b-8915-6c3eed8ddf24")
                    .action_id(ResourceActionId::Autorenew)
                    .options(options)
                    .send()
                    .await,
                |e| match e.kind() {
                    CancelV1Kind::Cbc99003605 => "Cbc99003605",
                    CancelV1Kind::Unhandled => "Unhandled",
                    _ => "another variant",
                },
            ),
        }
    }
}

/// What a call returned, reduced to what the matrix compares.
#[derive(Debug)]
enum Got {
    Ok,
    Timeout(u32),
    Io(u32),
    Dispatch(u32),
    OutcomeUnknown(u32),
    InvalidResponse {
        status: u16,
        has_request_id: bool,
    },
    Service {
        variant: &'static str,
        status: u16,
        code: Option<String>,
        raw: Option<String>,
        has_request_id: bool,
    },
    UnexpectedSuccess {
        status: u16,
        may_have_taken_effect: bool,
        has_request_id: bool,
    },
    /// Anything else, as `Debug` text (read only through `Debug`, in failure messages).
    #[allow(dead_code)]
    Other(String),
}

fn got<T, K: std::fmt::Debug>(
    result: Result<T, SdkError<OperationError<K>>>,
    variant: fn(&OperationError<K>) -> &'static str,
) -> Got {
    match result {
        Ok(_) => Got::Ok,
        Err(SdkError::Timeout { attempts }) => Got::Timeout(attempts),
        Err(SdkError::Io { attempts, .. }) => Got::Io(attempts),
        Err(SdkError::Dispatch { attempts, .. }) => Got::Dispatch(attempts),
        Err(SdkError::OutcomeUnknown { attempts, .. }) => Got::OutcomeUnknown(attempts),
        Err(SdkError::InvalidResponse {
            status, request_id, ..
        }) => Got::InvalidResponse {
            status,
            has_request_id: request_id.is_some(),
        },
        Err(SdkError::UnexpectedSuccess {
            status,
            request_id,
            may_have_taken_effect,
            ..
        }) => Got::UnexpectedSuccess {
            status,
            may_have_taken_effect,
            has_request_id: request_id.is_some(),
        },
        Err(SdkError::Service(e)) => match e.meta() {
            Some(meta) => Got::Service {
                variant: variant(&e),
                status: meta.status(),
                code: meta.code().map(str::to_string),
                raw: meta.raw_body().map(str::to_string),
                has_request_id: meta.request_id().is_some(),
            },
            None => Got::Other(format!("service error without metadata: {e:?}")),
        },
        Err(other) => Got::Other(format!("{other:?}")),
    }
}

fn matches_want(got: &Got, want: Want) -> bool {
    match (got, want) {
        (Got::Ok, Want::Ok) => true,
        (Got::Timeout(a), Want::Timeout(b))
        | (Got::Io(a), Want::Io(b))
        | (Got::Dispatch(a), Want::Dispatch(b))
        | (Got::OutcomeUnknown(a), Want::OutcomeUnknown(b)) => *a == b,
        (
            Got::InvalidResponse {
                status,
                has_request_id,
            },
            Want::InvalidResponse(s),
        ) => *status == s && *has_request_id,
        (
            Got::UnexpectedSuccess {
                status,
                may_have_taken_effect,
                has_request_id,
            },
            Want::UnexpectedSuccess(s, m),
        ) => *status == s && *may_have_taken_effect == m && *has_request_id,
        (
            Got::Service {
                variant,
                status,
                code,
                raw,
                has_request_id,
            },
            Want::Service {
                variant: v,
                status: s,
                code: c,
                raw: r,
            },
        ) => {
            *variant == v
                && *status == s
                && code.as_deref() == c
                && *has_request_id
                && r.is_none_or(|r| raw.as_deref().is_some_and(|b| b.contains(r)))
        }
        _ => false,
    }
}

impl R {
    fn reply(&self) -> Reply {
        match *self {
            R::Normal => Reply::Example(0),
            R::Late => Reply::Example(0).delayed(LATE),
            R::Hangup => Reply::CloseConnection,
            R::Code(code) => Reply::error(code),
            R::Body {
                status,
                content_type,
                body,
            } => Reply::Raw {
                status,
                content_type: content_type.to_string(),
                body: body.to_vec(),
            },
            R::Header(name, value, inner) => inner.reply().with_header(name, value),
        }
    }
}

fn credentials() -> Credentials {
    Credentials::aksk(fake::ACCESS_KEY, fake::SECRET_KEY).with_domain_id(fake::DOMAIN_ID)
}

/// The matrix's client: 3 attempts, 5–20 ms backoff.
fn client(endpoint: String) -> Client {
    Client::new(
        Config::builder()
            .endpoint(endpoint)
            .credentials(credentials())
            .retry(RetryConfig {
                max_attempts: 3,
                base_delay: Duration::from_millis(5),
                max_delay: Duration::from_millis(20),
            })
            .timeouts(Timeouts {
                attempt: ATTEMPT_TIMEOUT,
                ..Timeouts::default()
            })
            .build()
            .expect("a loopback endpoint makes a valid config"),
    )
}

/// A loopback port that is bound but not listening: connecting to it is refused, and
/// while the socket lives no other test's server can be given the port (a port found by
/// binding and dropping a listener could be handed to a concurrent fake, which would
/// then receive this cell's requests).
fn refusing_port() -> Result<(tokio::net::TcpSocket, std::net::SocketAddr), String> {
    let socket = tokio::net::TcpSocket::new_v4().map_err(|e| e.to_string())?;
    socket
        .bind(std::net::SocketAddr::from(([127, 0, 0, 1], 0)))
        .map_err(|e| e.to_string())?;
    let addr = socket.local_addr().map_err(|e| e.to_string())?;
    Ok((socket, addr))
}

/// Runs one cell; `Err` says what did not match.
async fn run_cell(fault: &'static Fault, cell: Expect) -> Result<(), String> {
    let op = cell.op;
    let options = (fault.options)();
    let started = Instant::now();
    let (got, fake) = match fault.setup {
        Setup::Replies { first, then } => {
            let fake = FakeBss::start().await.map_err(|e| e.to_string())?;
            for r in first {
                fake.script(op.id(), r.reply());
            }
            fake.set_default(op.id(), then.reply());
            let got = op.call(&client(fake.endpoint()), options).await;
            (got, Some(fake))
        }
        Setup::CloseBeforeRead => {
            let fake = FakeBss::start().await.map_err(|e| e.to_string())?;
            fake.fault_next_connection(ConnectionFault::CloseBeforeRead);
            let got = op.call(&client(fake.endpoint()), options).await;
            (got, Some(fake))
        }
        Setup::Refused => {
            let (_reserved, addr) = refusing_port()?;
            let got = op.call(&client(format!("http://{addr}")), options).await;
            (got, None)
        }
        Setup::RefusedThenUp => {
            let (reserved, addr) = refusing_port()?;
            let client = client(format!("http://{addr}"));
            let call = tokio::spawn(async move { op.call(&client, options).await });
            tokio::time::sleep(Duration::from_millis(40)).await;
            drop(reserved);
            let fake = FakeBss::start_on(addr)
                .await
                .map_err(|e| format!("cannot bring the fake up on {addr}: {e}"))?;
            let got = call.await.map_err(|e| format!("the call panicked: {e}"))?;
            (got, Some(fake))
        }
    };
    let elapsed = started.elapsed();

    let mut problems = Vec::new();
    if !matches_want(&got, cell.want) {
        problems.push(format!("expected {:?}, got {got:?}", cell.want));
    }
    let all = fake.as_ref().map(FakeBss::requests).unwrap_or_default();
    let for_op = fake
        .as_ref()
        .map(|f| f.requests_for(op.id()))
        .unwrap_or_default();
    if all.len() != cell.requests || for_op.len() != cell.requests {
        problems.push(format!(
            "expected {} request(s), the fake saw {} ({} for {})",
            cell.requests,
            all.len(),
            for_op.len(),
            op.id()
        ));
    }
    let refused = matches!(fault.setup, Setup::Refused | Setup::RefusedThenUp);
    if op.is_unsafe() && !refused && for_op.len() > 1 {
        problems.push(format!(
            "unsafe operation {} reached the server {} times",
            op.id(),
            for_op.len()
        ));
    }
    for r in &all {
        if !r.problems.is_empty() {
            problems.push(format!("the fake rejected a request: {:?}", r.problems));
        }
    }
    let ms = elapsed.as_millis();
    if ms < u128::from(cell.min_ms) || ms > u128::from(cell.max_ms) {
        problems.push(format!(
            "took {ms} ms, expected {}..={} ms",
            cell.min_ms, cell.max_ms
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fault_matrix() {
    let cells: Vec<(&'static str, Expect)> = FAULTS
        .iter()
        .flat_map(|f| [(f.name, f.read_only), (f.name, f.unsafe_op)])
        .collect();
    assert_eq!(cells.len(), FAULT_CASES);
    // Every fault is checked against a read-only and an unsafe operation.
    for f in FAULTS {
        assert!(
            !f.read_only.op.is_unsafe() && f.unsafe_op.op.is_unsafe(),
            "{}",
            f.name
        );
    }

    let tasks: Vec<_> = FAULTS
        .iter()
        .flat_map(|f| [(f, f.read_only), (f, f.unsafe_op)])
        .map(|(f, cell)| tokio::spawn(run_cell(f, cell)))
        .collect();
    let mut failures = Vec::new();
    for ((name, cell), task) in cells.iter().zip(tasks) {
        let outcome = match task.await {
            Ok(r) => r,
            Err(e) if e.is_panic() => Err(format!("PANIC: {e}")),
            Err(e) => Err(format!("task failed: {e}")),
        };
        if let Err(why) = outcome {
            failures.push(format!("[{name}] {}: {why}", cell.op.id()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {FAULT_CASES} fault cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A path parameter is one path segment, whatever its value: `.` and `..` must not be sent
/// as dot-segments, which the URL parser resolves, so that the request goes to another
/// route (`GET /v2/orders/customer-orders/details/..` becomes `GET
/// /v2/orders/customer-orders/`, which is `ListCustomerOrders`). With AK/SK the signature
/// (over the unresolved path) then fails; with an IAM token nothing stops the other
/// operation from running and its answer from being decoded as this one's. Refusing such a
/// value before sending (`SdkError::InvalidParameter`) is as good as sending it escaped.
#[tokio::test]
async fn dot_segment_path_parameters_do_not_change_the_route() {
    let fake = FakeBss::start().await.unwrap();
    let token = Client::new(
        Config::builder()
            .endpoint(fake.endpoint())
            .credentials(Credentials::token(fake::TOKEN).with_domain_id(fake::DOMAIN_ID))
            .build()
            .unwrap(),
    );
    let mut outcomes = Vec::new();
    for client in [fake.client(), token] {
        for id in ["..", ".", ""] {
            let result = client
                .show_customer_order_details()
                .order_id(id)
                .options(CallOptions::new().no_retries())
                .send()
                .await;
            // Refused before sending, naming the parameter.
            assert!(
                matches!(&result, Err(SdkError::InvalidParameter { name, .. }) if name == "order_id"),
                "order_id {id:?}: {result:?}"
            );
            outcomes.push(format!("order_id {id:?}: {result:?}"));
        }
    }
    let routed: Vec<String> = fake
        .requests()
        .iter()
        .map(|r| format!("{} {} -> {:?}", r.method, r.path, r.operation))
        .collect();
    assert!(
        fake.requests()
            .iter()
            .all(|r| r.operation == Some("ShowCustomerOrderDetails")),
        "requests went to other routes:\n{}\noutcomes:\n{}",
        routed.join("\n"),
        outcomes.join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// Redirects and oversized bodies, across the three retry classes.
// ---------------------------------------------------------------------------------------

/// Operations of every retry class, for the redirect and body-size matrices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Any {
    /// Read-only.
    ListCustomerOrders,
    /// Idempotent.
    SetResourcesRenewConfig,
    /// Unsafe: a payment.
    PayOrders,
    /// Unsafe: a renewal.
    RenewalResources,
    /// Unsafe: an unsubscription.
    CancelResourcesSubscription,
}

const EVERY_CLASS: [Any; 5] = [
    Any::ListCustomerOrders,
    Any::SetResourcesRenewConfig,
    Any::PayOrders,
    Any::RenewalResources,
    Any::CancelResourcesSubscription,
];

/// A call's result, reduced to what the matrices compare.
#[derive(Debug, PartialEq)]
enum Summary {
    Ok,
    Redirect {
        status: u16,
        location: Option<String>,
    },
    TooLarge {
        status: u16,
        limit: u64,
    },
    Service {
        status: u16,
        code: Option<String>,
        excerpt_chars: Option<usize>,
    },
    Other(String),
}

fn summarize<T, E: ServiceError + std::fmt::Debug>(result: Result<T, SdkError<E>>) -> Summary {
    match result {
        Ok(_) => Summary::Ok,
        Err(SdkError::Redirect {
            status, location, ..
        }) => Summary::Redirect { status, location },
        Err(SdkError::ResponseTooLarge { status, limit, .. }) => {
            Summary::TooLarge { status, limit }
        }
        Err(SdkError::Service(e)) => match e.meta() {
            Some(m) => Summary::Service {
                status: m.status(),
                code: m.code().map(str::to_string),
                excerpt_chars: m.raw_body().map(|b| b.chars().count()),
            },
            None => Summary::Other(format!("{e:?}")),
        },
        Err(other) => Summary::Other(format!("{other:?}")),
    }
}

impl Any {
    fn id(self) -> &'static str {
        match self {
            Any::ListCustomerOrders => "ListCustomerOrders",
            Any::SetResourcesRenewConfig => "SetResourcesRenewConfig",
            Any::PayOrders => "PayOrders",
            Any::RenewalResources => "RenewalResources",
            Any::CancelResourcesSubscription => "CancelResourcesSubscription",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Any::ListCustomerOrders => "/v2/orders/customer-orders",
            Any::SetResourcesRenewConfig => "/v2/orders/subscriptions/resources/renew/config",
            Any::PayOrders => "/v3/orders/customer-orders/pay",
            Any::RenewalResources => "/v2/orders/subscriptions/resources/renew",
            Any::CancelResourcesSubscription => "/v2/orders/subscriptions/resources/unsubscribe",
        }
    }

    fn is_read_only(self) -> bool {
        self == Any::ListCustomerOrders
    }

    async fn call(self, client: &Client) -> Summary {
        use bss_sdk::models::{
            AutoPayFlag, RenewConfigName, RenewalExpirePolicy, RenewalPeriodType, UnsubscribeType,
        };
        let opts = CallOptions::new();
        match self {
            Any::ListCustomerOrders => {
                summarize(client.list_customer_orders().options(opts).send().await)
            }
            Any::SetResourcesRenewConfig => summarize(
                client
                    .set_resources_renew_config()
                    .config_name(RenewConfigName::DeductionDate)
                    .config_value("7")
                    .options(opts)
                    .send()
                    .await,
            ),
            Any::PayOrders => summarize(
                client
                    .pay_orders()
                    .order_id("CS2405310903NO7")
                    .use_coupon(YesNo::No)
                    .use_discount(YesNo::No)
                    .options(opts)
                    .send()
                    .await,
            ),
            Any::RenewalResources => summarize(
                client
                    .renewal_resources()
                    .resource_ids(vec!["r-1".to_string()])
                    .period_type(RenewalPeriodType::from(2))
                    .period_num(1)
                    .expire_policy(RenewalExpirePolicy::from(1))
                    .is_auto_pay(AutoPayFlag::from(1))
                    .options(opts)
                    .send()
                    .await,
            ),
            Any::CancelResourcesSubscription => summarize(
                client
                    .cancel_resources_subscription()
                    .resource_ids(vec!["r-1".to_string()])
                    .unsubscribe_type(UnsubscribeType::from(1))
                    .options(opts)
                    .send()
                    .await,
            ),
        }
    }
}

/// Where a redirect points.
#[derive(Clone, Copy, Debug)]
enum Target {
    /// The very URL that was requested (a loop).
    SameUrl,
    /// Another path on the same host.
    SameHost,
    /// Another server (another port on loopback), which must never see a request.
    OtherHost,
}

/// Every 3xx × {same URL, same host, other host} × every retry class: the redirect is a
/// typed error with its status and `Location`, the endpoint saw exactly one request
/// (valid and signed), and the other server saw none — no credential, no second payment.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn redirects_are_never_followed() {
    let statuses = [300u16, 301, 302, 303, 304, 305, 306, 307, 308];
    let targets = [Target::SameUrl, Target::SameHost, Target::OtherHost];
    let mut cells = Vec::new();
    for status in statuses {
        for target in targets {
            for op in EVERY_CLASS {
                cells.push(tokio::spawn(redirect_cell(status, target, op)));
            }
        }
    }
    let total = cells.len();
    assert_eq!(total, 9 * 3 * 5);
    let mut failures = Vec::new();
    for cell in cells {
        match cell.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => failures.push(e),
            Err(e) => failures.push(format!("PANIC: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} redirect cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

async fn redirect_cell(status: u16, target: Target, op: Any) -> Result<(), String> {
    let origin = FakeBss::start().await.map_err(|e| e.to_string())?;
    let other = FakeBss::start().await.map_err(|e| e.to_string())?;
    let location = match target {
        Target::SameUrl => format!("{}{}", origin.endpoint(), op.path()),
        Target::SameHost => format!("{}/v2/elsewhere?x=1", origin.endpoint()),
        Target::OtherHost => format!("{}{}", other.endpoint(), op.path()),
    };
    origin.set_default(
        op.id(),
        Reply::Raw {
            status,
            content_type: "text/plain".into(),
            body: b"moved".to_vec(),
        }
        .with_header("Location", &location),
    );
    let got = op.call(&client(origin.endpoint())).await;
    let name = format!("{status} to {target:?}, {}", op.id());
    let want = Summary::Redirect {
        status,
        location: Some(location.clone()),
    };
    if got != want {
        return Err(format!("{name}: expected {want:?}, got {got:?}"));
    }
    let seen = origin.requests();
    if seen.len() != 1 || seen[0].operation != Some(op.id()) || !seen[0].problems.is_empty() {
        return Err(format!("{name}: the endpoint saw {seen:?}"));
    }
    if !other.requests().is_empty() {
        return Err(format!("{name}: the other host was contacted"));
    }
    Ok(())
}

/// The body cap of the size matrix's client.
const CAP: u64 = 1024 * 1024;

fn capped_client(endpoint: String) -> Client {
    Client::new(
        Config::builder()
            .endpoint(endpoint)
            .credentials(credentials())
            .max_response_bytes(CAP)
            .retry(RetryConfig {
                max_attempts: 3,
                base_delay: Duration::from_millis(5),
                max_delay: Duration::from_millis(20),
            })
            .timeouts(Timeouts {
                attempt: Duration::from_secs(60),
                ..Timeouts::default()
            })
            .build()
            .expect("a loopback endpoint makes a valid config"),
    )
}

/// A success body over the cap, with a `Content-Length`: refused before it is read, for
/// every class, and never retried (the operation succeeded; only its answer is too big).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn oversized_success_bodies_are_refused() {
    for op in EVERY_CLASS {
        let fake = FakeBss::start().await.unwrap();
        let mut body = br#"{"total_count":1,"order_infos":[{"order_id":""#.to_vec();
        body.resize(body.len() + 2 * CAP as usize, b'x');
        body.extend_from_slice(br#""}]}"#);
        fake.set_default(
            op.id(),
            Reply::Raw {
                status: 200,
                content_type: "application/json".into(),
                body,
            },
        );
        let got = op.call(&capped_client(fake.endpoint())).await;
        assert_eq!(
            got,
            Summary::TooLarge {
                status: 200,
                limit: CAP
            },
            "{}",
            op.id()
        );
        assert_eq!(fake.requests_for(op.id()).len(), 1, "{}", op.id());
    }
}

/// A chunked success body that never ends: the cap is enforced while streaming, so the
/// call ends as soon as the cap is passed (not at the attempt timeout), and the client
/// stops reading: what the server could write is bounded by the cap plus socket buffers.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn endless_success_bodies_stop_at_the_cap() {
    for op in EVERY_CLASS {
        let server = crate::raw::RawServer::start(crate::raw::Answer::Endless {
            status: 200,
            chunk: vec![b' '; 64 * 1024],
        })
        .await;
        let started = Instant::now();
        let got = op.call(&capped_client(server.endpoint())).await;
        assert_eq!(
            got,
            Summary::TooLarge {
                status: 200,
                limit: CAP
            },
            "{}",
            op.id()
        );
        assert!(started.elapsed() < Duration::from_secs(20), "{}", op.id());
        assert_eq!(server.requests().len(), 1, "{}: not retried", op.id());
        tokio::time::sleep(Duration::from_millis(200)).await;
        let written = server.written.load(std::sync::atomic::Ordering::SeqCst);
        assert!(
            written < CAP + 64 * 1024 * 1024,
            "{}: the server wrote {written} bytes",
            op.id()
        );
    }
}

/// Error bodies, however large or endless, are kept only as a short excerpt; the call
/// ends without reading them whole. Read-only calls retry the 500 as usual; the others
/// never resend.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn huge_and_endless_error_bodies_are_cut_to_an_excerpt() {
    for op in EVERY_CLASS {
        let fake = FakeBss::start().await.unwrap();
        fake.set_default(
            op.id(),
            Reply::Raw {
                status: 500,
                content_type: "text/html".into(),
                body: vec![b'<'; 16 * 1024 * 1024],
            },
        );
        let got = op.call(&capped_client(fake.endpoint())).await;
        let Summary::Service {
            status: 500,
            code: None,
            excerpt_chars: Some(n),
        } = got
        else {
            panic!("{}: {got:?}", op.id())
        };
        assert!(n <= 513, "{}: an excerpt of {n} characters", op.id());
        let retries = if op == Any::SetResourcesRenewConfig || op.is_read_only() {
            3
        } else {
            1
        };
        assert_eq!(fake.requests_for(op.id()).len(), retries, "{}", op.id());

        let server = crate::raw::RawServer::start(crate::raw::Answer::Endless {
            status: 400,
            chunk: vec![b'x'; 64 * 1024],
        })
        .await;
        let started = Instant::now();
        let got = op.call(&capped_client(server.endpoint())).await;
        assert!(
            matches!(got, Summary::Service { status: 400, excerpt_chars: Some(n), .. } if n <= 513),
            "{}: {got:?}",
            op.id()
        );
        assert!(started.elapsed() < Duration::from_secs(20), "{}", op.id());
        assert_eq!(server.requests().len(), 1, "{}", op.id());
    }
}
