//! A fake BSS server on loopback, driven by the spec (feature `test-util`).
//!
//! It routes requests by the catalog's methods and paths, checks what the spec says about
//! them (required parameters, limits, required body fields, the AK/SK signature) and
//! answers with a scripted reply or fault, the documented example, or, for an operation
//! without a documented answer, a body generated from its response model. Every request is
//! recorded with the problems found in it, so tests can assert on exactly what was sent.
//!
//! Generated bodies come from the wire schema the generator emits under `test-util`: every
//! field present, enum values from the spec, lengths and ranges within the documented
//! limits, amounts as exact decimals in the field's wire form. They are deterministic per
//! request (the seed is the operation id, path, query and body). List operations without
//! [`FakeBss::set_items`] page through 3–12 generated items with totals and markers
//! consistent with the request's offset and limit, so paginators end.
//!
//! Test code outside Rust (the `fake-bss` binary) scripts the same things with a JSON
//! [`Script`] (`--replies FILE`) and the routes of [`admin`] under `/__fake/`.
//! The same port also serves IAM's `GET /v3/auth/domains` (the domain-id lookup) and the
//! ECS metadata routes (instance credentials), recorded under [`LIST_AUTH_DOMAINS`],
//! [`METADATA_TOKEN`] and [`METADATA_SECURITY_KEY`].
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use bss_sdk::fake::{FakeBss, Reply};
//! let fake = FakeBss::start().await?;
//! fake.script("CancelCustomerOrder", Reply::error("CBC.99005010"));
//! let client = fake.client();
//! let result = client.cancel_customer_order().order_id("CS1").send().await;
//! assert!(result.is_err());
//! assert!(fake.requests()[0].problems.is_empty());
//! # Ok(()) }
//! ```

pub mod admin;
mod body;
mod check;
mod iam;
mod server;

pub use iam::{
    DEFAULT_METADATA_LIFETIME, LIST_AUTH_DOMAINS, METADATA_SECURITY_KEY, METADATA_SESSION_TOKEN,
    METADATA_TOKEN,
};

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use crate::__private::{SiteSpec, SERVICE};
use crate::{Client, Config, Credentials, RetryConfig, Site};
// `config()` and `client()`, for the default site, are generated (`generated/service.rs`).

use server::serve;

/// The access key the fake accepts.
pub const ACCESS_KEY: &str = "FAKEACCESSKEY0000000";
/// The secret key the fake verifies signatures with.
pub const SECRET_KEY: &str = "fake-secret-key-for-loopback-tests-only";
/// The IAM token the fake accepts.
pub const TOKEN: &str = "fake-iam-token";
/// The domain (account) id of the fake's customer.
pub const DOMAIN_ID: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

/// How the fake answers one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// The operation's documented example number `n` (status and body).
    Example(usize),
    /// A JSON body with a status.
    Json {
        /// HTTP status.
        status: u16,
        /// Body.
        body: serde_json::Value,
    },
    /// Raw bytes with a status and content type (HTML pages, truncated JSON, …).
    Raw {
        /// HTTP status.
        status: u16,
        /// `Content-Type`.
        content_type: String,
        /// Body.
        body: Vec<u8>,
    },
    /// An error from the operation's error table (status and meaning from the spec), or
    /// HTTP 400 for a code the table lacks.
    Error(String),
    /// A page of the items set with [`FakeBss::set_items`], sliced by the request's
    /// offset and limit as the operation's pagination spec says.
    Page,
    /// Answer after a delay.
    Delay(Duration, Box<Reply>),
    /// Add headers (e.g. `Retry-After`) to a reply.
    WithHeaders(Vec<(String, String)>, Box<Reply>),
    /// Read the request, then close the connection without answering.
    CloseConnection,
}

