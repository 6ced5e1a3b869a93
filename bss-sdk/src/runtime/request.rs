//! A request under construction: the generated `send` methods fill one in, the client
//! sends it. Limits are checked here, from the operation's spec tables, as values are
//! added. Nothing here is generic over the operation, so it is compiled once.

use std::marker::PhantomData;

use super::spec::OperationSpec;

/// What a limit check sees of a value.
#[derive(Clone, Copy, Debug)]
pub enum Checked<'a> {
    /// Text, checked against length limits.
    Text(&'a str),
    /// An integer, checked against range limits.
    Int(i64),
}

/// Turns a parameter value into its wire text(s). Lists give one value each.
pub trait ParamValue {
    /// Appends the wire form(s) of the value.
    fn push_values(&self, out: &mut Vec<String>);
    /// The value as the limit checks see it; `None` for values without checked limits
    /// (enums, whose documented limits are informational, lists, booleans, decimals).
    fn checked(&self) -> Option<Checked<'_>> {
        None
    }
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn push_values(&self, out: &mut Vec<String>) {
                out.push(self.to_string());
            }
        }
    )*};
}
display_param!(bool, f64, rust_decimal::Decimal);

impl ParamValue for String {
    fn push_values(&self, out: &mut Vec<String>) {
        out.push(self.clone());
    }
    fn checked(&self) -> Option<Checked<'_>> {
        Some(Checked::Text(self))
    }
}

impl ParamValue for i32 {
    fn push_values(&self, out: &mut Vec<String>) {
        out.push(self.to_string());
    }
    fn checked(&self) -> Option<Checked<'_>> {
        Some(Checked::Int(i64::from(*self)))
    }
}

impl ParamValue for i64 {
    fn push_values(&self, out: &mut Vec<String>) {
        out.push(self.to_string());
    }
    fn checked(&self) -> Option<Checked<'_>> {
        Some(Checked::Int(*self))
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn push_values(&self, out: &mut Vec<String>) {
        for v in self {
            v.push_values(out);
        }
    }
}

fn wire_values<T: ParamValue + ?Sized>(v: &T) -> Vec<String> {
    let mut out = Vec::new();
    v.push_values(&mut out);
    out
}

/// The wire text of a value that travels as one string (a path segment, a header): a
/// list's items joined with `,`.
fn joined<T: ParamValue + ?Sized>(v: &T) -> String {
    let mut values = wire_values(v);
    if values.len() == 1 {
        values.pop().unwrap_or_default()
    } else {
        values.join(",")
    }
}

/// Collects the first limit violation found before sending.
#[derive(Debug, Default)]
pub(crate) struct Checks {
    pub(crate) violation: Option<(String, String)>,
}

/// Why a string of `v`'s length breaks `min`/`max` (in characters), if it does.
pub(crate) fn length_violation(v: &str, min: Option<u64>, max: Option<u64>) -> Option<String> {
    if min.is_none() && max.is_none() {
        return None;
    }
    let n = v.chars().count() as u64;
    if let Some(max) = max.filter(|m| n > *m) {
        return Some(format!("is {n} characters long; the limit is {max}"));
    }
    min.filter(|m| n < *m)
        .map(|min| format!("is {n} characters long; at least {min} are needed"))
}

/// Why `v` breaks the range `min..=max`, if it does.
pub(crate) fn range_violation(v: i64, min: Option<i64>, max: Option<i64>) -> Option<String> {
    if let Some(max) = max.filter(|m| v > *m) {
        return Some(format!("is {v}; the maximum is {max}"));
    }
    min.filter(|m| v < *m)
        .map(|min| format!("is {v}; the minimum is {min}"))
}

impl Checks {
    /// Records a violation, unless one came first.
    pub(crate) fn fail_at(&mut self, name: String, reason: String) {
        if self.violation.is_none() {
            self.violation = Some((name, reason));
        }
    }

