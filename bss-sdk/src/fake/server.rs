//! The HTTP side of the fake: accept, read, check, record, answer.

use std::sync::{Arc, Mutex};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};

use super::body;
use super::check;
use super::{lock, ConnectionFault, Recorded, Reply, State};
use crate::__private::{EmbeddedErrors, OperationSpec, PageStyle, ParamIn, SERVICE};

pub(super) type Response = hyper::Response<Full<Bytes>>;

/// Serves the fake on `listener` until the task is dropped.
pub(crate) async fn serve(listener: tokio::net::TcpListener, state: Arc<Mutex<State>>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        if lock(&state).connection_faults.pop_front() == Some(ConnectionFault::CloseBeforeRead) {
            drop(stream);
            continue;
        }
        let state = state.clone();
        tokio::spawn(async move {
            let svc = service_fn(move |req| handle(state.clone(), req));
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), svc)
                .await;
        });
    }
}

/// The error that makes hyper drop the connection without an answer.
#[derive(Debug)]
pub(super) struct Hangup;

impl std::fmt::Display for Hangup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("scripted hang-up")
    }
}

impl std::error::Error for Hangup {}

async fn handle(
    state: Arc<Mutex<State>>,
    req: hyper::Request<Incoming>,
) -> Result<Response, Hangup> {
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let raw_query = req.uri().query().unwrap_or("").to_string();
    let path_and_query = format!("{path}?{raw_query}");
    let mut headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    let body = match req.into_body().collect().await {
        Ok(b) => b.to_bytes().to_vec(),
        Err(_) => return Err(Hangup),
    };

    if path.starts_with(super::admin::PREFIX) {
        return Ok(super::admin::handle(&state, &method, &path, &body));
    }
    // IAM and instance-metadata doubles (domain-id lookup, ECS credentials).
    if let Some(id) = super::iam::route(&method, &path) {
        return super::iam::handle(&state, id, method, path, &raw_query, headers, body).await;
    }
    let site = lock(&state).site;
    let routed = check::route(State::operations(site), &method, &path);
    let problems = match &routed {
        Some((spec, values)) => {
            let arrived = check::Arrived {
                method: &method,
                path: &path,
                raw_query: &raw_query,
                headers: &headers,
                body: &body,
            };
            check::problems(spec, site.map(|s| s.id), values, arrived)
        }
        None => vec![format!("no operation is routed at {method} {path}")],
    };
    let query = check::parse_query(&raw_query);

    let (reply, request_id, items) = {
        let mut st = lock(&state);
        st.counter += 1;
        let request_id = format!("fake-{:08}", st.counter);
        let op = routed.as_ref().map(|(s, _)| s.id);
        st.record(Recorded {
            operation: op,
            method,
            path,
            query: query.clone(),
            headers,
            body: body.clone(),
            problems: problems.clone(),
        });
        let reply = op.and_then(|id| {
            st.scripts
                .get_mut(id)
                .and_then(|q| q.pop_front())
                .or_else(|| st.defaults.get(id).cloned())
        });
        let items = op.and_then(|id| st.items.get(id).cloned());
        (reply, request_id, items)
    };

    let Some((spec, _)) = routed else {
        return Ok(json_response(
            404,
            &request_id,
            &json!({"error_code": "APIGW.0101", "error_msg": "The API does not exist or has not been published."}),
        ));
    };
    // A request the spec rejects gets the answer BSS gives to bad input; the problems stay
    // recorded for the test to read.
    if !problems.is_empty() {
        let (status, code) = if problems.iter().any(|p| is_auth_problem(p)) {
            (401, "APIGW.0301")
        } else {
            (400, "CBC.0100")
        };
        return Ok(json_response(
            status,
            &request_id,
            &json!({"error_code": code, "error_msg": problems.join("; ")}),
        ));
    }
    let seed = body::seed(&[spec.id.as_bytes(), path_and_query.as_bytes(), &body]);
    let ctx = Ctx {
        spec,
        seed,
        request_id: &request_id,
        query: &query,
        body: &body,
        items: items.as_deref().map(Vec::as_slice),
    };
    // Unscripted: the first example documented for the site served (any site: the first).
    let first = site.map_or(0, |site| {
        spec.examples
            .iter()
            .position(|e| e.on(site.id))
            .unwrap_or(spec.examples.len())
    });
    answer(&ctx, reply.unwrap_or(Reply::Example(first))).await
}

