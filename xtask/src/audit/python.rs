//! Reads the official Python SDK's generated sources as text (nothing is imported or run).
//!
//! Two kinds of file are read:
//!
//! * **model files** (`model/*.py`): the class name, the `openapi_types` and `attribute_map`
//!   dict literals, and the required flags. The official generator's `__init__` assigns an
//!   optional attribute under a guard and a required one unconditionally:
//!
//!   ```text
//!   if limit is not None:          # optional
//!       self.limit = limit
//!   self.order_id = order_id       # required
//!   ```
//!
//!   That assignment shape is the signal used here (it is the only place the generated code
//!   encodes the flag; docstrings do not). An attribute with neither shape is an error.
//! * **the client** (`*_client.py`, not the async one): one `_<method>_http_info` block per
//!   operation, with the HTTP method, resource path, response class and the path, query and
//!   header parameters (`path_params['x'] = local_var_params['x']`, …); the request class
//!   comes from the public method's `:type request:` docstring line.
//!
//! The dict literals are tokenized strictly (strings, `:`, `,`, braces, whitespace, comments);
//! anything else is reported instead of guessed.

use std::fmt;

/// One generated model class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyClass {
    pub name: String,
    pub attrs: Vec<PyAttr>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyAttr {
    /// The Python attribute name.
    pub attr: String,
    /// The JSON key (from `attribute_map`).
    pub key: String,
    /// The declared type string (`str`, `list[Foo]`, `dict(str, Foo)`, …).
    pub ty: String,
    pub required: bool,
}

impl PyClass {
    pub fn attr(&self, attr: &str) -> Option<&PyAttr> {
        self.attrs.iter().find(|a| a.attr == attr)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    Path,
    Query,
    Header,
}

impl Location {
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
        }
    }
}

/// A path, query or header parameter of an operation: its wire name and the request
/// class attribute that carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyParam {
    pub location: Location,
    pub wire: String,
    pub attr: String,
}

/// One operation as the client declares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyOperation {
    /// The client method (`list_customer_orders`).
    pub method_name: String,
    pub http_method: String,
    pub path: String,
    pub request_class: String,
    pub response_class: String,
    pub params: Vec<PyParam>,
    /// The request attribute sent as the body, if any.
    pub body_attr: Option<String>,
    /// Response attributes that are read from headers, not the body.
    pub response_headers: Vec<String>,
}

impl PyOperation {
    /// The operation id: the request class without its `Request` suffix.
    pub fn id(&self) -> &str {
        self.request_class
            .strip_suffix("Request")
            .unwrap_or(&self.request_class)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(pub String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn err<T>(msg: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError(msg.into()))
}

/// A declared Python type, parsed from its type string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PyType {
    Str,
    Int,
    Float,
    /// `decimal.Decimal`: an exact decimal.
    Decimal,
    Bool,
    /// `object`: free-form JSON.
    Object,
    /// `datetime` / `date`.
    DateTime,
    List(Box<PyType>),
    /// `dict(str, X)`.
    Dict(Box<PyType>),
    /// Another model class.
    Class(String),
}

impl PyType {
    pub fn parse(s: &str) -> Result<PyType, ParseError> {
        let s = s.trim();
        if let Some(inner) = s.strip_prefix("list[").and_then(|r| r.strip_suffix(']')) {
            return Ok(PyType::List(Box::new(PyType::parse(inner)?)));
        }
        if let Some(inner) = s.strip_prefix("dict(").and_then(|r| r.strip_suffix(')')) {
            let Some((key, value)) = inner.split_once(',') else {
                return err(format!("dict type without a value type: {s:?}"));
            };
            if key.trim() != "str" {
                return err(format!("dict type with non-string keys: {s:?}"));
            }
            return Ok(PyType::Dict(Box::new(PyType::parse(value)?)));
        }
        Ok(match s {
            "str" => PyType::Str,
            "int" => PyType::Int,
            "float" => PyType::Float,
            "decimal.Decimal" => PyType::Decimal,
            "bool" => PyType::Bool,
            "object" => PyType::Object,
            "datetime" | "date" => PyType::DateTime,
            _ if !s.is_empty()
                && s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                PyType::Class(s.to_string())
            }
            _ => return err(format!("unknown type string {s:?}")),
        })
    }

    /// The model class at the bottom of lists and dicts, if any.
    pub fn class(&self) -> Option<&str> {
        match self {
            PyType::Class(c) => Some(c),
            PyType::List(t) | PyType::Dict(t) => t.class(),
            _ => None,
        }
    }
}

