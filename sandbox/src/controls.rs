//! `/_sandbox/*` test controls (only with `--test-controls`): reset the workspace, queue
//! faults for the next GraphQL requests, read back the requests received, and let an invited
//! user sign up.
//!
//! ```text
//! POST   /_sandbox/reset      initial data back in every workspace; faults and the request log cleared
//! POST   /_sandbox/faults     body: a fault or an array of faults, queued in order
//! GET    /_sandbox/faults     the faults still queued
//! DELETE /_sandbox/faults     drop the queued faults
//! GET    /_sandbox/requests   the GraphQL requests received (secrets redacted)
//! DELETE /_sandbox/requests   clear that log
//! POST   /_sandbox/accept     body {"email": "...", "name": "...", "workspace": "uid"}: the invite
//!                             becomes an active user (of the first workspace when none is named;
//!                             with the uid the person has in another workspace, if any)
//! ```
//!
//! A fault is consumed by exactly one following GraphQL request:
//! `{"delayMs": 2000}` waits then answers normally; `{"status": 503, "headers": {"Retry-After": "1"},
//! "body": "..."}` answers that raw response instead (after `delayMs`, if given);
//! `{"drop": true}` closes the connection without any response (after `delayMs`, if given).
//!
//! Body-level faults act on the response after its headers, whether it is the fault's own
//! (`status`, `body`) or the real answer: `{"stallMs": 3000}` sends the first `afterBytes`
//! bytes of the body (default: half of it), then waits before the rest; `{"cutAfterBytes": 20}`
//! sends 20 bytes of a body whose `Content-Length` announces all of it, then closes the
//! connection; `{"resetAfterHeaders": true}` closes it right after the headers.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::http::AppState;

/// One injected fault.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fault {
    /// Wait this long before answering (or dropping).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    /// Answer with this status (and `headers`, `body`) instead of running the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Response headers of a `status` fault.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Raw response body of a `status` fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Close the connection without answering.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub drop: bool,
    /// Stall the body this long after `after_bytes` of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stall_ms: Option<u64>,
    /// Where a stall starts (default: half the body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_bytes: Option<usize>,
    /// Close the connection after this many bytes of the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cut_after_bytes: Option<usize>,
    /// Close the connection right after the headers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reset_after_headers: bool,
}

/// What a fault does to a response's body once its headers are out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyFault {
    /// Send `after` bytes, wait `ms`, send the rest.
    Stall { after: Option<usize>, ms: u64 },
    /// Send `after` bytes, then close the connection.
    Cut { after: usize },
}

impl Fault {
    /// The body-level part of this fault, if it has one.
    pub fn body_fault(&self) -> Option<BodyFault> {
        if self.reset_after_headers {
            return Some(BodyFault::Cut { after: 0 });
        }
        if let Some(after) = self.cut_after_bytes {
            return Some(BodyFault::Cut { after });
        }
        self.stall_ms.map(|ms| BodyFault::Stall {
            after: self.after_bytes,
            ms,
        })
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(Fault),
    Many(Vec<Fault>),
}

/// A GraphQL request as received.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// Lower-case header names; secret values redacted.
    pub headers: BTreeMap<String, String>,
    /// The body as JSON, or as a string when it was not JSON.
    pub body: Value,
    /// The fault this request consumed, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<Fault>,
}

/// Queued faults and the request log.
#[derive(Default)]
pub struct Controls {
    faults: Mutex<VecDeque<Fault>>,
    requests: Mutex<Vec<RecordedRequest>>,
}

/// The most requests kept in the log (the oldest are dropped first).
const MAX_RECORDED: usize = 10_000;

impl Controls {
    /// Takes the next fault, if one is queued.
    pub fn next_fault(&self) -> Option<Fault> {
        self.faults
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pop_front()
    }

    /// Appends a request to the log.
    pub fn record(&self, request: RecordedRequest) {
        let mut log = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        if log.len() >= MAX_RECORDED {
            log.remove(0);
        }
        log.push(request);
    }

