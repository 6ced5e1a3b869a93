//! What an attempt's outcome means for the call, by the operation's retry class. Pure:
//! no I/O and no clock, so every rule is unit-tested without HTTP.

use std::time::Duration;

use super::attempt::{Answer, Outcome};
use crate::runtime::error::{scalar_text, ErrorMeta, Failure};
use crate::runtime::spec::{OperationSpec, RetryClass};

/// The decision on one attempt.
#[derive(Debug)]
pub(crate) enum Verdict {
    /// The documented success.
    Done(Answer),
    /// Worth another attempt (after the server's `Retry-After`, if it sent one); if no
    /// attempt or time is left, the call ends with `otherwise`.
    Retry {
        after: Option<Duration>,
        otherwise: Failure,
    },
    /// The call ends with this failure.
    Fail(Failure),
}

/// Statuses that say "try again later" without saying the request was rejected.
fn is_transient(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

pub(crate) fn classify(outcome: Outcome, spec: &OperationSpec, attempt: u32) -> Verdict {
    let resend = spec.retry.may_resend();
    match outcome {
        // Nothing left the client: even a payment may be sent again.
        Outcome::NotSent(source) => Verdict::Retry {
            after: None,
            otherwise: Failure::Dispatch {
                attempts: attempt,
                source,
            },
        },
        Outcome::Unbuildable(reason) => Verdict::Fail(Failure::Config(reason)),
        Outcome::TimedOut if !resend => Verdict::Fail(Failure::OutcomeUnknown {
            attempts: attempt,
            source: "the attempt timed out".into(),
        }),
        Outcome::TimedOut => Verdict::Retry {
            after: None,
            otherwise: Failure::Timeout { attempts: attempt },
        },
        Outcome::Broken { source, .. } if !resend => Verdict::Fail(Failure::OutcomeUnknown {
            attempts: attempt,
            source,
        }),
        Outcome::Broken { source, timeout } => Verdict::Retry {
            after: None,
            otherwise: if timeout {
                Failure::Timeout { attempts: attempt }
            } else {
                Failure::Io {
                    attempts: attempt,
                    source,
                }
            },
        },
        Outcome::Followed { status, url } => Verdict::Fail(Failure::Redirect {
            status,
            location: Some(url),
            request_id: None,
        }),
        Outcome::TooLarge {
            status,
            request_id,
            limit,
        } => Verdict::Fail(Failure::TooLarge {
            status,
            limit,
            request_id,
        }),
        Outcome::Answered(answer) => classify_answer(answer, spec, resend),
    }
}

fn classify_answer(answer: Answer, spec: &OperationSpec, resend: bool) -> Verdict {
    let status = answer.status;
    if (200..300).contains(&status) {
        // BSS reports some failures inside a success status; whatever the operation
        // documents, a top-level code other than CBC.0000 is never a success.
        if let Some(meta) = embedded_error(status, answer.request_id.as_deref(), &answer.body) {
            return Verdict::Fail(Failure::Service(meta));
        }
        if status != spec.success_status {
            return Verdict::Fail(Failure::UnexpectedSuccess {
                status,
                expected: spec.success_status,
                request_id: answer.request_id,
                may_have_taken_effect: spec.retry != RetryClass::ReadOnly,
            });
        }
        return Verdict::Done(answer);
    }
    if (300..400).contains(&status) {
        // Never followed: a redirect would send the request (and its credentials) to
        // another place, and an unsafe request a second time.
        return Verdict::Fail(Failure::Redirect {
            status,
            location: answer.location,
            request_id: answer.request_id,
        });
    }
    let meta = ErrorMeta::from_response(status, answer.request_id, &answer.body);
    // The server answered, so the request reached it: only resendable classes retry.
    if resend && is_transient(status) {
        Verdict::Retry {
            after: answer.retry_after,
            otherwise: Failure::Service(meta),
        }
    } else {
        Verdict::Fail(Failure::Service(meta))
    }
}

/// An `error_code` other than `CBC.0000` at the top of a success body.
fn embedded_error(status: u16, request_id: Option<&str>, body: &[u8]) -> Option<ErrorMeta> {
    if !may_name_an_error_code(body) {
        return None;
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let probe = serde::Deserializer::deserialize_any(&mut de, TopLevel::default()).ok()?;
    let code = probe.code?;
    Some(ErrorMeta::embedded(
        status,
        request_id.map(str::to_string),
        code,
        probe.message,
    ))
}

/// Whether `body` holds `error_code`, `errorCode` or `\u` anywhere. Most success bodies
/// never mention an error code, and the parse is skipped for them; a key can also be spelt
/// with escapes (`error\u005fcode`), so a body with any `\u` is parsed. Two quick scans
/// (one byte, one word) instead of one search per spelling.
fn may_name_an_error_code(body: &[u8]) -> bool {
    static RROR: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"rror"));
    memchr::memchr_iter(b'\\', body).any(|i| body.get(i + 1) == Some(&b'u'))
        || RROR.find_iter(body).any(|i| {
            let after = &body[i + 4..];
            i > 0
                && body[i - 1] == b'e'
                && (after.starts_with(b"_code") || after.starts_with(b"Code"))
        })
}