    fn value(&mut self, name: &str, v: Checked<'_>, length: Limits, range: Range) {
        let found = match v {
            Checked::Text(t) => length_violation(t, length.0, length.1),
            Checked::Int(i) => range_violation(i, range.0, range.1),
        };
        if let Some(reason) = found {
            self.fail_at(name.to_string(), reason);
        }
    }

    /// Checks a JSON body against the limits of its fields, descending into nested
    /// models and lists of them; names are `parent.key` and `list[3].key`. The fake checks
    /// the bodies it receives with the same tables (the client reads its own bodies with
    /// `body_check`, which finds the same).
    #[cfg(any(test, feature = "test-util"))]
    pub(crate) fn body(
        &mut self,
        path: &str,
        v: &serde_json::Value,
        fields: &[super::spec::FieldSpec],
    ) {
        let serde_json::Value::Object(map) = v else {
            return;
        };
        for f in fields {
            let Some(value) = map.get(f.name) else {
                continue;
            };
            let name = if path.is_empty() {
                f.name.to_string()
            } else {
                format!("{path}.{}", f.name)
            };
            let checked = match value {
                serde_json::Value::String(s) => Some(Checked::Text(s)),
                serde_json::Value::Number(n) => n.as_i64().map(Checked::Int),
                _ => None,
            };
            if let Some(c) = checked {
                self.value(
                    &name,
                    c,
                    (f.min_length, f.max_length),
                    (f.minimum, f.maximum),
                );
            }
            if f.fields.is_empty() {
                continue;
            }
            match value {
                serde_json::Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.body(&format!("{name}[{i}]"), item, f.fields);
                    }
                }
                other => self.body(&name, other, f.fields),
            }
        }
    }
}

type Limits = (Option<u64>, Option<u64>);
type Range = (Option<i64>, Option<i64>);

/// What every request builder carries: the client, the per-call options, the inputs set
/// so far (a generated struct per operation) and the type state `S` (one type per
/// required input: its `Missing…` marker, or its value type once set).
#[derive(Clone, Debug)]
pub struct Call<I, S = ()> {
    /// The client's settings (its site is in the builder's type, not needed here).
    pub(crate) settings: std::sync::Arc<crate::runtime::config::Settings>,
    pub(crate) options: crate::CallOptions,
    pub(crate) input: I,
    state: PhantomData<S>,
}

impl<I: Default, S> Call<I, S> {
    /// A call on `client` with default options and no inputs set.
    pub(crate) fn new<Site>(client: &crate::Client<Site>) -> Self {
        Call {
            settings: client.config().settings.clone(),
            options: crate::CallOptions::default(),
            input: I::default(),
            state: PhantomData,
        }
    }
}

/// A request model being built, and its type state (as for [`Call`]).
#[derive(Clone, Debug)]
pub struct Building<V, S> {
    pub(crate) value: V,
    state: PhantomData<S>,
}

impl<V: Default, S> Building<V, S> {
    /// An empty value.
    pub(crate) fn new() -> Self {
        Building {
            value: V::default(),
            state: PhantomData,
        }
    }
}

impl<V, S> Building<V, S> {
    /// The same value in another type state.
    pub(crate) fn state<T>(self) -> Building<V, T> {
        Building {
            value: self.value,
            state: PhantomData,
        }
    }
}

impl<I, S> Call<I, S> {
    /// The same call in another type state.
    pub(crate) fn state<T>(self) -> Call<I, T> {
        Call {
            settings: self.settings,
            options: self.options,
            input: self.input,
            state: PhantomData,
        }
    }

    /// Sends `req`; `finish` turns the outcome into the output (for most operations
    /// [`decode_json`](crate::runtime::client::decode_json) or
    /// [`decode_empty`](crate::runtime::client::decode_empty)).
    pub(crate) fn send<T, E>(
        self,
        req: Request,
        finish: fn(crate::runtime::client::Outcome) -> Result<T, crate::SdkError<E>>,
    ) -> crate::Sent<T, E> {
        crate::Sent::new(self.settings, self.options, req, finish)
    }
}