fn is_auth_problem(p: &str) -> bool {
    [
        "Authorization",
        "signature",
        "signed",
        "access key",
        "X-Sdk-Date",
        "X-Auth-Token",
        "SignedHeaders",
    ]
    .iter()
    .any(|k| p.contains(k))
}

struct Ctx<'a> {
    spec: &'static OperationSpec,
    /// Derived from the operation and the request, for generated bodies.
    seed: u64,
    request_id: &'a str,
    query: &'a [(String, String)],
    body: &'a [u8],
    items: Option<&'a [Value]>,
}

async fn answer(ctx: &Ctx<'_>, reply: Reply) -> Result<Response, Hangup> {
    let mut reply = reply;
    let mut extra: Vec<(String, String)> = Vec::new();
    loop {
        match reply {
            Reply::Delay(d, inner) => {
                tokio::time::sleep(d).await;
                reply = *inner;
            }
            Reply::WithHeaders(h, inner) => {
                extra.extend(h);
                reply = *inner;
            }
            other => {
                let mut resp = simple(ctx, other)?;
                for (k, v) in extra {
                    if let (Ok(name), Ok(value)) = (
                        hyper::header::HeaderName::from_bytes(k.as_bytes()),
                        hyper::header::HeaderValue::from_str(&v),
                    ) {
                        resp.headers_mut().insert(name, value);
                    }
                }
                return Ok(resp);
            }
        }
    }
}

fn simple(ctx: &Ctx<'_>, reply: Reply) -> Result<Response, Hangup> {
    let spec = ctx.spec;
    Ok(match reply {
        Reply::CloseConnection => return Err(Hangup),
        Reply::Json { status, body } => json_response(status, ctx.request_id, &body),
        Reply::Raw {
            status,
            content_type,
            body,
        } => response(status, ctx.request_id, &content_type, body),
        Reply::Error(code) => {
            let (status, meaning) = SERVICE
                .error(spec, &code)
                .map(|e| (e.status, e.meaning))
                .unwrap_or((400, "Scripted error."));
            json_response(
                status,
                ctx.request_id,
                &json!({"error_code": code, "error_msg": meaning}),
            )
        }
        Reply::Example(n) => match spec.examples.get(n) {
            Some(ex) => match ex.response {
                Some(body) => response(
                    ex.status,
                    ctx.request_id,
                    "application/json;charset=UTF-8",
                    body.as_bytes().to_vec(),
                ),
                // An example that documents only the request: answer its status with
                // nothing for 204, else a generated body (an empty object for an error).
                None if ex.status == 204 => {
                    response(204, ctx.request_id, "application/json", Vec::new())
                }
                // A success documented by its request alone: a generated answer.
                None if ex.status < 300 && spec.pagination.is_some() => page(ctx),
                None if ex.status < 300 => {
                    json_response(ex.status, ctx.request_id, &generated(ctx))
                }
                None => json_response(ex.status, ctx.request_id, &json!({})),
            },
            // No documented example: the documented success status with no body, a page of
            // generated items, or a body generated from the response model.
            None if spec.success_status == 204 => {
                response(204, ctx.request_id, "application/json", Vec::new())
            }
            None if spec.pagination.is_some() => page(ctx),
            None => json_response(spec.success_status, ctx.request_id, &generated(ctx)),
        },
        Reply::Page => page(ctx),
        // `answer` unwraps these before calling here; one nested inside another is answered
        // by recursion through `answer` semantics instead of being dropped.
        Reply::Delay(_, inner) | Reply::WithHeaders(_, inner) => return simple(ctx, *inner),
    })
}