/// The top-level error code and message of a JSON object. Duplicate keys cannot hide a
/// failure: any code other than `CBC.0000` wins over a success code, whatever the order.
#[derive(Default)]
struct TopLevel {
    code: Option<String>,
    message: Option<String>,
}

impl<'de> serde::de::Visitor<'de> for TopLevel {
    type Value = TopLevel;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut map: A) -> Result<TopLevel, A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match &*key {
                "error_code" | "errorCode" => {
                    let code = scalar_text(&map.next_value::<serde_json::Value>()?);
                    if let Some(c) = code.filter(|c| !c.is_empty() && c != "CBC.0000") {
                        self.code.get_or_insert(c);
                    }
                }
                "error_msg" | "errorMsg" => {
                    if let Some(m) = scalar_text(&map.next_value::<serde_json::Value>()?) {
                        self.message.get_or_insert(m);
                    }
                }
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(self)
    }

    // Anything but an object carries no top-level code.
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<TopLevel, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(self)
    }
    fn visit_str<E>(self, _: &str) -> Result<TopLevel, E> {
        Ok(self)
    }
    fn visit_bool<E>(self, _: bool) -> Result<TopLevel, E> {
        Ok(self)
    }
    fn visit_i64<E>(self, _: i64) -> Result<TopLevel, E> {
        Ok(self)
    }
    fn visit_u64<E>(self, _: u64) -> Result<TopLevel, E> {
        Ok(self)
    }
    fn visit_f64<E>(self, _: f64) -> Result<TopLevel, E> {
        Ok(self)
    }
    fn visit_unit<E>(self) -> Result<TopLevel, E> {
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::spec::EmbeddedErrors;

    #[test]
    fn the_prefilter_passes_exactly_the_bodies_that_mention_a_spelling() {
        let naive = |b: &[u8]| {
            [&b"error_code"[..], b"errorCode", b"\\u"]
                .iter()
                .any(|n| b.windows(n.len()).any(|w| w == *n))
        };
        let bodies: &[&[u8]] = &[
            b"",
            b"{}",
            br#"{"error_code":"CBC.0000"}"#,
            br#"{"errorCode":"x"}"#,
            br#"{"error\u005fcode":"x"}"#,
            br#"{"msg":"a \" quote"}"#,
            br#"{"msg":"\\"}"#,
            b"\\",
            b"\\u",
            b"rror_code",
            b"error_cod",
            b"errorcode",
            b"terror_codes",
            b"mirror Code error",
            b"error error_code",
            b"errorerrorCode",
            br#"{"error_msg":"ok","error":"none"}"#,
            "{\"名\":\"error_code\"}".as_bytes(),
        ];
        for b in bodies {
            assert_eq!(
                may_name_an_error_code(b),
                naive(b),
                "{}",
                String::from_utf8_lossy(b)
            );
        }
    }

    fn spec(retry: RetryClass, success_status: u16) -> OperationSpec {
        OperationSpec {
            id: "Op",
            method: "POST",
            path: "/v1/op",
            retry,
            success_status,
            embedded_errors: EmbeddedErrors::None,
            params: &[],
            has_body: true,
            body_required: &[],
            body_limits: &[],
            errors: &[],
            examples: &[],
            pagination: None,
            deprecated: false,
        }
    }

    fn answer(status: u16, body: &str) -> Outcome {
        Outcome::Answered(Answer {
            status,
            request_id: Some("req-1".into()),
            retry_after: Some(Duration::from_secs(2)),
            location: Some("http://elsewhere.example/x".into()),
            body: bytes::Bytes::copy_from_slice(body.as_bytes()),
        })
    }

    const CLASSES: [RetryClass; 3] = [
        RetryClass::ReadOnly,
        RetryClass::Idempotent,
        RetryClass::Unsafe,
    ];

    #[test]
    fn documented_success_is_done_and_an_embedded_code_is_not() {
        for class in CLASSES {
            let s = spec(class, 204);
            assert!(matches!(classify(answer(204, ""), &s, 1), Verdict::Done(_)));
            let v = classify(
                answer(204, r#"{"error_code":"CBC.0000","error_msg":"ok"}"#),
                &s,
                1,
            );
            assert!(matches!(v, Verdict::Done(_)));
            let camel = classify(
                answer(204, r#"{"errorCode":"CBC.99003106","errorMsg":"no"}"#),
                &s,
                1,
            );
            assert!(
                matches!(camel, Verdict::Fail(Failure::Service(_))),
                "{camel:?}"
            );
            // Duplicate keys, in either order, cannot turn a failure into a success.
            for body in [
                r#"{"error_code":"CBC.0000","error_code":"CBC.99003106"}"#,
                r#"{"error_code":"CBC.99003106","errorCode":"CBC.0000"}"#,
                r#"{"error_msg":"x","error_code":"CBC.99003106","error_code":"CBC.99003106"}"#,
                r#"{"error\u005fcode":"CBC.99003106"}"#,
            ] {
                let v = classify(answer(204, body), &s, 1);
                let Verdict::Fail(Failure::Service(m)) = v else {
                    panic!("{body}: {v:?}")
                };
                assert_eq!(m.code(), Some("CBC.99003106"), "{body}");
            }
            let v = classify(
                answer(204, r#"{"error_code":"CBC.99003106","error_msg":"no"}"#),
                &s,
                1,
            );
            let Verdict::Fail(Failure::Service(meta)) = v else {
                panic!("{v:?}")
            };
            assert_eq!(meta.code(), Some("CBC.99003106"));
            assert_eq!(meta.message(), Some("no"));
            assert_eq!(meta.request_id(), Some("req-1"));
            assert_eq!(meta.status(), 204);
        }
    }

    #[test]
    fn an_undocumented_success_status_is_reported_and_says_if_state_may_have_changed() {
        for class in CLASSES {
            let v = classify(answer(200, "{}"), &spec(class, 204), 1);
            let Verdict::Fail(Failure::UnexpectedSuccess {
                status,
                expected,
                may_have_taken_effect,
                ..
            }) = v
            else {
                panic!("{v:?}")
            };
            assert_eq!((status, expected), (200, 204));
            assert_eq!(may_have_taken_effect, class != RetryClass::ReadOnly);
        }
    }

    #[test]
    fn every_redirect_is_a_failure_for_every_class() {
        for class in CLASSES {
            for status in [300, 301, 302, 303, 304, 305, 307, 308, 399] {
                let v = classify(answer(status, ""), &spec(class, 200), 1);
                let Verdict::Fail(Failure::Redirect {
                    status: s,
                    location,
                    request_id,
                }) = v
                else {
                    panic!("{status}: {v:?}")
                };
                assert_eq!(s, status);
                assert_eq!(location.as_deref(), Some("http://elsewhere.example/x"));
                assert_eq!(request_id.as_deref(), Some("req-1"));
            }
        }
    }

    #[test]
    fn transient_statuses_retry_only_resendable_classes() {
        for status in [429, 500, 502, 503, 504] {
            for class in CLASSES {
                let v = classify(answer(status, "{}"), &spec(class, 200), 1);
                match (class, v) {
                    (RetryClass::Unsafe, Verdict::Fail(Failure::Service(m))) => {
                        assert_eq!(m.status(), status)
                    }
                    (_, Verdict::Retry { after, .. }) if class != RetryClass::Unsafe => {
                        assert_eq!(after, Some(Duration::from_secs(2)))
                    }
                    (c, v) => panic!("{status} {c:?}: {v:?}"),
                }
            }
        }
        for status in [400, 401, 403, 404, 409, 501] {
            for class in CLASSES {
                let v = classify(answer(status, "{}"), &spec(class, 200), 1);
                assert!(matches!(v, Verdict::Fail(Failure::Service(_))), "{status}");
            }
        }
    }

    #[test]
    fn transport_failures_follow_the_retry_class() {
        for class in CLASSES {
            let s = spec(class, 200);
            let unsafe_ = class == RetryClass::Unsafe;
            let v = classify(Outcome::NotSent("refused".into()), &s, 2);
            assert!(matches!(
                v,
                Verdict::Retry {
                    otherwise: Failure::Dispatch { attempts: 2, .. },
                    ..
                }
            ));
            let v = classify(Outcome::TimedOut, &s, 1);
            assert_eq!(
                matches!(
                    v,
                    Verdict::Fail(Failure::OutcomeUnknown { attempts: 1, .. })
                ),
                unsafe_
            );
            let v = classify(
                Outcome::Broken {
                    source: "reset".into(),
                    timeout: false,
                },
                &s,
                3,
            );
            if unsafe_ {
                assert!(matches!(
                    v,
                    Verdict::Fail(Failure::OutcomeUnknown { attempts: 3, .. })
                ));
            } else {
                assert!(matches!(
                    v,
                    Verdict::Retry {
                        otherwise: Failure::Io { attempts: 3, .. },
                        ..
                    }
                ));
            }
            let v = classify(
                Outcome::TooLarge {
                    status: 200,
                    request_id: None,
                    limit: 10,
                },
                &s,
                1,
            );
            assert!(matches!(
                v,
                Verdict::Fail(Failure::TooLarge { limit: 10, .. })
            ));
        }
    }
}
