//! [`OperationError`]: the service error of one operation, with its documented kind.

use std::fmt;

use super::error::{ErrorMeta, ServiceError};

/// The documented error codes of one operation, as an enum the generator emits
/// (`CancelCustomerOrderErrorKind`). Implemented by generated code only.
pub trait ErrorKind: fmt::Debug + Send + Sync + Sized + 'static {
    /// The kind of an error code (`None` when the service sent none).
    fn from_code(code: Option<&str>) -> Self;
}

/// A service error of one operation: what kind of documented error it is, and what the
/// service said (status, code, message, request id).
///
/// ```no_run
/// # async fn demo(client: bss_sdk::Client) {
/// use bss_sdk::operations::cancel_customer_order::CancelCustomerOrderErrorKind as Kind;
/// use bss_sdk::{CommonError, SdkError};
///
/// match client.cancel_customer_order().order_id("CS1").send().await {
///     Ok(()) => {}
///     Err(SdkError::Service(e)) => match e.kind() {
///         Kind::Cbc99005010 => eprintln!("already past cancelling: {e}"),
///         Kind::Common(CommonError::Apigw0308) => eprintln!("throttled"),
///         _ => eprintln!("refused: {e}"),
///     },
///     Err(e) => eprintln!("{e}"),
/// }
/// # }
/// ```
#[derive(Debug)]
pub struct OperationError<K> {
    kind: K,
    meta: Option<ErrorMeta>,
}

impl<K> OperationError<K> {
    /// Which documented error it is.
    pub fn kind(&self) -> &K {
        &self.kind
    }

    /// The kind, by value.
    pub fn into_kind(self) -> K {
        self.kind
    }

    /// What the service said; absent only for partial failures of batch calls, which
    /// arrive as a success response that lists failed items.
    pub fn meta(&self) -> Option<&ErrorMeta> {
        self.meta.as_ref()
    }

    /// The error code the service sent, e.g. `CBC.0100`.
    pub fn code(&self) -> Option<&str> {
        self.meta.as_ref().and_then(ErrorMeta::code)
    }

    /// A partial failure: the call succeeded for some items of a batch and failed for
    /// others; `kind` carries the whole response.
    pub(crate) fn partial(kind: K) -> Self {
        OperationError { kind, meta: None }
    }
}

impl<K: ErrorKind> From<ErrorMeta> for OperationError<K> {
    fn from(meta: ErrorMeta) -> Self {
        OperationError {
            kind: K::from_code(meta.code()),
            meta: Some(meta),
        }
    }
}

impl<K> fmt::Display for OperationError<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.meta {
            Some(m) => fmt::Display::fmt(m, f),
            None => f.write_str("partial failure: the response lists the items that failed"),
        }
    }
}

impl<K: fmt::Debug> std::error::Error for OperationError<K> {}

impl<K: ErrorKind> ServiceError for OperationError<K> {
    fn meta(&self) -> Option<&ErrorMeta> {
        self.meta.as_ref()
    }
}

/// Wraps a partial-failure kind as the operation's error (used by generated code).
pub fn partial_failure<K: ErrorKind, T>(
    kind: K,
) -> Result<T, super::error::SdkError<OperationError<K>>> {
    Err(super::error::SdkError::Service(OperationError::partial(
        kind,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Kind {
        A,
        Unhandled,
    }
    impl ErrorKind for Kind {
        fn from_code(code: Option<&str>) -> Self {
            match code {
                Some("A.1") => Kind::A,
                _ => Kind::Unhandled,
            }
        }
    }

    #[test]
    fn kind_comes_from_the_code_and_display_from_the_meta() {
        let e: OperationError<Kind> =
            ErrorMeta::from_response(400, None, br#"{"error_code":"A.1","error_msg":"no"}"#).into();
        assert_eq!(e.kind(), &Kind::A);
        assert_eq!(e.code(), Some("A.1"));
        assert_eq!(e.to_string(), "HTTP 400, error code A.1: no");
        let e: OperationError<Kind> = ErrorMeta::from_response(500, None, b"").into();
        assert_eq!(e.kind(), &Kind::Unhandled);
        let p = OperationError::partial(Kind::A);
        assert!(p.meta().is_none());
    }
}
