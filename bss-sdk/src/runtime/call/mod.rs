//! The orchestrator of one call: assemble the request once, then attempt, classify and
//! back off until the classification says stop. Each step lives in its own module.

mod assemble;
mod attempt;
mod backoff;
mod classify;

use std::time::Instant;

pub(crate) use attempt::Answer;

use crate::runtime::config::{CallOptions, Settings};
use crate::runtime::error::Failure;
use crate::runtime::request::Request;
use classify::Verdict;

pub(crate) async fn execute(
    cfg: &Settings,
    req: Request,
    opts: &CallOptions,
    global: bool,
    span: &tracing::Span,
) -> Result<Answer, Failure> {
    let mut req = req;
    assemble::check(&mut req)?;
    let first = cfg
        .credentials
        .current()
        .await
        .map_err(Failure::Credentials)?;
    // BSS is a global service: signed requests carry X-Domain-Id, and some paths hold it.
    let needs_domain = !req.domain_id_params.is_empty() || (global && first.signs());
    let lookup = first.domain_id().is_none() && needs_domain && cfg.domain.enabled();
    let domain_id = match first.domain_id() {
        Some(d) => Some(d),
        None if lookup => Some(
            cfg.looked_up_domain_id(&first)
                .await
                .map_err(Failure::Credentials)?,
        ),
        None => None,
    };
    let call = assemble::prepare(req, cfg, global, domain_id)?;
    // After a lookup (a network call) the credentials are fetched again, in case they
    // expired meanwhile.
    let mut first = (!lookup).then_some(first);
    let retry = opts.retry.as_ref().unwrap_or(&cfg.retry);
    let attempt_timeout = opts.attempt_timeout.unwrap_or(cfg.timeouts.attempt);
    let total = opts.total_timeout.unwrap_or(cfg.timeouts.total);
    // A total too large to represent means "no deadline", not an overflow.
    let deadline = backoff::deadline_after(Instant::now(), total);
    let max_attempts = retry.max_attempts.max(1);

    let mut attempt = 0;
    loop {
        attempt += 1;
        span.record("attempts", attempt);
        let timeout = match backoff::remaining(Instant::now(), deadline) {
            Some(left) => attempt_timeout.min(left),
            None => attempt_timeout,
        };
        // Each attempt signs with the credentials current at that moment.
        let creds = match first.take() {
            Some(c) => c,
            None => cfg
                .credentials
                .current()
                .await
                .map_err(Failure::Credentials)?,
        };
        let outcome = attempt::run(cfg, &call, &creds, attempt, timeout).await;
        if let attempt::Outcome::Answered(a) = &outcome {
            span.record("status", a.status);
            if let Some(r) = &a.request_id {
                span.record("request_id", r.as_str());
            }
        }
        match classify::classify(outcome, call.spec, attempt) {
            Verdict::Done(answer) => return Ok(answer),
            Verdict::Fail(failure) => return Err(failure),
            Verdict::Retry { after, otherwise } => {
                if attempt >= max_attempts {
                    return Err(otherwise);
                }
                let delay = backoff::delay(retry, attempt, after, fastrand::f64());
                if !backoff::fits(Instant::now(), delay, deadline) {
                    return Err(otherwise);
                }
                tracing::debug!(attempt, ?delay, "retrying");
                tokio::time::sleep(delay).await;
            }
        }
    }
}