    fn clear(&self) {
        self.faults
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
        self.requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

/// Header values shown in the request log: secrets replaced, the rest as sent.
pub fn redact_headers(headers: &HeaderMap) -> BTreeMap<String, String> {
    headers
        .iter()
        .map(|(name, value)| {
            let value = value.to_str().unwrap_or("<non-ascii>");
            let shown = match name.as_str() {
                "x-api-secret" => "<redacted>".to_string(),
                "authorization" => match value.strip_prefix("Bearer ") {
                    Some(token) => {
                        format!(
                            "Bearer {}<redacted>",
                            crate::auth::token_prefix(token.trim())
                        )
                    }
                    None => "<redacted>".to_string(),
                },
                _ => value.to_string(),
            };
            (name.as_str().to_string(), shown)
        })
        .collect()
}

fn bad_request(message: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response()
}

async fn reset(State(app): State<AppState>) -> Response {
    app.controls.clear();
    let company = app.company.clone();
    let reset_all = move || {
        company
            .members()
            .iter()
            .try_for_each(|member| member.store.reset())
    };
    match tokio::task::spawn_blocking(reset_all).await {
        Ok(Ok(())) => Json(json!({ "ok": true })).into_response(),
        _ => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({ "ok": false })),
        )
            .into_response(),
    }
}

async fn queue_faults(State(app): State<AppState>, body: axum::body::Bytes) -> Response {
    let faults = match serde_json::from_slice::<OneOrMany>(&body) {
        Ok(OneOrMany::One(f)) => vec![f],
        Ok(OneOrMany::Many(fs)) => fs,
        Err(e) => return bad_request(format!("not a fault or a list of faults: {e}")),
    };
    if let Some(bad) = faults
        .iter()
        .find(|f| f.status.is_some_and(|s| !(100..=999).contains(&s)))
    {
        return bad_request(format!("status {:?} is not an HTTP status", bad.status));
    }
    if let Some(bad) = faults.iter().find(|f| {
        let body_level = [
            f.stall_ms.is_some(),
            f.cut_after_bytes.is_some(),
            f.reset_after_headers,
        ];
        body_level.iter().filter(|b| **b).count() > 1
            || (f.drop && body_level.contains(&true))
            || (f.after_bytes.is_some() && f.stall_ms.is_none())
    }) {
        return bad_request(format!(
            "a fault takes at most one of stallMs (with afterBytes), cutAfterBytes, resetAfterHeaders, and none with drop: {bad:?}"
        ));
    }
    let mut queue = app
        .controls
        .faults
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    queue.extend(faults);
    Json(json!({ "queued": queue.len() })).into_response()
}

async fn list_faults(State(app): State<AppState>) -> Response {
    let queue = app
        .controls
        .faults
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    Json(json!(queue.iter().collect::<Vec<_>>())).into_response()
}

async fn clear_faults(State(app): State<AppState>) -> Response {
    app.controls
        .faults
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clear();
    Json(json!({ "queued": 0 })).into_response()
}

async fn list_requests(State(app): State<AppState>) -> Response {
    let log = app
        .controls
        .requests
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    Json(log).into_response()
}

async fn clear_requests(State(app): State<AppState>) -> Response {
    app.controls
        .requests
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clear();
    Json(json!({ "ok": true })).into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Accept {
    email: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    workspace: Option<String>,
}

async fn accept(State(app): State<AppState>, body: axum::body::Bytes) -> Response {
    let Accept {
        email,
        name,
        workspace,
    } = match serde_json::from_slice(&body) {
        Ok(a) => a,
        Err(e) => {
            return bad_request(format!(
                "expected {{\"email\", \"name\", \"workspace\"}}: {e}"
            ))
        }
    };
    let found = match &workspace {
        Some(uid) => app.company.get(uid),
        None => app.company.first(),
    };
    let Some(ws) = found.cloned() else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": "No workspace with this uid" })),
        )
            .into_response();
    };
    // A person has one uid in every workspace: reuse the one another workspace knows.
    let uid = app
        .company
        .members()
        .iter()
        .find_map(|m| m.store.uid_of(&email));
    match tokio::task::spawn_blocking(move || ws.accept_invite(&email, name, uid)).await {
        Ok(Ok(uid)) => Json(json!({ "uid": uid })).into_response(),
        Ok(Err(e)) => (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": e.to_string() })),
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The `/_sandbox` routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/_sandbox/reset", post(reset))
        .route(
            "/_sandbox/faults",
            post(queue_faults).get(list_faults).delete(clear_faults),
        )
        .route(
            "/_sandbox/requests",
            get(list_requests).delete(clear_requests),
        )
        .route("/_sandbox/accept", post(accept))
}
