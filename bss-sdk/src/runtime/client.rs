//! The client: runs a call (see [`super::call`]) and decodes its answer into the
//! operation's output.

use std::sync::Arc;

use serde::de::DeserializeOwned;
use tracing::Instrument;

use super::call::{self, Answer};
use super::config::{CallOptions, Config, ConfigError};
use super::error::{Failure, SdkError, ServiceError};
use super::request::Request;

/// The BSS client. Cheap to clone (one shared connection pool); `Send + Sync`, so one
/// client can serve many tasks. Each operation is a method returning a request builder:
///
/// ```no_run
/// # async fn demo(client: bss_sdk::Client) -> Result<(), Box<dyn std::error::Error>> {
/// let orders = client.list_customer_orders().limit(10).send().await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    config: Arc<Config>,
}

impl Client {
    /// A client for `config`.
    pub fn new(config: Config) -> Self {
        Client {
            config: Arc::new(config),
        }
    }

    /// A client configured from the environment (see [`Config::from_env`]).
    pub fn from_env() -> Result<Self, ConfigError> {
        Config::from_env().map(Client::new)
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    pub(crate) async fn send_json<T: DeserializeOwned, E: ServiceError>(
        &self,
        req: Request,
        opts: &CallOptions,
    ) -> Result<T, SdkError<E>> {
        let raw = self.execute(req, opts).await.map_err(Failure::into_sdk)?;
        decode(&raw).map_err(|reason| SdkError::InvalidResponse {
            status: raw.status,
            request_id: raw.request_id,
            reason,
        })
    }

    pub(crate) async fn send_empty<E: ServiceError>(
        &self,
        req: Request,
        opts: &CallOptions,
    ) -> Result<(), SdkError<E>> {
        let raw = self.execute(req, opts).await.map_err(Failure::into_sdk)?;
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

    async fn execute(&self, req: Request, opts: &CallOptions) -> Result<Answer, Failure> {
        let spec = req.spec;
        let span = tracing::info_span!(
            "bss.call",
            operation = spec.id,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        let result = call::execute(&self.config, req, opts, self.config.service.global, &span)
            .instrument(span.clone())
            .await;
        if let Err(f) = &result {
            tracing::debug!(parent: &span, failure = f.kind(), "call failed");
        }
        result
    }
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
