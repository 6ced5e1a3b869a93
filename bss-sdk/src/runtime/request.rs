//! A request under construction: the generated `send` methods fill one in, the client
//! sends it. Nothing here is generic over the operation, so it is compiled once.

use super::spec::OperationSpec;

/// Turns a parameter value into its wire text(s). Lists give one value each.
pub trait ParamValue {
    /// Appends the wire form(s) of the value.
    fn push_values(&self, out: &mut Vec<String>);
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
display_param!(String, str, bool, i32, i64, f64, rust_decimal::Decimal);

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

/// Collects the first limit violation found before sending.
#[derive(Debug, Default)]
pub struct Checks {
    pub(crate) violation: Option<(String, String)>,
}

impl Checks {
    /// `parent.key`, or `key` at the top level.
    pub fn join(&self, parent: &str, key: &str) -> String {
        if parent.is_empty() {
            key.to_string()
        } else {
            format!("{parent}.{key}")
        }
    }

    fn fail(&mut self, name: &str, reason: String) {
        if self.violation.is_none() {
            self.violation = Some((name.to_string(), reason));
        }
    }

    /// Checks a string's length in characters.
    pub fn length(&mut self, name: &str, v: &str, min: Option<u64>, max: Option<u64>) {
        let n = v.chars().count() as u64;
        if let Some(max) = max.filter(|m| n > *m) {
            self.fail(name, format!("is {n} characters long; the limit is {max}"));
        }
        if let Some(min) = min.filter(|m| n < *m) {
            self.fail(
                name,
                format!("is {n} characters long; at least {min} are needed"),
            );
        }
    }

    /// Checks an integer's range.
    pub fn range(&mut self, name: &str, v: i64, min: Option<i64>, max: Option<i64>) {
        if let Some(max) = max.filter(|m| v > *m) {
            self.fail(name, format!("is {v}; the maximum is {max}"));
        }
        if let Some(min) = min.filter(|m| v < *m) {
            self.fail(name, format!("is {v}; the minimum is {min}"));
        }
    }
}

/// One request, as the generated code describes it.
#[derive(Debug)]
pub struct Request {
    pub(crate) spec: &'static OperationSpec,
    pub(crate) path_values: Vec<(&'static str, String)>,
    pub(crate) domain_id_params: Vec<&'static str>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) checks: Checks,
    pub(crate) body_error: Option<String>,
}

impl Request {
    /// A request for the operation described by `spec`.
    pub fn new(spec: &'static OperationSpec) -> Self {
        Request {
            spec,
            path_values: Vec::new(),
            domain_id_params: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            checks: Checks::default(),
            body_error: None,
        }
    }

    /// The limit checker.
    pub fn checks(&mut self) -> &mut Checks {
        &mut self.checks
    }

    /// Sets a path placeholder.
    pub fn path<T: ParamValue + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(v) = value {
            self.path_values.push((name, wire_values(v).join(",")));
        }
    }

    /// Fills a path placeholder from the credentials' domain id when sending.
    pub fn path_from_domain_id(&mut self, name: &'static str) {
        self.domain_id_params.push(name);
    }

    /// Adds a query parameter (a list adds one pair per item).
    pub fn query<T: ParamValue + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(v) = value {
            self.query
                .extend(wire_values(v).into_iter().map(|v| (name.to_string(), v)));
        }
    }

    /// Adds a header.
    pub fn header<T: ParamValue + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(v) = value {
            self.headers
                .push((name.to_string(), wire_values(v).join(",")));
        }
    }

    /// Sets the JSON body.
    pub fn json<T: serde::Serialize>(&mut self, body: &T) {
        match serde_json::to_vec(body) {
            Ok(b) => self.body = Some(b),
            Err(e) => self.body_error = Some(e.to_string()),
        }
    }
}
