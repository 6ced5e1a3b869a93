//! Spans and events carry the operation, attempts, status and request id, and never a
//! secret: not the SK, not a token, not the Authorization header or signature.
//!
//! A test binary of its own, with one global subscriber: a thread-local `set_default`
//! subscriber races with other tests' threads over tracing's global callsite interest
//! cache, and then sometimes misses the `bss.call` span.

use std::io::Write;
use std::sync::{Arc, Mutex};

use bss_sdk::fake::{FakeBss, Reply, ACCESS_KEY, SECRET_KEY};
use bss_sdk::{Client, Config, Credentials};
use tracing_subscriber::fmt::MakeWriter;

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn traces_name_the_call_but_never_a_secret() {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(capture.clone())
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber)
        .expect("the only subscriber in this binary");

    let fake = FakeBss::start().await.unwrap();
    fake.script("ListCustomerOrders", Reply::error("CBC.0999"));
    let token = "sts-security-token-value";
    let client = Client::new(
        Config::builder()
            .endpoint(fake.endpoint())
            .credentials(Credentials::temporary(ACCESS_KEY, SECRET_KEY, token))
            .build()
            .unwrap(),
    );
    client.list_customer_orders().send().await.unwrap();
    let signature = fake.requests()[0]
        .header("authorization")
        .unwrap()
        .rsplit("Signature=")
        .next()
        .unwrap()
        .to_string();

    let text = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("bss.call") && text.contains("ListCustomerOrders"),
        "{text}"
    );
    assert!(
        text.contains("attempts=2") && text.contains("status=200"),
        "{text}"
    );
    assert!(text.contains("request_id=\"fake-"), "{text}");
    for secret in [
        SECRET_KEY,
        token,
        signature.as_str(),
        "SDK-HMAC-SHA256 Access",
    ] {
        assert!(
            !text.contains(secret),
            "`{secret}` leaked into traces:\n{text}"
        );
    }
}