impl Reply {
    /// A reply from its JSON form (the admin routes and `--replies FILE` use it):
    ///
    /// - `{"status": 200, "body": {…}}` a JSON body; `{"status": 502, "raw": "text",
    ///   "content_type": "text/html"}` raw text;
    /// - `{"error": "CBC.0999"}` an error of the operation's table;
    /// - `{"example": 0}` a documented example; `{"page": true}` a page of the set items;
    ///   `{"close": true}` a hang-up;
    /// - on any of them, `"delay_ms": 1500` answers late and `"headers": {"Retry-After": "1"}`
    ///   adds headers.
    pub fn from_json(v: &serde_json::Value) -> Result<Reply, String> {
        let obj = v
            .as_object()
            .ok_or_else(|| format!("a reply is a JSON object, not `{v}`"))?;
        let status = || -> Result<u16, String> {
            obj.get("status")
                .and_then(serde_json::Value::as_u64)
                .and_then(|s| u16::try_from(s).ok())
                .filter(|s| (100..=599).contains(s))
                .ok_or_else(|| format!("`status` must be an HTTP status in {v}"))
        };
        let mut reply = if let Some(code) = obj.get("error") {
            Reply::Error(
                code.as_str()
                    .ok_or("`error` must be an error code string")?
                    .to_string(),
            )
        } else if let Some(n) = obj.get("example") {
            Reply::Example(
                n.as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or("`example` must be an index")?,
            )
        } else if obj.get("page") == Some(&serde_json::Value::Bool(true)) {
            Reply::Page
        } else if obj.get("close") == Some(&serde_json::Value::Bool(true)) {
            Reply::CloseConnection
        } else if let Some(raw) = obj.get("raw") {
            Reply::Raw {
                status: status()?,
                content_type: obj
                    .get("content_type")
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or("text/plain")
                    .to_string(),
                body: raw
                    .as_str()
                    .ok_or("`raw` must be a string")?
                    .as_bytes()
                    .to_vec(),
            }
        } else if let Some(body) = obj.get("body") {
            Reply::Json {
                status: status()?,
                body: body.clone(),
            }
        } else {
            return Err(format!(
                "a reply needs one of `body`, `raw`, `error`, `example`, `page`, `close`: {v}"
            ));
        };
        if let Some(h) = obj.get("headers") {
            let h = h.as_object().ok_or("`headers` must be an object")?;
            let mut pairs = Vec::new();
            for (k, v) in h {
                pairs.push((
                    k.clone(),
                    v.as_str().ok_or("header values are strings")?.to_string(),
                ));
            }
            reply = Reply::WithHeaders(pairs, Box::new(reply));
        }
        if let Some(ms) = obj.get("delay_ms") {
            let ms = ms.as_u64().ok_or("`delay_ms` must be a whole number")?;
            reply = Reply::Delay(Duration::from_millis(ms), Box::new(reply));
        }
        Ok(reply)
    }

    /// An error reply for `code`.
    pub fn error(code: &str) -> Reply {
        Reply::Error(code.to_string())
    }
    /// A JSON reply.
    pub fn json(status: u16, body: serde_json::Value) -> Reply {
        Reply::Json { status, body }
    }
    /// This reply after `delay`.
    pub fn delayed(self, delay: Duration) -> Reply {
        Reply::Delay(delay, Box::new(self))
    }
    /// This reply with an extra header.
    pub fn with_header(self, name: &str, value: &str) -> Reply {
        Reply::WithHeaders(vec![(name.to_string(), value.to_string())], Box::new(self))
    }
}

/// Replies, defaults and items to load at once: what `fake-bss --replies FILE` reads and
/// `POST /__fake/script` takes, as JSON:
///
/// ```json
/// {
///   "replies":  { "PayOrders": [{"error": "CBC.99003109"}, {"status": 204, "body": null}] },
///   "defaults": { "ShowCustomerAccountBalances": {"example": 0} },
///   "items":    { "ListCustomerOrders": [{"order_id": "CS1"}, {"order_id": "CS2"}] }
/// }
/// ```
///
/// `replies` queue in order per operation, `defaults` answer once the queue is empty,
/// `items` make a list operation page through them. Every key is an operation id.
#[derive(Clone, Debug, Default)]
pub struct Script {
    replies: Vec<(String, Vec<Reply>)>,
    defaults: Vec<(String, Reply)>,
    items: Vec<(String, Vec<serde_json::Value>)>,
}

impl Script {
    /// Reads the JSON form; names the first thing that is wrong.
    pub fn from_json(v: &serde_json::Value) -> Result<Script, String> {
        let obj = v.as_object().ok_or("a script is a JSON object")?;
        let mut script = Script::default();
        for key in obj.keys() {
            if !["replies", "defaults", "items"].contains(&key.as_str()) {
                return Err(format!(
                    "unknown script key `{key}` (replies, defaults, items)"
                ));
            }
        }
        let section = |name: &str| -> Result<Vec<(String, serde_json::Value)>, String> {
            let Some(m) = obj.get(name) else {
                return Ok(Vec::new());
            };
            let m = m.as_object().ok_or(format!("`{name}` must be an object"))?;
            m.iter()
                .map(|(id, v)| {
                    if admin_known(id) {
                        Ok((id.clone(), v.clone()))
                    } else {
                        Err(format!("`{name}`: no operation `{id}`"))
                    }
                })
                .collect()
        };
        for (id, v) in section("replies")? {
            let list = match v {
                serde_json::Value::Array(a) => a,
                one => vec![one],
            };
            let replies = list
                .iter()
                .map(Reply::from_json)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("replies of {id}: {e}"))?;
            script.replies.push((id, replies));
        }
        for (id, v) in section("defaults")? {
            let reply = Reply::from_json(&v).map_err(|e| format!("default of {id}: {e}"))?;
            script.defaults.push((id, reply));
        }
        for (id, v) in section("items")? {
            let serde_json::Value::Array(items) = v else {
                return Err(format!("items of {id} must be a JSON array"));
            };
            script.items.push((id, items));
        }
        Ok(script)
    }

    pub(crate) fn apply_to(self, st: &mut State) {
        for (id, replies) in self.replies {
            st.scripts.entry(id).or_default().extend(replies);
        }
        for (id, reply) in self.defaults {
            st.defaults.insert(id, reply);
        }
        for (id, items) in self.items {
            st.items.insert(id.clone(), Arc::new(items));
            st.defaults.entry(id).or_insert(Reply::Page);
        }
    }
}

