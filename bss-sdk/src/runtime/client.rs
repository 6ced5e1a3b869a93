//! The client: runs a call (see [`super::call`]) and decodes its answer into the
//! operation's output.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use serde::de::DeserializeOwned;
use tracing::Instrument;

use super::call::{self, Answer};
use super::config::{CallOptions, Config, ConfigError, Settings};
use super::error::{Failure, SdkError, ServiceError};
use super::request::Request;
use super::site::Site;

/// The BSS client of the site `S` (the default site unless named). Cheap to clone
/// (one shared connection pool); `Send + Sync`, so one client can serve many tasks. Each
/// operation the site offers is a method returning a request builder; an operation of
/// another site is not a method of it, so calling one is a compile error:
///
/// ```no_run
/// # async fn demo(client: bss_sdk::Client) -> Result<(), Box<dyn std::error::Error>> {
/// let orders = client.list_customer_orders().limit(10).send().await?;
/// # Ok(()) }
/// ```
pub struct Client<S = crate::generated::DefaultSite> {
    config: Config<S>,
}

impl<S> Clone for Client<S> {
    fn clone(&self) -> Self {
        Client {
            config: self.config.clone(),
        }
    }
}

impl<S> std::fmt::Debug for Client<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .finish()
    }
}

impl<S> Client<S> {
    /// A client for `config` (of the same site).
    pub fn new(config: Config<S>) -> Self {
        Client { config }
    }

    /// The configuration.
    pub fn config(&self) -> &Config<S> {
        &self.config
    }
}

impl<S: Site> Client<S> {
    /// A client of `site` configured from the environment (see [`Config::from_env_for`]).
    pub fn from_env_for(site: S) -> Result<Self, ConfigError> {
        Config::from_env_for(site).map(Client::new)
    }
}

/// Runs `req` with `settings`: the attempt loop, in a tracing span per call.
async fn execute(settings: &Settings, req: Request, opts: &CallOptions) -> Result<Answer, Failure> {
    let spec = req.spec;
    let span = tracing::info_span!(
        "bss.call",
        operation = spec.id,
        attempts = tracing::field::Empty,
        status = tracing::field::Empty,
        request_id = tracing::field::Empty,
    );
    let result = call::execute(settings, req, opts, settings.site.service.global, &span)
        .instrument(span.clone())
        .await;
    if let Err(f) = &result {
        tracing::debug!(parent: &span, failure = f.kind(), "call failed");
    }
    result
}

/// What the attempt loop came to, before the operation decodes it (opaque outside the
/// runtime).
pub struct Outcome(Result<Answer, Failure>);

/// The future of one call, as an operation's `send()` returns it: the attempt loop (one
/// boxed future, the same code for every operation) and the operation's own step that
/// turns its outcome into the output or the operation's error. Keeping the loop out of
/// each operation's future is what keeps 57 operations from compiling 57 copies of it.
#[must_use = "a call does nothing until it is awaited"]
pub struct Sent<T, E> {
    call: Pin<Box<dyn Future<Output = Outcome> + Send>>,
    finish: fn(Outcome) -> Result<T, SdkError<E>>,
}

impl<T, E> Sent<T, E> {
    /// Starts `req` on `client`; `finish` decodes the outcome.
    pub(crate) fn new(
        settings: Arc<Settings>,
        options: CallOptions,
        req: Request,
        finish: fn(Outcome) -> Result<T, SdkError<E>>,
    ) -> Self {
        Sent {
            call: start(settings, options, req),
            finish,
        }
    }
}

fn start(
    settings: Arc<Settings>,
    options: CallOptions,
    req: Request,
) -> Pin<Box<dyn Future<Output = Outcome> + Send>> {
    Box::pin(async move { Outcome(execute(&settings, req, &options).await) })
}

impl<T, E> Future for Sent<T, E> {
    type Output = Result<T, SdkError<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let finish = self.finish;
        self.call.as_mut().poll(cx).map(finish)
    }
}

impl<T, E> std::fmt::Debug for Sent<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sent { .. }")
    }
}

/// The outcome of an operation with a documented response body, decoded.
pub fn decode_json<T: DeserializeOwned, E: ServiceError>(
    outcome: Outcome,
) -> Result<T, SdkError<E>> {
    let raw = outcome.0.map_err(Failure::into_sdk)?;
    decode(&raw).map_err(|reason| SdkError::InvalidResponse {
        status: raw.status,
        request_id: raw.request_id,
        reason,
    })
}

/// The outcome of an operation that documents no response body.
pub fn decode_empty<E: ServiceError>(outcome: Outcome) -> Result<(), SdkError<E>> {
    let raw = outcome.0.map_err(Failure::into_sdk)?;
    // These operations document no body. A body that is not JSON (a proxy's HTML page
    // with status 200, a truncated reply) means the answer did not come from BSS, so it
    // must not pass for success — least of all for a payment.
    if !raw.body.iter().all(u8::is_ascii_whitespace)
        && serde_json::from_slice::<serde::de::IgnoredAny>(&raw.body).is_err()
    {
        return Err(SdkError::InvalidResponse {
            status: raw.status,
            request_id: raw.request_id,
            reason: "the operation documents no body, and the one sent is not JSON".to_string(),
        });
    }
    Ok(())
}

/// Decodes a success body; a failure names the JSON path of the offending value.
fn decode<T: DeserializeOwned>(raw: &Answer) -> Result<T, String> {
    serde_json::from_slice(&raw.body).map_err(|e| {
        let path = super::json_path::of_error(&raw.body, &e);
        if path.is_empty() {
            format!("body does not match the documented model: {e}")
        } else {
            format!("body does not match the documented model at `{path}`: {e}")
        }
    })
}

// Users spawn calls and keep them in structs: the future must be `Send`, `Unpin` and
// `'static` for every operation's output and error, whatever they are (checked when the crate
// compiles; `Rc` stands for an output that is neither `Send` nor `Sync`).
const _: fn() = || {
    fn holds<T: Send + Unpin + 'static>() {}
    fn for_any<T: 'static, E: 'static>() {
        holds::<Sent<T, E>>();
    }
    for_any::<std::rc::Rc<()>, std::rc::Rc<()>>();
};