impl fmt::Display for PyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PyType::Str => f.write_str("str"),
            PyType::Int => f.write_str("int"),
            PyType::Float => f.write_str("float"),
            PyType::Decimal => f.write_str("decimal.Decimal"),
            PyType::Bool => f.write_str("bool"),
            PyType::Object => f.write_str("object"),
            PyType::DateTime => f.write_str("datetime"),
            PyType::List(t) => write!(f, "list[{t}]"),
            PyType::Dict(t) => write!(f, "dict(str, {t})"),
            PyType::Class(c) => f.write_str(c),
        }
    }
}

/// Parses one model file.
pub fn parse_model(text: &str) -> Result<PyClass, ParseError> {
    let name = text
        .lines()
        .find_map(|l| {
            let rest = l.strip_prefix("class ")?;
            let end = rest.find(['(', ':'])?;
            Some(rest[..end].trim().to_string())
        })
        .ok_or_else(|| ParseError("no class definition".into()))?;
    let types =
        parse_str_dict(text, "openapi_types").map_err(|e| ParseError(format!("{name}: {e}")))?;
    let keys =
        parse_str_dict(text, "attribute_map").map_err(|e| ParseError(format!("{name}: {e}")))?;
    let init = init_body(text).ok_or_else(|| ParseError(format!("{name}: no __init__")))?;
    let mut attrs = Vec::with_capacity(types.len());
    for (attr, ty) in types {
        let Some(key) = keys
            .iter()
            .find(|(a, _)| *a == attr)
            .map(|(_, k)| k.clone())
        else {
            return err(format!(
                "{name}: `{attr}` is in openapi_types but not attribute_map"
            ));
        };
        let required = required_in_init(&init, &attr)
            .ok_or_else(|| ParseError(format!("{name}: __init__ never assigns `{attr}`")))?;
        attrs.push(PyAttr {
            attr,
            key,
            ty,
            required,
        });
    }
    Ok(PyClass { name, attrs })
}

/// The lines of the class's `__init__` body.
fn init_body(text: &str) -> Option<Vec<&str>> {
    let mut lines = text
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("def __init__("));
    lines.next()?;
    Some(
        lines
            .take_while(|l| !(l.starts_with("    def ") || l.starts_with("    @")))
            .collect(),
    )
}

/// `Some(true)` when `self.attr = attr` is not under an `if attr is not None:` guard.
fn required_in_init(init: &[&str], attr: &str) -> Option<bool> {
    let assign = format!("self.{attr} = {attr}");
    let guard = format!("if {attr} is not None:");
    let mut previous = "";
    for line in init {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if t == assign {
            return Some(previous != guard);
        }
        previous = t;
    }
    None
}