fn admin_known(id: &str) -> bool {
    crate::__private::SERVICE
        .operations
        .iter()
        .any(|o| o.id == id)
}

/// What happens to the next accepted connection before any request is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectionFault {
    /// Close it at once.
    CloseBeforeRead,
}

/// One request the fake received.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// The operation it was routed to, if any.
    pub operation: Option<&'static str>,
    /// HTTP method.
    pub method: String,
    /// Path as sent.
    pub path: String,
    /// Decoded query pairs, in order.
    pub query: Vec<(String, String)>,
    /// Headers (names lower-cased).
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
    /// What is wrong with the request according to the spec; empty when it is valid.
    pub problems: Vec<String>,
}

impl Recorded {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    /// A query parameter's first value.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

#[derive(Default)]
pub(crate) struct State {
    scripts: HashMap<String, VecDeque<Reply>>,
    defaults: HashMap<String, Reply>,
    // Shared, so answering a page clones a pointer, not the whole list.
    items: HashMap<String, Arc<Vec<serde_json::Value>>>,
    connection_faults: VecDeque<ConnectionFault>,
    requests: Vec<Recorded>,
    counter: u64,
    metadata_lifetime: Option<Duration>,
    /// Keep at most this many recorded requests (oldest dropped first); `None` keeps all.
    keep: Option<usize>,
    /// Print one line per request to stdout (the `fake-bss` binary).
    log: bool,
    /// The site it serves: only its operations are routed. `None`: every operation
    /// compiled in.
    pub(crate) site: Option<&'static SiteSpec>,
}

impl State {
    /// The operations a fake serving `site` routes (`None`: every operation compiled in).
    pub(crate) fn operations(
        site: Option<&'static SiteSpec>,
    ) -> &'static [&'static crate::__private::OperationSpec] {
        site.map_or(SERVICE.operations, |s| s.operations)
    }

    /// Records `r`, logging it and dropping the oldest entries beyond the limit.
    pub(crate) fn record(&mut self, r: Recorded) {
        if self.log {
            let op = r.operation.unwrap_or("no such operation");
            if r.problems.is_empty() {
                println!("{} {} -> {op}", r.method, r.path);
            } else {
                println!(
                    "{} {} -> {op}: rejected: {}",
                    r.method,
                    r.path,
                    r.problems.join("; ")
                );
            }
        }
        self.requests.push(r);
        if let Some(keep) = self.keep {
            if self.requests.len() > keep.saturating_mul(2).max(1) {
                let excess = self.requests.len() - keep;
                self.requests.drain(..excess);
            }
        }
    }

    pub(crate) fn reset(&mut self) {
        self.requests.clear();
        self.scripts.clear();
        self.defaults.clear();
        self.items.clear();
        self.connection_faults.clear();
    }
}

/// The ids of the sites compiled in (their Cargo features enabled).
pub fn site_ids() -> Vec<&'static str> {
    SERVICE.sites.iter().map(|s| s.id).collect()
}

fn site_spec(id: &str) -> Option<&'static SiteSpec> {
    SERVICE.sites.iter().copied().find(|s| s.id == id)
}

