//! How long to wait before the next attempt. Pure arithmetic on durations, saturating
//! everywhere: no configuration or `Retry-After` value can overflow or panic.

use std::time::{Duration, Instant};

use crate::runtime::config::RetryConfig;

/// The delay before attempt `attempt + 1`: the server's `Retry-After` if it sent one,
/// otherwise capped exponential backoff with full jitter; never more than `max_delay`.
/// `jitter` is a uniform sample in `[0, 1)`.
pub(crate) fn delay(
    retry: &RetryConfig,
    attempt: u32,
    retry_after: Option<Duration>,
    jitter: f64,
) -> Duration {
    match retry_after {
        Some(d) => d.min(retry.max_delay),
        None => {
            let doublings = attempt.saturating_sub(1).min(30);
            let cap = retry
                .base_delay
                .saturating_mul(1u32 << doublings)
                .min(retry.max_delay);
            // Full jitter spreads the retries of many clients. `mul_f64` panics when the
            // product overflows, so the float result is converted back with a check.
            let jitter = if jitter.is_finite() {
                jitter.clamp(0.0, 1.0)
            } else {
                0.0
            };
            Duration::try_from_secs_f64(cap.as_secs_f64() * jitter).map_or(cap, |d| d.min(cap))
        }
    }
}

/// The instant `after` from `now`, or `None` when it is past any representable instant.
pub(crate) fn deadline_after(now: Instant, after: Duration) -> Option<Instant> {
    now.checked_add(after)
}

/// Whether waiting `delay` from `now` still ends before `deadline` (`None`: no deadline).
pub(crate) fn fits(now: Instant, delay: Duration, deadline: Option<Instant>) -> bool {
    match (deadline, now.checked_add(delay)) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(d), Some(end)) => end < d,
    }
}

/// The time left until `deadline` (`None`: unbounded).
pub(crate) fn remaining(now: Instant, deadline: Option<Instant>) -> Option<Duration> {
    deadline.map(|d| d.saturating_duration_since(now))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retry(base: Duration, max: Duration) -> RetryConfig {
        RetryConfig {
            max_attempts: 5,
            base_delay: base,
            max_delay: max,
        }
    }

    #[test]
    fn extreme_settings_never_overflow() {
        let huge = retry(Duration::MAX, Duration::MAX);
        for attempt in [0, 1, 2, 31, 32, u32::MAX] {
            for jitter in [0.0, 0.5, 0.999_999, 1.0, f64::NAN, f64::INFINITY, -1.0] {
                let d = delay(&huge, attempt, None, jitter);
                assert!(d <= Duration::MAX);
                let d = delay(&huge, attempt, Some(Duration::MAX), jitter);
                assert_eq!(d, Duration::MAX);
            }
        }
        let now = Instant::now();
        assert_eq!(deadline_after(now, Duration::MAX), None);
        assert!(!fits(
            now,
            Duration::MAX,
            Some(now + Duration::from_secs(1))
        ));
        assert!(fits(now, Duration::MAX, None));
        assert_eq!(remaining(now, None), None);
    }

    #[test]
    fn retry_after_is_capped_and_backoff_grows() {
        let r = retry(Duration::from_millis(100), Duration::from_secs(1));
        assert_eq!(
            delay(&r, 1, Some(Duration::from_secs(3600)), 0.5),
            Duration::from_secs(1)
        );
        assert_eq!(
            delay(&r, 1, Some(Duration::from_millis(7)), 0.5),
            Duration::from_millis(7)
        );
        // Jitter 1.0 gives the cap: 100 ms, 200 ms, 400 ms, 800 ms, then 1 s.
        let caps: Vec<u128> = (1..=6)
            .map(|a| delay(&r, a, None, 1.0).as_millis())
            .collect();
        assert_eq!(caps, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(delay(&r, 3, None, 0.0), Duration::ZERO);
        assert_eq!(delay(&r, 3, None, 0.25), Duration::from_millis(100));
    }
}
