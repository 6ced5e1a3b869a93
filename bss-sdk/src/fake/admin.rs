//! The admin routes under `/__fake/` on the fake's own port, for test code that is not Rust
//! (the `fake-bss` binary): script replies, set items, read back the recorded requests.
//!
//! | route | does |
//! |---|---|
//! | `GET /__fake/operations` | what the fake knows of each operation: method, path, parameters with limits, required body fields, body limits (nested), the body's fields with wire types, limits and enum values (nested), documented example requests |
//! | `GET /__fake/requests` | the recorded requests with their problems (JSON array) |
//! | `DELETE /__fake/requests` | the same, removing them from the log |
//! | `POST /__fake/replies/{OperationId}` | queues a reply (body: a reply, see [`Reply::from_json`]) or a list of them |
//! | `PUT /__fake/replies/{OperationId}` | sets the reply given once the queue is empty |
//! | `PUT /__fake/items/{OperationId}` | sets the items a list operation pages through (JSON array) |
//! | `POST /__fake/faults/close-next-connection` | closes the next connection before reading it |
//! | `POST /__fake/reset` | forgets requests, replies, items and faults |
//! | `POST /__fake/script` | loads a script document (the `--replies FILE` format, [`Script`]) |
//!
//! Admin requests are not recorded and need no signature.

use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

use super::server::{json_response, Response};
use super::{lock, ConnectionFault, Recorded, Reply, Script, State};
use crate::__private::{FieldSpec, OperationSpec, ParamIn, SERVICE};

/// The prefix of the admin routes.
pub const PREFIX: &str = "/__fake/";

fn known(id: &str) -> bool {
    SERVICE.operations.iter().any(|o| o.id == id)
}

fn bad(msg: String) -> Response {
    json_response(400, "fake-admin", &json!({"error": msg}))
}

fn ok(body: Value) -> Response {
    json_response(200, "fake-admin", &body)
}

/// A recorded request as JSON.
pub fn recorded_json(r: &Recorded) -> Value {
    json!({
        "operation": r.operation,
        "method": r.method,
        "path": r.path,
        "query": r.query,
        "headers": r.headers,
        "body": String::from_utf8_lossy(&r.body),
        "problems": r.problems,
    })
}

/// Body limits as JSON: one entry per limited field, with the limits inside it (nested
/// models and list items) under `fields`. The tables are finite static data, so the
/// recursion ends with them.
fn limits_json(fields: &[FieldSpec]) -> Value {
    Value::Array(
        fields
            .iter()
            .map(|f| {
                json!({
                    "name": f.name,
                    "min_length": f.min_length,
                    "max_length": f.max_length,
                    "minimum": f.minimum,
                    "maximum": f.maximum,
                    "fields": limits_json(f.fields),
                })
            })
            .collect(),
    )
}

/// What the fake knows of operation `o`, as served on `site` (`None`: every site): the
/// examples documented for it, and what it requires there.
fn operation_json(o: &OperationSpec, site: Option<&str>) -> Value {
    let params: Vec<Value> = o
        .params
        .iter()
        .map(|p| {
            let (ty, one_of) = super::body::param_json(o.id, p.name);
            json!({
                "name": p.name,
                "type": ty,
                "one_of": one_of,
                "in": match p.location {
                    ParamIn::Path => "path",
                    ParamIn::Query => "query",
                    ParamIn::Header => "header",
                },
                "required": p.required
                    || site.is_some_and(|s| super::body::param_required_on(o.id, p.name, s)),
                "from_domain_id": p.from_domain_id,
                "min_length": p.min_length,
                "max_length": p.max_length,
                "minimum": p.minimum,
                "maximum": p.maximum,
            })
        })
        .collect();
    let examples: Vec<Value> = o
        .examples
        .iter()
        .filter(|e| site.is_none_or(|s| e.on(s)))
        .map(|e| {
            json!({
                "title": e.title,
                "path": e.path.iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<serde_json::Map<_, _>>(),
                "query": e.query.iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<serde_json::Map<_, _>>(),
                "request": e.request.and_then(|r| serde_json::from_str::<Value>(r).ok()),
                "status": e.status,
                "response": e.response.and_then(|r| serde_json::from_str::<Value>(r).ok()),
            })
        })
        .collect();
    json!({
        "id": o.id,
        "method": o.method,
        "path": o.path,
        "success_status": o.success_status,
        "has_body": o.has_body,
        "body_required": site.map_or_else(
            || o.body_required.to_vec(),
            |s| super::body::body_required_on(o.id, o.body_required, s),
        ),
        "body_limits": limits_json(o.body_limits),
        "params": params,
        "examples": examples,
        "response_model": super::body::response_model(o.id),
        "body_fields": super::body::request_model_json(o.id),
    })
}

