//! Names the generated code or the runtime already use, so the spec cannot take them.

use std::collections::{BTreeMap, BTreeSet};

/// Model and enum names that would shadow a type or trait the generated code names
/// unqualified (std prelude and `serde`), so they are refused.
pub(super) const TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "ToString",
    "ToOwned",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "Default",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Iterator",
    "IntoIterator",
    "Extend",
    "FromIterator",
    "Debug",
    "Hash",
    "Serialize",
    "Deserialize",
    "PhantomData",
];

/// Names at the crate root that a site's marker type must not take.
pub(super) const ROOT_NAMES: &[&str] = &[
    "Client",
    "Config",
    "ConfigBuilder",
    "ConfigError",
    "CallOptions",
    "RetryConfig",
    "Timeouts",
    "Credentials",
    "EnvProblem",
    "MissingCredentials",
    "BoxError",
    "ErrorMeta",
    "SdkError",
    "ServiceError",
    "AfterResponse",
    "BeforeSend",
    "HeaderRefused",
    "Intercept",
    "ProxyConfig",
    "OperationError",
    "Paginator",
    "CredentialsChain",
    "CredentialsError",
    "CredentialsErrorKind",
    "DefaultChainBuilder",
    "DefaultCredentialsChain",
    "EcsMetadataProvider",
    "Env",
    "EnvironmentProvider",
    "ProfileFileProvider",
    "ProvideCredentials",
    "ProvideFuture",
    "RetryClass",
    "Timestamp",
    "Decimal",
    "Sent",
    "Site",
    "CommonError",
];

/// Methods of `Client` (inherent, hand-written in `runtime/client.rs`, and of the traits it
/// implements) that an operation's method must not take. A test keeps this list in step
/// with `client.rs`.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "from_env",
    "from_env_for",
    "config",
    "send_json",
    "send_empty",
    "execute",
    "execute_in_span",
    "clone",
    "clone_from",
    "fmt",
    "to_owned",
    "clone_into",
    "into",
    "try_into",
    "from",
    "try_from",
    "borrow",
    "borrow_mut",
    "type_id",
];

/// Methods every operation builder has, and trait methods it gets from its derives and
/// blanket impls; setters must not take them.
pub(super) const BUILDER_METHODS: &[&str] = &[
    "send",
    "options",
    "into_paginator",
    "new",
    "with_state",
    "clone",
    "clone_from",
    "fmt",
    "to_owned",
    "clone_into",
    "into",
    "try_into",
    "from",
    "try_from",
    "borrow",
    "borrow_mut",
    "type_id",
];

/// Methods of a request model's builder.
pub(super) const MODEL_BUILDER_METHODS: &[&str] = &[
    "build",
    "new",
    "clone",
    "clone_from",
    "fmt",
    "to_owned",
    "clone_into",
    "into",
    "try_into",
    "from",
    "try_from",
    "borrow",
    "borrow_mut",
    "type_id",
];

/// Variants every error-kind enum has; no error code may become one.
pub(super) const KIND_VARIANTS: &[&str] = &["Common", "Unhandled", "PartialFailure"];

/// `variant → code` with the reserved variants taken.
pub(super) fn taken_variants() -> BTreeMap<String, String> {
    KIND_VARIANTS
        .iter()
        .map(|v| (v.to_string(), format!("(reserved variant {v})")))
        .collect()
}

pub(super) fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}
