//! The orchestrator of one call: assemble the request once, then attempt, classify and
//! back off until the classification says stop. Each step lives in its own module.

mod assemble;
mod attempt;
mod backoff;
mod classify;

use std::time::Instant;

pub(crate) use attempt::Answer;

use crate::runtime::config::{CallOptions, Config};
use crate::runtime::error::Failure;
use crate::runtime::request::Request;
use classify::Verdict;

pub(crate) async fn execute(
    cfg: &Config,
    req: Request,
    opts: &CallOptions,
    global: bool,
    span: &tracing::Span,
) -> Result<Answer, Failure> {
    let call = assemble::prepare(req, cfg, global)?;
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
        let outcome = attempt::run(cfg, &call, timeout).await;
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
