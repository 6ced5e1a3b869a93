//! The client's credentials: fixed ones, or a provider's behind a cache that refreshes them
//! before they expire. Concurrent calls share one refresh; expired credentials are never
//! handed out.

use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use super::credentials::Credentials;
use super::provider::{CredentialsError, CredentialsErrorKind, ProvideCredentials};

/// After a failed refresh, credentials that are still valid are used for this long before
/// the provider is asked again, so a broken source is not hit on every call.
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(5);

/// The default margin: credentials are refreshed when they have less than this left.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);

#[derive(Clone)]
pub(crate) enum CredentialSource {
    Fixed(Credentials),
    Cached(Arc<Cache>),
}

impl fmt::Debug for CredentialSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialSource::Fixed(c) => c.fmt(f),
            CredentialSource::Cached(c) => f
                .debug_struct("CachedCredentials")
                .field("provider", &c.provider)
                .field("refresh_margin", &c.margin)
                .finish(),
        }
    }
}

/// Credentials for one attempt.
pub(crate) enum Current<'a> {
    Borrowed(&'a Credentials),
    Shared(Arc<Credentials>),
}

impl Deref for Current<'_> {
    type Target = Credentials;
    fn deref(&self) -> &Credentials {
        match self {
            Current::Borrowed(c) => c,
            Current::Shared(c) => c,
        }
    }
}

fn expired(c: &Credentials, now: SystemTime) -> bool {
    c.expiry().is_some_and(|e| e <= now)
}

/// When credentials fetched at `fetched` should be fetched again: `margin` before their
/// expiry, or halfway through their life when that is shorter than the margin (so that
/// short-lived credentials are not fetched again on every call).
fn refresh_at(c: &Credentials, fetched: SystemTime, margin: Duration) -> Option<SystemTime> {
    let expiry = c.expiry()?;
    let life = expiry.duration_since(fetched).unwrap_or_default();
    Some(expiry - margin.min(life / 2))
}

impl CredentialSource {
    /// `timeout` bounds each request to the provider, so a hung source cannot hold every
    /// call forever.
    pub(crate) fn provider(
        p: Arc<dyn ProvideCredentials>,
        margin: Duration,
        timeout: Duration,
    ) -> Self {
        CredentialSource::Cached(Arc::new(Cache {
            provider: p,
            margin,
            timeout,
            state: Mutex::new(State::default()),
            refresh: tokio::sync::Mutex::new(()),
        }))
    }

    /// The credentials to sign the next attempt with.
    pub(crate) async fn current(&self) -> Result<Current<'_>, CredentialsError> {
        match self {
            CredentialSource::Fixed(c) => {
                // The clock is read only for credentials that can expire.
                if c.expiry().is_some_and(|e| e <= SystemTime::now()) {
                    return Err(CredentialsError::new(
                        "explicit credentials",
                        CredentialsErrorKind::Expired,
                        "they have expired and nothing can refresh them; set a credentials provider",
                    ));
                }
                Ok(Current::Borrowed(c))
            }
            CredentialSource::Cached(cache) => cache.current().await.map(Current::Shared),
        }
    }
}