/// A page of the configured items, sliced by the request's offset and limit.
fn page(ctx: &Ctx<'_>) -> Response {
    let spec = ctx.spec;
    let Some(p) = spec.pagination else {
        return json_response(
            500,
            ctx.request_id,
            &json!({"error_code": "FAKE.0002", "error_msg": "operation does not page"}),
        );
    };
    let body_json: Option<Value> = serde_json::from_slice(ctx.body).ok();
    // A number sent as a query value, a JSON number, or (for markers) a JSON string.
    let read = |name: &str| -> Option<i64> {
        let in_query = spec
            .params
            .iter()
            .any(|x| x.location == ParamIn::Query && x.name == name);
        if in_query {
            ctx.query
                .iter()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| v.parse().ok())
        } else {
            body_json.as_ref().and_then(|b| b.get(name)).and_then(|v| {
                v.as_i64()
                    .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
            })
        }
    };
    let limit = read(p.limit)
        .unwrap_or(i64::from(p.default_limit))
        .clamp(1, i64::from(p.max_limit));
    let offset = read(p.offset).unwrap_or(p.first);
    let start = match p.style {
        PageStyle::Offset => offset - p.first,
        PageStyle::Page => (offset - p.first) * limit,
        // The fake's markers are item indexes; no marker means the first page.
        PageStyle::Marker => read(p.offset).unwrap_or(0),
    }
    .max(0);
    let generated_items;
    let items = match ctx.items {
        Some(items) => items,
        None => {
            generated_items = generated_items_of(spec);
            &generated_items[..]
        }
    };
    let start = usize::try_from(start)
        .unwrap_or(usize::MAX)
        .min(items.len());
    let end = start
        .saturating_add(usize::try_from(limit).unwrap_or(0))
        .min(items.len());
    // Set items come in an otherwise empty body; generated ones in a generated body.
    let mut body = match (ctx.items, generated(ctx)) {
        (None, Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    if ctx.items.is_none() {
        if let Some(key) = p.next_marker.first() {
            body.remove(*key);
        }
    }
    if let Some(total) = p.total {
        body.insert(total.to_string(), json!(items.len()));
    }
    if let (Some((last, parents)), true) = (p.next_marker.split_last(), end < items.len()) {
        // Nest the next marker at its path, e.g. {"page_info": {"next_marker": "20"}}.
        let mut value = json!({ *last: end.to_string() });
        for key in parents.iter().rev() {
            value = json!({ *key: value });
        }
        if let Value::Object(m) = value {
            body.extend(m);
        }
    }
    body.insert(
        p.items.to_string(),
        Value::Array(items[start..end].to_vec()),
    );
    json_response(spec.success_status, ctx.request_id, &Value::Object(body))
}

/// A body built from the operation's response model (`{}` for one without a model), with
/// its embedded-error fields saying success.
fn generated(ctx: &Ctx<'_>) -> Value {
    let Some(model) = body::response_model(ctx.spec.id) else {
        return json!({});
    };
    let mut value = body::model_value(model, ctx.seed);
    if let Value::Object(m) = &mut value {
        match ctx.spec.embedded_errors {
            EmbeddedErrors::None => {}
            EmbeddedErrors::TopLevel => {
                m.insert("error_code".into(), json!("CBC.0000"));
                m.insert("error_msg".into(), json!("Success."));
            }
            EmbeddedErrors::Items(key) => {
                m.insert(key.into(), json!([]));
            }
        }
    }
    value
}

/// How many items a paginated operation without set items lists: a few pages' worth at
/// the default page size would be slow to walk, so between 3 and 12, fixed per operation.
fn generated_items_of(spec: &OperationSpec) -> Vec<Value> {
    let (Some(p), Some(model)) = (spec.pagination, body::response_model(spec.id)) else {
        return Vec::new();
    };
    let Some(ty) = body::field_type(model, p.items) else {
        return Vec::new();
    };
    let op_seed = body::seed(&[spec.id.as_bytes()]);
    let n = 3 + op_seed % 10;
    (0..n)
        .filter_map(|i| {
            body::value_of(
                model,
                p.items,
                &ty[1..],
                body::seed(&[spec.id.as_bytes(), &i.to_le_bytes()]),
            )
        })
        .collect()
}

pub(super) fn json_response(status: u16, request_id: &str, body: &Value) -> Response {
    response(
        status,
        request_id,
        "application/json;charset=UTF-8",
        body.to_string().into_bytes(),
    )
}

pub(super) fn response(
    status: u16,
    request_id: &str,
    content_type: &str,
    body: Vec<u8>,
) -> Response {
    let mut resp = hyper::Response::new(Full::new(Bytes::from(body)));
    *resp.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let h = resp.headers_mut();
    if let Ok(v) = hyper::header::HeaderValue::from_str(content_type) {
        h.insert(hyper::header::CONTENT_TYPE, v);
    }
    if let Ok(v) = hyper::header::HeaderValue::from_str(request_id) {
        h.insert("x-request-id", v);
    }
    resp
}