/// One request, as the generated code describes it.
#[derive(Debug)]
pub struct Request {
    pub(crate) spec: &'static OperationSpec,
    pub(crate) path_values: Vec<(&'static str, String)>,
    pub(crate) domain_id_params: Vec<&'static str>,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) checks: Checks,
    pub(crate) body_error: Option<String>,
}

impl Request {
    /// A request for the operation described by `spec`. Parameters the spec fills from
    /// the credentials (`source: domain_id`) are set up here.
    pub fn new(spec: &'static OperationSpec) -> Self {
        Request {
            spec,
            path_values: Vec::new(),
            domain_id_params: spec
                .params
                .iter()
                .filter(|p| p.from_domain_id)
                .map(|p| p.name)
                .collect(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            checks: Checks::default(),
            body_error: None,
        }
    }

    /// Checks a value against the limits the spec gives the parameter `name`.
    fn check<T: ParamValue + ?Sized>(&mut self, name: &'static str, v: &T) {
        if let (Some(p), Some(c)) = (self.spec.param(name), v.checked()) {
            self.checks.value(
                name,
                c,
                (p.min_length, p.max_length),
                (p.minimum, p.maximum),
            );
        }
    }

    /// Sets a path placeholder.
    pub fn path<T: ParamValue + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(v) = value {
            self.check(name, v);
            self.path_values.push((name, joined(v)));
        }
    }

    /// Adds a query parameter (a list adds one pair per item).
    pub fn query<T: ParamValue + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(v) = value {
            self.check(name, v);
            self.query
                .extend(wire_values(v).into_iter().map(|v| (name, v)));
        }
    }

    /// Adds a header.
    pub fn header<T: ParamValue + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(v) = value {
            self.check(name, v);
            self.headers.push((name, joined(v)));
        }
    }

    /// Sets the JSON body, after checking it against the spec's body limits.
    pub fn json<T: serde::Serialize>(&mut self, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                if !self.spec.body_limits.is_empty() {
                    // Only strings and integers are checked, and both read back exactly.
                    super::body_check::check(&bytes, self.spec.body_limits, &mut self.checks);
                }
                self.body = Some(bytes);
            }
            Err(e) => self.body_error = Some(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::spec::{EmbeddedErrors, FieldSpec, ParamSpec, RetryClass};

    static LIMITS: &[FieldSpec] = &[FieldSpec::new("id").length(None, Some(3))];
    static SPEC: OperationSpec = OperationSpec {
        id: "T",
        method: "POST",
        path: "/t",
        retry: RetryClass::ReadOnly,
        success_status: 200,
        embedded_errors: EmbeddedErrors::None,
        params: &[ParamSpec::query("limit").range(Some(1), Some(10))],
        has_body: true,
        body_required: &[],
        body_limits: &[
            FieldSpec::new("name").length(Some(2), None),
            FieldSpec::new("items").fields(LIMITS),
        ],
        errors: &[],
        examples: &[],
        pagination: None,
        deprecated: false,
    };

    #[test]
    fn parameters_are_checked_against_the_spec() {
        let mut r = Request::new(&SPEC);
        r.query("limit", Some(&5));
        assert!(r.checks.violation.is_none());
        r.query("limit", Some(&11));
        assert_eq!(
            r.checks.violation,
            Some(("limit".into(), "is 11; the maximum is 10".into()))
        );
    }

    #[test]
    fn body_fields_and_nested_lists_are_checked() {
        let mut r = Request::new(&SPEC);
        r.json(&serde_json::json!({"name": "ab", "items": [{"id": "abc"}, {"id": "abcd"}]}));
        assert_eq!(
            r.checks.violation,
            Some((
                "items[1].id".into(),
                "is 4 characters long; the limit is 3".into()
            ))
        );
        let mut r = Request::new(&SPEC);
        r.json(&serde_json::json!({"name": "a"}));
        assert_eq!(r.checks.violation.map(|v| v.0), Some("name".into()));
    }
}