pub(crate) struct Cache {
    provider: Arc<dyn ProvideCredentials>,
    margin: Duration,
    timeout: Duration,
    state: Mutex<State>,
    /// Held while the provider is asked, so concurrent calls share one refresh.
    refresh: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct State {
    current: Option<Arc<Credentials>>,
    /// When `current` is due for a refresh (`None`: never).
    refresh_at: Option<SystemTime>,
    /// Counts refreshes, so a caller that waited for one can tell it happened.
    generation: u64,
    /// The last refresh's error, with its generation and time.
    failure: Option<(u64, Instant, CredentialsError)>,
}

impl Cache {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn current(&self) -> Result<Arc<Credentials>, CredentialsError> {
        let seen = {
            let s = self.state();
            if let Some(c) = &s.current {
                if s.refresh_at.is_none_or(|at| SystemTime::now() < at) {
                    return Ok(c.clone());
                }
            }
            s.generation
        };
        let _refreshing = self.refresh.lock().await;
        let now = SystemTime::now();
        {
            let s = self.state();
            let usable = s.current.as_ref().filter(|c| !expired(c, now));
            // Another caller refreshed while this one waited: share its result.
            if s.generation != seen {
                if let Some(c) = usable {
                    return Ok(c.clone());
                }
                if let Some((g, _, e)) = &s.failure {
                    if *g == s.generation {
                        return Err(e.clone());
                    }
                }
            }
            // A refresh failed moments ago and the old credentials are still valid.
            if let (Some(c), Some((_, at, _))) = (usable, &s.failure) {
                if at.elapsed() < RETRY_AFTER_FAILURE {
                    return Ok(c.clone());
                }
            }
        }
        let asked = tokio::time::timeout(self.timeout, self.provider.provide_credentials()).await;
        let result = asked
            .unwrap_or_else(|_| {
                Err(CredentialsError::unavailable(
                    "credentials provider",
                    format!("no answer within {:?}", self.timeout),
                ))
            })
            .and_then(|c| {
                let now = SystemTime::now();
                c.check()
                    .map_err(|e| CredentialsError::invalid("credentials provider", e))?;
                if expired(&c, now) {
                    return Err(CredentialsError::new(
                        "credentials provider",
                        CredentialsErrorKind::Expired,
                        "it returned credentials that have already expired",
                    ));
                }
                Ok(c)
            });
        let mut s = self.state();
        s.generation += 1;
        match result {
            Ok(c) => {
                let c = Arc::new(c);
                s.refresh_at = refresh_at(&c, SystemTime::now(), self.margin);
                s.current = Some(c.clone());
                s.failure = None;
                Ok(c)
            }
            Err(e) => {
                let g = s.generation;
                s.failure = Some((g, Instant::now(), e.clone()));
                match s
                    .current
                    .as_ref()
                    .filter(|c| !expired(c, SystemTime::now()))
                {
                    Some(c) => {
                        tracing::warn!(error = %e, "refreshing credentials failed; the current ones are still valid");
                        Ok(c.clone())
                    }
                    None => {
                        s.current = None;
                        Err(e)
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::provider::ProvideFuture;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[derive(Debug)]
    struct Counting {
        calls: AtomicU32,
        lifetime: Duration,
        fail_from: u32,
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> ProvideFuture<'_> {
            Box::pin(async move {
                let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
                if n >= self.fail_from {
                    return Err(CredentialsError::unavailable("counting", "down"));
                }
                Ok(Credentials::temporary(format!("AK{n}"), "SK", "T")
                    .with_expiry(SystemTime::now() + self.lifetime))
            })
        }
    }

    fn source(
        lifetime: Duration,
        margin: Duration,
        fail_from: u32,
    ) -> (CredentialSource, Arc<Counting>) {
        let p = Arc::new(Counting {
            calls: AtomicU32::new(0),
            lifetime,
            fail_from,
        });
        (
            CredentialSource::provider(p.clone(), margin, Duration::from_secs(5)),
            p,
        )
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_share_one_refresh() {
        let (src, p) = source(Duration::from_secs(3600), Duration::from_secs(60), u32::MAX);
        let src = Arc::new(src);
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let src = src.clone();
                tokio::spawn(async move {
                    src.current()
                        .await
                        .unwrap()
                        .access_key()
                        .unwrap()
                        .to_string()
                })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap(), "AK1");
        }
        assert_eq!(p.calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn refreshes_inside_the_margin_and_never_hands_out_expired_ones() {
        // Lifetime 600 ms, margin 200 ms: fresh for 400 ms, then refreshed.
        let (src, p) = source(Duration::from_millis(600), Duration::from_millis(200), 3);
        assert_eq!(src.current().await.unwrap().access_key(), Some("AK1"));
        assert_eq!(src.current().await.unwrap().access_key(), Some("AK1"));
        tokio::time::sleep(Duration::from_millis(450)).await;
        assert_eq!(src.current().await.unwrap().access_key(), Some("AK2"));
        assert_eq!(p.calls.load(Ordering::SeqCst), 2);
        // The third refresh fails; AK2 is still valid, so it is used...
        tokio::time::sleep(Duration::from_millis(450)).await;
        assert_eq!(src.current().await.unwrap().access_key(), Some("AK2"));
        // ...until it expires; then the failure is the answer.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let e = src.current().await.err().unwrap();
        assert_eq!(e.source_name(), "counting");
        assert_eq!(e.kind(), CredentialsErrorKind::Unavailable);
    }

    #[tokio::test]
    async fn credentials_shorter_lived_than_the_margin_are_kept_for_half_their_life() {
        // Lifetime 400 ms against a 1 h margin: refreshed after about 200 ms, not per call.
        let (src, p) = source(
            Duration::from_millis(400),
            Duration::from_secs(3600),
            u32::MAX,
        );
        for _ in 0..5 {
            assert_eq!(src.current().await.unwrap().access_key(), Some("AK1"));
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        assert_eq!(src.current().await.unwrap().access_key(), Some("AK2"));
        assert_eq!(p.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn expired_fixed_credentials_are_refused() {
        let c =
            Credentials::aksk("AK", "SK").with_expiry(SystemTime::now() - Duration::from_secs(1));
        let e = CredentialSource::Fixed(c).current().await.err().unwrap();
        assert_eq!(e.kind(), CredentialsErrorKind::Expired);
    }
}