/// Parses `NAME = { 'a': 'b', ... }` (string keys and values only) into ordered pairs.
pub fn parse_str_dict(text: &str, name: &str) -> Result<Vec<(String, String)>, ParseError> {
    let start = text
        .lines()
        .scan(0usize, |offset, line| {
            let at = *offset;
            *offset += line.len() + 1;
            Some((at, line))
        })
        .find(|(_, line)| {
            let t = line.trim_start();
            t.strip_prefix(name)
                .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map(|(at, line)| at + line.find('=').expect("checked above") + 1)
        .ok_or_else(|| ParseError(format!("no `{name} = {{...}}`")))?;
    let mut chars = text[start..].chars().peekable();
    skip_blank(&mut chars);
    if chars.next() != Some('{') {
        return err(format!("`{name}` is not a dict literal"));
    }
    let mut pairs = Vec::new();
    loop {
        skip_blank(&mut chars);
        match chars.peek() {
            Some('}') => return Ok(pairs),
            Some('\'' | '"') => {}
            other => {
                return err(format!(
                    "`{name}`: expected a string key or `}}`, found {other:?}"
                ))
            }
        }
        let key = read_string(&mut chars).map_err(|e| ParseError(format!("`{name}`: {e}")))?;
        skip_blank(&mut chars);
        if chars.next() != Some(':') {
            return err(format!("`{name}`: expected `:` after {key:?}"));
        }
        skip_blank(&mut chars);
        let value = read_string(&mut chars).map_err(|e| ParseError(format!("`{name}`: {e}")))?;
        pairs.push((key, value));
        skip_blank(&mut chars);
        match chars.next() {
            Some(',') => {}
            Some('}') => return Ok(pairs),
            other => return err(format!("`{name}`: expected `,` or `}}`, found {other:?}")),
        }
    }
}

fn skip_blank(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '#' {
            for c in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
        } else {
            break;
        }
    }
}

fn read_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<String, String> {
    let quote = match chars.next() {
        Some(q @ ('\'' | '"')) => q,
        other => return Err(format!("expected a string, found {other:?}")),
    };
    let mut out = String::new();
    loop {
        match chars.next() {
            None | Some('\n') => return Err("unterminated string".into()),
            Some('\\') => match chars.next() {
                Some(c @ ('\\' | '\'' | '"')) => out.push(c),
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                other => return Err(format!("unsupported escape \\{other:?}")),
            },
            Some(c) if c == quote => return Ok(out),
            Some(c) => out.push(c),
        }
    }
}

/// Parses the synchronous client file into its operations, in file order.
pub fn parse_client(text: &str) -> Result<Vec<PyOperation>, ParseError> {
    let blocks = method_blocks(text);
    let mut ops = Vec::new();
    for (name, body) in &blocks {
        let Some(method_name) = name
            .strip_prefix('_')
            .and_then(|n| n.strip_suffix("_http_info"))
        else {
            continue;
        };
        let field = |key: &str| -> Result<String, ParseError> {
            let needle = format!("\"{key}\": \"");
            body.iter()
                .find_map(|l| {
                    let rest = &l[l.find(&needle)? + needle.len()..];
                    Some(rest[..rest.find('"')?].to_string())
                })
                .ok_or_else(|| ParseError(format!("{method_name}: no \"{key}\"")))
        };
        let http_method = field("method")?;
        let path = field("resource_path")?;
        let response_class = field("response_type")?;
        let request_class = blocks
            .iter()
            .find(|(n, _)| n == method_name)
            .and_then(|(_, b)| {
                b.iter().find_map(|l| {
                    let rest = l.trim().strip_prefix(":type request: :class:`")?;
                    let full = rest.strip_suffix('`')?;
                    Some(full.rsplit('.').next()?.to_string())
                })
            })
            .ok_or_else(|| ParseError(format!("{method_name}: no `:type request:` line")))?;
        let mut params = Vec::new();
        let mut body_attr = None;
        let mut response_headers = Vec::new();
        for line in body {
            let t = line.trim();
            if let Some((wire, attr)) = subscript_assign(t, "path_params") {
                params.push(PyParam {
                    location: Location::Path,
                    wire,
                    attr,
                });
            } else if let Some((wire, attr)) = subscript_assign(t, "header_params") {
                params.push(PyParam {
                    location: Location::Header,
                    wire,
                    attr,
                });
            } else if let Some(rest) = t.strip_prefix("query_params.append(('") {
                let (wire, rest) = rest
                    .split_once("', local_var_params['")
                    .ok_or_else(|| ParseError(format!("{method_name}: odd query line {t:?}")))?;
                let attr = rest
                    .strip_suffix("']))")
                    .ok_or_else(|| ParseError(format!("{method_name}: odd query line {t:?}")))?;
                params.push(PyParam {
                    location: Location::Query,
                    wire: wire.to_string(),
                    attr: attr.to_string(),
                });
            } else if let Some(rest) = t.strip_prefix("body = local_var_params['") {
                body_attr = rest.strip_suffix("']").map(str::to_string);
            } else if let Some(rest) = t.strip_prefix("response_headers = [") {
                let list = rest.strip_suffix(']').unwrap_or(rest);
                response_headers.extend(
                    list.split(',')
                        .map(|s| s.trim().trim_matches(|c| c == '"' || c == '\''))
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                );
            }
        }
        ops.push(PyOperation {
            method_name: method_name.to_string(),
            http_method,
            path,
            request_class,
            response_class,
            params,
            body_attr,
            response_headers,
        });
    }
    if ops.is_empty() {
        return err("the client declares no operations (no `_<name>_http_info` methods)");
    }
    Ok(ops)
}

/// `NAME['wire'] = local_var_params['attr']` → (wire, attr).
fn subscript_assign(line: &str, name: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix(name)?.strip_prefix("['")?;
    let (wire, rest) = rest.split_once("'] = local_var_params['")?;
    let attr = rest.strip_suffix("']")?;
    Some((wire.to_string(), attr.to_string()))
}

/// The class-level methods (4-space `def`) of a file with their body lines.
fn method_blocks(text: &str) -> Vec<(String, Vec<&str>)> {
    let mut blocks: Vec<(String, Vec<&str>)> = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("    def ") {
            let name = rest.split('(').next().unwrap_or("").trim().to_string();
            blocks.push((name, Vec::new()));
        } else if let Some((_, body)) = blocks.last_mut() {
            body.push(line);
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = r#"
class DemoReq:
    sensitive_list = []

    openapi_types = {
        'order_id': 'str',
        'limit': "int",
        'items': 'list[DemoItem]',  # a comment
        'extra': 'dict(str, str)'
    }

    attribute_map = {
        'order_id': 'order_id',
        'limit': 'limit',
        'items': 'itemList',
        'extra': 'extra'
    }

    def __init__(self, order_id=None, limit=None, items=None, extra=None):
        r"""DemoReq

        :param order_id: if order_id is not None: (a docstring, not code)
        """
        self._order_id = None
        self.discriminator = None

        self.order_id = order_id
        if limit is not None:
            self.limit = limit
        self.items = items
        if extra is not None:
            self.extra = extra

    @property
    def order_id(self):
        return self._order_id
"#;

    #[test]
    fn model_keys_types_and_required_flags() {
        let class = parse_model(MODEL).unwrap();
        assert_eq!(class.name, "DemoReq");
        let got: Vec<_> = class
            .attrs
            .iter()
            .map(|a| (a.attr.as_str(), a.key.as_str(), a.ty.as_str(), a.required))
            .collect();
        assert_eq!(
            got,
            [
                ("order_id", "order_id", "str", true),
                ("limit", "limit", "int", false),
                ("items", "itemList", "list[DemoItem]", true),
                ("extra", "extra", "dict(str, str)", false),
            ]
        );
    }

    #[test]
    fn empty_dicts_and_bad_literals() {
        assert_eq!(parse_str_dict("x = {\n}\n", "x").unwrap(), vec![]);
        assert!(parse_str_dict("x = {'a': 1}", "x").is_err());
        assert!(parse_str_dict("x = {'a' 'b'}", "x").is_err());
        assert!(parse_str_dict("x = {'a': 'b", "x").is_err());
        assert!(parse_str_dict("y = {}", "x").is_err());
        let missing_init = MODEL.replace("        self.items = items\n", "");
        assert!(parse_model(&missing_init)
            .unwrap_err()
            .0
            .contains("never assigns `items`"));
    }

    #[test]
    fn type_strings() {
        assert_eq!(
            PyType::parse("list[dict(str, Foo)]").unwrap(),
            PyType::List(Box::new(PyType::Dict(Box::new(PyType::Class(
                "Foo".into()
            )))))
        );
        assert_eq!(PyType::parse("list[Foo]").unwrap().class(), Some("Foo"));
        assert_eq!(PyType::parse("float").unwrap(), PyType::Float);
        assert_eq!(PyType::parse("decimal.Decimal").unwrap(), PyType::Decimal);
        assert!(PyType::parse("dict(int, str)").is_err());
        assert!(PyType::parse("list[").is_err());
        assert_eq!(
            PyType::parse("dict(str, list[int])").unwrap().to_string(),
            "dict(str, list[int])"
        );
    }

    const CLIENT: &str = r#"
class DemoClient(Client):
    def show_thing(self, request):
        r"""Show a thing

        :param request: Request instance for ShowThing
        :type request: :class:`huaweicloudsdkdemo.v2.ShowThingRequest`
        :rtype: :class:`huaweicloudsdkdemo.v2.ShowThingResponse`
        """
        http_info = self._show_thing_http_info(request)
        return self._call_api(**http_info)

    @classmethod
    def _show_thing_http_info(cls, request):
        http_info = {
            "method": "PUT",
            "resource_path": "/v2/things/{thing_id}",
            "request_type": request.__class__.__name__,
            "response_type": "ShowThingResponse"
            }
        path_params = {}
        if 'thing_id' in local_var_params:
            path_params['thing_id'] = local_var_params['thing_id']
        query_params = []
        if 'limit' in local_var_params:
            query_params.append(('limit', local_var_params['limit']))
        header_params = {}
        if 'x_language' in local_var_params:
            header_params['X-Language'] = local_var_params['x_language']
        body = None
        if 'body' in local_var_params:
            body = local_var_params['body']
        response_headers = ["X-Request-Id", ]
        header_params['Content-Type'] = http_utils.select_header_content_type(
            ['application/json'])
        return http_info
"#;

    #[test]
    fn client_operations() {
        let ops = parse_client(CLIENT).unwrap();
        assert_eq!(ops.len(), 1);
        let op = &ops[0];
        assert_eq!(op.id(), "ShowThing");
        assert_eq!(op.method_name, "show_thing");
        assert_eq!(op.http_method, "PUT");
        assert_eq!(op.path, "/v2/things/{thing_id}");
        assert_eq!(op.response_class, "ShowThingResponse");
        assert_eq!(op.body_attr.as_deref(), Some("body"));
        assert_eq!(op.response_headers, ["X-Request-Id"]);
        let params: Vec<_> = op
            .params
            .iter()
            .map(|p| (p.location, p.wire.as_str(), p.attr.as_str()))
            .collect();
        assert_eq!(
            params,
            [
                (Location::Path, "thing_id", "thing_id"),
                (Location::Query, "limit", "limit"),
                (Location::Header, "X-Language", "x_language"),
            ]
        );
        assert!(parse_client("class Empty:\n    pass\n").is_err());
    }
}