/// Answers an admin request (`path` starts with [`PREFIX`]).
pub(super) fn handle(state: &Arc<Mutex<State>>, method: &str, path: &str, body: &[u8]) -> Response {
    let rest = &path[PREFIX.len()..];
    let parsed = || -> Result<Value, String> {
        serde_json::from_slice(body).map_err(|e| format!("body is not JSON: {e}"))
    };
    let (route, arg) = rest.split_once('/').unwrap_or((rest, ""));
    match (method, route) {
        ("GET", "operations") => {
            let site = lock(state).site;
            ok(Value::Array(
                State::operations(site)
                    .iter()
                    .map(|o| operation_json(o, site.map(|s| s.id)))
                    .collect(),
            ))
        }
        ("GET" | "DELETE", "requests") => {
            let mut st = lock(state);
            let list: Vec<Value> = st.requests.iter().map(recorded_json).collect();
            if method == "DELETE" {
                st.requests.clear();
            }
            ok(Value::Array(list))
        }
        ("POST" | "PUT", "replies") | ("PUT", "items") if !known(arg) => {
            bad(format!("no operation `{arg}`"))
        }
        ("POST", "replies") => {
            let v = match parsed() {
                Ok(v) => v,
                Err(e) => return bad(e),
            };
            let values = match v {
                Value::Array(a) => a,
                one => vec![one],
            };
            let mut replies = Vec::new();
            for v in &values {
                match Reply::from_json(v) {
                    Ok(r) => replies.push(r),
                    Err(e) => return bad(e),
                }
            }
            let n = replies.len();
            lock(state)
                .scripts
                .entry(arg.to_string())
                .or_default()
                .extend(replies);
            ok(json!({"queued": n}))
        }
        ("PUT", "replies") => match parsed().map(|v| Reply::from_json(&v)) {
            Err(e) => bad(e),
            Ok(Err(e)) => bad(e),
            Ok(Ok(reply)) => {
                lock(state).defaults.insert(arg.to_string(), reply);
                ok(json!({"default": arg}))
            }
        },
        ("PUT", "items") => match parsed() {
            Err(e) => bad(e),
            Ok(Value::Array(items)) => {
                let n = items.len();
                let mut st = lock(state);
                st.items.insert(arg.to_string(), Arc::new(items));
                st.defaults.insert(arg.to_string(), Reply::Page);
                ok(json!({"items": n}))
            }
            Ok(_) => bad("items must be a JSON array".into()),
        },
        ("POST", "faults") if arg == "close-next-connection" => {
            lock(state)
                .connection_faults
                .push_back(ConnectionFault::CloseBeforeRead);
            ok(json!({"fault": arg}))
        }
        ("POST", "reset") => {
            lock(state).reset();
            ok(json!({"reset": true}))
        }
        ("POST", "script") => match parsed().map(|v| Script::from_json(&v)) {
            Err(e) => bad(e),
            Ok(Err(e)) => bad(e),
            Ok(Ok(script)) => {
                script.apply_to(&mut lock(state));
                ok(json!({"loaded": true}))
            }
        },
        _ => json_response(
            404,
            "fake-admin",
            &json!({"error": format!("no admin route {method} {path}")}),
        ),
    }
}