/// A running fake server. It stops when dropped.
pub struct FakeBss {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for FakeBss {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeBss").field("addr", &self.addr).finish()
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A test that panicked while holding the lock must not poison every later assertion.
    state.lock().unwrap_or_else(|e| e.into_inner())
}

impl FakeBss {
    /// Starts on a free port of 127.0.0.1.
    pub async fn start() -> std::io::Result<FakeBss> {
        Self::start_on(SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Starts on a free port of 127.0.0.1, serving the operations of `site` only (others
    /// answer 404 `APIGW.0101`, as the real gateway does for an API it does not publish).
    pub async fn start_site<S: Site>(site: S) -> std::io::Result<FakeBss> {
        let _ = site;
        Self::start_serving(SocketAddr::from(([127, 0, 0, 1], 0)), Some(S::SPEC)).await
    }

    /// Starts on `addr` (use a loopback address).
    pub async fn start_on(addr: SocketAddr) -> std::io::Result<FakeBss> {
        Self::start_serving(addr, None).await
    }

    /// Starts on `addr`, serving the operations of the site with this id (`intl`, `china`;
    /// see [`site_ids`]) or, with `None`, every operation compiled in.
    pub async fn start_on_site(addr: SocketAddr, site: Option<&str>) -> std::io::Result<FakeBss> {
        let spec = match site {
            None => None,
            Some(id) => Some(site_spec(id).ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    format!(
                        "unknown site `{id}` (compiled in: {})",
                        site_ids().join(", ")
                    ),
                )
            })?),
        };
        Self::start_serving(addr, spec).await
    }

    async fn start_serving(
        addr: SocketAddr,
        site: Option<&'static SiteSpec>,
    ) -> std::io::Result<FakeBss> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(Mutex::new(State {
            site,
            ..State::default()
        }));
        let task = tokio::spawn(serve(listener, state.clone()));
        Ok(FakeBss { addr, state, task })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// AK/SK credentials the fake accepts, with its domain id.
    pub fn credentials(&self) -> Credentials {
        Credentials::aksk(ACCESS_KEY, SECRET_KEY).with_domain_id(DOMAIN_ID)
    }

    /// A configuration of `site` pointed at the fake, with fast retries (10 ms base, 100 ms
    /// cap).
    pub fn config_for<S: Site>(&self, site: S) -> Config<S> {
        Config::builder_for(site)
            .endpoint(self.endpoint())
            .credentials(self.credentials())
            .retry(RetryConfig {
                max_attempts: 3,
                base_delay: Duration::from_millis(10),
                max_delay: Duration::from_millis(100),
            })
            .build()
            .expect("a loopback endpoint and fixed credentials always make a valid config")
    }

    /// A client of `site` pointed at the fake.
    pub fn client_for<S: Site>(&self, site: S) -> Client<S> {
        Client::new(self.config_for(site))
    }

    /// Queues `reply` for the next request to operation `id` (replies queue in order).
    pub fn script(&self, id: &str, reply: Reply) {
        lock(&self.state)
            .scripts
            .entry(id.to_string())
            .or_default()
            .push_back(reply);
    }

    /// Answers every request to `id` with `reply` once the queue is empty.
    pub fn set_default(&self, id: &str, reply: Reply) {
        lock(&self.state).defaults.insert(id.to_string(), reply);
    }

    /// Sets the items a paginated operation lists; it then answers with pages of them.
    pub fn set_items(&self, id: &str, items: Vec<serde_json::Value>) {
        let mut st = lock(&self.state);
        st.items.insert(id.to_string(), Arc::new(items));
        st.defaults.insert(id.to_string(), Reply::Page);
    }

    /// How long the credentials of the fake's metadata route last from the moment they are
    /// handed out (default [`DEFAULT_METADATA_LIFETIME`]).
    pub fn set_metadata_lifetime(&self, lifetime: Duration) {
        lock(&self.state).metadata_lifetime = Some(lifetime);
    }

    /// Keeps at most about `keep` recorded requests (the oldest go first; between `keep`
    /// and twice as many are held), so a long-running fake stays small.
    pub fn keep_requests(&self, keep: usize) {
        lock(&self.state).keep = Some(keep);
    }

    /// Prints one line per request to stdout (operation and problems), as `fake-bss` does.
    pub fn log_requests(&self, on: bool) {
        lock(&self.state).log = on;
    }

    /// Applies `fault` to the next accepted connection.
    pub fn fault_next_connection(&self, fault: ConnectionFault) {
        lock(&self.state).connection_faults.push_back(fault);
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.state).requests.clone()
    }

    /// Every request received so far, removing them from the log (one step, so nothing
    /// that arrives meanwhile is lost).
    pub fn take_requests(&self) -> Vec<Recorded> {
        std::mem::take(&mut lock(&self.state).requests)
    }

    /// The requests routed to operation `id`.
    pub fn requests_for(&self, id: &str) -> Vec<Recorded> {
        lock(&self.state)
            .requests
            .iter()
            .filter(|r| r.operation == Some(id))
            .cloned()
            .collect()
    }

    /// Loads replies, defaults and items at once (see [`Script`]).
    pub fn load_script(&self, script: Script) {
        script.apply_to(&mut lock(&self.state));
    }

    /// Forgets recorded requests and scripts.
    pub fn reset(&self) {
        lock(&self.state).reset();
    }
}

impl Drop for FakeBss {
    fn drop(&mut self) {
        self.task.abort();
    }
}
